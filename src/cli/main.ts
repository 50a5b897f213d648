import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as OclifCore from '@oclif/core';
import type { Command, Config } from '@oclif/core';
import { renderFailure, toSessionError } from './failure.js';
import { resolveArgv, type CommandTable } from './resolve.js';
import { boolSetting, colorSetting, jsonWanted, loadConfigSafely } from './settings.js';

type Oclif = typeof OclifCore;

/** What the bundled build (dist/bundle, scripts/bundle.mjs) hands to main(); all optional. */
/** Command id -> loader of its bundled module (MainOptions.commands). */
export type BundledCommands = Readonly<Record<string, () => Promise<{ default: Command.Class }>>>;

/**
 * The bundled command table travels with the oclif Config's options, so that code which
 * runs commands later (the daemon's CommandRunner) runs the same bundled classes: oclif's own
 * loader would import dist/commands/… — which the CommonJS bundle cannot (no import() there).
 */
export function bundledCommandsOf(config: Config): BundledCommands | undefined {
  return (config.options as { sessionBundledCommands?: BundledCommands }).sessionBundledCommands;
}

export interface MainOptions {
  /**
   * Command id -> loader of that command's bundled module. An id not listed here is loaded the
   * usual way, from the file oclif.manifest.json names.
   */
  commands?: BundledCommands | undefined;
  /** Told the id of the command argv resolved to (`help` for help): bin/code-cache.js's file name. */
  onCommand?: (id: string) => void;
  /** bin/run.js already offered argv to a daemon (dist/bundle/forward.cjs), which declined. */
  daemonAsked?: boolean;
  /** How @oclif/core is loaded; injectable so a test can prove a path never loads it. */
  loadOclif?: () => Promise<Oclif>;
}

/** @oclif/core, loaded on demand (it is CommonJS: bundled by esbuild, only `default` has it all). */
export async function importOclif(): Promise<Oclif> {
  const mod = (await import('@oclif/core')) as Oclif & { default?: Oclif };
  return mod.default ?? mod;
}

/** The command table oclif knows (from oclif.manifest.json in production), hidden ones excluded. */
export function commandTable(config: Config): CommandTable {
  return {
    ids: config.commands.filter((c) => !c.hidden).map((c) => c.id),
    topics: config.topics.map((t) => t.name),
  };
}

export async function showHelp(config: Config, subject: string | undefined): Promise<void> {
  const { loadHelpClass } = await importOclif();
  const Help = await loadHelpClass(config);
  const help = new Help(config, config.pjson.oclif.helpOptions ?? {});
  const command = subject === undefined ? undefined : config.findCommand(subject);
  // A command's help directly: oclif's showHelp(argv) reads `help` as "the root".
  if (command) await help.showCommandHelp(command, config.topics);
  else await help.showHelp(subject === undefined ? [] : [subject]);
}

/** What `session version` prints, computed without oclif (same fields as commands/version.ts). */
export interface VersionResult {
  name: string;
  version: string;
  node: string;
  platform: string;
  arch: string;
}

/**
 * `session --version` / `session version` (optionally `--json`) answered before @oclif/core is
 * loaded: loading oclif and its manifest is most of the time of such a short process. Anything
 * else in argv, a --verbose setting, or any setting that does not parse goes the normal way, so
 * that errors and diagnostics stay the command's.
 */
export function fastVersion(
  argv: readonly string[],
  root: string,
  env: NodeJS.ProcessEnv,
  file: ReturnType<typeof loadConfigSafely>,
): { result: VersionResult; json: boolean } | undefined {
  const [first, ...rest] = argv;
  if (first !== '--version' && first !== 'version') return undefined;
  if (rest.length > 1 || (rest.length === 1 && rest[0] !== '--json')) return undefined;
  if (file.error) return undefined;
  let json: boolean;
  try {
    if (boolSetting('verbose', argv, env, file.config).value) return undefined;
    boolSetting('quiet', argv, env, file.config);
    colorSetting(argv, env, file.config);
    json = boolSetting('json', argv, env, file.config).value;
  } catch {
    return undefined;
  }
  let pjson: { name?: unknown; version?: unknown };
  try {
    // bin/run.js (and bin/dev.mjs) sit one level below package.json, as oclif's Config.load finds it.
    pjson = JSON.parse(readFileSync(join(dirname(root), '..', 'package.json'), 'utf8')) as typeof pjson;
  } catch {
    return undefined;
  }
  if (typeof pjson.name !== 'string' || typeof pjson.version !== 'string') return undefined;
  return {
    json,
    result: {
      name: pjson.name,
      version: pjson.version,
      node: process.versions.node,
      platform: process.platform,
      arch: process.arch,
    },
  };
}

/**
 * The process entry (bin/run.js). Replaces oclif's `execute` so that every failure — unknown
 * command, help on an unknown topic, errors before a command's `init` — goes through the same
 * renderer as failures inside a command: the JSON envelope with `--json`, a stable code, an exit
 * code from the table, and never a typed argument echoed back.
 */
export async function main(argv: readonly string[], root: string, opts: MainOptions = {}): Promise<void> {
  const file = loadConfigSafely();
  const json = jsonWanted(argv, process.env, file.config);
  const dir = root.startsWith('file:') ? fileURLToPath(root) : root;
  const version = fastVersion(argv, dir, process.env, file);
  if (version) {
    const r = version.result;
    process.stdout.write(
      version.json
        ? `${JSON.stringify({ ok: true, result: r, warnings: [] }, null, 2)}\n`
        : `${r.name} ${r.version} (node ${r.node}, ${r.platform}-${r.arch})\n`,
    );
    return;
  }
  // A running daemon that serves this profile runs the command (its network is warm); when there
  // is none, or it declines, the command runs here. No oclif on this path (it is start-up time).
  if (opts.daemonAsked !== true) {
    const { forwardIfServed } = await import('./forward-entry.js');
    const code = await forwardIfServed(argv, file);
    if (code !== undefined) {
      process.exitCode = code;
      return;
    }
  }
  let oclif: Oclif | undefined;
  try {
    // Loaded only now: it is the largest part of start-up and --version above does without it.
    oclif = await (opts.loadOclif ?? importOclif)();
    // The package directory itself: bin/ has a package.json of its own (it is CommonJS), which
    // oclif's walk up from the entry file would otherwise take for the CLI's.
    const config = await oclif.Config.load(join(dirname(dir), '..'));
    // In the options: Command.run gives each command a Config reloaded from these options.
    if (opts.commands !== undefined)
      (config.options as { sessionBundledCommands?: BundledCommands }).sessionBundledCommands = opts.commands;
    const r = resolveArgv(argv, commandTable(config));
    opts.onCommand?.(r.kind === 'help' ? 'help' : r.id);
    if (r.kind === 'help') {
      await showHelp(config, r.subject);
    } else {
      await config.runHook('init', { argv: r.rest, id: r.id });
      await config.runCommand(r.id, r.rest, bundledCommand(config, r.id, opts.commands));
    }
  } catch (err) {
    const exit = (err as { code?: unknown; oclif?: { exit?: number } }).oclif?.exit;
    if ((err as { code?: unknown }).code === 'EEXIT' && typeof exit === 'number') {
      // A command's catch() already rendered the failure and chose the exit code.
      process.exitCode = exit;
    } else {
      let verbose = false;
      try {
        verbose = boolSetting('verbose', argv, process.env, file.config).value;
      } catch {
        // a bad SESSION_VERBOSE is not worth a second error
      }
      process.exitCode = renderFailure(toSessionError(err), {
        json,
        verbose,
        stack: (err as Error | undefined)?.stack,
      });
    }
  }
  await oclif?.flush();
}

/**
 * The manifest's entry for `id` with `load` replaced by the bundled module's loader, so oclif
 * runs the bundled class (one chunk) instead of importing dist/commands/… file by file. Null when
 * there is no bundle or the bundle lacks the command: oclif then loads it from the manifest.
 */
export function bundledCommand(
  config: Config,
  id: string,
  commands: MainOptions['commands'],
): Command.Loadable | null {
  const load = commands?.[id];
  const found = load === undefined ? undefined : config.findCommand(id);
  if (load === undefined || found === undefined) return null;
  return {
    ...found,
    load: async () => {
      const cmd = (await load()).default;
      // What oclif's own loader sets on a class it imports (Plugin.findCommand); without the id,
      // Command.run would name the command after its class ("messagesend").
      cmd.id = id;
      cmd.plugin = found.pluginName === undefined ? undefined : config.plugins.get(found.pluginName);
      return cmd;
    },
  };
}
