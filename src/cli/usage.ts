/** The help of the CLI and of each subcommand. */
import { agentIds } from '../providers/agentCatalog';

const agents = agentIds.filter((a) => a !== 'vscode-chat' && a !== 'roo').join(', ');

const selection = `  --agent <id>            An agent to configure; repeat for more: ${agents}.
  --all                   Every agent the file gives a model: agents with an assignment, and
                          the agents the default model's provider lists.`;

const keys = `  --model <ref>           providerId/modelId to use instead of the file's default.
  --key-env <id>=<VAR>    Provider <id>'s key is in environment variable VAR (overrides the
                          file's "keyEnv"). Agents that can read a variable from their config
                          are pointed at $VAR; the key itself is read only for --inline-key.
  --key-stdin <id>        Read provider <id>'s key from stdin (e.g. from a password manager).
  --inline-key <agent>    Write the key into this agent's config file in plain text (mode
                          0600), for machines where no variable can reach it. Repeatable.
                          Prints a warning. Never needed for agents that read a variable.`;

export const help: Record<string, string> = {
  main: `Switchboard CLI: set up coding agents from a Switchboard providers file, without VS Code.

Usage: switchboard <command> [options]

Commands:
  validate <file>                       Check a providers file; say what it holds.
  plan  (--agent <id>… | --all) <file>  Show, as a diff, what apply would change.
  apply (--agent <id>… | --all) <file>  Write the agents' configs: atomic, format-preserving,
                                        the originals backed up once.
  revert (--agent <id>… | --all)        Put the agents' configs back as they were.
  link <file> --provider <id>           Print a vscode:// link that shares one provider.

Keys are never taken from arguments: name an environment variable (--key-env, or "keyEnv"
in the file) or pipe the key in (--key-stdin).

Run "switchboard <command> --help" for a command's options.
Exit codes: 0 done, 1 a problem to fix (the message says what), 2 a bad invocation.`,

  validate: `Usage: switchboard validate <file>

Checks a providers file (from "Switchboard: Export Providers" or written by hand) and prints
what it holds. A bad file names its first problem and where, e.g.
"providers[1].models[0].contextLimit: The context limit is at least 1 token."

Options:
  -h, --help              This help.`,

  plan: `Usage: switchboard plan (--agent <id>… | --all) [options] <file>

Prints, as a unified diff, the edits "apply" would make to each agent's config files.
Writes nothing. A key written with --inline-key shows as ••••••••.

Options:
${selection}
${keys}
  -h, --help              This help.`,

  apply: `Usage: switchboard apply (--agent <id>… | --all) [options] <file>

Points each agent at the model: edits only Switchboard's keys in its config files, keeps
comments and formatting, writes atomically, and backs up each file the first time it is
changed (in $XDG_STATE_HOME/switchboard, else ~/.local/state/switchboard).

Options:
${selection}
${keys}
  -h, --help              This help.`,

  revert: `Usage: switchboard revert (--agent <id>… | --all)

Restores the config files "apply" changed to their exact bytes before the first change (a
file that did not exist is deleted again), and forgets the backups.

Options:
${selection.replace('Every agent the file gives a model: agents with an assignment, and\n                          the agents the default model\'s provider lists.', 'Every file the CLI changed.')}
  -h, --help              This help.`,

  link: `Usage: switchboard link <file> --provider <id>

Prints a link that adds one provider of the file to Switchboard in VS Code:
  vscode://switchboard.switchboard/import?provider=<base64url of the provider's JSON>
Links never carry keys; a provider with a credential header cannot be shared.

Options:
  --provider <id>         The provider to share.
  -h, --help              This help.`,
};
