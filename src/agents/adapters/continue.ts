/**
 * Continue (VS Code extension and `cn` CLI): `$CONTINUE_GLOBAL_DIR/config.yaml` (default
 * ~/.continue). Switchboard owns one entry of `models:`, found by its name prefix
 * "Switchboard: ", so the user's models keep their places; a new entry goes last. A fresh file
 * gets the top-level `name` and `version` Continue requires. The entry is made the selected
 * model in `index/globalContext.json`: `cliSelectedModel` for `cn`, and the "local" profile's
 * chat/edit/apply selection for the extension; without a selection both take the first chat
 * model. The extension polls config.yaml every second; `cn` reads it at start-up.
 */
import { agentHome, envKeyVariable, protocolMismatch, type AgentAdapter, type AgentEnvironment, type Endpoint, type PlanResult } from '../agentAdapter';
import type { KeyEdit } from '../edit/editTypes';

const continueHome = (environment: AgentEnvironment) => agentHome(environment, 'CONTINUE_GLOBAL_DIR', '.continue');
const configFile = (environment: AgentEnvironment) => `${continueHome(environment)}/config.yaml`;
const globalContextFile = (environment: AgentEnvironment) => `${continueHome(environment)}/index/globalContext.json`;

/** What marks Switchboard's entry; the rest of the name says which model it is. */
export const entryPrefix = 'Switchboard: ';

/** Continue's own profile id for the global config.yaml. */
const localProfile = 'local';
const roles = ['chat', 'edit', 'apply'] as const;

/** Continue's provider per protocol; Anthropic and Gemini resolve paths against apiBase, so it ends in "/". */
function providerFor(endpoint: Endpoint): { provider: string; apiBase: string } | undefined {
  const trimmed = endpoint.baseUrl.replace(/\/+$/, '');
  switch (endpoint.protocol) {
    case 'openai-chat':
      return { provider: 'openai', apiBase: trimmed };
    // api.openai.com serves Chat Completions as well; a Responses-only gateway would not.
    case 'openai-responses':
      return endpoint.providerType === 'openai' ? { provider: 'openai', apiBase: trimmed } : undefined;
    case 'anthropic-messages':
      return { provider: 'anthropic', apiBase: `${trimmed}/` };
    case 'gemini':
      return { provider: 'gemini', apiBase: `${trimmed}/` };
  }
}

export const continueAgent: AgentAdapter = {
  id: 'continue',
  label: 'Continue',
  protocols: ['openai-chat', 'openai-responses', 'anthropic-messages', 'gemini'],
  keyDeliveries: ['env', 'plaintext'],

  configFiles: (environment) => [globalContextFile(environment), configFile(environment)],

  plan(endpoint: Endpoint, environment: AgentEnvironment): PlanResult {
    const mismatch = protocolMismatch(this, endpoint);
    if (mismatch) return mismatch;
    const target = providerFor(endpoint);
    if (!target) return { ok: false, reason: `Continue sends OpenAI Chat Completions, and “${endpoint.providerName}” speaks only OpenAI Responses; its config was left unchanged.` };
    const { key } = endpoint;
    const variable = envKeyVariable(endpoint);
    const name = `${entryPrefix}${endpoint.providerName} / ${endpoint.modelName}`;
    const entry: Record<string, unknown> = { name, provider: target.provider, model: endpoint.modelId, apiBase: target.apiBase };
    // Continue resolves secrets from ~/.continue/.env, the workspace's .env files and the process environment.
    if (key.kind === 'env') entry.apiKey = `\${{ secrets.${variable} }}`;
    if (key.kind === 'plaintext') entry.apiKey = key.value;
    entry.roles = [...roles];
    entry.defaultCompletionOptions = { contextLength: endpoint.contextLimit, maxTokens: endpoint.maxOutputTokens ?? Math.min(32_000, endpoint.contextLimit) };
    if (Object.keys(endpoint.headers).length) entry.requestOptions = { headers: { ...endpoint.headers } };
    const config: KeyEdit[] = [
      { path: ['name'], value: 'Local Config', ifMissing: true },
      { path: ['version'], value: '1.0.0', ifMissing: true },
      { path: ['schema'], value: 'v1', ifMissing: true },
      { path: ['models', { key: 'name', prefix: entryPrefix }], value: entry },
    ];
    const selection: KeyEdit[] = [
      { path: ['cliSelectedModel'], value: name },
      ...roles.map((role): KeyEdit => ({ path: ['selectedModelsByProfileId', localProfile, role], value: name })),
    ];
    return {
      ok: true,
      plan: {
        agent: 'continue',
        // The selection first: the extension reloads on the config change and must find it then.
        files: [
          { file: globalContextFile(environment), format: 'json', edits: selection },
          { file: configFile(environment), format: 'yaml', edits: config, ...(key.kind === 'plaintext' ? { mode: 0o600 } : {}) },
        ],
        terminalEnv: {},
        ...(key.kind === 'env' ? { keyVariable: variable } : {}),
        pickup: 'live',
        notes: [
          key.kind === 'env'
            ? `the key is \${{ secrets.${variable} }}: cn finds it in VS Code terminals; the extension looks in ~/.continue/.env, then its own environment`
            : key.kind === 'plaintext'
              ? 'the key is written in config.yaml (you opted in)'
              : 'no key is needed',
          'the Continue extension reloads config.yaml within a second; cn reads it at start-up',
        ],
      },
    };
  },
};
