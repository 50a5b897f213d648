/**
 * z-base-32 (the encoding of `.snode` addresses, oxenc `to_base32z`): bits are read most
 * significant first, 5 at a time; a last partial group is padded with zero bits; no `=` padding.
 */
const ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';

export function toBase32z(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1; // keep only the bits not yet written, so acc never overflows
  }
  if (bits > 0) out += ALPHABET[(acc << (5 - bits)) & 31];
  return out;
}
