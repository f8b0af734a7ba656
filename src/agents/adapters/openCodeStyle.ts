/**
 * What OpenCode and its fork Kilo share: a JSONC config with a `provider` map whose entries
 * name an AI SDK package, and a top-level `model` of the form "<provider>/<model>".
 * Switchboard owns one entry, `switchboard-<id>`, and `model`. The key is `{env:VAR}`,
 * resolved from VS Code's terminals, unless the user opted in to plaintext.
 */
import type { AgentId } from '../../providers/agentCatalog';
import type { WireProtocol } from '../../providers/providerTypes';
import { agentProviderId, envKeyVariable, otherProviderKeys, type AgentAdapter, type AgentEnvironment, type Endpoint, type PlanResult, type Pickup } from '../agentAdapter';

/** The AI SDK package each protocol loads; each takes the base URL as our types mean it. */
const sdkPackage: Record<WireProtocol, string> = {
  'openai-chat': '@ai-sdk/openai-compatible',
  'openai-responses': '@ai-sdk/openai',
  'anthropic-messages': '@ai-sdk/anthropic',
  gemini: '@ai-sdk/google',
};

export interface OpenCodeStyleAgent {
  readonly id: AgentId;
  readonly label: string;
  readonly configFile: (environment: AgentEnvironment) => string;
  readonly pickup: Pickup;
  readonly notes: readonly string[];
}

/** An adapter for an agent that reads OpenCode's config format. */
export function openCodeStyle(agent: OpenCodeStyleAgent): AgentAdapter {
  return {
    id: agent.id,
    label: agent.label,
    protocols: ['openai-chat', 'openai-responses', 'anthropic-messages', 'gemini'],
    keyDeliveries: ['env', 'plaintext'],

    configFiles: (environment) => [agent.configFile(environment)],

    plan(endpoint: Endpoint, environment: AgentEnvironment): PlanResult {
      const { key } = endpoint;
      const id = agentProviderId(endpoint.providerId);
      const apiKey = key.kind === 'env' ? `{env:${envKeyVariable(endpoint)}}` : key.kind === 'plaintext' ? key.value : undefined;
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
          agent: agent.id,
          files: [
            {
              file: agent.configFile(environment),
              format: 'json',
              edits: [
                { path: ['provider', id], value: block },
                { path: ['model'], value: `${id}/${endpoint.modelId}` },
              ],
              // `{env:…}` is a reference; any other string is a key.
              staleKeys: otherProviderKeys(['provider'], id, ['options', 'apiKey'], (v) => typeof v === 'string' && !v.startsWith('{env:')),
              ...(key.kind === 'plaintext' ? { mode: 0o600 } : {}),
            },
          ],
          terminalEnv: {},
          ...(key.kind === 'env' ? { keyVariable: envKeyVariable(endpoint) } : {}),
          pickup: agent.pickup,
          notes: [...agent.notes],
        },
      };
    },
  };
}
