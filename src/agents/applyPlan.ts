/** Writes an agent's plan through the edit layer: format-preserving, atomic, backed up once. */
import type { AgentPlan } from './agentAdapter';
import { applyEdits, planEdits, type EditPlan } from './edit/applyEdits';
import { revert, type RevertResult } from './edit/revert';
import type { FileSystemPort } from './edit/fileSystemPort';

export interface FileChange extends EditPlan {
  readonly file: string;
}

/** Applies every file of the plan; the first file that cannot be edited stops this agent only. */
export async function applyAgentPlan(fs: FileSystemPort, plan: AgentPlan, backupDir: string): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  for (const file of plan.files) changes.push({ file: file.file, ...(await applyEdits(fs, { ...file, backupDir })) });
  return changes;
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
