/** The CLI as a function of its arguments and I/O, returning the exit code: what main.ts and the tests run. */
import { SwitchboardError } from '../providers/errors';
import { CliError, exitCodes, UsageError, type CliIo } from './io';
import { parseCommand, type Parsed } from './options';
import { applyCommand, planCommand } from './planApply';
import { revertCommand } from './revert';
import { help } from './usage';
import { linkCommand, validateCommand } from './validate';

const commands: Record<string, (parsed: Parsed, io: CliIo) => Promise<number>> = {
  validate: validateCommand,
  plan: planCommand,
  apply: applyCommand,
  revert: revertCommand,
  link: linkCommand,
};

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    const topic = command === 'help' ? rest[0] : undefined;
    io.stdout((topic && help[topic]) || help.main);
    io.stdout('\n');
    return command === undefined ? exitCodes.usage : exitCodes.ok;
  }
  try {
    if (!(command in commands)) throw new UsageError(`Unknown command “${command}”.`);
    const parsed = parseCommand(command, rest);
    if (parsed.help) {
      io.stdout(help[command] + '\n');
      return exitCodes.ok;
    }
    return await commands[command](parsed, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`switchboard: ${error.message}\nRun "switchboard ${error.command ? `${error.command} ` : ''}--help" for usage.\n`);
      return exitCodes.usage;
    }
    if (error instanceof CliError || error instanceof SwitchboardError) {
      io.stderr(`switchboard: ${error.message}\n`);
      return exitCodes.userError;
    }
    // Config files that do not parse, a full disk: the message names the file.
    io.stderr(`switchboard: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodes.userError;
  }
}
