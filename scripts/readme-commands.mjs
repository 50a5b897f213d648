#!/usr/bin/env node
/**
 * Writes README.md's command reference (the block between `<!-- commands -->` and
 * `<!-- commandsstop -->`) from oclif.manifest.json, so the reference cannot drift from the
 * commands. `--check` writes nothing and exits 1 when the README differs from what this would
 * write (CI runs it through test/cli/readme-fresh.test.ts).
 *
 *   node scripts/readme-commands.mjs [--check] [--readme PATH] [--manifest PATH]
 *
 * Not `oclif readme`: it repeats the ten global flags under every command (4,300 lines), lists
 * commands without topics, uses `##` headings inside our sections and is not prettier-stable.
 * The output here is deterministic (sorted, no dates or versions) and formatted with the
 * repository's prettier configuration, so `prettier --check README.md` agrees with it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';

const START = '<!-- commands -->';
const STOP = '<!-- commandsstop -->';
const BIN = 'session';
const GENERAL = 'general';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const opts = {
    check: false,
    readme: join(repoRoot, 'README.md'),
    manifest: join(repoRoot, 'oclif.manifest.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') opts.check = true;
    else if ((a === '--readme' || a === '--manifest') && argv[i + 1] !== undefined)
      opts[a.slice(2)] = resolve(argv[++i]);
    else
      throw new Error(
        `unknown argument ${a} (usage: readme-commands.mjs [--check] [--readme PATH] [--manifest PATH])`,
      );
  }
  return opts;
}

/** Markdown-significant characters that manifest prose never means as markup. */
const inline = (text) =>
  text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/([*<])/g, '\\$1');

const words = (id) => id.split(':').join(' ');
const anchor = (id) => `${BIN}-${id.split(':').join('-')}`;
const code = (text) => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``);
const isGlobal = (flag) => flag.helpGroup === 'GLOBAL';
const visibleFlags = (cmd) => Object.values(cmd.flags ?? {}).filter((f) => !f.hidden);
const sentence = (text) => (/[.!?:)]$/.test(text) ? text : `${text}.`);

function topicOf(id, topics) {
  const first = id.split(':')[0];
  return id.includes(':') || topics[first] ? first : GENERAL;
}

function flagValue(flag) {
  if (flag.type === 'boolean') return '';
  return flag.options?.length ? ` ${flag.options.join('|')}` : ' VALUE';
}

function flagName(flag) {
  return flag.type === 'boolean' && flag.allowNo ? `--[no-]${flag.name}` : `--${flag.name}`;
}

function usage(cmd) {
  const parts = [BIN, words(cmd.id)];
  const args = Object.values(cmd.args ?? {});
  args.forEach((arg, i) => {
    // a non-strict command takes any number of words for its last argument
    const name = arg.name.toUpperCase() + (cmd.strict === false && i === args.length - 1 ? '...' : '');
    parts.push(arg.required ? name : `[${name}]`);
  });
  for (const flag of visibleFlags(cmd).filter((f) => !isGlobal(f))) {
    const text = `${flagName(flag)}${flagValue(flag)}${flag.multiple ? '...' : ''}`;
    parts.push(flag.required ? text : `[${text}]`);
  }
  return wrap(parts);
}

/** Usage words on lines of at most ~100 characters, continuation lines indented (as `--help` does). */
function wrap(parts) {
  const lines = [];
  let line = '';
  for (const p of parts) {
    if (line && line.length + 1 + p.length > 100) {
      lines.push(line);
      line = `  ${p}`;
    } else line = line ? `${line} ${p}` : p;
  }
  lines.push(line);
  return lines.join('\n');
}

function defaultText(value) {
  if (value === undefined || value === false || (Array.isArray(value) && value.length === 0))
    return undefined;
  return Array.isArray(value) ? value.map((v) => code(String(v))).join(', ') : code(String(value));
}

function argItem(arg) {
  const notes = [];
  if (arg.required) notes.push('required');
  const desc = arg.description ? sentence(inline(arg.description)) : '';
  const extra = [];
  if (arg.options?.length) extra.push(`One of: ${arg.options.map(code).join(', ')}.`);
  const d = defaultText(arg.default);
  if (d) extra.push(`Default: ${d}.`);
  const head = `${code(arg.name.toUpperCase())}${notes.length ? ` (${notes.join(', ')})` : ''}`;
  return `- ${[`${head}:`, desc, ...extra].filter(Boolean).join(' ')}`;
}

function flagItem(flag) {
  const names = `${flag.char ? `-${flag.char}, ` : ''}${flagName(flag)}${flagValue(flag)}`;
  const notes = [];
  if (flag.required) notes.push('required');
  if (flag.multiple) notes.push('repeatable');
  const extra = [];
  const d = defaultText(flag.default);
  if (d) extra.push(`Default: ${d}.`);
  if (flag.env) extra.push(`Env: ${code(flag.env)}.`);
  if (flag.exclusive?.length) extra.push(`Not with ${flag.exclusive.map((n) => code(`--${n}`)).join(', ')}.`);
  if (flag.dependsOn?.length) extra.push(`Needs ${flag.dependsOn.map((n) => code(`--${n}`)).join(', ')}.`);
  const desc = flag.description ? sentence(inline(flag.description)) : '';
  const head = `${code(names)}${notes.length ? ` (${notes.join(', ')})` : ''}`;
  return `- ${[`${head}:`, desc, ...extra].filter(Boolean).join(' ')}`;
}

function example(text) {
  return text.replace(/<%=\s*config\.bin\s*%>/g, BIN);
}

function globalFlags(commands) {
  const seen = new Map();
  for (const cmd of commands)
    for (const f of visibleFlags(cmd).filter(isGlobal)) if (!seen.has(f.name)) seen.set(f.name, f);
  return [...seen.values()];
}

function section(cmd, globals) {
  const out = [`### ${BIN} ${words(cmd.id)}`, ''];
  const summary = cmd.summary ?? (cmd.description ?? '').split(/\n\s*\n/)[0];
  if (summary) out.push(sentence(inline(summary)), '');
  out.push('```sh', usage(cmd), '```', '');
  const args = Object.values(cmd.args ?? {});
  if (args.length) out.push('Arguments:', '', ...args.map(argItem), '');
  const own = visibleFlags(cmd).filter((f) => !isGlobal(f));
  if (own.length) out.push('Flags:', '', ...own.map(flagItem), '');
  const g = new Set(
    visibleFlags(cmd)
      .filter(isGlobal)
      .map((f) => f.name),
  );
  const flagList = (fs) => fs.map((f) => code(`--${f.name}`)).join(', ');
  const missing = globals.filter((f) => !g.has(f.name));
  if (missing.length === 0) out.push('Also takes the [global flags](#global-flags).', '');
  else if (missing.length <= 3 && g.size)
    out.push(`Also takes the [global flags](#global-flags) except ${flagList(missing)}.`, '');
  else if (g.size) out.push(`Global flags: ${flagList(globals.filter((f) => g.has(f.name)))}.`, '');
  if (cmd.examples?.length) out.push('Examples:', '', '```sh', ...cmd.examples.map(example), '```', '');
  return out;
}

/** The whole generated block, markers excluded, before formatting. */
function renderReference(manifest, topics) {
  const commands = Object.values(manifest.commands)
    .filter((c) => !c.hidden)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const globals = globalFlags(commands);
  const groups = new Map();
  for (const cmd of commands) {
    const t = topicOf(cmd.id, topics);
    if (!groups.has(t)) groups.set(t, []);
    groups.get(t).push(cmd);
  }
  const order = [...groups.keys()].sort((a, b) => (a === GENERAL ? -1 : b === GENERAL ? 1 : a < b ? -1 : 1));

  const out = [
    '## All commands',
    '',
    '<!-- generated by `npm run readme` from oclif.manifest.json: edit the commands, not this block -->',
    '',
    `Every command, its arguments, flags and examples. \`${BIN} COMMAND --help\` also shows its full description.`,
    '',
  ];
  for (const t of order) {
    // within a topic the topic word is implied; its own command (`daemon`) is named as it is
    const label = (id) => (t === GENERAL || id === t ? words(id) : words(id.slice(t.length + 1)));
    const links = groups
      .get(t)
      .map((c) => `[${code(label(c.id))}](#${anchor(c.id)})`)
      .join(' · ');
    out.push(`- **${t}**: ${links}`);
  }
  out.push('', '### Global flags', '');
  out.push(...globals.map(flagItem), '');
  for (const t of order) for (const cmd of groups.get(t)) out.push(...section(cmd, globals));
  return out.join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const manifest = JSON.parse(readFileSync(opts.manifest, 'utf8'));
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const readme = readFileSync(opts.readme, 'utf8');
  const start = readme.indexOf(START);
  const stop = readme.indexOf(STOP);
  if (start < 0 || stop < start) {
    console.error(`${opts.readme}: no ${START} … ${STOP} block to write the command reference into`);
    process.exit(1);
  }
  const config = (await prettier.resolveConfig(join(repoRoot, 'README.md'))) ?? {};
  // formatted on its own: the block is self-contained markdown, so its formatting does not
  // depend on the rest of the README (whose formatting is not this script's business)
  const block = await prettier.format(renderReference(manifest, pkg.oclif?.topics ?? {}), {
    ...config,
    parser: 'markdown',
  });
  const next = `${readme.slice(0, start)}${START}\n\n${block}\n${readme.slice(stop)}`;
  if (opts.check) {
    if (next !== readme) {
      console.error(
        `${opts.readme}: the command reference is stale (it is generated from oclif.manifest.json). Run \`npm run readme\` and commit README.md.`,
      );
      process.exit(1);
    }
    return;
  }
  if (next !== readme) writeFileSync(opts.readme, next);
}

await main();
