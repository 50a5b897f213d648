import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadSodium, poolRandomSource } from '../../src/crypto/sodium.js';

describe('libsodium random source', () => {
  afterEach(() => vi.restoreAllMocks());

  it('one OS call serves many random bytes (not one call per byte)', async () => {
    const sodium = await loadSodium();
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues');
    const a = sodium.randombytes_buf(32);
    const b = sodium.randombytes_buf(32);
    // 64 bytes are 64 words; the pool holds 256: at most one refill
    expect(spy.mock.calls.length).toBeLessThanOrEqual(1);
    expect(a).not.toEqual(b);
    expect(a.some((x) => x !== 0)).toBe(true);
  });

  it('hands out each OS word once, zeroing it, and refills when spent', () => {
    let fills = 0;
    const mod: { getRandomValue?: () => number } = { getRandomValue: () => 0 };
    poolRandomSource(mod, (w) => {
      fills++;
      for (let i = 0; i < w.length; i++) w[i] = fills * 1000 + i;
    });
    const first = Array.from({ length: 256 }, () => mod.getRandomValue!());
    expect(first[0]).toBe(1000);
    expect(first[255]).toBe(1255);
    expect(new Set(first).size).toBe(256);
    expect(fills).toBe(1);
    expect(mod.getRandomValue!()).toBe(2000);
    expect(fills).toBe(2);
  });

  it('installs once, and leaves a module without the hook alone', () => {
    const mod: { getRandomValue?: () => number } = { getRandomValue: () => 7 };
    poolRandomSource(mod);
    const installed = mod.getRandomValue;
    poolRandomSource(mod);
    expect(mod.getRandomValue).toBe(installed);
    const bare: { getRandomValue?: () => number } = {};
    poolRandomSource(bare);
    expect(bare.getRandomValue).toBeUndefined();
  });
});
