/**
 * `ushuru completion bash|zsh`: a shell completion script generated from the command tree itself,
 * so a new command or flag completes without anyone editing the script.
 *
 * Both scripts work the same way: walk the words typed so far from the root, descending into a
 * subcommand whenever a word names one, then offer the subcommands and flags of where the walk ended.
 */
import type { Command } from 'commander';
import { CliError, writeOut } from './output.js';

/** Each command path ("ushuru", "ushuru sales", …) with its subcommands and flags. */
export interface CompletionNode {
  path: string;
  subcommands: string[];
  flags: string[];
}

export function completionTree(root: Command): CompletionNode[] {
  const nodes: CompletionNode[] = [];
  const visit = (command: Command, path: string) => {
    const subcommands = command.commands.filter((c) => c.name() !== 'help').flatMap((c) => [c.name(), ...c.aliases()]);
    const flags = command.options.flatMap((o) => [o.long, o.short].filter((f): f is string => typeof f === 'string'));
    nodes.push({ path, subcommands, flags: [...flags, '--help'] });
    for (const sub of command.commands) visit(sub, `${path} ${sub.name()}`);
  };
  visit(root, root.name());
  return nodes;
}

/** Shell-safe: command and flag names are plain words, but make sure before pasting them into a script. */
function word(text: string): string {
  if (!/^[A-Za-z0-9_:.-]+$/.test(text)) throw new Error(`unexpected character in "${text}"`);
  return text;
}

function caseArms(nodes: CompletionNode[], pick: (n: CompletionNode) => string[], indent: string): string {
  return nodes.map((n) => `${indent}"${n.path.split(' ').map(word).join(' ')}") echo "${pick(n).map(word).join(' ')}" ;;`).join('\n');
}

export function bashCompletion(root: Command): string {
  const nodes = completionTree(root);
  const name = word(root.name());
  return `# ${name} completion for bash. Load it with:  source <(${name} completion bash)
# or save it:  ${name} completion bash > ~/.local/share/bash-completion/completions/${name}
_${name}_subcommands() {
  case "$1" in
${caseArms(nodes, (n) => n.subcommands, '    ')}
  esac
}
_${name}_words() {
  case "$1" in
${caseArms(nodes, (n) => [...n.subcommands, ...n.flags], '    ')}
  esac
}
_${name}_complete() {
  local cmd_path="${name}" word i
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$word" in -*) continue ;; esac
    if [[ " $(_${name}_subcommands "$cmd_path") " == *" $word "* ]]; then cmd_path="$cmd_path $word"; fi
  done
  COMPREPLY=($(compgen -W "$(_${name}_words "$cmd_path")" -- "\${COMP_WORDS[COMP_CWORD]}"))
}
complete -o default -F _${name}_complete ${name}
`;
}

export function zshCompletion(root: Command): string {
  const nodes = completionTree(root);
  const name = word(root.name());
  // zsh ties $path to $PATH: the walk's variable is cmd_path.
  return `#compdef ${name}
# ${name} completion for zsh. Load it with:  source <(${name} completion zsh)
# or save it as _${name} in a directory of your $fpath.
_${name}_subcommands() {
  case "$1" in
${caseArms(nodes, (n) => n.subcommands, '    ')}
  esac
}
_${name}_words() {
  case "$1" in
${caseArms(nodes, (n) => [...n.subcommands, ...n.flags], '    ')}
  esac
}
_${name}() {
  local cmd_path="${name}" word i
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    [[ "$word" == -* ]] && continue
    if [[ " $(_${name}_subcommands "$cmd_path") " == *" $word "* ]]; then cmd_path="$cmd_path $word"; fi
  done
  local -a candidates
  candidates=(\${=\$(_${name}_words "$cmd_path")})
  compadd -- $candidates
}
compdef _${name} ${name}
`;
}

export function registerCompletionCommand(program: Command): void {
  program
    .command('completion <shell>')
    .description('Print a shell completion script (bash or zsh)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ source <(ushuru completion bash)        # in ~/.bashrc\n  $ source <(ushuru completion zsh)         # in ~/.zshrc\n',
    )
    .action((shell: string) => {
      if (shell === 'bash') writeOut(bashCompletion(program));
      else if (shell === 'zsh') writeOut(zshCompletion(program));
      else throw new CliError(`Shell "${shell}" is not supported: bash or zsh.`);
    });
}
