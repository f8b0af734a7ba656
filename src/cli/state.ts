/**
 * What the CLI remembers between runs, under $XDG_STATE_HOME/switchboard (else
 * ~/.local/state/switchboard): the backups of the files it changed (the same one-per-file
 * backups the extension keeps, in a folder of its own), and per agent what it last applied
 * and to which files, so `revert --agent` finds them even if the agent's folder moved since.
 */
import * as path from 'node:path';
import * as z from 'zod';
import { agentIds, type AgentId } from '../providers/agentCatalog';
import type { FileSystemPort } from '../agents/edit/fileSystemPort';
import type { CliIo } from './io';

export function stateDir(io: Pick<CliIo, 'env' | 'home'>): string {
  const xdg = io.env.XDG_STATE_HOME?.trim();
  // The XDG spec: a relative path is invalid and must be ignored.
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(io.home, '.local', 'state'), 'switchboard');
}

export const backupDirOf = (state: string) => path.join(state, 'agent-backups');
const runsFileOf = (state: string) => path.join(state, 'runs.json');

const runSchema = z.object({
  /** ISO time of the apply. */
  time: z.string(),
  /** providerId/modelId. */
  ref: z.string(),
  /** How the key reaches the agent; never the key. */
  delivery: z.string(),
  /** The files written, absolute. */
  files: z.array(z.string()),
});
const runsSchema = z.object({ version: z.literal(1), agents: z.partialRecord(z.enum(agentIds), runSchema) });

export type CliRun = z.infer<typeof runSchema>;
export type CliRuns = Partial<Record<AgentId, CliRun>>;

/** A missing or unreadable record is an empty one: the backups are what revert needs. */
export async function readRuns(fs: FileSystemPort, state: string): Promise<CliRuns> {
  const bytes = await fs.readFile(runsFileOf(state));
  if (!bytes) return {};
  try {
    const parsed = runsSchema.safeParse(JSON.parse(Buffer.from(bytes).toString('utf8')));
    return parsed.success ? parsed.data.agents : {};
  } catch {
    return {};
  }
}

export async function writeRuns(fs: FileSystemPort, state: string, agents: CliRuns): Promise<void> {
  await fs.mkdirp(state);
  await fs.writeFileAtomic(runsFileOf(state), new TextEncoder().encode(JSON.stringify({ version: 1, agents }, null, 2) + '\n'), { mode: 0o600 });
}
