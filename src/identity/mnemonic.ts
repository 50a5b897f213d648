import { crc32 as zlibCrc32 } from 'node:zlib';
import { SessionError } from '../errors.js';
import { ENGLISH_WORDS } from './wordlist-english.js';

/**
 * Recovery Password <-> seed bytes (messages.md §1.3): 3 words per 4 bytes, plus one checksum word
 * chosen by CRC32 over the words' 3-letter prefixes. Words are matched by prefix, so trailing
 * letters after the third are tolerated; input is case-insensitive.
 */
const N = ENGLISH_WORDS.length; // 1626
const PREFIX_LEN = 3;
const PREFIX_INDEX: ReadonlyMap<string, number> = new Map(
  ENGLISH_WORDS.map((w, i) => [w.slice(0, PREFIX_LEN), i]),
);

function crc32(text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  // zlib.crc32 exists from Node 20.15/22.2; the fallback keeps older Node 20 releases working.
  return typeof zlibCrc32 === 'function' ? zlibCrc32(bytes) : crc32Fallback(bytes);
}

function crc32Fallback(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

function mod(a: number): number {
  return ((a % N) + N) % N;
}

function checksumIndex(words: readonly string[]): number {
  const prefixes = words.map((w) => [...w].slice(0, PREFIX_LEN).join('')).join('');
  return crc32(prefixes) % words.length;
}

/** Encodes bytes (a multiple of 4; Session uses 16) as words, with the checksum word unless told not to. */
export function encodeMnemonic(bytes: Uint8Array, { checksum = true }: { checksum?: boolean } = {}): string {
  if (bytes.length % 4 !== 0 || bytes.length === 0) {
    throw new SessionError('INVALID_INPUT', 'mnemonic input must be a non-empty multiple of 4 bytes');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const words: string[] = [];
  for (let i = 0; i < bytes.length; i += 4) {
    const x = view.getUint32(i, true);
    const w1 = x % N;
    const w2 = (Math.floor(x / N) + w1) % N;
    const w3 = (Math.floor(x / N / N) + w2) % N;
    words.push(ENGLISH_WORDS[w1]!, ENGLISH_WORDS[w2]!, ENGLISH_WORDS[w3]!);
  }
  if (checksum) words.push(words[checksumIndex(words)]!);
  return words.join(' ');
}

function invalid(message: string): SessionError {
  return new SessionError('INVALID_MNEMONIC', message, {
    hint: 'check the Recovery Password: 13 words separated by spaces',
  });
}

/**
 * Decodes a Recovery Password. Accepts 13 words (12 + checksum, 16 bytes) and, for legacy
 * accounts, 25 words (24 + checksum, 32 bytes). Never echoes the phrase in errors.
 */
export function decodeMnemonic(phrase: string): Uint8Array {
  const words = phrase.normalize('NFC').toLowerCase().trim().split(/\s+/).filter(Boolean);
  if (words.length < 13) throw invalid(`too few words: got ${words.length}, need 13`);
  if (words.length > 25 || (words.length > 13 && words.length < 25)) {
    throw invalid(`wrong number of words: got ${words.length}, need 13`);
  }
  const checksumWord = words.pop()!;
  const indices = words.map((w, i) => {
    const idx = PREFIX_INDEX.get([...w].slice(0, PREFIX_LEN).join(''));
    if (idx === undefined) throw invalid(`word ${i + 1} is not in the word list`);
    return idx;
  });
  if (PREFIX_INDEX.get([...checksumWord].slice(0, PREFIX_LEN).join('')) === undefined) {
    throw invalid(`word ${words.length + 1} is not in the word list`);
  }
  const out = new Uint8Array((indices.length / 3) * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < indices.length; i += 3) {
    const [w1, w2, w3] = [indices[i]!, indices[i + 1]!, indices[i + 2]!];
    const x = w1 + N * mod(w2 - w1) + N * N * mod(w3 - w2);
    // Reject instead of truncating: a value that does not fit 32 bits was never produced by encode.
    if (x >= 2 ** 32 || x % N !== w1) throw invalid(`words ${i + 1}-${i + 3} do not form a valid group`);
    view.setUint32((i / 3) * 4, x, true);
  }
  const expected = words[checksumIndex(words)]!;
  if ([...expected].slice(0, PREFIX_LEN).join('') !== [...checksumWord].slice(0, PREFIX_LEN).join('')) {
    throw invalid('the checksum word does not match; verify the last word');
  }
  return out;
}
