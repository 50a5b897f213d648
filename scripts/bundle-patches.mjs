// Small source patches the CommonJS bundle (scripts/bundle.mjs) applies to dependencies, each to
// save start-up time that a profile of a cold `message send` pinned on one line of someone else's
// code. A patch is a named unit: the file it applies to, the exact text it replaces, and a check of
// the assumption that makes the replacement mean the same. It is applied only when its text is
// found exactly once in that file and its check passes; otherwise the build warns and bundles the
// file unchanged (a dependency update then costs speed, never behaviour).
import { readFileSync } from 'node:fs';

/** Ordinary code-point order, the comparator that replaces a localeCompare. */
export const codePointOrder = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The checks a patch can be built with, kept apart so a test can hand them other inputs.
 * `sameOrder(ids)`: undefined when sorting `ids` by localeCompare and by code point agree.
 */
export function sameOrder(ids) {
  const byLocale = [...ids].sort((a, b) => a.localeCompare(b));
  const byCodePoint = [...ids].sort(codePointOrder);
  const at = byLocale.findIndex((id, i) => id !== byCodePoint[i]);
  return at === -1 ? undefined : `"${byLocale[at]}" and "${byCodePoint[at]}" sort differently by locale`;
}

/**
 * undefined when the string literal passed to the function that starts at `marker` in `source`
 * (`(A=>{…})("…")`) is base64 that Buffer and a strict decoder read alike: the standard alphabet,
 * padded to a multiple of four.
 */
export function wellFormedBase64After(source, marker) {
  const at = source.indexOf(marker);
  const open = at === -1 ? -1 : source.indexOf('})("', at);
  if (open === -1) return 'no string literal follows';
  const start = open + '})("'.length;
  const literal = source.slice(start, source.indexOf('"', start));
  if (literal.length === 0 || literal.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(literal))
    return 'the WebAssembly is not plain padded base64';
  return undefined;
}

/**
 * The patches, for the command ids in `manifestPath` (oclif.manifest.json).
 * @returns {{ name: string, file: RegExp, find: string, replace: string, check: (source: string) => string | undefined }[]}
 */
export function patchesFor(manifestPath) {
  return [
    {
      // oclif sorts its commands by id with localeCompare when it loads a plugin. The first
      // localeCompare of a process initialises ICU's collator: 6-13 ms of every command, for an
      // order that for ids made of lower-case ASCII, digits, ':' and '-' is the code-point order.
      // The check proves that for this CLI's ids (all of oclif's commands are ours: no plugins).
      name: 'oclif command order without ICU',
      file: /@oclif[\\/]core[\\/]lib[\\/]config[\\/]plugin\.js$/,
      find: '.sort((a, b) => a.id.localeCompare(b.id));',
      replace: '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));',
      check: () => sameOrder(Object.keys(JSON.parse(readFileSync(manifestPath, 'utf8')).commands)),
    },
    {
      // libsodium's ES module build carries its WebAssembly as a base64 string and decodes it with
      // a loop in JavaScript: 2-7 ms of every command that uses crypto (its CommonJS build, which
      // the bundle cannot use: src/crypto/sodium.ts imports the ES module, asks Buffer first).
      // Buffer's decoder gives the same bytes for well-formed base64, which the check proves.
      name: 'libsodium WebAssembly decoded by Buffer',
      file: /libsodium-sumo[\\/]dist[\\/]modules-sumo-esm[\\/]libsodium-sumo\.mjs$/,
      find: '(o??=(A=>{for(',
      replace:
        '(o??=(A=>{if(typeof Buffer=="function"){var b=Buffer.from(A,"base64");return new Uint8Array(b.buffer,b.byteOffset,b.length)}for(',
      check: (source) => wellFormedBase64After(source, '(o??=(A=>{'),
    },
  ];
}

/**
 * `source` with `patch` applied, or the reason it was not: its text is not found exactly once, or
 * its check failed.
 * @returns {{ contents: string } | { skipped: string }}
 */
export function applyPatch(source, patch) {
  const first = source.indexOf(patch.find);
  if (first === -1) return { skipped: 'its text is not in the file' };
  if (source.indexOf(patch.find, first + 1) !== -1)
    return { skipped: 'its text is in the file more than once' };
  const failed = patch.check(source);
  if (failed !== undefined) return { skipped: failed };
  return { contents: source.slice(0, first) + patch.replace + source.slice(first + patch.find.length) };
}

/**
 * An esbuild plugin applying `patches`; `report(patch, outcome)` hears of each one the build
 * reached, applied (`{ applied: true }`) or not (`{ skipped }`).
 */
export function sourcePatches(patches, report) {
  return {
    name: 'session-source-patches',
    setup(b) {
      for (const patch of patches) {
        b.onLoad({ filter: patch.file }, (args) => {
          const r = applyPatch(readFileSync(args.path, 'utf8'), patch);
          report(patch, 'contents' in r ? { applied: true } : r);
          return 'contents' in r ? { contents: r.contents, loader: 'js' } : undefined;
        });
      }
    },
  };
}
