/**
 * Where a provider's key comes from on the command line: an environment variable named in the
 * file ("keyEnv") or by --key-env, or stdin (--key-stdin). Never an argument. The key itself
 * is read only for agents given --inline-key; every other agent is pointed at the variable.
 */
import type { KeyOffers } from '../agents/switchPlan';
import type { AgentId } from '../providers/agentCatalog';
import { apiKeySchema, firstMessage } from '../providers/fields';
import type { ExportFile } from '../providers/portable/exportFile';
import { CliError, type CliIo } from './io';

export interface KeySources {
  /** Provider id → the variable holding its key. */
  readonly env: ReadonlyMap<string, string>;
  /** The provider whose key comes on stdin. */
  readonly stdin?: string;
}

/** The file's keyEnv, overridden by --key-env; every id must be a provider of the file. */
export function keySources(file: ExportFile, flags: ReadonlyMap<string, string>, stdin: string | undefined): KeySources {
  const ids = new Set(file.providers.map((p) => p.id));
  for (const [id, flag] of [...[...flags.keys()].map((id) => [id, `--key-env ${id}=…`] as const), ...(stdin ? [[stdin, `--key-stdin ${stdin}`] as const] : [])]) {
    if (!ids.has(id)) throw new CliError(`${flag}: the file has no provider “${id}”.`);
  }
  const env = new Map(Object.entries(file.keyEnv ?? {}));
  for (const [id, variable] of flags) env.set(id, variable);
  if (stdin) env.delete(stdin);
  return { env, ...(stdin ? { stdin } : {}) };
}

/** Reads the key of one provider, for an --inline-key agent. */
export async function readKey(providerId: string, sources: KeySources, io: CliIo): Promise<string> {
  let raw: string | undefined;
  let from: string;
  if (sources.stdin === providerId) {
    raw = (await io.readStdin()).replace(/\r?\n$/, '');
    from = 'stdin';
  } else {
    const variable = sources.env.get(providerId);
    if (!variable) throw new CliError(`No key for provider “${providerId}”: name its variable with --key-env ${providerId}=<VAR> (or "keyEnv" in the file), or pipe it with --key-stdin ${providerId}.`);
    raw = io.env[variable];
    from = `$${variable}`;
    if (raw === undefined) throw new CliError(`${from} is not set, and it holds the key of provider “${providerId}”.`);
  }
  const parsed = apiKeySchema.safeParse(raw);
  // The message says what is wrong with the key, never the key.
  if (!parsed.success) throw new CliError(`The key of provider “${providerId}” from ${from}: ${firstMessage(parsed.error)}`);
  return parsed.data;
}

/** What the CLI can offer an agent: a variable to read, or the key itself for --inline-key agents. No key helper: VS Code is not running. */
export function cliOffers(sources: KeySources, inline: ReadonlySet<AgentId>, keys: ReadonlyMap<string, string>): KeyOffers {
  return (providerId, agent) => {
    const variable = sources.env.get(providerId);
    return {
      hasKey: variable !== undefined || sources.stdin === providerId,
      ...(variable ? { envVariable: variable } : {}),
      ...(inline.has(agent) && keys.has(providerId) ? { plaintext: keys.get(providerId)! } : {}),
    };
  };
}
