/**
 * OpenCode: `$XDG_CONFIG_HOME/opencode/opencode.json` (JSONC). Switchboard owns one entry of
 * the `provider` map, `switchboard-<id>`, whose `npm` package matches the protocol, and the
 * top-level `model` ("switchboard-<id>/<model>"). Read at start-up only. The key is
 * `{env:VAR}`, resolved from VS Code's terminals, unless the user opted in to plaintext.
 */
import type { WireProtocol } from '../../providers/providerTypes';
import { agentHome, agentProviderId, keyVariableFor, type AgentAdapter, type AgentEnvironment, type Endpoint, type PlanResult } from '../agentAdapter';

const configFile = (environment: AgentEnvironment) => `${agentHome(environment, 'XDG_CONFIG_HOME', '.config')}/opencode/opencode.json`;

/** The AI SDK package OpenCode loads for each protocol; each takes the base URL as our types mean it. */
const sdkPackage: Record<WireProtocol, string> = {
  'openai-chat': '@ai-sdk/openai-compatible',
  'openai-responses': '@ai-sdk/openai',
  'anthropic-messages': '@ai-sdk/anthropic',
  gemini: '@ai-sdk/google',
};

export const openCode: AgentAdapter = {
  id: 'opencode',
  label: 'OpenCode',
  protocols: ['openai-chat', 'openai-responses', 'anthropic-messages', 'gemini'],
  keyDeliveries: ['env', 'plaintext'],

  configFiles: (environment) => [configFile(environment)],

  plan(endpoint: Endpoint, environment: AgentEnvironment): PlanResult {
    const { key } = endpoint;
    const id = agentProviderId(endpoint.providerId);
    const apiKey = key.kind === 'env' ? `{env:${keyVariableFor(endpoint.providerId)}}` : key.kind === 'plaintext' ? key.value : undefined;
    const options: Record<string, unknown> = { baseURL: endpoint.baseUrl.replace(/\/+$/, '') };
    if (apiKey !== undefined) options.apiKey = apiKey;
    if (Object.keys(endpoint.headers).length) options.headers = { ...endpoint.headers };
    const block = {
      npm: sdkPackage[endpoint.protocol],
      name: endpoint.providerName,
      options,
      models: {
        [endpoint.modelId]: {
          name: endpoint.modelName,
          limit: { context: endpoint.contextLimit, output: endpoint.maxOutputTokens ?? Math.min(32_000, endpoint.contextLimit) },
        },
      },
    };
    return {
      ok: true,
      plan: {
        agent: 'opencode',
        files: [
          {
            file: configFile(environment),
            format: 'json',
            edits: [
              { path: ['provider', id], value: block },
              { path: ['model'], value: `${id}/${endpoint.modelId}` },
            ],
            ...(key.kind === 'plaintext' ? { mode: 0o600 } : {}),
          },
        ],
        terminalEnv: {},
        ...(key.kind === 'env' ? { keyVariable: keyVariableFor(endpoint.providerId) } : {}),
        pickup: 'restart',
        notes: ['OpenCode reads its config at start-up: restart it'],
      },
    };
  },
};
