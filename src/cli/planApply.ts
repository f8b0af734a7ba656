/**
 * `plan` and `apply`: the same preparation (file, agents, model, key sources), then either the
 * edits as a diff (nothing written) or the edits written, atomically, with backups. One agent
 * that cannot be configured never stops the others; it makes the exit code 1.
 */
import * as path from 'node:path';
import { maskKey, type AgentEnvironment } from '../agents/agentAdapter';
import { applyAgentPlan, previewAgentPlan } from '../agents/applyPlan';
import { nodeFileSystem } from '../agents/edit/nodeFileSystem';
import { maskedOffers } from '../agents/switchPlan';
import { unifiedDiff } from '../agents/unifiedDiff';
import { agentLabel, type AgentId } from '../providers/agentCatalog';
import { parseRef } from '../providers/refs';
import { checkInline, keyNote, pickedRef, planTargets, targets, type CliOutcome } from './agentPlans';
import { exitCodes, type CliIo } from './io';
import { cliOffers, keySources, readKey, type KeySources } from './keys';
import { agentId, agentSelection, keyEnvFlags, keyStdinFlag, type Parsed } from './options';
import { readProvidersFile } from './providersFile';
import { backupDirOf, readRuns, stateDir, writeRuns } from './state';

interface Prepared {
  readonly outcomes: CliOutcome[];
  readonly sources: KeySources;
  /** Keys read for --inline-key agents, by provider id; used to write them, and to mask them in a diff. */
  readonly keys: ReadonlyMap<string, string>;
  readonly backupDir: string;
  readonly state: string;
}

const providerOf = (outcome: CliOutcome) => parseRef(outcome.ref)!.providerId;

async function prepare(command: 'plan' | 'apply', { values, positionals }: Parsed, io: CliIo): Promise<Prepared> {
  const selection = agentSelection(command, values);
  const inline = new Set(((values['inline-key'] as string[] | undefined) ?? []).map((value) => agentId(command, '--inline-key', value)));
  const keyEnv = keyEnvFlags(command, values['key-env'] as string[] | undefined);
  const stdin = keyStdinFlag(command, values['key-stdin'] as string[] | undefined);
  const { file, doc } = await readProvidersFile(positionals[0], io);
  checkInline(inline);
  const sources = keySources(file, keyEnv, stdin);
  const list = targets(doc, selection, pickedRef(doc, values.model as string | undefined));
  const keys = new Map<string, string>();
  for (const { agent, ref } of list) {
    const providerId = parseRef(ref)!.providerId;
    if (inline.has(agent) && !keys.has(providerId)) keys.set(providerId, await readKey(providerId, sources, io));
  }
  const environment: AgentEnvironment = { home: io.home, env: io.env };
  const offers = cliOffers(sources, inline, keys);
  const state = stateDir(io);
  return { outcomes: planTargets(doc, list, environment, command === 'plan' ? maskedOffers(offers) : offers), sources, keys, backupDir: backupDirOf(state), state };
}

/** `plan`: the diff on stdout, one file after another; how each agent gets its key on stderr. */
export async function planCommand(parsed: Parsed, io: CliIo): Promise<number> {
  const { outcomes, sources, keys, backupDir } = await prepare('plan', parsed, io);
  let failed = false;
  for (const outcome of outcomes) {
    const label = agentLabel(outcome.agent);
    if (outcome.status === 'refused') {
      failed = true;
      io.stderr(`${outcome.reason}\n`);
      continue;
    }
    const key = keys.get(providerOf(outcome));
    const changes = await previewAgentPlan(nodeFileSystem, outcome.plan, backupDir);
    for (const change of changes) {
      const diff = unifiedDiff(maskKey(change.before, key), maskKey(change.after, key), { from: change.before === '' ? '/dev/null' : `a${change.file}`, to: `b${change.file}` });
      io.stdout(diff);
    }
    const changed = changes.filter((c) => c.changed).length;
    io.stderr(`${label} (${outcome.ref}): ${changed ? `would change ${changed} file${changed === 1 ? '' : 's'}` : 'already up to date'}; ${keyNote(outcome, sources, providerOf(outcome), io.env).join('; ')}\n`);
  }
  return failed ? exitCodes.userError : exitCodes.ok;
}

const pickups = { live: 'picks it up at once', 'new-session': 'uses it in new sessions', restart: 'uses it once restarted' } as const;

/** `apply`: writes each agent's files, and records the run for `revert`. */
export async function applyCommand(parsed: Parsed, io: CliIo): Promise<number> {
  const { outcomes, sources, backupDir, state } = await prepare('apply', parsed, io);
  const runs = await readRuns(nodeFileSystem, state);
  const applied: AgentId[] = [];
  let failed = false;
  for (const outcome of outcomes) {
    const label = agentLabel(outcome.agent);
    if (outcome.status === 'refused') {
      failed = true;
      io.stderr(`${outcome.reason}\n`);
      continue;
    }
    const files = outcome.plan.files.map((f) => path.resolve(f.file));
    if (outcome.delivery === 'plaintext') io.stderr(`warning: ${label}: the key of “${providerOf(outcome)}” is written in plain text to ${files.join(', ')} (mode 0600), as --inline-key ${outcome.agent} asks.\n`);
    try {
      const changes = await applyAgentPlan(nodeFileSystem, outcome.plan, backupDir);
      const previous = runs[outcome.agent]?.files ?? [];
      runs[outcome.agent] = { time: new Date().toISOString(), ref: outcome.ref, delivery: outcome.delivery, files: [...new Set([...previous, ...files])] };
      applied.push(outcome.agent);
      for (const change of changes) io.stdout(`${label}: ${change.changed ? 'updated' : 'already up to date'} ${change.file}\n`);
      io.stdout(`${label}: ${outcome.ref}, ${pickups[outcome.plan.pickup]}; ${keyNote(outcome, sources, providerOf(outcome), io.env).join('; ')}\n`);
    } catch (error) {
      failed = true;
      io.stderr(`${label}: not changed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  if (applied.length) {
    await writeRuns(nodeFileSystem, state, runs);
    io.stdout(`Applied to ${applied.length} agent${applied.length === 1 ? '' : 's'}. The originals are backed up in ${backupDir}; "switchboard revert" puts them back.\n`);
  }
  return failed ? exitCodes.userError : exitCodes.ok;
}
