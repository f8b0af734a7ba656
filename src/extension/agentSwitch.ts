/**
 * The switch orchestrator: after a pick in the status bar, every agent the provider lists is
 * reconfigured through its adapter. Keys reach agents through the key helper, VS Code's
 * terminal environment (never persisted), an extension's own API, or, only after the user's
 * opt-in for that agent, the agent's file. One agent failing never stops the others; the
 * user gets one summary.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { keyMask, type AgentEnvironment, type KeyOffer } from '../agents/agentAdapter';
import type { FileChange } from '../agents/applyPlan';
import { emptyReport, summarize, type SwitchReport } from '../agents/switchSummary';
import type { GatewayOffer } from '../agents/gatewayMode';
import type { AgentOutcome, KeyOffers } from '../agents/switchPlan';
import { agentIds, agentLabel, type AgentId } from '../providers/agentCatalog';
import type { StoredDocument } from '../providers/document';
import { modelForAgent, type ModelChoice } from '../providers/modelOrder';
import { parseRef, type ModelRef } from '../providers/refs';
import { AgentRevert } from './agentRevert';
import { AgentRuns } from './agentRuns';
import { ExtensionProfileWriter, previewProfile } from './extensionProfile';
import { ExtensionSettingsWriter } from './extensionSettings';
import type { KeyHelperHost } from './keyHelperHost';
import { PlaintextConsent } from './plaintextConsent';
import { TerminalVariables } from './terminalVariables';
import type { Services } from './services';
import { agentsBundle } from './agentsBundle';


const environment = (): AgentEnvironment => ({ home: os.homedir(), env: process.env });

/** What the switch needs of the gateway: an offer (starting it when the document needs it), its token, and word when it moved. */
export interface GatewayPort {
  offer(doc: StoredDocument): Promise<GatewayOffer | undefined>;
  token(): Promise<string>;
  /** Fires with the new origin after switchboard.gateway.port moved the gateway. */
  readonly onDidMove: vscode.Event<string>;
}

export class AgentSwitch implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];
  readonly consent: PlaintextConsent;
  private readonly settings: ExtensionSettingsWriter;
  private readonly profiles: ExtensionProfileWriter;
  /** Switchboard's terminal variables, with the agents that need each. */
  private readonly terminals: TerminalVariables;
  /** Per agent: when it was last applied, with what, and its last problem (this machine only). */
  readonly runs: AgentRuns;
  readonly revert: AgentRevert;
  /** The providers of the document last seen, to notice a deletion. */
  private providerIds: Set<string>;

  constructor(
    private readonly services: Pick<Services, 'store' | 'log' | 'modelSwitch'>,
    private readonly context: vscode.ExtensionContext,
    private readonly keyHelper: KeyHelperHost,
    private readonly gateway?: GatewayPort,
  ) {
    // Keys must not outlive the window in VS Code's storage.
    context.environmentVariableCollection.persistent = false;
    context.environmentVariableCollection.description = 'Switchboard: endpoints and keys for AI agents';
    this.consent = new PlaintextConsent(context.globalState);
    this.settings = new ExtensionSettingsWriter(context.globalState);
    this.profiles = new ExtensionProfileWriter(context.globalState);
    this.runs = new AgentRuns(context.globalState);
    this.terminals = new TerminalVariables(context.environmentVariableCollection);
    const { settings, profiles, runs, terminals } = this;
    this.revert = new AgentRevert({ backupDir: this.backupDir, environment, settings, profiles, runs, terminals, log: services.log });
    this.subscriptions = [services.modelSwitch.onDidSelectModel((choice) => void this.apply(choice).then((report) => this.announce(report)))];
    if (gateway) this.subscriptions.push(gateway.onDidMove((origin) => void this.repoint(origin)));
    this.providerIds = new Set(services.store.document.providers.map((p) => p.id));
    this.subscriptions.push(services.store.onDidChange((change) => void (change.kind === 'document' && this.afterProviderDeleted())));
  }

  /**
   * A deleted provider's key must not stay in plaintext in an agent's file: each agent opted in
   * for plaintext is written again, which drops the keys of other providers' entries (StaleKeys).
   */
  private async afterProviderDeleted(): Promise<void> {
    const ids = new Set(this.services.store.document.providers.map((p) => p.id));
    const deleted = [...this.providerIds].some((id) => !ids.has(id));
    this.providerIds = ids;
    if (!deleted) return;
    for (const agent of this.consent.agents()) {
      const ref = this.runs.get(agent)?.applied ? this.currentRef(agent) : undefined;
      if (ref) await this.applyAgent(agent, ref, { quiet: true });
    }
  }

  private get backupDir(): string {
    return path.join(this.context.globalStorageUri.fsPath, 'agent-backups');
  }

  /** Reconfigures the agents for a pick; never throws. */
  async apply(choice: ModelChoice): Promise<SwitchReport> {
    const { store, log } = this.services;
    const doc = store.document;
    // The refs the switch can use: the pick, and the models agents are pinned to.
    const refs = [choice.ref, ...Object.values(doc.assignments)];
    const [offers, gateway] = await Promise.all([this.keyOffers(doc, refs), this.gatewayOffer(doc)]);
    const outcomes = agentsBundle().planSwitch(doc, choice.ref, environment(), offers, gateway);
    const report = emptyReport();
    await Promise.all(outcomes.map((outcome) => this.applyOne(outcome, report)));
    log.info(`Switched to ${choice.ref}: applied to ${report.applied.map((a) => agentLabel(a.agent)).join(', ') || 'no agent'}${report.problems.length ? `; ${report.problems.join(' ')}` : ''}`);
    return report;
  }

  /** Points one agent at one model now (after Assign Model to Agent); never throws. */
  async applyAgent(agent: AgentId, ref: ModelRef, options: { quiet?: boolean } = {}): Promise<SwitchReport> {
    const doc = this.services.store.document;
    const [offers, gateway] = await Promise.all([this.keyOffers(doc, [ref]), this.gatewayOffer(doc)]);
    const outcome = agentsBundle().planAgent(doc, agent, ref, environment(), offers, gateway);
    const report = emptyReport();
    await this.applyOne(outcome, report);
    if (!options.quiet) this.announce(report);
    return report;
  }

  /** The gateway moved to another port: the agents whose files point at it are re-pointed, each at its current model. */
  private async repoint(origin: string): Promise<void> {
    const doc = this.services.modelSwitch.scope.agentsDocument();
    const runs = this.runs.all();
    const moved = agentIds.flatMap((agent) => {
      const ref = runs[agent]?.applied?.gateway ? this.currentRef(agent) : undefined;
      return ref ? [{ agent, ref }] : [];
    });
    const [offers, gateway] = await Promise.all([this.keyOffers(doc, moved.map((m) => m.ref)), this.gatewayOffer(doc)]);
    if (!gateway) return;
    const { planAgent } = agentsBundle();
    const outcomes = moved.map(({ agent, ref }) => planAgent(doc, agent, ref, environment(), offers, gateway));
    if (!outcomes.length) return;
    const report = emptyReport();
    await Promise.all(outcomes.map((outcome) => this.applyOne(outcome, report, { moved: true })));
    this.services.log.info(`Gateway moved to ${origin}: re-pointed ${report.applied.map((a) => agentLabel(a.agent)).join(', ') || 'no agent'}${report.problems.length ? `; ${report.problems.join(' ')}` : ''}`);
    this.announce(report, `Switchboard's gateway moved to ${origin}`);
  }

  /**
   * What the host offers each agent: the key helper when it serves, and the key itself only to
   * agents the user opted in for plaintext, read now (planning is synchronous) and only for the
   * providers of `refs`, since a key from a command may run a password manager.
   */
  private async keyOffers(doc: StoredDocument, refs: readonly ModelRef[]): Promise<KeyOffers> {
    const { store } = this.services;
    const optedIn = this.consent.agents();
    const used = new Set(refs.map((ref) => parseRef(ref)?.providerId));
    const read = optedIn.length ? doc.providers.filter((p) => used.has(p.id)) : [];
    const [helper, keys] = await Promise.all([
      this.keyHelper.offer(),
      Promise.all(read.map(async (p) => [p.id, await store.secrets.readKey(p.id)] as const)).then((entries) => new Map(entries.filter((e): e is readonly [string, string] => e[1] !== undefined))),
    ]);
    return (providerId, agent): KeyOffer => ({
      ...store.secrets.keyFacts(providerId),
      ...(helper ? { helper: helper(providerId) } : {}),
      ...(optedIn.includes(agent) && keys.has(providerId) ? { plaintext: keys.get(providerId)! } : {}),
    });
  }

  /** The gateway's offer; a gateway that cannot start leaves agents to talk to providers directly, and says why. */
  private async gatewayOffer(doc: StoredDocument): Promise<GatewayOffer | undefined> {
    try {
      return await this.gateway?.offer(doc);
    } catch (error) {
      this.services.log.warn(`The gateway could not start; agents that need it are left as they are: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  private async applyOne(outcome: AgentOutcome, report: SwitchReport, { moved = false } = {}): Promise<void> {
    const label = agentLabel(outcome.agent);
    if (outcome.status === 'needs-plaintext') {
      report.needsPlaintext.push(outcome.agent);
      this.services.log.warn(outcome.reason);
      await this.runs.recordProblem(outcome.agent, outcome.reason);
      return;
    }
    if (outcome.status !== 'planned') {
      report.problems.push(outcome.reason);
      await this.runs.recordProblem(outcome.agent, outcome.reason);
      return;
    }
    try {
      const { plan } = outcome;
      const providerId = parseRef(outcome.ref)!.providerId;
      // Through the gateway the agent's "key" is the gateway token; the real key stays here.
      const readKey = async (): Promise<string | undefined> => (outcome.gateway && this.gateway ? this.gateway.token() : this.services.store.secrets.readKey(providerId));
      const { prepareAgentPlan, nodeFileSystem } = agentsBundle();
      // Every file is planned first: one that cannot be edited leaves the agent's files and settings as they were.
      const files = await prepareAgentPlan(nodeFileSystem, plan, this.backupDir);
      // Independent writes, at once: VS Code's settings writes are the slowest part of a switch.
      const [changes, settings, profile] = await Promise.all([
        files.write(),
        plan.extensionSettings ? this.settings.apply(plan.extensionSettings) : [],
        // The key is read now and handed straight to the extension's API, which keeps it in SecretStorage.
        plan.extensionProfile ? readKey().then((key) => this.profiles.apply(plan.extensionProfile!, outcome.delivery === 'extension' ? key : undefined)) : undefined,
      ]);
      const key = plan.keyVariable ? await readKey() : undefined;
      this.terminals.set(outcome.agent, { ...plan.terminalEnv, ...(plan.keyVariable && key ? { [plan.keyVariable]: key } : {}) });
      const { log } = this.services;
      for (const change of changes) log.info(`${label}: ${change.changed ? 'updated' : 'already up to date'} ${change.file}`);
      if (settings.length) log.info(`${label}: updated VS Code settings ${settings.join(', ')}`);
      if (profile) log.info(`${label}: ${profile.created ? 'created' : 'updated'} the “${plan.extensionProfile!.name}” profile in ${profile.extensionName} and made it active`);
      for (const note of plan.notes) log.info(`${label}: ${note}`);
      // An agent already on its gateway route sees the new model with its next request (unless the route itself moved).
      const pickup = outcome.gateway && !moved && this.runs.get(outcome.agent)?.applied?.gateway ? 'live' : plan.pickup;
      report.applied.push({ agent: outcome.agent, pickup });
      await this.runs.recordApplied(outcome.agent, outcome.ref, outcome.delivery, pickup, outcome.gateway);
    } catch (error) {
      report.problems.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
      await this.runs.recordProblem(outcome.agent, report.problems.at(-1)!);
    }
  }

  private announce(report: SwitchReport, why?: string): void {
    const summary = summarize(report);
    if (!summary) return;
    const text = why ? `${why}: ${summary.charAt(0).toLowerCase()}${summary.slice(1)}` : summary;
    const optIn = report.needsPlaintext.map((agent) => ({ agent, title: `Allow Plaintext for ${agentLabel(agent)}…` }));
    const show = report.problems.length || optIn.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(text, 'Show Details', ...optIn.map((o) => o.title)).then(async (action) => {
      if (action === 'Show Details') return this.services.log.show();
      const chosen = optIn.find((o) => o.title === action);
      if (chosen) await this.allowPlaintext(chosen.agent);
    });
  }

  /** Asks for the plaintext opt-in for one agent, then applies its current model. */
  async allowPlaintext(agent: AgentId): Promise<boolean> {
    const files = agentsBundle().adapterFor(agent)?.configFiles(environment()) ?? [];
    if (!(await this.consent.ask(agent, files))) return false;
    const ref = this.currentRef(agent);
    if (ref) await this.applyAgent(agent, ref);
    return true;
  }

  /** Withdraws the opt-in and re-applies the agent; a plaintext-only agent's file keeps the key until reverted. */
  async withdrawPlaintext(agent: AgentId): Promise<void> {
    await this.consent.set(agent, false);
    const ref = this.currentRef(agent);
    if (ref && !this.acceptsOnlyPlaintext(agent)) await this.applyAgent(agent, ref);
    else if (ref) void vscode.window.showInformationMessage(`${agentLabel(agent)} still has the key in its config file: “Switchboard: Revert Agent Configs” removes it.`);
  }

  acceptsPlaintext(agent: AgentId): boolean {
    return agentsBundle().adapterFor(agent)?.keyDeliveries.includes('plaintext') ?? false;
  }

  acceptsOnlyPlaintext(agent: AgentId): boolean {
    const kinds = agentsBundle().adapterFor(agent)?.keyDeliveries ?? [];
    return kinds.length === 1 && kinds[0] === 'plaintext';
  }

  /** The model an agent uses now: its own assignment, else the agents' active model (see ActiveModelScope) when its provider lists the agent. */
  currentRef(agent: AgentId): ModelRef | undefined {
    return modelForAgent(this.services.modelSwitch.scope.agentsDocument(), agent, this.services.store.isUsable);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }


  /** What applying `ref` would write to the agent's files, a plaintext key masked; writes nothing. */
  async previewAgent(agent: AgentId, ref: ModelRef): Promise<{ changes: FileChange[] } | { problem: string }> {
    const { maskedOffers, nodeFileSystem, planAgent, previewAgentPlan } = agentsBundle();
    // The same offers as apply(), masked: the preview never holds a key.
    const doc = this.services.store.document;
    const [offers, gateway] = await Promise.all([this.keyOffers(doc, [ref]), this.gatewayOffer(doc)]);
    const outcome = planAgent(doc, agent, ref, environment(), maskedOffers(offers), gateway && { ...gateway, token: keyMask });
    if (outcome.status !== 'planned') return { problem: outcome.reason };
    const { extensionProfile } = outcome.plan;
    const changes = await previewAgentPlan(nodeFileSystem, outcome.plan, this.backupDir);
    return { changes: extensionProfile ? [...changes, previewProfile(agentLabel(agent), extensionProfile)] : changes };
  }
}
