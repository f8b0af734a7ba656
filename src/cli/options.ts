/**
 * Each subcommand's flags, parsed strictly with node:util parseArgs: an unknown flag, a
 * missing value or a stray argument is a UsageError (exit 2), never a guess.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isAgentId, type AgentId } from '../providers/agentCatalog';
import { providerIdSchema } from '../providers/provider';
import { envVariableSchema } from '../providers/portable/exportFile';
import { UsageError } from './io';

type Options = NonNullable<ParseArgsConfig['options']>;

const helpOption: Options = { help: { type: 'boolean', short: 'h' } };
const selectionOptions: Options = { agent: { type: 'string', multiple: true }, all: { type: 'boolean' } };
const keyOptions: Options = {
  model: { type: 'string' },
  'key-env': { type: 'string', multiple: true },
  'key-stdin': { type: 'string', multiple: true },
  'inline-key': { type: 'string', multiple: true },
};

export const commandOptions: Record<string, { options: Options; positionals: number }> = {
  validate: { options: helpOption, positionals: 1 },
  plan: { options: { ...helpOption, ...selectionOptions, ...keyOptions }, positionals: 1 },
  apply: { options: { ...helpOption, ...selectionOptions, ...keyOptions }, positionals: 1 },
  revert: { options: { ...helpOption, ...selectionOptions }, positionals: 0 },
  link: { options: { ...helpOption, provider: { type: 'string' } }, positionals: 1 },
};

export interface Parsed {
  readonly help: boolean;
  readonly values: Record<string, string | boolean | string[] | undefined>;
  readonly positionals: string[];
}

export function parseCommand(command: string, args: readonly string[]): Parsed {
  const spec = commandOptions[command];
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options: spec.options, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs goes on to explain '--' for positionals that start with a dash: not what a typo needs.
    throw new UsageError((error as Error).message.split('. To specify')[0].replace(/\.?$/, '.'), command);
  }
  const values = parsed.values as Parsed['values'];
  const help = values.help === true;
  if (!help && parsed.positionals.length !== spec.positionals) {
    const what = parsed.positionals.length > spec.positionals ? `Unexpected argument “${parsed.positionals[spec.positionals]}”.` : 'Missing the providers file.';
    throw new UsageError(what, command);
  }
  return { help, values, positionals: parsed.positionals };
}

/** --agent <id>… or --all, exactly one of them. */
export function agentSelection(command: string, values: Parsed['values']): AgentId[] | 'all' {
  const agents = (values.agent as string[] | undefined) ?? [];
  if (values.all && agents.length) throw new UsageError('Give --agent or --all, not both.', command);
  if (values.all) return 'all';
  if (!agents.length) throw new UsageError('Say which agents: --agent <id> (repeatable) or --all.', command);
  return agents.map((agent) => agentId(command, '--agent', agent));
}

export function agentId(command: string, flag: string, value: string): AgentId {
  if (!isAgentId(value)) throw new UsageError(`${flag} ${value}: not an agent Switchboard knows.`, command);
  return value;
}

/** --key-env <id>=<VAR>, repeatable: by provider id. */
export function keyEnvFlags(command: string, values: readonly string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  for (const value of values) {
    const at = value.indexOf('=');
    const id = value.slice(0, at);
    const variable = value.slice(at + 1);
    if (at <= 0 || !providerIdSchema.safeParse(id).success || !envVariableSchema.safeParse(variable).success) {
      throw new UsageError(`--key-env ${at < 0 ? value : `${id}=…`}: write it as <provider id>=<VARIABLE NAME>, e.g. --key-env lab=LAB_API_KEY.`, command);
    }
    out.set(id, variable);
  }
  return out;
}

/** --key-stdin <id>: stdin can be read once, so at most one provider. */
export function keyStdinFlag(command: string, values: readonly string[] = []): string | undefined {
  if (values.length > 1) throw new UsageError('--key-stdin can be given once: stdin holds one key.', command);
  const [id] = values;
  if (id !== undefined && !providerIdSchema.safeParse(id).success) throw new UsageError(`--key-stdin ${id}: not a provider id.`, command);
  return id;
}
