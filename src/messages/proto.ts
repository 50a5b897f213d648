import { SessionProtos } from '../encoding/proto/generated/session-protos.js';

/** The generated protobuf classes (from proto/SessionProtos.proto; `npm run proto` regenerates). */
export { SessionProtos };

/** 64-bit protobuf fields arrive as Long objects or numbers; Session timestamps fit in 2^53. */
export function toNumber(v: number | { toNumber(): number } | null | undefined): number | undefined {
  if (v === null || v === undefined) return undefined;
  return typeof v === 'number' ? v : v.toNumber();
}
