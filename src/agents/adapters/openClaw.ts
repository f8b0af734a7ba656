/**
 * OpenClaw: `$OPENCLAW_CONFIG_PATH` (default ~/.openclaw/openclaw.json). Switchboard owns
 * `models.providers.switchboard-<id>` and `agents.defaults.model.primary`; the gateway watches
 * the file, so a running OpenClaw picks the change up live. We write plain JSON (which is
 * JSON5); a file that uses JSON5-only syntax is refused rather than rewritten.
 */
import type { WireProtocol } from '../../providers/providerTypes';
import { agentProviderId, envKeyVariable, otherProviderKeys, type AgentAdapter, type AgentEnvironment, type Endpoint, type PlanResult } from '../agentAdapter';
import { anthropicRoot } from './claudeCode';

const configFile = (environment: AgentEnvironment) => environment.env.OPENCLAW_CONFIG_PATH?.trim() || `${environment.home}/.openclaw/openclaw.json`;

/** OpenClaw's `api` per protocol; Anthropic's base URL is the root, the others keep /v1 or /v1beta. */
const apiOf: Record<WireProtocol, string> = {
  'openai-chat': 'openai-completions',
  'openai-responses': 'openai-responses',
  'anthropic-messages': 'anthropic-messages',
  gemini: 'google-generative-ai',
};

export const openClaw: AgentAdapter = {
  id: 'openclaw',
  label: 'OpenClaw',
  protocols: ['openai-chat', 'openai-responses', 'anthropic-messages', 'gemini'],
  keyDeliveries: ['helper', 'env', 'plaintext'],

  configFiles: (environment) => [configFile(environment)],

  plan(endpoint: Endpoint, environment: AgentEnvironment): PlanResult {
    const { key } = endpoint;
    const id = agentProviderId(endpoint.providerId);
    const trimmed = endpoint.baseUrl.replace(/\/+$/, '');
    const block: Record<string, unknown> = {
      baseUrl: endpoint.protocol === 'anthropic-messages' ? anthropicRoot(trimmed) : trimmed,
      api: apiOf[endpoint.protocol],
      models: [{ id: endpoint.modelId, name: endpoint.modelName, contextWindow: endpoint.contextLimit, maxTokens: endpoint.maxOutputTokens ?? Math.min(32_000, endpoint.contextLimit) }],
    };
    if (key.kind === 'env') block.apiKey = { source: 'env', provider: 'default', id: envKeyVariable(endpoint) };
    // An exec secret provider of our own per provider; with jsonOnly off, the helper's plain output is the value.
    const secretProvider = key.kind === 'helper' ? { source: 'exec', command: key.command, args: [...key.args], jsonOnly: false } : undefined;
    if (key.kind === 'helper') block.apiKey = { source: 'exec', provider: id, id: 'apiKey' };
    if (key.kind === 'plaintext') block.apiKey = key.value;
    if (Object.keys(endpoint.headers).length) block.headers = { ...endpoint.headers };
    return {
      ok: true,
      plan: {
        agent: 'openclaw',
        files: [
          {
            file: configFile(environment),
            format: 'json',
            edits: [
              { path: ['models', 'providers', id], value: block },
              { path: ['agents', 'defaults', 'model', 'primary'], value: `${id}/${endpoint.modelId}` },
              { path: ['secrets', 'providers', id], value: secretProvider },
            ],
            // A string is a key; the env and exec references are objects.
            staleKeys: otherProviderKeys(['models', 'providers'], id, ['apiKey']),
            ...(key.kind === 'plaintext' ? { mode: 0o600 } : {}),
          },
        ],
        terminalEnv: {},
        ...(key.kind === 'env' ? { keyVariable: envKeyVariable(endpoint) } : {}),
        pickup: 'live',
        notes: [
          key.kind === 'helper' ? 'the key comes from Switchboard’s key helper while VS Code runs' : key.kind === 'env' ? `the key is in VS Code terminals’ ${envKeyVariable(endpoint)}` : key.kind === 'plaintext' ? 'the key is written in openclaw.json (you opted in)' : 'no key is needed',
          'OpenClaw watches its config and reloads it',
        ],
      },
    };
  },
};
