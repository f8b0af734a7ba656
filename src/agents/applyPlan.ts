/** Writes an agent's plan through the edit layer: format-preserving, atomic, backed up once. */
import type { AgentPlan } from './agentAdapter';
import { planEdits, prepareEdits, type EditPlan } from './edit/applyEdits';
import { revert, type RevertResult } from './edit/revert';
import type { FileSystemPort } from './edit/fileSystemPort';

export interface FileChange extends EditPlan {
  readonly file: string;
}

/** An agent's files, each read and planned; none written yet. */
export interface PreparedAgentPlan {
  /** Writes every file (backed up, atomically), in the plan's order. */
  write(): Promise<FileChange[]>;
}

/**
 * Plans every file of the plan before any is written: one file that cannot be edited (it does
 * not parse, say) stops this agent with all its files as they were, never half switched.
 */
export async function prepareAgentPlan(fs: FileSystemPort, plan: AgentPlan, backupDir: string): Promise<PreparedAgentPlan> {
  // Each file is planned from its text before any write: a file listed twice would lose the first edit.
  const twice = plan.files.find((f, i) => plan.files.findIndex((g) => g.file === f.file) !== i);
  if (twice) throw new Error(`${plan.agent}'s plan lists ${twice.file} twice`);
  const prepared = await Promise.all(plan.files.map(async (file) => ({ file: file.file, edit: await prepareEdits(fs, { ...file, backupDir }) })));
  return {
    async write() {
      const changes: FileChange[] = [];
      for (const { file, edit } of prepared) changes.push({ file, ...(await edit.write()) });
      return changes;
    },
  };
}

/** Plans, then writes, every file of the plan. */
export async function applyAgentPlan(fs: FileSystemPort, plan: AgentPlan, backupDir: string): Promise<FileChange[]> {
  return (await prepareAgentPlan(fs, plan, backupDir)).write();
}

/** The same, without writing: the before/after text of each file, for a diff preview. */
export async function previewAgentPlan(fs: FileSystemPort, plan: AgentPlan, backupDir: string): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  for (const file of plan.files) changes.push({ file: file.file, ...(await planEdits(fs, { ...file, backupDir })) });
  return changes;
}

export interface RevertedFile extends RevertResult {
  readonly file: string;
}

/** Reverts the given files from their backups: the originals, or only Switchboard's keys where the file changed since. */
export async function revertFiles(fs: FileSystemPort, backupDir: string, files: readonly string[]): Promise<RevertedFile[]> {
  const results: RevertedFile[] = [];
  for (const file of files) results.push({ file, ...(await revert(fs, backupDir, file)) });
  return results;
}
