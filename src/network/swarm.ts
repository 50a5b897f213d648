/**
 * Account -> swarm mapping (network.md §3.1, §3.2). Exact u64 arithmetic with BigInt; ties go to
 * the lower ("left") swarm, including across the wrap-around.
 */
export const INVALID_SWARM_ID = 0xffff_ffff_ffff_ffffn;
const MOD = 1n << 64n;

/** XOR of the four big-endian u64 words after the 1-byte prefix of a 33-byte account id. */
export function swarmSpace(accountId33: Uint8Array): bigint {
  if (accountId33.length !== 33) throw new RangeError('account id must be 33 bytes');
  const view = new DataView(accountId33.buffer, accountId33.byteOffset + 1, 32);
  let x = 0n;
  for (let i = 0; i < 4; i++) x ^= view.getBigUint64(i * 8, false);
  return x;
}

export function closestSwarm(space: bigint, swarmIds: readonly bigint[]): bigint {
  const ids = [...new Set(swarmIds.filter((s) => s !== INVALID_SWARM_ID))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  if (ids.length === 0) throw new RangeError('no swarms');
  if (ids.length === 1) return ids[0]!;
  let ri = ids.findIndex((s) => s >= space);
  if (ri === -1) ri = 0;
  const r = ids[ri]!;
  const l = ids[ri === 0 ? ids.length - 1 : ri - 1]!;
  const dr = (((r - space) % MOD) + MOD) % MOD;
  const dl = (((space - l) % MOD) + MOD) % MOD;
  return dr < dl ? r : l;
}

/** Swarm ids travel as lowercase hex strings without leading zeros (`"f4ffffffffffffff"`). */
export function swarmIdToHex(id: bigint): string {
  return id.toString(16);
}

export function swarmIdFromHex(hex: string): bigint {
  if (!/^[0-9a-fA-F]{1,16}$/.test(hex)) throw new RangeError(`invalid swarm id ${hex}`);
  return BigInt(`0x${hex}`);
}
