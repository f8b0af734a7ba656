/**
 * Putting agents back as the user had them: the files Switchboard changed (from the backups
 * taken before the first change), the agents' VS Code settings, the extension profiles, and
 * the terminal variables. For every agent (Revert Agent Configs) or one (the Agents tab):
 * one agent's revert covers all four, keeping a variable another agent still needs.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AgentEnvironment } from '../agents/agentAdapter';
import type { RevertedFile } from '../agents/applyPlan';
import { agentIds, agentLabel, type AgentId } from '../providers/agentCatalog';
import type { AgentRuns } from './agentRuns';
import type { ExtensionProfileWriter } from './extensionProfile';
import type { ExtensionSettingsWriter } from './extensionSettings';
import type { TerminalVariables } from './terminalVariables';
import { agentsBundle } from './agentsBundle';


/** What reverting one agent did. */
export interface AgentReverted {
  readonly files: readonly RevertedFile[];
  /** VS Code setting ids put back. */
  readonly settings: readonly string[];
  /** Extension profiles reverted, as the log names them. */
  readonly profiles: readonly string[];
  /** Terminal variables removed. */
  readonly variables: readonly string[];
}

const extensionsOf = (agent: AgentId) => agentsBundle().agentFootprints[agent].extensions;

export interface RevertParts {
  readonly backupDir: string;
  readonly environment: () => AgentEnvironment;
  readonly settings: ExtensionSettingsWriter;
  readonly profiles: ExtensionProfileWriter;
  readonly runs: AgentRuns;
  readonly terminals: TerminalVariables;
  readonly log: vscode.LogOutputChannel;
}

export class AgentRevert {
  constructor(private readonly parts: RevertParts) {}

  /** Switchboard: Revert Agent Configs — restores everything Switchboard changed; returns how many items. */
  async all(): Promise<number> {
    const { backupDir, settings: writer, runs, terminals, log } = this.parts;
    const { leftAlone, listBackups, nodeFileSystem, revertFiles } = agentsBundle();
    // A record write still in flight would echo back the backups this revert drops.
    await runs.settled();
    const records = await listBackups(nodeFileSystem, backupDir);
    const results = await revertFiles(nodeFileSystem, backupDir, records.map((r) => r.path));
    this.logFiles(results);
    const settings = await writer.revert();
    for (const id of settings) log.info(`Reverted the VS Code setting ${id}`);
    const profiles = await this.revertProfiles();
    await Promise.all(agentIds.map((agent) => runs.clear(agent)));
    terminals.clear();
    const left = results.filter((r) => leftAlone(r.outcome));
    const files = results.length - left.length;
    const restored = [
      plural(files, 'agent config file'),
      ...(settings.length ? [plural(settings.length, 'VS Code setting')] : []),
      ...(profiles.length ? [plural(profiles.length, 'extension profile')] : []),
    ].join(' and ');
    const count = files + settings.length + profiles.length;
    if (left.length) void this.warnLeft(left, count ? `Restored ${restored}. ` : '');
    else void vscode.window.showInformationMessage(count ? `Restored ${restored} to what you had before Switchboard.` : 'Switchboard has not changed any agent config.');
    return count;
  }

  /** The agent's config files that Switchboard changed and keeps the user's originals of. */
  async files(agent: AgentId): Promise<string[]> {
    const { adapterFor, listBackups, nodeFileSystem } = agentsBundle();
    const own = new Set((adapterFor(agent)?.configFiles(this.parts.environment()) ?? []).map((file) => path.resolve(file)));
    return (await listBackups(nodeFileSystem, this.parts.backupDir)).map((record) => record.path).filter((file) => own.has(file));
  }

  /** The agent's extension profile that Switchboard set, as the user would name it; undefined when none. */
  changedProfile(agent: AgentId): string | undefined {
    const name = this.parts.profiles.changedProfile(extensionsOf(agent));
    return name && `${agentLabel(agent)}’s “${name}” profile`;
  }

  /** What a revert of this agent would restore or remove: its files, VS Code settings, extension profile and terminal variables. */
  async items(agent: AgentId): Promise<string[]> {
    const profile = this.changedProfile(agent);
    return [
      ...(await this.files(agent)),
      ...this.parts.settings.changed(extensionsOf(agent)).map((id) => `the VS Code setting ${id}`),
      ...(profile ? [profile] : []),
      ...this.parts.terminals.ownedBy(agent).map((name) => `the terminal variable ${name}`),
    ];
  }

  /**
   * Restores only this agent's files, VS Code settings and extension profile to what the user
   * had, removes its terminal variables that no other agent needs, and forgets its last apply.
   */
  async agent(agent: AgentId): Promise<AgentReverted> {
    const { nodeFileSystem, revertFiles } = agentsBundle();
    // A record write still in flight would echo back the backups this revert drops.
    await this.parts.runs.settled();
    const files = await revertFiles(nodeFileSystem, this.parts.backupDir, await this.files(agent));
    this.logFiles(files);
    const settings = await this.parts.settings.revert(extensionsOf(agent));
    for (const id of settings) this.parts.log.info(`Reverted the VS Code setting ${id}`);
    const profiles = await this.revertProfiles(extensionsOf(agent));
    const variables = this.parts.terminals.release(agent);
    if (variables.length) this.parts.log.info(`Removed ${variables.join(', ')} from new terminals`);
    await this.parts.runs.clear(agent);
    return { files, settings, profiles, variables };
  }

  private logFiles(results: readonly RevertedFile[]): void {
    const { describeRevert, leftAlone } = agentsBundle();
    for (const r of results) {
      const line = `Revert: ${describeRevert(r.file, r)}`;
      if (leftAlone(r.outcome)) this.parts.log.warn(line);
      else this.parts.log.info(line);
    }
  }

  /** Files a revert left as they are (changed since, and no longer parse): a warning, since the rest reads as done. */
  private async warnLeft(left: readonly RevertedFile[], done: string): Promise<void> {
    const text = `${done}Switchboard ${leftSentence(left)}.`;
    if ((await vscode.window.showWarningMessage(text, 'Show Details')) === 'Show Details') this.parts.log.show();
  }

  /** Reverts extension profiles (of these extensions, or all), logging each; one failure is logged, never thrown. */
  private async revertProfiles(extensionIds?: readonly string[]): Promise<string[]> {
    try {
      const done = await this.parts.profiles.revert(extensionIds);
      for (const line of done) this.parts.log.info(`Reverted ${line}`);
      return done;
    } catch (error) {
      this.parts.log.warn(`Could not revert an extension profile: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }
}

/** "1 file", "2 files". */
export const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The first file a revert left as it is, in words, and how many more. */
export function leftSentence(left: readonly RevertedFile[]): string {
  const first = agentsBundle().describeRevert(left[0]!.file, left[0]!);
  return `${first}${left.length > 1 ? ` (and ${plural(left.length - 1, 'other file')}: see the log)` : ''}`;
}
