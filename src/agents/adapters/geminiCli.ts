/**
 * Gemini CLI: `model.name` and the API-key auth type in `~/.gemini/settings.json` (moved by
 * GEMINI_CLI_HOME); the base URL and key travel as GOOGLE_GEMINI_BASE_URL and GEMINI_API_KEY
 * in VS Code's terminals. Read at start-up only. Speaks the Gemini API only.
 */
import { protocolMismatch, type AgentAdapter, type AgentEnvironment, type Endpoint, type PlanResult } from '../agentAdapter';

const settingsFile = (environment: AgentEnvironment) => {
  const home = environment.env.GEMINI_CLI_HOME?.trim() || environment.home;
  return `${home}/.gemini/settings.json`;
};

/** Gemini's SDK appends /v1beta itself: "https://host/v1beta" → "https://host". */
export function geminiRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1(beta|alpha)?$/, '');
}

export const geminiCli: AgentAdapter = {
  id: 'gemini-cli',
  label: 'Gemini CLI',
  protocols: ['gemini'],
  keyDeliveries: ['env'],

  configFiles: (environment) => [settingsFile(environment)],

  plan(endpoint: Endpoint, environment: AgentEnvironment): PlanResult {
    const mismatch = protocolMismatch(this, endpoint);
    if (mismatch) return mismatch;
    return {
      ok: true,
      plan: {
        agent: 'gemini-cli',
        files: [
          {
            file: settingsFile(environment),
            format: 'json',
            edits: [
              { path: ['model', 'name'], value: endpoint.modelId },
              { path: ['security', 'auth', 'selectedType'], value: 'gemini-api-key' },
            ],
          },
        ],
        terminalEnv: { GOOGLE_GEMINI_BASE_URL: geminiRoot(endpoint.baseUrl) },
        ...(endpoint.key.kind !== 'none' ? { keyVariable: 'GEMINI_API_KEY' } : {}),
        pickup: 'restart',
        notes: ['the endpoint and key are in VS Code terminals’ GOOGLE_GEMINI_BASE_URL and GEMINI_API_KEY', 'Gemini CLI reads its settings at start-up: restart it'],
      },
    };
  },
};
