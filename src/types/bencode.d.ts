// The `bencode` package ships no types; we only use encode/decode of byte strings, ints, lists, dicts.
declare module 'bencode' {
  type BValue = Uint8Array | number | BValue[] | { [key: string]: BValue };
  const bencode: {
    encode(value: unknown): Uint8Array;
    decode(data: Uint8Array, encoding?: string): BValue;
  };
  export default bencode;
}
