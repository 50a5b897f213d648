import vm from 'node:vm';
import fc from 'fast-check';
import { SessionError } from '../../src/errors.js';

/**
 * Shared pieces of the parser fuzz tests (issue 8): "no input a node can send makes the client
 * throw anything but a SessionError", and no input makes it hang.
 */

/** Runs per property; FUZZ_RUNS / FUZZ_SEED make a deeper or different run without editing. */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
export const SEED = Number(process.env.FUZZ_SEED ?? 8);
/** Per call: generous, the machine is loaded; a parser needs microseconds. */
export const CALL_LIMIT_MS = 3000;

export const fcOptions = (runs = RUNS): { numRuns: number; seed: number; endOnFailure: boolean } => ({
  numRuns: runs,
  seed: SEED,
  endOnFailure: true,
});

// A synchronous infinite loop cannot be interrupted by a timer; a vm script's timeout can (V8
// terminates whatever runs, including functions of this realm the script calls).
const context = vm.createContext({});
const script = new vm.Script('__call()');

function bounded<T>(f: () => T): T {
  context.__call = f;
  try {
    return script.runInContext(context, { timeout: CALL_LIMIT_MS }) as T;
  } finally {
    context.__call = undefined;
  }
}

function describeError(e: unknown): string {
  // A vm timeout error comes from the script's realm: not `instanceof Error` here.
  if (typeof e === 'object' && e !== null && 'message' in e) {
    const { name, code, message } = e as { name?: string; code?: string; message?: string };
    return `${name ?? 'Error'}${code === undefined ? '' : ` ${code}`}: ${message ?? ''}`;
  }
  return `a thrown ${typeof e}`;
}

/** The result of `f`, `undefined` if it threw a SessionError; any other throw or a hang fails. */
export function onlySessionError<T>(f: () => T): T | undefined {
  try {
    return bounded(f);
  } catch (e) {
    if (e instanceof SessionError) return undefined;
    throw new Error(`threw something other than a SessionError: ${describeError(e)}`, { cause: e });
  }
}

export async function onlySessionErrorAsync<T>(f: () => Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CALL_LIMIT_MS} ms`)), CALL_LIMIT_MS);
  });
  try {
    return await Promise.race([bounded(f), hang]);
  } catch (e) {
    if (e instanceof SessionError) return undefined;
    throw new Error(`threw something other than a SessionError: ${describeError(e)}`, { cause: e });
  } finally {
    clearTimeout(timer);
  }
}

/** Throws (failing the property) when an accepted value breaks a rule the parser promises. */
export function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`accepted a value that breaks a rule: ${what}`);
}

type Path = (string | number)[];
const REMOVE = Symbol('remove');

function pathsOf(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...prefix, i], out));
  else if (typeof v === 'object' && v !== null)
    for (const [k, x] of Object.entries(v)) pathsOf(x, [...prefix, k], out);
  return out;
}

function getAt(v: unknown, path: Path): unknown {
  let cur = v;
  for (const p of path) cur = (cur as Record<string | number, unknown>)[p];
  return cur;
}

function setAt(v: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value === REMOVE ? undefined : value;
  try {
    const copy = structuredClone(v);
    const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
    const key = path[path.length - 1]!;
    if (value !== REMOVE) parent[key] = value;
    else if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
    return copy;
  } catch {
    // Some generated values (a boxed string's characters, a frozen object) cannot be changed:
    // the mutation is skipped rather than blamed on a parser.
    return v;
  }
}

/** Values that sit on the edges of every rule: wrong types, bounds, almost-valid strings. */
export const edgeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    undefined,
    0,
    -0,
    -1,
    1,
    1.5,
    NaN,
    Infinity,
    -Infinity,
    2 ** 53,
    2 ** 64,
    65535,
    65536,
    '',
    ' ',
    '0',
    '1',
    '-1',
    '22021',
    'ffffffffffffffff',
    '0.0.0.0',
    '1.2.3.4',
    '=',
    '====',
    'A'.repeat(43),
    'A'.repeat(44),
    'ab'.repeat(32),
    'AB'.repeat(32),
    true,
    false,
    [],
    {},
    [null],
    { failed: true },
  ),
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 2 }),
);

/** What a JSON-parsed body can hold, and then some: the validators take `unknown`. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    maxDepth: 3,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withNullPrototype: true,
    withObjectString: true,
    withSet: true,
    withSparseArray: true,
    withTypedArray: true,
  }),
  fc.jsonValue({ maxDepth: 4 }),
  fc.json({ maxDepth: 3 }).map((s) => JSON.parse(s) as unknown),
);

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Bit flips in a byte string. */
export function bitFlips(bytes: Uint8Array): fc.Arbitrary<Uint8Array> {
  if (bytes.length === 0) return fc.constant(bytes);
  return fc
    .array(fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.nat({ max: 7 })), { minLength: 1, maxLength: 4 })
    .map((flips) => {
      const out = bytes.slice();
      for (const [i, bit] of flips) out[i]! ^= 1 << bit;
      return out;
    });
}

/** Byte-level damage: bit flips, truncation, a run of random bytes spliced in, or cut out. */
export function damagedBytes(bytes: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    bitFlips(bytes),
    fc.nat({ max: bytes.length }).map((n) => bytes.slice(0, n)),
    fc
      .tuple(fc.nat({ max: bytes.length }), fc.uint8Array({ minLength: 1, maxLength: 8 }))
      .map(([at, extra]) => new Uint8Array([...bytes.slice(0, at), ...extra, ...bytes.slice(at)])),
    fc
      .tuple(fc.nat({ max: bytes.length }), fc.nat({ max: 16 }))
      .map(([at, n]) => new Uint8Array([...bytes.slice(0, at), ...bytes.slice(at + n)])),
  );
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** One structural mutation of a valid value: a field's type swapped, a field removed, a value moved. */
function oneMutation(valid: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid);
  const at = fc.nat({ max: paths.length - 1 }).map((i) => paths[i]!);
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(at, edgeValue).map(([p, v]) => setAt(valid, p, v)) },
    { weight: 1, arbitrary: fc.tuple(at, anyValue).map(([p, v]) => setAt(valid, p, v)) },
    { weight: 2, arbitrary: at.map((p) => setAt(valid, p, REMOVE)) },
    {
      weight: 1,
      arbitrary: fc.tuple(at, at).map(([p, q]) => setAt(valid, p, structuredClone(getAt(valid, q)))),
    },
  );
}

/**
 * Mutations of a valid body: one or two structural changes, or damage to its JSON text (parsed
 * again when it still parses, else the text itself), or something unrelated.
 */
export function mutated(valid: unknown): fc.Arbitrary<unknown> {
  const text = enc.encode(JSON.stringify(valid));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(valid) },
    { weight: 6, arbitrary: oneMutation(valid) },
    {
      weight: 2,
      arbitrary: oneMutation(valid).chain((v) => (v === undefined ? fc.constant(v) : oneMutation(v))),
    },
    { weight: 3, arbitrary: damagedBytes(text).map((b) => tryParse(dec.decode(b))) },
    { weight: 2, arbitrary: anyValue },
  );
}

/** Mutations of a valid body as bytes on the wire (JSON text). */
export function mutatedJsonBytes(valid: unknown): fc.Arbitrary<Uint8Array> {
  const text = enc.encode(JSON.stringify(valid));
  return fc.oneof(
    { weight: 4, arbitrary: damagedBytes(text) },
    {
      weight: 4,
      arbitrary: mutated(valid).map((v) => {
        const s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) as
          string | undefined;
        return enc.encode(s ?? '');
      }),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.json().map((s) => enc.encode(s)) },
  );
}
