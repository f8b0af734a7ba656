/**
 * Codex CLI and IDE: `$CODEX_HOME/config.toml`, read at start-up only. Switchboard owns the
 * top-level `model` and `model_provider`, and one `[model_providers.switchboard-<id>]` table
 * per provider; other providers and every other key stay as they are. Codex speaks the
 * OpenAI Responses API only, and refuses files with `[profiles]`, which we never write.
 */
import { agentHome, agentProviderId, envKeyVariable, protocolMismatch, type AgentAdapter, type AgentEnvironment, type Endpoint, type PlanResult } from '../agentAdapter';
import type { KeyEdit } from '../edit/editTypes';

const configFile = (environment: AgentEnvironment) => `${agentHome(environment, 'CODEX_HOME', '.codex')}/config.toml`;


export const codex: AgentAdapter = {
  id: 'codex',
  label: 'Codex CLI',
  protocols: ['openai-responses'],
  keyDeliveries: ['helper', 'env'],

  configFiles: (environment) => [configFile(environment)],

  plan(endpoint: Endpoint, environment: AgentEnvironment): PlanResult {
    const mismatch = protocolMismatch(this, endpoint);
    if (mismatch) return mismatch;
    const id = agentProviderId(endpoint.providerId);
    const table = (name: string, value: unknown): KeyEdit => ({ path: ['model_providers', id, name], value });
    const { key } = endpoint;
    const edits: KeyEdit[] = [
      { path: ['model'], value: endpoint.modelId },
      { path: ['model_provider'], value: id },
      table('name', endpoint.providerName),
      table('base_url', endpoint.baseUrl.replace(/\/+$/, '')),
      table('wire_api', 'responses'),
      table('http_headers', Object.keys(endpoint.headers).length ? { ...endpoint.headers } : undefined),
      // `auth` and `env_key` cannot be combined: set exactly one.
      table('auth', key.kind === 'helper' ? { command: key.command, args: [...key.args], timeout_ms: 5000 } : undefined),
      table('env_key', key.kind === 'env' ? envKeyVariable(endpoint) : undefined),
    ];
    return {
      ok: true,
      plan: {
        agent: 'codex',
        files: [{ file: configFile(environment), format: 'toml', edits }],
        terminalEnv: {},
        ...(key.kind === 'env' ? { keyVariable: envKeyVariable(endpoint) } : {}),
        pickup: 'restart',
        notes: [
          key.kind === 'helper' ? 'the key comes from Switchboard’s key helper while VS Code runs' : key.kind === 'env' ? `the key is in VS Code terminals’ ${envKeyVariable(endpoint)}` : 'no key is needed',
          'Codex reads its config at start-up: restart it',
        ],
      },
    };
  },
};
