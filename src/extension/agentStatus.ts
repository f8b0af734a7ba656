/**
 * The Agents tab's slow facts: where each agent is installed (PATH, extensions, config
 * folder), whether Switchboard can configure it, and whether it has originals to restore.
 * Looked up after the panel's first render, then kept a short while, so opening the panel
 * never waits on the file system.
 */
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { AgentDetection, DetectionPort } from '../agents/detect';
import { agentIds, type AgentId } from '../providers/agentCatalog';
import type { AgentSwitch } from './agentSwitch';
import type { AgentFound } from './panel/state';
import { agentsBundle } from './agentsBundle';


/** Installs and PATH change rarely; a panel that reopens within this reuses what was found. */
const detectionTtlMs = 30_000;

export class AgentStatus implements vscode.Disposable {
  private found: Partial<Record<AgentId, AgentFound>> | undefined;
  private detected: { at: number; value: Promise<Map<AgentId, AgentDetection>> } | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly subscription = vscode.extensions.onDidChange(() => {
    this.detected = undefined;
    void this.refresh();
  });
  /** Fires when a refresh finished with new facts. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly agentSwitch: AgentSwitch) {}

  /** What is known now; undefined until the first look finished. */
  get current(): Partial<Record<AgentId, AgentFound>> | undefined {
    return this.found;
  }

  /** Looks again (reusing a fresh detection) and fires onDidChange; never throws. */
  async refresh(): Promise<void> {
    try {
      const { adapterFor } = agentsBundle();
      const [detections, revertible] = await Promise.all([this.detect(), this.revertibleAgents()]);
      const found: Partial<Record<AgentId, AgentFound>> = {};
      for (const agent of agentIds) {
        found[agent] = { detection: detections.get(agent) ?? {}, configurable: adapterFor(agent) !== undefined, revertible: revertible.has(agent) };
      }
      this.found = found;
      this.emitter.fire();
    } catch (error) {
      console.error('Switchboard: agent detection failed', error);
    }
  }

  private detect(): Promise<Map<AgentId, AgentDetection>> {
    if (this.detected && Date.now() - this.detected.at < detectionTtlMs) return this.detected.value;
    const { detectAgent, findOnPath } = agentsBundle();
    const port: DetectionPort = {
      findOnPath: (name) => findOnPath(name),
      exists: (file) => fsp.stat(file).then(() => true, () => false),
      extensionInstalled: (id) => vscode.extensions.getExtension(id) !== undefined,
    };
    const environment = { home: os.homedir(), env: process.env };
    const value = Promise.all(agentIds.map(async (agent) => [agent, await detectAgent(agent, environment, port)] as const)).then((pairs) => new Map(pairs));
    this.detected = { at: Date.now(), value };
    return value;
  }

  private async revertibleAgents(): Promise<Set<AgentId>> {
    const checks = await Promise.all(agentIds.map(async (agent) => [agent, (await this.agentSwitch.revert.items(agent)).length > 0] as const));
    return new Set(checks.filter(([, yes]) => yes).map(([agent]) => agent));
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
