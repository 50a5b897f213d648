import { blind15Sign } from '../crypto/blinding.js';
import { toBase64 } from '../encoding/bytes.js';
import { buildContent, type WireQuote } from '../messages/one-to-one.js';
import { padMessage } from '../messages/padding.js';
import { SessionProtos } from '../messages/proto.js';

/**
 * The `data` and `signature` of a post or edit (communities.md §8.5): the padded Content, not
 * encrypted, signed with our 15-blinded key over exactly the bytes sent.
 */
export interface PostData {
  data: string;
  signature: string;
}

/**
 * A room file as a post points at it (§8.5): not encrypted, so no `key`/`digest` — unlike a 1:1
 * pointer, which `buildContent` always gives a key.
 */
export interface RoomFilePointer {
  id: number;
  url: string;
  size: number;
  contentType: string;
  fileName: string;
  width?: number;
  height?: number;
}

export async function buildPostData(p: {
  text: string;
  attachments?: RoomFilePointer[] | undefined;
  /** The post replied to: its author (as the room shows it) and posted time, ms. */
  quote?: WireQuote | undefined;
  displayName?: string | undefined;
  /** Our send time in ms (network time): the Content's sigTimestamp. */
  timestampMs: number;
  edSecretKey64: Uint8Array;
  serverPkHex: string;
  /** Our community message requests are off: the post says so (DataMessage field 106). */
  blocksCommunityMessageRequests?: boolean | undefined;
}): Promise<PostData> {
  const content = buildContent(
    {
      kind: 'visible',
      body: p.text,
      ...(p.displayName ? { displayName: p.displayName } : {}),
      ...(p.quote ? { quote: p.quote } : {}),
      ...(p.blocksCommunityMessageRequests ? { blocksCommunityMessageRequests: true } : {}),
    },
    p.timestampMs,
  );
  const padded = padMessage(p.attachments?.length ? withRoomFiles(content, p.attachments) : content);
  const sig = await blind15Sign(padded, p.edSecretKey64, p.serverPkHex, 'seed');
  return { data: toBase64(padded), signature: toBase64(sig) };
}

function withRoomFiles(content: Uint8Array, files: RoomFilePointer[]): Uint8Array {
  const c = SessionProtos.Content.decode(content);
  c.dataMessage!.attachments = files.map((f) =>
    SessionProtos.AttachmentPointer.create({
      id: f.id,
      url: f.url,
      size: f.size,
      contentType: f.contentType,
      fileName: f.fileName,
      ...(f.width ? { width: f.width } : {}),
      ...(f.height ? { height: f.height } : {}),
    }),
  );
  return SessionProtos.Content.encode(c).finish();
}
