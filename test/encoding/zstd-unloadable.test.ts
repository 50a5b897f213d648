import { beforeAll, describe, expect, it, vi } from 'vitest';
import { maybeCompress, unpadAndDecompress } from '../../src/config/transport.js';
import { loadSodium, type Sodium } from '../../src/crypto/sodium.js';
import { isSessionError } from '../../src/errors.js';
import type * as ZstdModule from '../../src/encoding/zstd.js';
import { decryptGroupMessage, encryptGroupMessage } from '../../src/groups/crypto.js';
import { thrown } from '../helpers/thrown.js';

/**
 * zstd-napi loads on first use (src/encoding/zstd.ts), inside the decoders. An addon that cannot
 * load is a broken install, not a bad payload: its error must not be reported as BAD_CONFIG or
 * BAD_REPLY (which would blame the sender, and for config messages skip them).
 */
const broken = vi.hoisted(() => ({ on: false }));
vi.mock('../../src/encoding/zstd.js', async (importOriginal) => {
  const real = await importOriginal<typeof ZstdModule>();
  const guard =
    <T>(f: () => T) =>
    (): T => {
      if (broken.on) throw new Error('Cannot find module zstd-napi/build/Release/binding.node');
      return f();
    };
  return { zstd: guard(real.zstd), zstdBinding: guard(real.zstdBinding) };
});

let na: Sodium;
beforeAll(async () => {
  na = await loadSodium();
});

describe('an unloadable zstd addon is not a bad payload', () => {
  it('config messages', () => {
    const payload = maybeCompress(new TextEncoder().encode(`d1:x${'500:'.padEnd(504, 'y')}e`));
    expect(payload[0]).toBe(0x7a);
    expect(unpadAndDecompress(payload)[0]).toBe(0x64);
    broken.on = true;
    try {
      const e = thrown(() => unpadAndDecompress(payload));
      expect(isSessionError(e)).toBe(false);
      expect((e as Error).message).toMatch(/zstd-napi/);
    } finally {
      broken.on = false;
    }
  });

  it('group messages', () => {
    const group = na.crypto_sign_keypair();
    const sender = na.crypto_sign_keypair();
    const encKey = na.randombytes_buf(32);
    const ct = encryptGroupMessage(na, {
      plaintext: new Uint8Array(600).fill(7),
      senderEdSk: sender.privateKey,
      groupEdPk: group.publicKey,
      encKey,
    });
    expect(decryptGroupMessage(na, ct, [encKey], group.publicKey).plaintext).toHaveLength(600);
    broken.on = true;
    try {
      const e = thrown(() => decryptGroupMessage(na, ct, [encKey], group.publicKey));
      expect(isSessionError(e)).toBe(false);
      expect((e as Error).message).toMatch(/zstd-napi/);
    } finally {
      broken.on = false;
    }
  });
});
