/** Claude Code, Codex and Gemini CLI adapters on realistic config files, through the real edit layer. */
import * as assert from 'node:assert/strict';
import type { AgentEnvironment, Endpoint } from '../../src/agents/agentAdapter';
import { claudeCode } from '../../src/agents/adapters/claudeCode';
import { codex } from '../../src/agents/adapters/codex';
import { geminiCli } from '../../src/agents/adapters/geminiCli';
import { openClaw } from '../../src/agents/adapters/openClaw';
import { openCode } from '../../src/agents/adapters/openCode';
import { applyAgentPlan, previewAgentPlan, revertFiles } from '../../src/agents/applyPlan';
import { MemoryFileSystem } from '../fakes/memoryFs';

const environment: AgentEnvironment = { home: '/home/dev', env: {} };
const backupDir = '/state/backups';

const anthropic: Endpoint = {
  providerId: 'lab',
  providerName: 'Lab',
  providerType: 'anthropic',
  protocol: 'anthropic-messages',
  baseUrl: 'http://127.0.0.1:4100/v1',
  modelId: 'claude-sonnet-4-5',
  modelName: 'Sonnet',
  contextLimit: 200_000,
  headers: {},
  key: { kind: 'helper', command: '/opt/node', args: ['/ext/dist/keyHelper.js', 'lab'] },
};
const responses: Endpoint = { ...anthropic, providerType: 'openai', protocol: 'openai-responses', baseUrl: 'http://127.0.0.1:4200/v1/', modelId: 'gpt-5-codex', headers: { 'X-Team': 'core' } };
const gemini: Endpoint = { ...anthropic, providerType: 'gemini', protocol: 'gemini', baseUrl: 'http://127.0.0.1:4300/v1beta', modelId: 'gemini-2.5-pro', key: { kind: 'env' } };

function plan(adapter: typeof claudeCode, endpoint: Endpoint, env = environment) {
  const result = adapter.plan(endpoint, env);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.plan;
}

describe('Claude Code adapter', () => {
  const file = '/home/dev/.claude/settings.json';
  const original = `{
  // my settings
  "permissions": { "allow": ["Bash(npm test)"] },
  "env": {
    "DISABLE_TELEMETRY": "1",
    "ANTHROPIC_AUTH_TOKEN": "sk-old-plain"
  }
}
`;

  it('writes the env block and the key helper, keeping comments and other keys', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(file, original);
    await applyAgentPlan(fs, plan(claudeCode, anthropic), backupDir);
    const text = fs.text(file)!;
    assert.match(text, /\/\/ my settings/);
    assert.match(text, /"DISABLE_TELEMETRY": "1"/);
    assert.match(text, /"ANTHROPIC_BASE_URL": "http:\/\/127\.0\.0\.1:4100"/, 'the root, without /v1');
    assert.match(text, /"ANTHROPIC_MODEL": "claude-sonnet-4-5"/);
    assert.match(text, /"apiKeyHelper": "\/opt\/node \/ext\/dist\/keyHelper\.js lab"/);
    assert.doesNotMatch(text, /sk-old-plain/, 'a stale plaintext token would win over the helper');
  });

  it('reverts to the exact original bytes', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(file, original);
    await applyAgentPlan(fs, plan(claudeCode, anthropic), backupDir);
    await applyAgentPlan(fs, plan(claudeCode, { ...anthropic, modelId: 'claude-opus-4-1' }), backupDir);
    await revertFiles(fs, backupDir, claudeCode.configFiles(environment));
    assert.equal(fs.text(file), original);
  });

  it('honours CLAUDE_CONFIG_DIR and creates a missing file', async () => {
    const fs = new MemoryFileSystem();
    const env = { home: '/home/dev', env: { CLAUDE_CONFIG_DIR: '/cfg/claude' } };
    const [change] = await applyAgentPlan(fs, plan(claudeCode, anthropic, env), backupDir);
    assert.equal(change.file, '/cfg/claude/settings.json');
    assert.equal(JSON.parse(fs.text('/cfg/claude/settings.json')!).env.ANTHROPIC_MODEL, 'claude-sonnet-4-5');
  });

  it('writes a plaintext key only when opted in, with mode 0600', async () => {
    const result = plan(claudeCode, { ...anthropic, key: { kind: 'plaintext', value: 'sk-opted-in' } });
    assert.equal(result.files[0].mode, 0o600);
    assert.deepEqual(plan(claudeCode, { ...anthropic, key: { kind: 'env' } }).keyVariable, 'ANTHROPIC_AUTH_TOKEN');
  });

  it('gives the VS Code extension the endpoint but not the model, so a model-only pick needs no settings write', () => {
    const settings = (endpoint: Endpoint) => plan(claudeCode, endpoint).extensionSettings;
    const sonnet = settings({ ...anthropic, headers: { 'X-Team': 'core' } });
    assert.deepEqual(sonnet?.values, { 'claudeCode.disableLoginPrompt': true });
    // ANTHROPIC_MODEL: undefined removes an entry an earlier version wrote.
    assert.deepEqual(sonnet?.namedLists, { 'claudeCode.environmentVariables': { ANTHROPIC_BASE_URL: 'http://127.0.0.1:4100', ANTHROPIC_MODEL: undefined, ANTHROPIC_CUSTOM_HEADERS: 'X-Team: core' } });
    assert.deepEqual(settings({ ...anthropic, modelId: 'claude-opus-4-1', headers: { 'X-Team': 'core' } }), sonnet);
    assert.notDeepEqual(settings({ ...anthropic, baseUrl: 'http://127.0.0.1:4101/v1' }), settings(anthropic), 'another endpoint is written');
  });

  it('refuses a provider that speaks another protocol, naming both', () => {
    const result = claudeCode.plan({ ...anthropic, protocol: 'openai-chat', providerName: 'Local vLLM' }, environment);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, /Claude Code speaks only Anthropic Messages, and “Local vLLM” speaks OpenAI Chat Completions/);
  });

  it('leaves a file that does not parse untouched, naming the line', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(file, '{\n  "env": {\n    "A": 1,,\n  }\n}\n');
    await assert.rejects(applyAgentPlan(fs, plan(claudeCode, anthropic), backupDir), /settings\.json:3:\d+: cannot parse/);
    assert.equal(fs.writes.length, 0);
  });
});

describe('Codex adapter', () => {
  const file = '/home/dev/.codex/config.toml';
  const original = `# my codex config
model = "o3"
approval_policy = "on-request"

[model_providers.azure]
name = "Azure"
base_url = "https://x.openai.azure.com/openai"
env_key = "AZURE_KEY"

[mcp_servers.docs]
command = "docs-mcp"
`;

  it('adds its own provider table and points model and model_provider at it', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(file, original);
    await applyAgentPlan(fs, plan(codex, responses), backupDir);
    const text = fs.text(file)!;
    assert.match(text, /# my codex config/);
    assert.match(text, /^model = "gpt-5-codex"$/m);
    assert.match(text, /^model_provider = "switchboard-lab"$/m);
    assert.match(text, /\[model_providers\.azure\]\nname = "Azure"/, 'other providers stay');
    assert.match(text, /\[mcp_servers\.docs\]/);
    assert.match(text, /wire_api = "responses"/);
    assert.match(text, /base_url = "http:\/\/127\.0\.0\.1:4200\/v1"/);
    assert.match(text, /X-Team/);
    assert.doesNotMatch(text, /\[profiles/);
    assert.doesNotMatch(text, /env_key = "SWITCHBOARD/, 'auth and env_key are never combined');
  });

  it('uses env_key for terminal delivery, and is idempotent', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(file, original);
    const envPlan = plan(codex, { ...responses, key: { kind: 'env' } });
    assert.equal(envPlan.keyVariable, 'SWITCHBOARD_LAB_KEY');
    await applyAgentPlan(fs, envPlan, backupDir);
    const writes = fs.writes.length;
    const [again] = await applyAgentPlan(fs, envPlan, backupDir);
    assert.equal(again.changed, false);
    assert.equal(fs.writes.length, writes, 'applying twice writes once');
    assert.match(fs.text(file)!, /env_key = "SWITCHBOARD_LAB_KEY"/);
  });

  it('refuses chat-only providers', () => {
    assert.equal(codex.plan({ ...responses, protocol: 'openai-chat' }, environment).ok, false);
  });

  it('previews the change without writing', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(file, original);
    const [preview] = await previewAgentPlan(fs, plan(codex, responses), backupDir);
    assert.equal(preview.before, original);
    assert.notEqual(preview.after, original);
    assert.equal(fs.writes.length, 0);
  });
});

describe('Gemini CLI adapter', () => {
  it('sets the model and the API-key auth type, and hands the endpoint to terminals', async () => {
    const fs = new MemoryFileSystem();
    const file = '/g/.gemini/settings.json';
    fs.seed(file, '{\n\t"ui": { "theme": "GitHub" }\n}\n');
    const result = plan(geminiCli, gemini, { home: '/home/dev', env: { GEMINI_CLI_HOME: '/g' } });
    await applyAgentPlan(fs, result, backupDir);
    const parsed = JSON.parse(fs.text(file)!);
    assert.deepEqual(parsed, { ui: { theme: 'GitHub' }, model: { name: 'gemini-2.5-pro' }, security: { auth: { selectedType: 'gemini-api-key' } } });
    assert.match(fs.text(file)!, /^\t"ui"/m, 'tabs stay tabs');
    assert.deepEqual(result.terminalEnv, { GOOGLE_GEMINI_BASE_URL: 'http://127.0.0.1:4300' });
    assert.equal(result.keyVariable, 'GEMINI_API_KEY');
  });
});

describe('OpenCode adapter', () => {
  const file = '/home/dev/.config/opencode/opencode.json';
  const original = `{
  "$schema": "https://opencode.ai/config.json",
  // keep my theme
  "theme": "tokyonight",
  "provider": {
    "mine": { "npm": "@ai-sdk/openai-compatible", "options": { "baseURL": "http://gpu:8000/v1" } }
  }
}
`;

  it('adds its provider with the protocol\'s SDK package and sets the model, keeping the rest', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(file, original);
    const chat: Endpoint = { ...anthropic, protocol: 'openai-chat', providerType: 'openai-compatible', baseUrl: 'http://127.0.0.1:4400/v1', modelId: 'qwen/qwen3-coder:free', key: { kind: 'env' }, headers: { 'X-Team': 'core' } };
    const result = plan(openCode, chat);
    assert.equal(result.keyVariable, 'SWITCHBOARD_LAB_KEY');
    await applyAgentPlan(fs, result, backupDir);
    const text = fs.text(file)!;
    assert.match(text, /\/\/ keep my theme/);
    assert.match(text, /"mine": \{ "npm": "@ai-sdk\/openai-compatible"/, 'the user\'s provider is untouched');
    const parsed = JSON.parse(text.replace(/^\s*\/\/.*$/m, ''));
    assert.equal(parsed.model, 'switchboard-lab/qwen/qwen3-coder:free');
    assert.deepEqual(parsed.provider['switchboard-lab'].options, { baseURL: 'http://127.0.0.1:4400/v1', apiKey: '{env:SWITCHBOARD_LAB_KEY}', headers: { 'X-Team': 'core' } });
    assert.equal(parsed.provider['switchboard-lab'].npm, '@ai-sdk/openai-compatible');
  });

  it('picks the SDK package by protocol', () => {
    const npm = (e: Endpoint) => (plan(openCode, e).files[0].edits[0].value as { npm: string }).npm;
    assert.equal(npm({ ...anthropic, key: { kind: 'env' } }), '@ai-sdk/anthropic');
    assert.equal(npm({ ...gemini }), '@ai-sdk/google');
    assert.equal(npm({ ...responses, key: { kind: 'env' } }), '@ai-sdk/openai');
  });
});

describe('OpenClaw adapter', () => {
  it('writes its provider with the root URL for Anthropic and an env SecretRef, and the primary model', async () => {
    const fs = new MemoryFileSystem();
    const file = '/claw/openclaw.json';
    fs.seed(file, '{\n  "agents": { "defaults": { "workspace": "~/code" } }\n}\n');
    const result = plan(openClaw, { ...anthropic, key: { kind: 'env' } }, { home: '/home/dev', env: { OPENCLAW_CONFIG_PATH: file } });
    assert.equal(result.pickup, 'live');
    await applyAgentPlan(fs, result, backupDir);
    const parsed = JSON.parse(fs.text(file)!);
    assert.equal(parsed.agents.defaults.workspace, '~/code');
    assert.equal(parsed.agents.defaults.model.primary, 'switchboard-lab/claude-sonnet-4-5');
    const block = parsed.models.providers['switchboard-lab'];
    assert.equal(block.baseUrl, 'http://127.0.0.1:4100');
    assert.equal(block.api, 'anthropic-messages');
    assert.deepEqual(block.apiKey, { source: 'env', provider: 'default', id: 'SWITCHBOARD_LAB_KEY' });
  });

  it('keeps /v1 for OpenAI chat and /v1beta for Gemini, under ~/.openclaw by default', () => {
    const chat = plan(openClaw, { ...responses, protocol: 'openai-chat', key: { kind: 'env' } });
    assert.equal(chat.files[0].file, '/home/dev/.openclaw/openclaw.json');
    assert.equal((chat.files[0].edits[0].value as { baseUrl: string; api: string }).baseUrl, 'http://127.0.0.1:4200/v1');
    assert.equal((chat.files[0].edits[0].value as { api: string }).api, 'openai-completions');
    assert.equal((plan(openClaw, gemini).files[0].edits[0].value as { api: string }).api, 'google-generative-ai');
  });

  it('runs the key helper through an exec secret provider of its own, and drops it again for env delivery', async () => {
    const fs = new MemoryFileSystem();
    const file = '/claw/openclaw.json';
    fs.seed(file, '{\n  // my gateway\n  "secrets": { "providers": { "vault": { "source": "exec", "command": "/usr/local/bin/vault-resolver" } } }\n}\n');
    const environment = { home: '/home/dev', env: { OPENCLAW_CONFIG_PATH: file } };
    await applyAgentPlan(fs, plan(openClaw, anthropic, environment), backupDir);
    const withHelper = JSON.parse(fs.text(file)!.replace(/^\s*\/\/.*$/m, ''));
    assert.deepEqual(withHelper.models.providers['switchboard-lab'].apiKey, { source: 'exec', provider: 'switchboard-lab', id: 'apiKey' });
    assert.deepEqual(withHelper.secrets.providers['switchboard-lab'], { source: 'exec', command: '/opt/node', args: ['/ext/dist/keyHelper.js', 'lab'], jsonOnly: false });
    assert.equal(withHelper.secrets.providers.vault.command, '/usr/local/bin/vault-resolver', 'the user\'s own secret provider stays');

    await applyAgentPlan(fs, plan(openClaw, { ...anthropic, key: { kind: 'env' } }, environment), backupDir);
    const withEnv = JSON.parse(fs.text(file)!.replace(/^\s*\/\/.*$/m, ''));
    assert.equal(withEnv.secrets.providers['switchboard-lab'], undefined);
    assert.ok(withEnv.secrets.providers.vault);
    assert.match(fs.text(file)!, /\/\/ my gateway/);
  });
});
