/**
 * Is an agent on this machine? Three signs, any one is enough: its CLI on PATH, its VS Code
 * extension installed, or its config folder present. Pure: the host passes a small port.
 */
import * as path from 'node:path';
import type { AgentId } from '../providers/agentCatalog';
import type { AgentEnvironment } from './agentAdapter';
import { adapterFor } from './registry';

export interface AgentFootprint {
  /** CLI command names, as typed in a terminal. */
  readonly commands: readonly string[];
  /** VS Code extension ids (publisher.name), lower case. */
  readonly extensions: readonly string[];
  /** Part of VS Code itself: always present. */
  readonly builtIn?: true;
}

export const agentFootprints: Readonly<Record<AgentId, AgentFootprint>> = {
  'claude-code': { commands: ['claude'], extensions: ['anthropic.claude-code'] },
  codex: { commands: ['codex'], extensions: ['openai.chatgpt'] },
  'gemini-cli': { commands: ['gemini'], extensions: ['google.gemini-cli-vscode-ide-companion'] },
  opencode: { commands: ['opencode'], extensions: ['sst-dev.opencode'] },
  openclaw: { commands: ['openclaw'], extensions: [] },
  cline: { commands: ['cline'], extensions: ['saoudrizwan.claude-dev'] },
  continue: { commands: ['cn'], extensions: ['continue.continue'] },
  kilo: { commands: ['kilo'], extensions: ['kilocode.kilo-code'] },
  roo: { commands: [], extensions: ['zoocodeorganization.zoo-code', 'rooveterinaryinc.roo-cline'] },
  'qwen-code': { commands: ['qwen'], extensions: ['qwenlm.qwen-code-vscode-ide-companion'] },
  'vscode-chat': { commands: [], extensions: [], builtIn: true },
};

/** What detection may ask of the machine; the host implements it over node:fs and vscode.extensions. */
export interface DetectionPort {
  /** Absolute path of an executable command on PATH, or undefined. */
  findOnPath(name: string): Promise<string | undefined>;
  exists(path: string): Promise<boolean>;
  extensionInstalled(id: string): boolean;
}

/** Where the agent was found; no field set means "not found". */
export interface AgentDetection {
  /** Path of the first of its CLI commands on PATH. */
  readonly cli?: string;
  /** Id of the first of its VS Code extensions that is installed. */
  readonly extension?: string;
  /** Its config folder, when it exists. */
  readonly configFolder?: string;
  /** Part of VS Code (VS Code chat). */
  readonly builtIn?: true;
}

/** The folders of the files the agent's adapter writes; none without an adapter. */
export function configFolders(agent: AgentId, environment: AgentEnvironment): string[] {
  const files = adapterFor(agent)?.configFiles(environment) ?? [];
  return [...new Set(files.map((file) => path.dirname(file)))];
}

async function firstFound<T>(candidates: readonly T[], test: (candidate: T) => Promise<string | undefined | false>): Promise<string | undefined> {
  for (const candidate of candidates) {
    const found = await test(candidate);
    if (found) return found;
  }
  return undefined;
}

export async function detectAgent(agent: AgentId, environment: AgentEnvironment, port: DetectionPort): Promise<AgentDetection> {
  const footprint = agentFootprints[agent];
  if (footprint.builtIn) return { builtIn: true };
  const [cli, configFolder] = await Promise.all([
    firstFound(footprint.commands, (name) => port.findOnPath(name)),
    firstFound(configFolders(agent, environment), async (folder) => (await port.exists(folder)) && folder),
  ]);
  const extension = footprint.extensions.find((id) => port.extensionInstalled(id));
  return { ...(cli ? { cli } : {}), ...(extension ? { extension } : {}), ...(configFolder ? { configFolder } : {}) };
}

export function isDetected(detection: AgentDetection): boolean {
  return Boolean(detection.builtIn || detection.cli || detection.extension || detection.configFolder);
}
