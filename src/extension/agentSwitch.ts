/**
 * The switch orchestrator: after a pick in the status bar, every agent the provider lists is
 * reconfigured through its adapter. Keys travel in VS Code's terminal environment (never
 * persisted), read from SecretStorage at this moment; files get only endpoints and models.
 * One agent failing never stops the others; the user gets one summary.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileChange } from '../agents/applyPlan';
import type { RevertOutcome } from '../agents/edit/backups';
import type { AgentOutcome } from '../agents/switchPlan';
import { agentLabel, type AgentId } from '../providers/agentCatalog';
import type { ModelChoice } from '../providers/modelOrder';
import { parseRef, type ModelRef } from '../providers/refs';
import { AgentRuns } from './agentRuns';
import type { Services } from './services';

// A plain require of the separate bundle (see agentRuntime.ts); Node caches it after the first use.
const runtime = (): typeof import('./agentRuntime') => require('./agents');

export interface SwitchReport {
  readonly applied: string[];
  readonly restart: string[];
  readonly problems: string[];
}

export class AgentSwitch implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly services: Pick<Services, 'store' | 'log' | 'modelSwitch'>,
    private readonly context: vscode.ExtensionContext,
  ) {
    // Keys must not outlive the window in VS Code's storage.
    context.environmentVariableCollection.persistent = false;
    context.environmentVariableCollection.description = 'Switchboard: endpoints and keys for AI agents';
    this.subscription = services.modelSwitch.onDidSelectModel((choice) => void this.apply(choice).then((report) => this.announce(report)));
  }

  private get backupDir(): string {
    return path.join(this.context.globalStorageUri.fsPath, 'agent-backups');
  }

  /** Reconfigures the agents for a pick; never throws. */
  async apply(choice: ModelChoice): Promise<SwitchReport> {
    const { store, log } = this.services;
    const outcomes = runtime().planSwitch(store.document, choice.ref, { home: os.homedir(), env: process.env }, () => ({}));
    const report: SwitchReport = { applied: [], restart: [], problems: [] };
    await Promise.all(outcomes.map((outcome) => this.applyOne(outcome, report)));
    log.info(`Switched to ${choice.ref}: applied to ${report.applied.join(', ') || 'no agent'}${report.problems.length ? `; ${report.problems.join(' ')}` : ''}`);
    return report;
  }

  /** Points one agent at one model now (after Assign Model to Agent); never throws. */
  async applyAgent(agent: AgentId, ref: ModelRef): Promise<SwitchReport> {
    const outcome = runtime().planAgent(this.services.store.document, agent, ref, { home: os.homedir(), env: process.env }, () => ({}));
    const report: SwitchReport = { applied: [], restart: [], problems: [] };
    await this.applyOne(outcome, report);
    this.announce(report);
    return report;
  }

  private async applyOne(outcome: AgentOutcome, report: SwitchReport): Promise<void> {
    const label = agentLabel(outcome.agent);
    if (outcome.status !== 'planned') {
      report.problems.push(outcome.reason);
      await this.runs.recordProblem(outcome.agent, outcome.reason);
      return;
    }
    try {
      const { plan } = outcome;
      const { applyAgentPlan, nodeFileSystem } = runtime();
      const changes = await applyAgentPlan(nodeFileSystem, plan, this.backupDir);
      const terminals = this.context.environmentVariableCollection;
      for (const [name, value] of Object.entries(plan.terminalEnv)) terminals.replace(name, value);
      if (plan.keyVariable) {
        const key = await this.services.store.readKey(parseRef(outcome.ref)!.providerId);
        if (key) terminals.replace(plan.keyVariable, key);
      }
      for (const change of changes) this.services.log.info(`${label}: ${change.changed ? 'updated' : 'already up to date'} ${change.file}`);
      report.applied.push(label);
      if (plan.pickup !== 'live') report.restart.push(label);
      await this.runs.recordApplied(outcome.agent, outcome.ref, outcome.delivery, plan.pickup);
    } catch (error) {
      report.problems.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
      await this.runs.recordProblem(outcome.agent, report.problems.at(-1)!);
    }
  }

  private announce(report: SwitchReport): void {
    if (!report.applied.length && !report.problems.length) return;
    const parts = [`Applied to ${report.applied.length} agent${report.applied.length === 1 ? '' : 's'}`];
    if (report.restart.length) parts.push(`${report.restart.join(', ')}: new sessions or a restart pick it up`);
    if (report.problems.length) parts.push(`${report.problems.length} not applied`);
    const show = report.problems.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(parts.join(' · '), 'Show Details').then((action) => action && this.services.log.show());
  }

  /** Switchboard: Revert Agent Configs — restores every file Switchboard changed to the user's original. */
  async revertAll(): Promise<number> {
    const { listBackups, nodeFileSystem, revertFiles } = runtime();
    const records = await listBackups(nodeFileSystem, this.backupDir);
    const results = await revertFiles(nodeFileSystem, this.backupDir, records.map((r) => r.path));
    for (const r of results) this.services.log.info(`Reverted ${r.file}: ${r.outcome}`);
    this.context.environmentVariableCollection.clear();
    void vscode.window.showInformationMessage(results.length ? `Restored ${results.length} agent config file${results.length === 1 ? '' : 's'} to what you had before Switchboard.` : 'Switchboard has not changed any agent config.');
    return results.length;
  }

  dispose(): void {
    this.subscription.dispose();
  }

  // The Agents tab: what was applied to each agent, a preview, and a revert of one agent.
  private agentRuns: AgentRuns | undefined;

  /** Per agent: when it was last applied, with what, and its last problem (this machine only). */
  get runs(): AgentRuns {
    return (this.agentRuns ??= new AgentRuns(this.context.globalState));
  }

  /** What applying `ref` would write to the agent's files, a plaintext key masked; writes nothing. */
  async previewAgent(agent: AgentId, ref: ModelRef): Promise<{ changes: FileChange[] } | { problem: string }> {
    const { maskedOffers, nodeFileSystem, planAgent, previewAgentPlan } = runtime();
    // The same offers as apply(), masked: the preview never holds a key.
    const outcome = planAgent(this.services.store.document, agent, ref, { home: os.homedir(), env: process.env }, maskedOffers(() => ({})));
    if (outcome.status !== 'planned') return { problem: outcome.reason };
    return { changes: await previewAgentPlan(nodeFileSystem, outcome.plan, this.backupDir) };
  }

  /** The agent's config files that Switchboard changed and keeps the user's originals of. */
  async revertibleFiles(agent: AgentId): Promise<string[]> {
    const { adapterFor, listBackups, nodeFileSystem } = runtime();
    const own = new Set((adapterFor(agent)?.configFiles({ home: os.homedir(), env: process.env }) ?? []).map((file) => path.resolve(file)));
    return (await listBackups(nodeFileSystem, this.backupDir)).map((record) => record.path).filter((file) => own.has(file));
  }

  /** Restores only this agent's files to what the user had, and forgets its last apply. */
  async revertAgent(agent: AgentId): Promise<{ file: string; outcome: RevertOutcome }[]> {
    const { nodeFileSystem, revertFiles } = runtime();
    const results = await revertFiles(nodeFileSystem, this.backupDir, await this.revertibleFiles(agent));
    for (const r of results) this.services.log.info(`Reverted ${r.file}: ${r.outcome}`);
    await this.runs.clear(agent);
    return results;
  }
}
