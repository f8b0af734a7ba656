/**
 * Cline CLI (npm `cline`, 3.0): `$CLINE_DIR/data/settings/providers.json` (default ~/.cline;
 * CLINE_DATA_DIR and CLINE_PROVIDER_SETTINGS_PATH move it further), the same shape
 * `cline auth` writes. Switchboard owns `lastUsedProvider` and the entry of the built-in
 * provider that speaks the endpoint's protocol; other entries stay. Cline keeps keys only
 * in this file, so it needs the user's plaintext opt-in; the file is then 0600.
 *
 * We write the file ourselves rather than run `cline auth`: the edit stays small, backed up
 * and revertible, the key never sits in a process's argv (visible in `ps`), and `cline auth`
 * refuses a base URL for Anthropic and Gemini, which Cline's runtime honours. The e2e test
 * shows the real CLI accepts our file.
 *
 * What the CLI needs: strict JSON, checked against its schema as a whole, so one entry
 * without an ISO `updatedAt` makes Cline ignore every provider in the file. We write a fixed
 * `updatedAt`, so applying twice changes nothing; every `cline` run rewrites it and
 * re-serialises the file (unknown keys dropped). Each new run reads the file afresh.
 */
import type { WireProtocol } from '../../providers/providerTypes';
import { protocolMismatch, type AgentAdapter, type AgentEnvironment, type Endpoint, type PlanResult } from '../agentAdapter';
import type { KeyEdit } from '../edit/editTypes';

const providersFile = (environment: AgentEnvironment) => {
  const own = (name: string) => environment.env[name]?.trim();
  const dataDir = own('CLINE_DATA_DIR') || `${own('CLINE_DIR') || `${environment.home}/.cline`}/data`;
  return own('CLINE_PROVIDER_SETTINGS_PATH') || `${dataDir}/settings/providers.json`;
};

/**
 * Cline's built-in provider per protocol; custom ids need a second registry file. Each takes
 * the base URL as our types mean it (Anthropic's ends in /v1, Gemini's in /v1beta).
 */
const clineProvider: Record<WireProtocol, string> = {
  'openai-chat': 'openai-compatible',
  'openai-responses': 'openai-native',
  'anthropic-messages': 'anthropic',
  gemini: 'gemini',
};

/** Any valid ISO date satisfies Cline's schema; a fixed one keeps the edit idempotent. */
export const clineUpdatedAt = '1970-01-01T00:00:00.000Z';

export const cline: AgentAdapter = {
  id: 'cline',
  label: 'Cline',
  protocols: ['openai-chat', 'openai-responses', 'anthropic-messages', 'gemini'],
  keyDeliveries: ['plaintext'],

  configFiles: (environment) => [providersFile(environment)],

  plan(endpoint: Endpoint, environment: AgentEnvironment): PlanResult {
    const mismatch = protocolMismatch(this, endpoint);
    if (mismatch) return mismatch;
    const { key } = endpoint;
    // planAgent never hands us env or helper: Cline has nowhere to read them from.
    if (key.kind === 'env' || key.kind === 'helper') return { ok: false, reason: 'Cline keeps its key only in its providers file: it needs your opt-in for plaintext.' };
    const id = clineProvider[endpoint.protocol];
    const entry = (...path: string[]) => (value: unknown): KeyEdit => ({ path: ['providers', id, ...path], value });
    const setting = (name: string) => entry('settings', name);
    const positive = (n: number | undefined) => (n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined);
    const edits: KeyEdit[] = [
      { path: ['version'], value: 1 },
      { path: ['lastUsedProvider'], value: id },
      setting('provider')(id),
      setting('apiKey')(key.kind === 'plaintext' ? key.value : undefined),
      setting('model')(endpoint.modelId),
      setting('baseUrl')(endpoint.baseUrl.replace(/\/+$/, '')),
      setting('headers')(Object.keys(endpoint.headers).length ? { ...endpoint.headers } : undefined),
      setting('contextWindow')(positive(endpoint.contextLimit)),
      setting('maxTokens')(positive(endpoint.maxOutputTokens)),
      entry('updatedAt')(clineUpdatedAt),
      entry('tokenSource')('manual'),
    ];
    return {
      ok: true,
      plan: {
        agent: 'cline',
        files: [{ file: providersFile(environment), format: 'json', edits, mode: 0o600 }],
        terminalEnv: {},
        pickup: 'new-session',
        notes: [
          key.kind === 'plaintext' ? 'the key is written in Cline’s providers.json (you opted in)' : 'no key is needed',
          'each new Cline session reads the providers file; running sessions keep their model',
        ],
      },
    };
  },
};
