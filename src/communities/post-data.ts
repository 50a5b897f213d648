import { blind15Sign } from '../crypto/blinding.js';
import { toBase64 } from '../encoding/bytes.js';
import { buildContent } from '../messages/one-to-one.js';
import { padMessage } from '../messages/padding.js';

/**
 * The `data` and `signature` of a post or edit (communities.md §8.5): the padded Content, not
 * encrypted, signed with our 15-blinded key over exactly the bytes sent.
 */
export interface PostData {
  data: string;
  signature: string;
}

export async function buildPostData(p: {
  text: string;
  displayName?: string | undefined;
  /** Our send time in ms (network time): the Content's sigTimestamp. */
  timestampMs: number;
  edSecretKey64: Uint8Array;
  serverPkHex: string;
}): Promise<PostData> {
  const content = buildContent(
    { kind: 'visible', body: p.text, ...(p.displayName ? { displayName: p.displayName } : {}) },
    p.timestampMs,
  );
  const padded = padMessage(content);
  const sig = await blind15Sign(padded, p.edSecretKey64, p.serverPkHex, 'seed');
  return { data: toBase64(padded), signature: toBase64(sig) };
}
