import { describe, expect, it } from 'vitest';
import { isBlinded15, isBlindedAny } from '../../src/identity/ids.js';

describe('blinded id predicates (ids as stored: lower-case hex)', () => {
  const key = 'ab'.repeat(32);
  it('isBlinded15: a 15 id and nothing else', () => {
    expect(isBlinded15(`15${key}`)).toBe(true);
    for (const id of [`25${key}`, `05${key}`, `15${key.toUpperCase()}`, `15${key}0`, `15${key.slice(1)}`, ''])
      expect(isBlinded15(id), id).toBe(false);
  });
  it('isBlindedAny: 15 or 25', () => {
    expect(isBlindedAny(`15${key}`)).toBe(true);
    expect(isBlindedAny(`25${key}`)).toBe(true);
    for (const id of [`05${key}`, `03${key}`, `25${key.toUpperCase()}`, `25${key}ff`])
      expect(isBlindedAny(id), id).toBe(false);
  });
});
