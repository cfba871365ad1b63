/**
 * Shell completion for bash, zsh and fish (`mbx completion <shell>`), written from the CLI's own
 * command tree, so a new command or option completes without anyone editing a script. Command
 * names, each command's options, the values of the options that take a fixed set, and file names
 * elsewhere. zsh runs the bash function through bashcompinit, which every zsh ships.
 *
 * Hand-written rather than a library's: omelette and tabtab need the CLI itself called at every
 * tab press (a Node start-up, 100 ms and more) and tabtab is unmaintained; a static script from the
 * tree answers at once.
 */
import type { Command } from 'commander';
import { FORMATS } from '../verify/render/index.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** Option values worth offering: a fixed set each. */
const VALUES: Readonly<Record<string, readonly string[]>> = {
  '--format': FORMATS,
  '--fail-on': ['critical', 'high', 'medium', 'low', 'info'],
  '--faults': ['graph-throttling', 'exchange-throttling', 'transient-5xx', 'slow', 'replication-delay'],
};

interface Entry {
  /** `verify`, or `report merge`. */
  readonly path: string;
  readonly description: string;
  readonly options: readonly { readonly long: string; readonly short?: string; readonly takesValue: boolean; readonly description: string }[];
}

function entries(program: Command): Entry[] {
  const walk = (command: Command, prefix: string): Entry[] =>
    command.commands.flatMap((child) => {
      const path = `${prefix}${child.name()}`;
      const own: Entry = {
        path,
        description: child.description(),
        options: child.options
          .filter((option) => option.long !== undefined)
          .map((option) => ({
            long: option.long as string,
            ...(option.short === undefined ? {} : { short: option.short }),
            takesValue: option.required || option.optional,
            description: option.description,
          })),
      };
      return child.commands.length > 0 ? [own, ...walk(child, `${path} `)] : [own];
    });
  return walk(program, '');
}

const words = (items: readonly string[]): string => items.join(' ');
const quoted = (text: string): string => `'${text.replace(/'/g, "'\\''")}'`;

function bash(program: Command): string {
  const all = entries(program);
  const top = all.filter((entry) => !entry.path.includes(' ')).map((entry) => entry.path);
  const cases = all
    .map((entry) => {
      const subcommands = all.filter((other) => other.path.startsWith(`${entry.path} `)).map((other) => other.path.slice(entry.path.length + 1));
      const options = entry.options.flatMap((option) => [option.long, ...(option.short === undefined ? [] : [option.short])]);
      return `    ${quoted(entry.path)}) opts=${quoted(words([...options, '--help']))}; subs=${quoted(words(subcommands))} ;;`;
    })
    .join('\n');
  const values = Object.entries(VALUES)
    .map(([option, list]) => `    ${option}) COMPREPLY=($(compgen -W ${quoted(words(list))} -- "$cur")); return ;;`)
    .join('\n');
  return `# mbx completion for bash (mbx completion bash). Load it with:
#   source <(mbx completion bash)      or save it as ~/.local/share/bash-completion/completions/mbx
# The options and subcommands of each command, by the command so far.
_mbx_at() {
  case "$1" in
    "") opts='--help --version'; subs=${quoted(words(top))} ;;
${cases}
  esac
}
_mbx() {
  local cur prev path="" opts="" subs="" word i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
${values}
  esac
  _mbx_at ""
  # The command so far: the words before the cursor that name a subcommand of the one before.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case " $subs " in
      *" $word "*)
        path="\${path:+$path }$word"
        _mbx_at "$path"
        ;;
    esac
  done
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [ -n "$subs" ]; then
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o default -o filenames -F _mbx mbx
`;
}

function fish(program: Command): string {
  const all = entries(program);
  const lines = [
    '# mbx completion for fish (mbx completion fish). Load it with:',
    '#   mbx completion fish > ~/.config/fish/completions/mbx.fish',
    'complete -c mbx -f',
  ];
  const top = all.filter((entry) => !entry.path.includes(' '));
  const topNames = words(top.map((entry) => entry.path));
  for (const entry of top)
    lines.push(`complete -c mbx -n "not __fish_seen_subcommand_from ${topNames}" -a ${entry.path} -d ${quoted(entry.description.split('. ')[0] ?? '')}`);
  for (const entry of all) {
    const [first, second] = entry.path.split(' ');
    const condition =
      second === undefined ? `__fish_seen_subcommand_from ${first}` : `__fish_seen_subcommand_from ${first}; and __fish_seen_subcommand_from ${second}`;
    const children = all.filter((other) => other.path.startsWith(`${entry.path} `) && other.path.split(' ').length === entry.path.split(' ').length + 1);
    for (const child of children)
      lines.push(`complete -c mbx -n ${quoted(condition)} -a ${child.path.split(' ').at(-1) ?? ''} -d ${quoted(child.description.split('. ')[0] ?? '')}`);
    if (children.length === 0) lines.push(`complete -c mbx -n ${quoted(condition)} -F`);
    for (const option of entry.options) {
      const values = VALUES[option.long];
      lines.push(
        [
          `complete -c mbx -n ${quoted(condition)} -l ${option.long.slice(2)}`,
          option.short === undefined ? '' : ` -s ${option.short.slice(1)}`,
          option.takesValue ? ' -r' : '',
          values === undefined ? '' : ` -a ${quoted(words(values))}`,
          ` -d ${quoted(option.description)}`,
        ].join(''),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(program: Command, shell: Shell): string {
  switch (shell) {
    case 'bash':
      return bash(program);
    case 'zsh':
      return `# mbx completion for zsh (mbx completion zsh). Load it with:
#   source <(mbx completion zsh)      (in ~/.zshrc, after compinit)
autoload -U +X bashcompinit && bashcompinit
${bash(program)
  .split('\n')
  .filter((line) => !line.startsWith('#'))
  .join('\n')}`;
    case 'fish':
      return fish(program);
  }
}
