import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/encoding/bytes.js';
import { SessionError } from '../../src/errors.js';
import { subnetOf as subnet } from '../../src/network/node-pool.js';
import { NODE_FIELDS, parseSeedAnswer, parseServiceNodes } from '../../src/network/pool.js';

/** Node lists from a seed or a node (network.md §2.3): every field's edges and every refusal. */
const ED = 'Ab'.repeat(32);
const X = 'Cd'.repeat(32);
const entry = (over: Record<string, unknown> = {}) => ({
  public_ip: '10.1.2.3',
  storage_port: 22100,
  pubkey_ed25519: ED,
  pubkey_x25519: X,
  swarm: '00Ff',
  ...over,
});

function refusal(bytes: string): SessionError {
  try {
    parseSeedAnswer(utf8(bytes));
  } catch (e) {
    if (e instanceof SessionError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('parseServiceNodes', () => {
  it('normalises keys to lower case and swarm ids to hex without leading zeros', () => {
    expect(parseServiceNodes([entry()])).toEqual([
      { ip: '10.1.2.3', port: 22100, ed25519: ED.toLowerCase(), x25519: X.toLowerCase(), swarm: 'ff' },
    ]);
  });

  it('a node without a valid swarm id is no swarm’s member', () => {
    for (const swarm of [undefined, 5, 'xyz', '1'.repeat(17)])
      expect(parseServiceNodes([entry({ swarm })])[0]!.swarm).toBe('ffffffffffffffff');
  });

  it('ports 1 to 65535, integers only', () => {
    const port = (p: unknown) => parseServiceNodes([entry({ storage_port: p })])[0]?.port;
    expect(port(1)).toBe(1);
    expect(port(65535)).toBe(65535);
    for (const p of [0, 65536, 1.5, '22100', -1]) expect(port(p)).toBeUndefined();
  });

  it('addresses: dotted IPv4, not 0.0.0.0 or the broadcast address', () => {
    const ip = (a: unknown) => parseServiceNodes([entry({ public_ip: a })])[0]?.ip;
    expect(ip('255.255.255.254')).toBe('255.255.255.254');
    expect(ip('1.2.3.4')).toBe('1.2.3.4');
    for (const a of ['0.0.0.0', '255.255.255.255', '256.1.1.1', '1.2.3', '01.2.3.4', 'a.b.c.d', 7])
      expect(ip(a)).toBeUndefined();
  });

  it('keys: 64 hex digits each', () => {
    expect(parseServiceNodes([entry({ pubkey_ed25519: 'ab'.repeat(31) })])).toEqual([]);
    expect(parseServiceNodes([entry({ pubkey_x25519: 'zz'.repeat(32) })])).toEqual([]);
    expect(parseServiceNodes([entry({ pubkey_ed25519: 5 })])).toEqual([]);
    expect(parseServiceNodes([entry({ pubkey_x25519: undefined })])).toEqual([]);
  });

  it('anything but a list is no nodes; entries that are not objects are skipped', () => {
    expect(parseServiceNodes({ 0: entry() })).toEqual([]);
    expect(parseServiceNodes([null, 3, 'x', [entry()], entry()])).toHaveLength(1);
  });

  it('asks for exactly the fields it reads; subnet is the /24', () => {
    expect(NODE_FIELDS).toEqual(['public_ip', 'storage_port', 'pubkey_x25519', 'pubkey_ed25519', 'swarm']);
    expect(subnet('10.20.30.40')).toBe('10.20.30');
  });
});

describe('parseSeedAnswer', () => {
  it('each refusal says what was wrong, names the method, keeps the cause', () => {
    const notJson = refusal('{');
    expect(notJson.code).toBe('BAD_REPLY');
    expect(notJson.message).toBe('seed: answer is not JSON');
    expect(notJson.details).toEqual({ method: 'get_n_service_nodes' });
    expect(notJson.cause).toBeInstanceOf(SyntaxError);
    for (const body of ['[]', '5', 'null'])
      expect(refusal(body).message).toBe('seed: answer is not a JSON-RPC object');
    expect(refusal('[]').cause).toBeUndefined();
    expect(refusal('{"error":{"message":"busy"}}').message).toBe('seed: error busy');
    expect(refusal(`{"error":{"message":"${'m'.repeat(300)}"}}`).message).toBe(
      `seed: error ${'m'.repeat(200)}`,
    );
    expect(refusal('{"error":{"code":7}}').message).toBe('seed: error {"code":7}');
    expect(refusal('{"error":"down"}').message).toBe('seed: error "down"');
    expect(refusal(`{"error":"${'d'.repeat(300)}"}`).message).toBe(`seed: error "${'d'.repeat(199)}`);
    for (const body of ['{}', '{"result":[]}', '{"result":null}', '{"result":3}', '{"error":null}'])
      expect(refusal(body).message).toBe('seed: no `result` object');
    expect(refusal('{"result":{}}').message).toBe('seed: `service_node_states` is not a list');
    expect(
      parseSeedAnswer(utf8(JSON.stringify({ result: { service_node_states: [entry()] } }))),
    ).toHaveLength(1);
  });
});
