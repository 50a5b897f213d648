import { SessionError, firstLine } from './errors.js';

/**
 * A native addon (better-sqlite3, zstd-napi, @napi-rs/keyring) that cannot be loaded is a broken
 * install, not a bug: built for another Node.js (after an upgrade or with nvm), never built (no
 * prebuilt binary and no compiler), or a damaged file. NATIVE_ADDON (exit 6) says which module and
 * how to rebuild it, where INTERNAL would say "please report this bug".
 *
 * Recognised by what the loaders throw: Node's dlopen (`ERR_DLOPEN_FAILED`: another
 * NODE_MODULE_VERSION, a bad ELF file, a missing symbol), `bindings` (better-sqlite3: "Could not
 * locate the bindings file"), a require() of a missing `.node` file (zstd-napi), and the napi-rs
 * loader (@napi-rs/keyring: "Cannot find native binding", "Failed to load native binding").
 */
export function nativeAddonFailure(err: unknown): SessionError | undefined {
  if (err instanceof SessionError || typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : '';
  const napiRs =
    /Cannot find native binding|Failed to load native binding|Native binding package version mismatch/.test(
      message,
    );
  const recognised =
    e.code === 'ERR_DLOPEN_FAILED' ||
    /Could not locate the bindings file/.test(message) ||
    (e.code === 'MODULE_NOT_FOUND' && /\.node\b/.test(message)) ||
    napiRs;
  if (!recognised) return undefined;
  const name = addonName(message) ?? (napiRs ? '@napi-rs/keyring' : undefined);
  return new SessionError(
    'NATIVE_ADDON',
    `the native module ${name ?? 'of a dependency'} cannot be loaded by Node.js ${process.version}`,
    {
      cause: err,
      hint: `rebuild it for this Node.js: \`npm rebuild${name ? ` ${name}` : ''}\` where session-cli is installed (README: "Native dependencies")`,
      details: { ...(name ? { module: name } : {}), node: process.version, reason: firstLine(message) },
    },
  );
}

/** The package a loader's message names by its path (`…/node_modules/<name>/…`). */
function addonName(message: string): string | undefined {
  const all = [...message.matchAll(/node_modules[\\/]((?:@[^\\/\s'"]+[\\/])?[^\\/\s'"]+)/g)];
  const last = all[all.length - 1]?.[1];
  return last?.replace(/\\/g, '/');
}
