/**
 * `revert`: the files `apply` changed, back to their exact bytes before its first change (a
 * file it created is deleted again), from the CLI's own backups. A file changed since keeps
 * those changes: only the CLI's keys go back (see agents/edit/revert.ts).
 */
import * as path from 'node:path';
import { revertFiles, type RevertedFile } from '../agents/applyPlan';
import { listBackups } from '../agents/edit/backups';
import { describeRevert, leftAlone } from '../agents/edit/revert';
import { nodeFileSystem } from '../agents/edit/nodeFileSystem';
import { adapterFor } from '../agents/registry';
import { agentIds, agentLabel, type AgentId } from '../providers/agentCatalog';
import { exitCodes, type CliIo } from './io';
import { agentSelection, type Parsed } from './options';
import { backupDirOf, readRuns, stateDir, writeRuns } from './state';

export async function revertCommand({ values }: Parsed, io: CliIo): Promise<number> {
  const selection = agentSelection('revert', values);
  const state = stateDir(io);
  const backupDir = backupDirOf(state);
  const runs = await readRuns(nodeFileSystem, state);
  const backedUp = new Set((await listBackups(nodeFileSystem, backupDir)).map((record) => record.path));
  const agents: readonly AgentId[] = selection === 'all' ? agentIds : selection;
  // An agent's files: those recorded at apply, and where its adapter looks now (its folder may have moved).
  const filesOf = (agent: AgentId) => {
    const now = adapterFor(agent)?.configFiles({ home: io.home, env: io.env }) ?? [];
    return [...new Set([...(runs[agent]?.files ?? []), ...now.map((file) => path.resolve(file))])].filter((file) => backedUp.has(file));
  };
  const plan = agents.map((agent) => ({ agent, files: filesOf(agent) }));
  const owned = new Set(plan.flatMap((p) => p.files));
  // --all also restores backups no agent claims any more (a file from an older adapter).
  const orphans = selection === 'all' ? [...backedUp].filter((file) => !owned.has(file)) : [];
  let count = 0;
  let left = 0;
  const report = (prefix: string, r: RevertedFile): boolean => {
    const alone = leftAlone(r.outcome);
    if (alone) left++;
    else count++;
    (alone ? io.stderr : io.stdout)(`${prefix}${describeRevert(r.file, r)}\n`);
    return alone;
  };
  for (const { agent, files } of plan) {
    const results = await revertFiles(nodeFileSystem, backupDir, files);
    // An agent with a file left as it is keeps its record, so the next revert finds that file.
    if (!results.map((r) => report(`${agentLabel(agent)}: `, r)).includes(true)) delete runs[agent];
  }
  for (const r of await revertFiles(nodeFileSystem, backupDir, orphans)) report('', r);
  await writeRuns(nodeFileSystem, state, runs);
  const who = selection === 'all' ? 'any agent' : selection.map(agentLabel).join(', ');
  if (count || !left) io.stdout(count ? `Reverted ${count} file${count === 1 ? '' : 's'}.\n` : `Nothing to revert: the CLI has not changed the config of ${who}.\n`);
  // A file left as it is keeps its backup: fixing it and running revert again finishes the job.
  return left ? exitCodes.userError : exitCodes.ok;
}
