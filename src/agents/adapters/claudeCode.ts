/**
 * Claude Code (CLI and VS Code extension): the `env` block of settings.json, which it
 * watches, so the endpoint applies to running sessions and the model to new ones.
 * Speaks Anthropic Messages only; ANTHROPIC_BASE_URL is the root the CLI appends /v1/messages to.
 */
import { agentHome, protocolMismatch, type AgentAdapter, type AgentEnvironment, type Endpoint, type PlanResult } from '../agentAdapter';
import type { KeyEdit } from '../edit/editTypes';
import { shellQuote } from '../shellQuote';

const settingsFile = (environment: AgentEnvironment) => `${agentHome(environment, 'CLAUDE_CONFIG_DIR', '.claude')}/settings.json`;

/** "https://api.anthropic.com/v1" → "https://api.anthropic.com". */
export function anthropicRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

export const claudeCode: AgentAdapter = {
  id: 'claude-code',
  label: 'Claude Code',
  protocols: ['anthropic-messages'],
  keyDeliveries: ['helper', 'env', 'plaintext'],

  configFiles: (environment) => [settingsFile(environment)],

  plan(endpoint: Endpoint, environment: AgentEnvironment): PlanResult {
    const mismatch = protocolMismatch(this, endpoint);
    if (mismatch) return mismatch;
    const env = (name: string, value: string | undefined): KeyEdit => ({ path: ['env', name], value });
    const headers = Object.entries(endpoint.headers).map(([name, value]) => `${name}: ${value}`).join('\n');
    const { key } = endpoint;
    const edits: KeyEdit[] = [
      env('ANTHROPIC_BASE_URL', anthropicRoot(endpoint.baseUrl)),
      env('ANTHROPIC_MODEL', endpoint.modelId),
      env('ANTHROPIC_CUSTOM_HEADERS', headers || undefined),
      // One key source at a time: a stale token in the file would win over the helper.
      env('ANTHROPIC_AUTH_TOKEN', key.kind === 'plaintext' ? key.value : undefined),
      { path: ['apiKeyHelper'], value: key.kind === 'helper' ? [key.command, ...key.args].map(shellQuote).join(' ') : undefined },
    ];
    const notes = [
      key.kind === 'helper' ? 'the key comes from Switchboard’s key helper while VS Code runs' : key.kind === 'env' ? 'the key is in VS Code terminals’ ANTHROPIC_AUTH_TOKEN' : key.kind === 'plaintext' ? 'the key is written in settings.json (you opted in)' : 'no key is needed',
      'running sessions pick up the endpoint; the model applies to new sessions',
    ];
    return {
      ok: true,
      plan: {
        agent: 'claude-code',
        files: [{ file: settingsFile(environment), format: 'json', edits, ...(key.kind === 'plaintext' ? { mode: 0o600 } : {}) }],
        // The VS Code extension decides on its login screen from its own environment before it
        // starts the CLI, so the endpoint goes there too. The model does not: the CLI takes
        // settings.json's `env` over its process environment, and leaving it out spares a
        // model-only pick VS Code's slow settings write (an earlier version's entry is removed).
        extensionSettings: {
          extensionId: 'anthropic.claude-code',
          values: { 'claudeCode.disableLoginPrompt': true },
          namedLists: { 'claudeCode.environmentVariables': { ANTHROPIC_BASE_URL: anthropicRoot(endpoint.baseUrl), ANTHROPIC_MODEL: undefined, ANTHROPIC_CUSTOM_HEADERS: headers || undefined } },
        },
        terminalEnv: {},
        ...(key.kind === 'env' ? { keyVariable: 'ANTHROPIC_AUTH_TOKEN' } : {}),
        pickup: 'new-session',
        notes,
      },
    };
  },
};
