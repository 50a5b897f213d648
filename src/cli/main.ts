import { fileURLToPath } from 'node:url';
import { Config, flush, loadHelpClass } from '@oclif/core';
import { renderFailure, toSessionError } from './failure.js';
import { resolveArgv, type CommandTable } from './resolve.js';
import { boolSetting, jsonWanted, loadConfigSafely } from './settings.js';

/** The command table oclif knows (from oclif.manifest.json in production), hidden ones excluded. */
export function commandTable(config: Config): CommandTable {
  return {
    ids: config.commands.filter((c) => !c.hidden).map((c) => c.id),
    topics: config.topics.map((t) => t.name),
  };
}

export async function showHelp(config: Config, subject: string | undefined): Promise<void> {
  const Help = await loadHelpClass(config);
  const help = new Help(config, config.pjson.oclif.helpOptions ?? {});
  const command = subject === undefined ? undefined : config.findCommand(subject);
  // A command's help directly: oclif's showHelp(argv) reads `help` as "the root".
  if (command) await help.showCommandHelp(command, config.topics);
  else await help.showHelp(subject === undefined ? [] : [subject]);
}

/**
 * The process entry (bin/run.js). Replaces oclif's `execute` so that every failure — unknown
 * command, help on an unknown topic, errors before a command's `init` — goes through the same
 * renderer as failures inside a command: the JSON envelope with `--json`, a stable code, an exit
 * code from the table, and never a typed argument echoed back.
 */
export async function main(argv: readonly string[], root: string): Promise<void> {
  const file = loadConfigSafely();
  const json = jsonWanted(argv, process.env, file.config);
  try {
    const dir = root.startsWith('file:') ? fileURLToPath(root) : root;
    const config = await Config.load(dir);
    const r = resolveArgv(argv, commandTable(config));
    if (r.kind === 'help') {
      await showHelp(config, r.subject);
    } else {
      await config.runHook('init', { argv: r.rest, id: r.id });
      await config.runCommand(r.id, r.rest);
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
  await flush();
}
