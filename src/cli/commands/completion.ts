import type { Context } from '../context.js';
import { UsageError } from '../errors.js';

/** What a value completes to: a fixed list, file names, or the profiles there are (names only). */
export type Completer = { values: string[] } | 'files' | 'profiles';

/** The command tree as completion needs it: names, flags, what takes a value, and what values fit. */
export interface CommandSpec {
  name: string;
  description: string;
  flags: { name: string; short?: string; description: string; takesValue: boolean; complete?: Completer }[];
  /** What the command's positional argument completes to, if anything. */
  argument?: Completer;
  subcommands: CommandSpec[];
}

export function runCompletion(ctx: Context, shell: string, tree: CommandSpec): void {
  const render = { bash: bashScript, zsh: zshScript, fish: fishScript }[shell as 'bash' | 'zsh' | 'fish'];
  if (!render) throw new UsageError(`No completion for ${JSON.stringify(shell)}: use bash, zsh or fish`);
  ctx.stdout.write(render(tree));
}

/** The shell asks the CLI itself for profile names: `profiles list --quiet` prints names, never keys. */
const PROFILE_NAMES = 'revkeen profiles list --quiet 2>/dev/null';

interface Place {
  path: string;
  subcommands: string[];
  flags: string[];
  argument?: Completer;
}

/** Every command path ("", "sessions", "sessions create", …) with what may follow it; a command's flags include the global ones. */
function places(tree: CommandSpec): Place[] {
  const out: Place[] = [];
  const globals = tree.flags.map((f) => f.name);
  const walk = (node: CommandSpec, path: string) => {
    const flags = path === '' ? globals : [...new Set([...node.flags.map((f) => f.name), ...globals])];
    out.push({ path, subcommands: node.subcommands.map((c) => c.name), flags, argument: node.argument });
    for (const child of node.subcommands) walk(child, path ? `${path} ${child.name}` : child.name);
  };
  walk(tree, '');
  return out;
}

/** Every flag that takes a value, under each of its names, with what it completes to. */
function valueFlags(tree: CommandSpec): { names: string[]; complete?: Completer }[] {
  const byName = new Map<string, { names: string[]; complete?: Completer }>();
  const walk = (node: CommandSpec) => {
    for (const f of node.flags.filter((x) => x.takesValue)) {
      if (!byName.has(f.name)) byName.set(f.name, { names: f.short ? [f.short, f.name] : [f.name], complete: f.complete });
    }
    node.subcommands.forEach(walk);
  };
  walk(tree);
  return [...byName.values()];
}

function bashScript(tree: CommandSpec): string {
  const all = places(tree);
  const value = (c: Completer | undefined): string =>
    c === undefined ? 'COMPREPLY=()' : c === 'files' ? 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))' : `COMPREPLY=($(compgen -W "${words(c)}" -- "$cur"))`;
  const words = (c: Exclude<Completer, 'files'>) => (c === 'profiles' ? `$(${PROFILE_NAMES})` : c.values.join(' '));
  return `# revkeen completion for bash: add to ~/.bashrc
#   source <(revkeen completion bash)
_revkeen_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" path="" word words="" i
  case "$prev" in
${valueFlags(tree)
  .map((f) => `    ${f.names.join('|')}) ${value(f.complete)}; return ;;`)
  .join('\n')}
  esac
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    case "$path" in
${all.map((p) => `      "${p.path}") case " ${p.subcommands.join(' ')} " in *" $word "*) path="\${path:+$path }$word" ;; esac ;;`).join('\n')}
    esac
  done
  if [[ "$cur" == -* ]]; then
    case "$path" in
${all.map((p) => `      "${p.path}") words="${p.flags.join(' ')}" ;;`).join('\n')}
    esac
  else
    case "$path" in
${all
  .filter((p) => p.subcommands.length > 0 || (p.argument !== undefined && p.argument !== 'files'))
  .map((p) => `      "${p.path}") words="${[...p.subcommands, ...(p.argument && p.argument !== 'files' ? [words(p.argument)] : [])].join(' ')}" ;;`)
  .join('\n')}
    esac
  fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _revkeen_complete revkeen
`;
}

function zshScript(tree: CommandSpec): string {
  const all = places(tree);
  const value = (c: Completer | undefined): string =>
    c === undefined ? 'return' : c === 'files' ? '_files; return' : `compadd -- ${words(c)}; return`;
  const words = (c: Exclude<Completer, 'files'>) => (c === 'profiles' ? `\${(f)"$(${PROFILE_NAMES})"}` : c.values.join(' '));
  return `#compdef revkeen
# revkeen completion for zsh: put in a folder on $fpath as _revkeen, or add to ~/.zshrc
#   source <(revkeen completion zsh)
_revkeen() {
  local path_="" word prev="\${words[CURRENT-1]}" cur="\${words[CURRENT]}"
  local -a subs candidates
  case "$prev" in
${valueFlags(tree)
  .map((f) => `    ${f.names.join('|')}) ${value(f.complete)} ;;`)
  .join('\n')}
  esac
  for word in "\${(@)words[2,CURRENT-1]}"; do
    [[ "$word" == -* ]] && continue
    case "$path_" in
${all.map((p) => `      "${p.path}") subs=(${p.subcommands.join(' ')}) ;;`).join('\n')}
    esac
    (( \${subs[(Ie)$word]} )) && path_="\${path_:+$path_ }$word"
  done
  if [[ "$cur" == -* ]]; then
    case "$path_" in
${all.map((p) => `      "${p.path}") candidates=(${p.flags.join(' ')}) ;;`).join('\n')}
    esac
  else
    case "$path_" in
${all
  .filter((p) => p.subcommands.length > 0 || p.argument !== undefined)
  .map((p) =>
    p.argument === 'files'
      ? `      "${p.path}") _files; return ;;`
      : `      "${p.path}") candidates=(${[...p.subcommands, ...(p.argument ? [words(p.argument)] : [])].join(' ')}) ;;`,
  )
  .join('\n')}
    esac
  fi
  compadd -- "\${candidates[@]}"
}
compdef _revkeen revkeen
`;
}

function fishScript(tree: CommandSpec): string {
  const lines = ['# revkeen completion for fish: save as ~/.config/fish/completions/revkeen.fish', 'complete -c revkeen -f'];
  const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const values = (c: Completer): string =>
    c === 'files' ? ' -r -F' : ` -x -a ${quote(c === 'profiles' ? `(${PROFILE_NAMES})` : c.values.join(' '))}`;
  const flagLine = (condition: string | undefined, flag: CommandSpec['flags'][number]) =>
    `complete -c revkeen${condition ? ` -n ${quote(condition)}` : ''}${flag.short ? ` -s ${flag.short.replace(/^-/, '')}` : ''} -l ${flag.name.replace(/^--/, '')}` +
    `${flag.takesValue ? (flag.complete ? values(flag.complete) : ' -x') : ''} -d ${quote(flag.description)}`;
  for (const flag of tree.flags) lines.push(flagLine(undefined, flag));
  const walk = (node: CommandSpec, chain: string[]) => {
    const here = chain.length === 0 ? '__fish_use_subcommand' : chain.map((c) => `__fish_seen_subcommand_from ${c}`).join('; and ');
    const notDeeper = node.subcommands.length ? `; and not __fish_seen_subcommand_from ${node.subcommands.map((c) => c.name).join(' ')}` : '';
    for (const child of node.subcommands) {
      lines.push(`complete -c revkeen -n ${quote(here + notDeeper)} -a ${child.name} -d ${quote(child.description)}`);
    }
    if (chain.length > 0) {
      for (const flag of node.flags) lines.push(flagLine(here, flag));
      if (node.argument) lines.push(`complete -c revkeen -n ${quote(here)}${values(node.argument)}`);
    }
    for (const child of node.subcommands) walk(child, [...chain, child.name]);
  };
  walk(tree, []);
  return `${lines.join('\n')}\n`;
}
