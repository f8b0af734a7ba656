/**
 * Qwen Code (npm `@qwen-code/qwen-code`, 0.24): `$QWEN_HOME/settings.json` (default
 * ~/.qwen), JSONC. Switchboard owns one custom provider, `modelProviders.switchboard-<id>`
 * (a one-model list carrying the base URL) with its `providerProtocol` mapping, plus
 * `model.name`, `model.baseUrl` and `security.auth.selectedType`; other providers and keys
 * stay. The provider's `envKey` names SWITCHBOARD_<ID>_KEY, so the key never goes in the
 * OPENAI_API_KEY other tools read; with the opt-in it sits in the file's own `env` block,
 * where Qwen's own setup keeps keys. Auth and protocol are read at start-up only.
 * Qwen adds `"$version"` to the file on its first run; revert still gives the original.
 */
import type { WireProtocol } from '../../providers/providerTypes';
import { agentHome, agentProviderId, keyVariableFor, type AgentAdapter, type AgentEnvironment, type Endpoint, type PlanResult } from '../agentAdapter';
import { anthropicRoot } from './claudeCode';
import { geminiRoot } from './geminiCli';

const settingsFile = (environment: AgentEnvironment) => `${agentHome(environment, 'QWEN_HOME', '.qwen')}/settings.json`;

/** Qwen's auth type per protocol; Responses is its OpenAI protocol with `wireApi: "responses"`. */
const authType: Record<WireProtocol, string> = {
  'openai-chat': 'openai',
  'openai-responses': 'openai',
  'anthropic-messages': 'anthropic',
  gemini: 'gemini',
};

/** Qwen's Anthropic and Gemini SDKs append /v1 and /v1beta themselves; OpenAI's keeps /v1. */
function qwenBaseUrl(endpoint: Endpoint): string {
  const trimmed = endpoint.baseUrl.replace(/\/+$/, '');
  if (endpoint.protocol === 'anthropic-messages') return anthropicRoot(trimmed);
  if (endpoint.protocol === 'gemini') return geminiRoot(trimmed);
  return trimmed;
}

/** Qwen refuses to start without a key, even for a local server that takes none. */
export const keylessPlaceholder = 'no-key-needed';

export const qwenCode: AgentAdapter = {
  id: 'qwen-code',
  label: 'Qwen Code',
  protocols: ['openai-chat', 'openai-responses', 'anthropic-messages', 'gemini'],
  keyDeliveries: ['env', 'plaintext'],

  configFiles: (environment) => [settingsFile(environment)],

  plan(endpoint: Endpoint, environment: AgentEnvironment): PlanResult {
    const { key } = endpoint;
    const id = agentProviderId(endpoint.providerId);
    const variable = keyVariableFor(endpoint.providerId);
    const baseUrl = qwenBaseUrl(endpoint);
    const generationConfig: Record<string, unknown> = { contextWindowSize: endpoint.contextLimit };
    if (Object.keys(endpoint.headers).length) generationConfig.customHeaders = { ...endpoint.headers };
    const model: Record<string, unknown> = { id: endpoint.modelId, name: endpoint.modelName, baseUrl, envKey: variable };
    if (endpoint.protocol === 'openai-chat') model.wireApi = 'chat-completions';
    if (endpoint.protocol === 'openai-responses') model.wireApi = 'responses';
    model.generationConfig = generationConfig;
    return {
      ok: true,
      plan: {
        agent: 'qwen-code',
        files: [
          {
            file: settingsFile(environment),
            format: 'json',
            edits: [
              { path: ['modelProviders', id], value: [model] },
              { path: ['providerProtocol', id], value: authType[endpoint.protocol] },
              { path: ['security', 'auth', 'selectedType'], value: authType[endpoint.protocol] },
              { path: ['model', 'name'], value: endpoint.modelId },
              // Picks our entry when another provider lists the same model id.
              { path: ['model', 'baseUrl'], value: baseUrl },
              // One key source at a time: drop a plaintext key once the terminal carries it.
              { path: ['env', variable], value: key.kind === 'plaintext' ? key.value : key.kind === 'none' ? keylessPlaceholder : undefined },
            ],
            staleKeys: { under: ['env'], owned: (name) => /^SWITCHBOARD_\w+_KEY$/.test(name) && name !== variable, at: [], isKey: (v) => typeof v === 'string' && v !== keylessPlaceholder },
            ...(key.kind === 'plaintext' ? { mode: 0o600 } : {}),
          },
        ],
        terminalEnv: {},
        ...(key.kind === 'env' ? { keyVariable: variable } : {}),
        pickup: 'restart',
        notes: [
          key.kind === 'env' ? `the key is in VS Code terminals’ ${variable}` : key.kind === 'plaintext' ? 'the key is written in Qwen Code’s settings.json (you opted in)' : 'no key is needed',
          'Qwen Code reads its auth settings at start-up: restart it',
        ],
      },
    };
  },
};
