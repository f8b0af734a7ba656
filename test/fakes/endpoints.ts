/** Endpoints as the switch planner builds them, for the adapter tests. */
import type { Endpoint } from '../../src/agents/agentAdapter';

/** An OpenAI-compatible server on loopback with one model; override what a test is about. */
export function chatEndpoint(overrides: Partial<Endpoint> = {}): Endpoint {
  return {
    providerId: 'lab',
    providerName: 'Lab',
    providerType: 'openai-compatible',
    protocol: 'openai-chat',
    baseUrl: 'http://127.0.0.1:4400/v1/',
    modelId: 'qwen3-coder',
    modelName: 'Qwen3 Coder',
    contextLimit: 128_000,
    headers: {},
    key: { kind: 'env' },
    ...overrides,
  };
}
