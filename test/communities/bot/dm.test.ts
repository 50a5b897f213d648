import { describe, expect, it } from 'vitest';
import { decryptBlindedDm, encryptBlindedDm } from '../../../src/communities/dm.js';
import { blind15Id } from '../../../src/crypto/blinding.js';
import { fromHex, toHex } from '../../../src/encoding/bytes.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/spec.js';

const v = JSON.parse(readFileSync(join(repoRoot, 'test/vectors/communities.vectors.json'), 'utf8'));
const seed1 = fromHex(v.libsession_keys.seed1_sk64);
const seed2 = fromHex(v.libsession_keys.seed2_sk64);
const server = v.derived.server_pk as string;
const dm = v.derived.blinded_dm;
const padded = fromHex('0a110a0568656c6c6faa06070a05416c6963657880d095ffbc31' + '80' + '00'.repeat(133));

describe('blinded DMs (§13.2, §13.3, vector §18.5)', () => {
  it('encrypts seed1 → seed2 to the vector wire bytes', async () => {
    const to = await blind15Id(seed2, server);
    const wire = await encryptBlindedDm({
      padded,
      senderSk64: seed1,
      recipientBlindedId: to,
      serverPkHex: server,
      nonce: fromHex(dm.nonce_hex),
    });
    expect(wire.length).toBe(dm.wire_len);
    expect(Buffer.from(wire).toString('base64')).toBe(dm.wire_b64);
    expect(createHash('sha256').update(wire).digest('hex')).toBe(
      '7e61dd7dc4774ae177ca54ed2c569a25cdac570ecf8908992e0f1c686387e3d8',
    );
  });

  it('the recipient (inbox) and the sender (outbox) both open it and learn the sender', async () => {
    const from = await blind15Id(seed1, server);
    const to = await blind15Id(seed2, server);
    const wire = new Uint8Array(Buffer.from(dm.wire_b64, 'base64'));
    for (const ours of [seed2, seed1]) {
      const o = await decryptBlindedDm({
        wire,
        ourSk64: ours,
        serverPkHex: server,
        senderBlindedId: from,
        recipientBlindedId: to,
      });
      expect(toHex(o.padded)).toBe(toHex(padded));
      expect(o.senderSessionId).toBe(v.libsession_keys.session_id1);
    }
  });

  it('refuses a sender id that is not the key inside, a changed byte, and a wrong version', async () => {
    const from = await blind15Id(seed1, server);
    const to = await blind15Id(seed2, server);
    const wire = new Uint8Array(Buffer.from(dm.wire_b64, 'base64'));
    const open = (w: Uint8Array, sender = from) =>
      decryptBlindedDm({
        wire: w,
        ourSk64: seed2,
        serverPkHex: server,
        senderBlindedId: sender,
        recipientBlindedId: to,
      });
    // someone else (seed2 itself as the claimed sender) cannot claim seed1's message
    await expect(open(wire, to)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    const bad = wire.slice();
    bad[10] = bad[10]! ^ 1;
    await expect(open(bad)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    const v1 = wire.slice();
    v1[0] = 1;
    await expect(open(v1)).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });
});
