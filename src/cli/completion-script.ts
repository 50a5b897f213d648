/**
 * Shell completion scripts generated from the command table (oclif.manifest.json), so they cover
 * every command and flag of this build. oclif's maintained plugin needs Node 22, hence our own.
 */
export interface CompletionCommand {
  /** Colon form, e.g. `message:send`. */
  id: string;
  summary?: string | undefined;
  flags: { name: string; char?: string | undefined; summary?: string | undefined; takesValue: boolean }[];
}

export type Shell = 'bash' | 'zsh' | 'fish';

/** Words completing each command path: subcommands and topics for a topic, flags for a command. */
export function completionTable(commands: readonly CompletionCommand[]): Map<string, string[]> {
  const table = new Map<string, Set<string>>();
  const add = (path: string, word: string): void => {
    let s = table.get(path);
    if (!s) table.set(path, (s = new Set()));
    s.add(word);
  };
  for (const c of commands) {
    const words = c.id.split(':');
    for (let i = 0; i < words.length; i++) add(words.slice(0, i).join(' '), words[i]!);
    const path = words.join(' ');
    add(path, '--help');
    for (const f of c.flags) add(path, `--${f.name}`);
  }
  add('', '--help');
  add('', '--version');
  return new Map([...table].map(([k, v]) => [k, [...v].sort()]));
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function completionScript(shell: Shell, bin: string, commands: readonly CompletionCommand[]): string {
  if (shell === 'fish') return fishScript(bin, commands);
  const table = completionTable(commands);
  const fn = `_${bin.replace(/[^A-Za-z0-9_]/g, '_')}_completion`;
  const cases = [...table]
    .map(([path, words]) => `    ${shellQuote(path)}) echo ${shellQuote(words.join(' '))} ;;`)
    .join('\n');
  const bash = `${fn}_words() {
  case "$1" in
${cases}
    *) return 1 ;;
  esac
}
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" w i
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && break
    path="\${path:+$path }$w"
  done
  # Arguments after a command are not part of its path: strip words until a known path remains.
  while ! ${fn}_words "$path" >/dev/null; do
    [[ "$path" == *" "* ]] && path="\${path% *}" || path=""
  done
  COMPREPLY=($(compgen -W "$(${fn}_words "$path")" -- "$cur"))
}
complete -o default -F ${fn} ${bin}
`;
  if (shell === 'bash') return `# ${bin} bash completion: eval "$(${bin} completion bash)"\n${bash}`;
  return `#compdef ${bin}
# ${bin} zsh completion: eval "$(${bin} completion zsh)" (uses zsh's bash-completion bridge)
autoload -U +X bashcompinit && bashcompinit
${bash}`;
}

function fishScript(bin: string, commands: readonly CompletionCommand[]): string {
  const lines = [
    `# ${bin} fish completion: ${bin} completion fish | source`,
    `function __${bin}_path`,
    '  set -l path',
    '  for w in (commandline -opc)[2..-1]',
    "    string match -q -- '-*' $w; and break",
    '    set path $path $w',
    '  end',
    '  string join " " $path',
    'end',
    `function __${bin}_at`,
    `  set -l p (__${bin}_path)`,
    '  test "$p" = "$argv[1]"; or string match -q -- "$argv[1] *" "$p"',
    'end',
    `complete -c ${bin} -f`,
  ];
  const table = completionTable(commands);
  const summaries = new Map(commands.map((c) => [c.id.split(':').join(' '), c.summary ?? '']));
  for (const [path, words] of table) {
    const cond = path === '' ? `test -z (__${bin}_path)` : `test (__${bin}_path) = ${shellQuote(path)}`;
    for (const w of words.filter((x) => !x.startsWith('-'))) {
      const full = path === '' ? w : `${path} ${w}`;
      const d = (summaries.get(full) ?? '').replace(/\s+/g, ' ').slice(0, 80);
      lines.push(`complete -c ${bin} -n ${shellQuote(cond)} -a ${shellQuote(w)} -d ${shellQuote(d)}`);
    }
  }
  for (const c of commands) {
    const path = c.id.split(':').join(' ');
    for (const f of c.flags) {
      const d = (f.summary ?? '').replace(/\s+/g, ' ').slice(0, 80);
      lines.push(
        `complete -c ${bin} -n ${shellQuote(`__${bin}_at ${shellQuote(path)}`)} -l ${f.name}${f.char ? ` -s ${f.char}` : ''}${f.takesValue ? ' -r' : ''} -d ${shellQuote(d)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
