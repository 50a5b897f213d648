/**
 * The guard's outer-frame checks with session-storage-server's exception texts, which it sends as
 * `400 Error parsing onion request: <text>` (SS `oxenss/server/https.cpp`, the `/onion_req/v2`
 * handler: `parse_combined_payload`, `json_req.at("ephemeral_key")`, `extract_x25519_from_hex`,
 * `parse_enc_type`, `hop_no` read with `get<int>()`). Returns the text, or undefined if the frame
 * parses.
 */
type JsonType = 'null' | 'object' | 'array' | 'string' | 'boolean' | 'number';

/** nlohmann `type_name()`. */
function typeName(v: unknown): JsonType {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  return 'number';
}

export function guardParseError(body: Uint8Array): string | undefined {
  // SS rpc/onion_processing.cpp `parse_combined_payload`.
  if (body.length < 4) return 'Unexpected payload size; expected ciphertext size';
  const n = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0, true);
  if (body.length - 4 < n) return `Unexpected payload size ${body.length - 4}, expected >= ${n}`;
  const rest = body.subarray(4 + n);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(rest));
  } catch {
    // nlohmann's own parse_error text: exact for an empty input; for other syntax errors only the
    // prefix is reproduced (the line/column/last-read details are UNVERIFIED).
    return rest.length === 0
      ? '[json.exception.parse_error.101] parse error at line 1, column 1: attempting to parse an empty input; check that your input string or stream contains the expected characters'
      : '[json.exception.parse_error.101] parse error: syntax error while parsing value';
  }
  const type = typeName(json);
  if (type !== 'object') return `[json.exception.type_error.304] cannot use at() with ${type}`;
  const j = json as Record<string, unknown>;
  if (!('ephemeral_key' in j)) return "[json.exception.out_of_range.403] key 'ephemeral_key' not found";
  const ek = j.ephemeral_key;
  if (typeof ek !== 'string')
    return `[json.exception.type_error.303] incompatible ReferenceType for get_ref, actual type is ${typeName(ek)}`;
  // SS crypto/keys.cpp `detail::load_from_hex` (its "expected" count is the key's byte size).
  if (ek.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(ek)) return 'Hex key data is invalid: data is not hex';
  if (ek.length !== 64) return `Hex key data is invalid: expected 32 hex digits, received ${ek.length}`;
  if ('enc_type' in j) {
    const et = j.enc_type;
    if (typeof et !== 'string')
      return `[json.exception.type_error.303] incompatible ReferenceType for get_ref, actual type is ${typeName(et)}`;
    // SS crypto/channel_encryption.cpp `parse_enc_type` (current source: no aes-cbc any more).
    if (!['aes-gcm', 'gcm', 'xchacha20', 'xchacha20-poly1305'].includes(et))
      return `Invalid encryption type ${et}`;
  }
  if ('hop_no' in j && typeof j.hop_no !== 'number')
    return `[json.exception.type_error.302] type must be number, but is ${typeName(j.hop_no)}`;
  return undefined;
}
