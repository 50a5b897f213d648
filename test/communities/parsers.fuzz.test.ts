import fc from 'fast-check';
import { describe, it } from 'vitest';
import { buildPostData } from '../../src/communities/post-data.js';
import { parseMessageList, parseRoomInfo } from '../../src/communities/sogs-client.js';
import { parseCommunityUrl, ROOM_TOKEN } from '../../src/communities/url.js';
import { verifyRows } from '../../src/communities/verify.js';
import { blind15Id } from '../../src/crypto/blinding.js';
import { fromBase64, fromHex, toBase64 } from '../../src/encoding/bytes.js';
import {
  RUNS,
  check,
  edgeValue,
  fcOptions,
  onlySessionError,
  onlySessionErrorAsync,
} from '../fuzz/fuzz-helpers.js';

/**
 * What a community server sends is not trusted (§8.5: it stores anything): whatever its replies
 * hold, the parsers throw only SessionError, and verification drops what it cannot use.
 */
const value = fc.oneof(fc.jsonValue(), edgeValue);
const row = fc.record(
  {
    id: fc.oneof(fc.nat(), edgeValue),
    seqno: fc.oneof(fc.nat(), edgeValue),
    session_id: fc.oneof(fc.constant('15' + 'ab'.repeat(32)), fc.string(), edgeValue),
    posted: fc.oneof(fc.double(), edgeValue),
    edited: fc.oneof(fc.double(), edgeValue),
    data: fc.oneof(fc.base64String(), fc.constant(null), edgeValue),
    signature: fc.oneof(fc.base64String({ minLength: 88, maxLength: 88 }), edgeValue),
    deleted: fc.oneof(fc.boolean(), edgeValue),
    reactions: fc.oneof(fc.dictionary(fc.string(), value), edgeValue),
  },
  { requiredKeys: [] },
);

describe('community reply parsers (fuzz)', () => {
  it('parseMessageList / parseRoomInfo: any JSON → a value or a SessionError', () => {
    fc.assert(
      fc.property(fc.oneof(value, fc.array(row), fc.array(value)), (x) => {
        const list = onlySessionError(() => parseMessageList(x));
        for (const m of list ?? [])
          check(Number.isSafeInteger(m.id) && Number.isSafeInteger(m.seqno), 'id/seqno integers');
        onlySessionError(() => parseRoomInfo(x));
      }),
      fcOptions(),
    );
  });

  it('verifyRows never throws and keeps only rows whose signature verifies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 5 }), async (rows) => {
        const list = onlySessionError(() => parseMessageList(rows));
        if (!list) return;
        const r = await onlySessionErrorAsync(() => verifyRows(list));
        check(r !== undefined, 'verifyRows does not throw');
        check(
          r!.rows.every((x) => x.kind !== 'message'),
          'no random row verifies',
        );
      }),
      fcOptions(Math.min(RUNS, 300)),
    );
  });

  it('a genuine post with any one byte changed is dropped', async () => {
    const sk = fromHex(
      'fecd9a6034bc9aba273925dee7062b123334587c3c6257341afae2d7fe85e122f4ef873908f6a5377ba3853f0e2fa326eed9e741edf9f7d0311a3ecc66a57b32',
    );
    const server = 'a03c383cf63c3c4efe67acc52112a6dd734b3a946b9545f488aaa93da7991238';
    const p = await buildPostData({
      text: 'genuine',
      timestampMs: 1_700_000_000_000,
      edSecretKey64: sk,
      serverPkHex: server,
    });
    const author = await blind15Id(sk, server);
    await fc.assert(
      fc.asyncProperty(fc.nat(159), fc.integer({ min: 1, max: 255 }), async (i, x) => {
        const data = fromBase64(p.data);
        data[i] = data[i]! ^ x;
        const r = await verifyRows([
          {
            id: 1,
            seqno: 1,
            sessionId: author,
            postedMs: 1_700_000_000_000,
            data: toBase64(data),
            signature: p.signature,
          },
        ]);
        check(r.forged === 1 && r.rows.length === 0, 'tampered post dropped');
      }),
      fcOptions(Math.min(RUNS, 300)),
    );
  });

  it('parseCommunityUrl: any string → a canonical URL or a SessionError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.webUrl(),
          fc.webUrl().map((u) => `${u}?public_key=${'ab'.repeat(32)}`),
        ),
        (s) => {
          const u = onlySessionError(() => parseCommunityUrl(s));
          if (u) {
            check(ROOM_TOKEN.test(u.room) && /^[0-9a-f]{64}$/.test(u.pubkeyHex ?? ''), 'room and key valid');
            check(/^https?:\/\/[a-z0-9.-]+(:\d+)?$/.test(u.baseUrl), 'canonical base');
          }
        },
      ),
      fcOptions(),
    );
  });
});
