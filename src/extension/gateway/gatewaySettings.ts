/** The gateway's settings (machine scope: they describe this machine's agents and ports). */
import * as vscode from 'vscode';
import { isAgentId, type AgentId } from '../../providers/agentCatalog';

export interface GatewaySettings {
  /** 0: a free port, kept across restarts while it stays free. */
  readonly port: number;
  readonly routedAgents: readonly AgentId[];
  readonly recordPrompts: boolean;
}

export function readGatewaySettings(): GatewaySettings {
  const config = vscode.workspace.getConfiguration('switchboard.gateway');
  const port = config.get<number>('port', 0);
  const agents = config.get<unknown>('agents', []);
  return {
    port: Number.isInteger(port) && port >= 0 && port <= 65535 ? port : 0,
    routedAgents: Array.isArray(agents) ? agents.filter((a): a is AgentId => typeof a === 'string' && isAgentId(a)) : [],
    recordPrompts: config.get<boolean>('recordPrompts', false) === true,
  };
}
