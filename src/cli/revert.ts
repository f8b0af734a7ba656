/**
 * `revert`: the files `apply` changed, back to their exact bytes before its first change (a
 * file it created is deleted again), from the CLI's own backups.
 */
import * as path from 'node:path';
import { revertFiles } from '../agents/applyPlan';
import { listBackups } from '../agents/edit/backups';
import { nodeFileSystem } from '../agents/edit/nodeFileSystem';
import { adapterFor } from '../agents/registry';
import { agentIds, agentLabel, type AgentId } from '../providers/agentCatalog';
import { exitCodes, type CliIo } from './io';
import { agentSelection, type Parsed } from './options';
import { backupDirOf, readRuns, stateDir, writeRuns } from './state';

const said = { restored: 'restored', deleted: 'deleted (it did not exist before)', 'no-backup': 'no backup, left as it is' } as const;

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
  for (const { agent, files } of plan) {
    for (const r of await revertFiles(nodeFileSystem, backupDir, files)) {
      count++;
      io.stdout(`${agentLabel(agent)}: ${said[r.outcome]} ${r.file}\n`);
    }
    delete runs[agent];
  }
  for (const r of await revertFiles(nodeFileSystem, backupDir, orphans)) {
    count++;
    io.stdout(`${said[r.outcome]} ${r.file}\n`);
  }
  await writeRuns(nodeFileSystem, state, runs);
  const who = selection === 'all' ? 'any agent' : selection.map(agentLabel).join(', ');
  io.stdout(count ? `Reverted ${count} file${count === 1 ? '' : 's'}.\n` : `Nothing to revert: the CLI has not changed the config of ${who}.\n`);
  return exitCodes.ok;
}
