// Small source patches the bundles (scripts/bundle.mjs) apply to dependencies, each to save
// start-up time that a profile of a cold `message send` pinned on a line of someone else's code.
// A patch is a named unit: the file it applies to, its edits (the exact text to find and its
// replacement), and a check of the assumption that makes the edits mean the same. It is applied
// only when the text of every edit is found exactly once in that file and its check passes;
// otherwise the build warns and bundles the file unchanged (a dependency update then costs speed,
// never behaviour).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
 * undefined when every use of `variable` in `source`, apart from `declaration`, reads one of
 * `names` from it (`variable.name`): then an object of getters for those names means the same.
 */
export function onlyMembersUsed(source, variable, names, declaration) {
  const rest = source.replace(declaration, '');
  for (const m of rest.matchAll(new RegExp(`\\b${variable}\\b(?:\\.(\\w+))?`, 'g'))) {
    if (m[1] === undefined || !names.includes(m[1])) return `${variable} is used as "${m[0]}"`;
  }
  return undefined;
}

/** undefined when the module at `path` holds `line` (the re-export a patch relies on). */
export function reExports(path, line) {
  if (!existsSync(path)) return `${path} is not there`;
  return readFileSync(path, 'utf8').includes(line) ? undefined : `${path} no longer has ${line}`;
}

/**
 * A Node built-in that a dependency requires when it loads but uses only in a rare path: the
 * module's variable becomes an object of getters that require the built-in on first use. Loading
 * node:child_process (with node:dgram) or node:readline took ~1-2 ms each of every command.
 */
export function lazyBuiltin({ name, file, variable, module, names }) {
  const find = `const ${variable} = require("${module}");`;
  const getters = names.map((n) => `get ${n}() { return require("${module}").${n}; }`);
  return {
    name,
    file,
    edits: [{ find, replace: `const ${variable} = { ${getters.join(', ')} };` }],
    check: (source) => onlyMembersUsed(source, variable, names, find),
  };
}

/**
 * The patches, for the command ids in `manifestPath` (oclif.manifest.json). Each has one or more
 * edits (the exact text to find, and its replacement), applied all or none.
 * @returns {{ name: string, file: RegExp, edits: { find: string, replace: string }[], check: (source: string) => string | undefined }[]}
 */
export function patchesFor(manifestPath) {
  const root = dirname(manifestPath);
  return [
    {
      // oclif sorts its commands by id with localeCompare when it loads a plugin. The first
      // localeCompare of a process initialises ICU's collator: 6-13 ms of every command, for an
      // order that for ids made of lower-case ASCII, digits, ':' and '-' is the code-point order.
      // The check proves that for this CLI's ids (all of oclif's commands are ours: no plugins).
      name: 'oclif command order without ICU',
      file: /@oclif[\\/]core[\\/]lib[\\/]config[\\/]plugin\.js$/,
      edits: [
        {
          find: '.sort((a, b) => a.id.localeCompare(b.id));',
          replace: '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));',
        },
      ],
      check: () => sameOrder(Object.keys(JSON.parse(readFileSync(manifestPath, 'utf8')).commands)),
    },
    {
      // libsodium's ES module build carries its WebAssembly as a base64 string and decodes it with
      // a loop in JavaScript: 2-7 ms of every command that uses crypto (its CommonJS build, which
      // the bundle cannot use: src/crypto/sodium.ts imports the ES module, asks Buffer first).
      // Buffer's decoder gives the same bytes for well-formed base64, which the check proves.
      name: 'libsodium WebAssembly decoded by Buffer',
      file: /libsodium-sumo[\\/]dist[\\/]modules-sumo-esm[\\/]libsodium-sumo\.mjs$/,
      edits: [
        {
          find: '(o??=(A=>{for(',
          replace:
            '(o??=(A=>{if(typeof Buffer=="function"){var b=Buffer.from(A,"base64");return new Uint8Array(b.buffer,b.byteOffset,b.length)}for(',
        },
      ],
      check: (source) => wellFormedBase64After(source, '(o??=(A=>{'),
    },
    // oclif: child_process only to ask PowerShell for the parent process on Windows, readline only
    // to read piped stdin for a flag. (Not perf_hooks, which oclif needs only with
    // OCLIF_PERFORMANCE set: the first use of the `performance` global loads it anyway.)
    lazyBuiltin({
      name: 'oclif node:child_process on first use',
      file: /@oclif[\\/]core[\\/]lib[\\/]util[\\/]os\.js$/,
      variable: 'node_child_process_1',
      module: 'node:child_process',
      names: ['execSync'],
    }),
    lazyBuiltin({
      name: 'oclif node:readline on first use',
      file: /@oclif[\\/]core[\\/]lib[\\/]parser[\\/]parse\.js$/,
      variable: 'node_readline_1',
      module: 'node:readline',
      names: ['createInterface'],
    }),
    {
      // oclif asks wsl-utils whether this is WSL; wsl-utils loads node:child_process and more when
      // it loads, and its isWsl is is-wsl's, which loads neither (the check reads wsl-utils).
      name: 'oclif WSL check without wsl-utils',
      file: /@oclif[\\/]core[\\/]lib[\\/]util[\\/]os\.js$/,
      edits: [
        {
          find: "return (await import('wsl-utils')).isWsl ? 'wsl'",
          replace: "return (await import('is-wsl')).default ? 'wsl'",
        },
      ],
      check: () =>
        reExports(
          join(root, 'node_modules', 'wsl-utils', 'index.js'),
          "export {default as isWsl} from 'is-wsl';",
        ),
    },
    {
      // undici: node:http (and with it the HTTP client and server modules) for one identity check
      // of request bodies that are streams, which ours never are.
      name: 'undici node:http on first use',
      file: /undici[\\/]lib[\\/]core[\\/]util\.js$/,
      edits: [
        { find: "const { IncomingMessage } = require('node:http')\n", replace: '' },
        {
          find: 'constructor === IncomingMessage)',
          replace: "constructor === require('node:http').IncomingMessage)",
        },
      ],
      check: (source) =>
        source.match(/\bIncomingMessage\b/g)?.length === 2
          ? undefined
          : 'IncomingMessage is used elsewhere in the file',
    },
    {
      // undici's Client reads http.maxHeaderSize when it loads, for connections that are not
      // given one: now when such a connection is made. src/network/transport.ts gives one, so a
      // send never loads node:http (test/cli/bundle-patches.test.ts runs one and checks).
      name: 'undici Client without node:http',
      file: /undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/,
      edits: [
        { find: "const http = require('node:http')\n", replace: '' },
        {
          find: `const getDefaultNodeMaxHeaderSize = http &&
  http.maxHeaderSize &&
  Number.isInteger(http.maxHeaderSize) &&
  http.maxHeaderSize > 0
  ? () => http.maxHeaderSize
  : () => { throw new InvalidArgumentError('http module not available or http.maxHeaderSize invalid') }`,
          replace: `const getDefaultNodeMaxHeaderSize = () => {
  const http = require('node:http')
  if (Number.isInteger(http.maxHeaderSize) && http.maxHeaderSize > 0) return http.maxHeaderSize
  throw new InvalidArgumentError('http module not available or http.maxHeaderSize invalid')
}`,
        },
      ],
      // (ten: the two edits hold all of them, the error text and a comment included)
      check: (source) =>
        source.match(/\bhttp\b/g)?.length === 10 ? undefined : 'node:http is used elsewhere in the file',
    },
  ];
}

/**
 * `source` with `patch` applied, or the reason it was not: the text of an edit is not found
 * exactly once, or its check failed.
 * @returns {{ contents: string } | { skipped: string }}
 */
export function applyPatch(source, patch) {
  for (const { find } of patch.edits) {
    const first = source.indexOf(find);
    if (first === -1) return { skipped: 'its text is not in the file' };
    if (source.indexOf(find, first + 1) !== -1) return { skipped: 'its text is in the file more than once' };
  }
  const failed = patch.check(source);
  if (failed !== undefined) return { skipped: failed };
  let contents = source;
  for (const { find, replace } of patch.edits) contents = contents.replace(find, () => replace);
  return { contents };
}

/**
 * An esbuild plugin applying `patches`; `report(patch, outcome)` hears of each one the build
 * reached, applied (`{ applied: true }`) or not (`{ skipped }`).
 */
export function sourcePatches(patches, report) {
  return {
    name: 'session-source-patches',
    setup(b) {
      // One loader per file: esbuild takes the first loader that returns contents, so the
      // patches of one file are applied there one after the other.
      const byFile = new Map();
      for (const p of patches) byFile.set(p.file.source, [...(byFile.get(p.file.source) ?? []), p]);
      for (const group of byFile.values()) {
        b.onLoad({ filter: group[0].file }, (args) => {
          const original = readFileSync(args.path, 'utf8');
          let contents = original;
          for (const patch of group) {
            const r = applyPatch(contents, patch);
            report(patch, 'contents' in r ? { applied: true } : r);
            if ('contents' in r) contents = r.contents;
          }
          return contents === original ? undefined : { contents, loader: 'js' };
        });
      }
    },
  };
}
