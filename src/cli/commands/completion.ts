import type { Context } from '../context.js';
import { UsageError } from '../errors.js';

/** The command tree as completion needs it: names, flags, and what takes a value. */
export interface CommandSpec {
  name: string;
  description: string;
  flags: { name: string; description: string; takesValue: boolean }[];
  subcommands: CommandSpec[];
}

export function runCompletion(ctx: Context, shell: string, tree: CommandSpec): void {
  const render = { bash: bashScript, zsh: zshScript, fish: fishScript }[shell as 'bash' | 'zsh' | 'fish'];
  if (!render) throw new UsageError(`No completion for ${JSON.stringify(shell)}: use bash, zsh or fish`);
  ctx.stdout.write(render(tree));
}

/** Every command path ("", "sessions", "sessions create", …) with what may follow it. */
function paths(tree: CommandSpec): { path: string; words: string[] }[] {
  const out: { path: string; words: string[] }[] = [];
  const globals = tree.flags.map((f) => f.name);
  const walk = (node: CommandSpec, path: string) => {
    const flags = path === '' ? node.flags.map((f) => f.name) : [...node.flags.map((f) => f.name), ...globals];
    out.push({ path, words: [...node.subcommands.map((c) => c.name), ...new Set(flags)] });
    for (const child of node.subcommands) walk(child, path ? `${path} ${child.name}` : child.name);
  };
  walk(tree, '');
  return out;
}

function valueFlags(tree: CommandSpec): string[] {
  const names = new Set<string>();
  const walk = (node: CommandSpec) => {
    node.flags.filter((f) => f.takesValue).forEach((f) => names.add(f.name));
    node.subcommands.forEach(walk);
  };
  walk(tree);
  return [...names];
}

function bashScript(tree: CommandSpec): string {
  const cases = paths(tree)
    .map(({ path, words }) => `    "${path}") words="${words.join(' ')}" ;;`)
    .join('\n');
  return `# revkeen completion for bash: add to ~/.bashrc
#   source <(revkeen completion bash)
_revkeen_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" path="" word words i
  case " ${valueFlags(tree).join(' ')} " in *" $prev "*) COMPREPLY=(); return ;; esac
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    case "$path" in
${paths(tree)
  .map(({ path }) => path)
  .map((p) => `      "${p}") case " ${subcommandsAt(tree, p).join(' ')} " in *" $word "*) path="\${path:+$path }$word" ;; esac ;;`)
  .join('\n')}
    esac
  done
  case "$path" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _revkeen_complete revkeen
`;
}

function subcommandsAt(tree: CommandSpec, path: string): string[] {
  let node: CommandSpec | undefined = tree;
  for (const part of path ? path.split(' ') : []) node = node?.subcommands.find((c) => c.name === part);
  return node?.subcommands.map((c) => c.name) ?? [];
}

function zshScript(tree: CommandSpec): string {
  const cases = paths(tree)
    .map(({ path, words }) => `    "${path}") candidates=(${words.join(' ')}) ;;`)
    .join('\n');
  const known = paths(tree)
    .map(({ path }) => `    "${path}") subs=(${subcommandsAt(tree, path).join(' ')}) ;;`)
    .join('\n');
  return `#compdef revkeen
# revkeen completion for zsh: put in a folder on $fpath as _revkeen, or add to ~/.zshrc
#   source <(revkeen completion zsh)
_revkeen() {
  local path_="" word prev="\${words[CURRENT-1]}"
  local -a subs candidates
  case " ${valueFlags(tree).join(' ')} " in *" $prev "*) _files; return ;; esac
  for word in "\${(@)words[2,CURRENT-1]}"; do
    [[ "$word" == -* ]] && continue
    case "$path_" in
${known}
    esac
    (( \${subs[(Ie)$word]} )) && path_="\${path_:+$path_ }$word"
  done
  case "$path_" in
${cases}
  esac
  compadd -- "\${candidates[@]}"
}
compdef _revkeen revkeen
`;
}

function fishScript(tree: CommandSpec): string {
  const lines = ['# revkeen completion for fish: save as ~/.config/fish/completions/revkeen.fish', 'complete -c revkeen -f'];
  const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  for (const flag of tree.flags) {
    lines.push(`complete -c revkeen -l ${flag.name.replace(/^--/, '')}${flag.takesValue ? ' -r' : ''} -d ${quote(flag.description)}`);
  }
  const walk = (node: CommandSpec, chain: string[]) => {
    const here =
      chain.length === 0
        ? '__fish_use_subcommand'
        : `${chain.map((c) => `__fish_seen_subcommand_from ${c}`).join('; and ')}`;
    const notDeeper = node.subcommands.length ? `; and not __fish_seen_subcommand_from ${node.subcommands.map((c) => c.name).join(' ')}` : '';
    for (const child of node.subcommands) {
      lines.push(`complete -c revkeen -n ${quote(here + notDeeper)} -a ${child.name} -d ${quote(child.description)}`);
    }
    if (chain.length > 0) {
      for (const flag of node.flags) {
        lines.push(`complete -c revkeen -n ${quote(here)} -l ${flag.name.replace(/^--/, '')}${flag.takesValue ? ' -r' : ''} -d ${quote(flag.description)}`);
      }
    }
    for (const child of node.subcommands) walk(child, [...chain, child.name]);
  };
  walk(tree, []);
  return `${lines.join('\n')}\n`;
}
