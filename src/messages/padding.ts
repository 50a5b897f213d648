/**
 * Content padding (messages.md §2.1): content ‖ 0x80 ‖ zeros to a multiple of 160 (libsession
 * adds a full block when already aligned). Unpadding accepts both that and the older `160k − 1`
 * scheme; a buffer without the 0x80 marker is kept whole.
 */
const BLOCK = 160;

export function padMessage(content: Uint8Array): Uint8Array {
  let total = content.length + 1;
  total += BLOCK - (total % BLOCK);
  const out = new Uint8Array(total);
  out.set(content);
  out[content.length] = 0x80;
  return out;
}

export function unpadMessage(padded: Uint8Array): Uint8Array {
  for (let i = padded.length - 1; i >= 0; i--) {
    const b = padded[i]!;
    if (b === 0x00) continue;
    return b === 0x80 ? padded.subarray(0, i) : padded;
  }
  return padded;
}
