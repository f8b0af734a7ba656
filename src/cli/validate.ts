/** `validate` and `link`: reading a providers file, and sharing one of its providers. */
import { agentLabel, type AgentId } from '../providers/agentCatalog';
import { describeProblem } from '../providers/portable/problems';
import { shareLinkFor } from '../providers/portable/shareLink';
import { CliError, exitCodes, UsageError, type CliIo } from './io';
import type { Parsed } from './options';
import { readProvidersFile } from './providersFile';

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export async function validateCommand({ positionals }: Parsed, io: CliIo): Promise<number> {
  const { file, doc } = await readProvidersFile(positionals[0], io);
  const lines = [`${positionals[0]}: a valid Switchboard providers file (format ${file.format}, version ${file.version}).`];
  for (const p of doc.providers) {
    const variable = file.keyEnv?.[p.id];
    lines.push(`  ${p.id}: ${p.name}, ${count(p.models.length, 'model')}${p.agents.length ? `, for ${p.agents.map(agentLabel).join(', ')}` : ''}${variable ? `, key in $${variable}` : ''}`);
  }
  if (doc.defaultRef) lines.push(`  default model: ${doc.defaultRef}`);
  if (doc.embeddingRef) lines.push(`  embedding model: ${doc.embeddingRef}`);
  for (const [agent, ref] of Object.entries(doc.assignments)) lines.push(`  ${agentLabel(agent as AgentId)}: ${ref}`);
  io.stdout(lines.join('\n') + '\n');
  return exitCodes.ok;
}

export async function linkCommand({ values, positionals }: Parsed, io: CliIo): Promise<number> {
  const id = values.provider as string | undefined;
  if (!id) throw new UsageError('Say which provider: --provider <id>.', 'link');
  const { doc } = await readProvidersFile(positionals[0], io);
  const provider = doc.providers.find((p) => p.id === id);
  if (!provider) throw new CliError(`${positionals[0]} has no provider “${id}”; it has ${doc.providers.map((p) => p.id).join(', ') || 'none'}.`);
  const link = shareLinkFor(provider);
  if (!link.ok) throw new CliError(describeProblem(link.problem));
  io.stdout(link.value + '\n');
  return exitCodes.ok;
}
