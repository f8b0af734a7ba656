/** The Kilo adapter (tested against @kilocode/cli 7.7.7) on realistic kilo.jsonc files, through the real edit layer. */
import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import type { AgentEnvironment, Endpoint } from '../../src/agents/agentAdapter';
import { kilo } from '../../src/agents/adapters/kilo';
import { openCode } from '../../src/agents/adapters/openCode';
import { applyAgentPlan, revertFiles } from '../../src/agents/applyPlan';
import { chatEndpoint } from '../fakes/endpoints';
import { MemoryFileSystem } from '../fakes/memoryFs';

const environment: AgentEnvironment = { home: '/home/dev', env: {} };
const backupDir = '/state/backups';
const file = '/home/dev/.config/kilo/kilo.jsonc';

const chat: Endpoint = chatEndpoint({ modelId: 'qwen/qwen3-coder:free' });

/** What Kilo writes on first run, after the user added a provider, a theme and an MCP server. */
const original = `{
  "$schema": "https://app.kilo.ai/config.json",
  // my model, until Switchboard takes over
  "model": "mine/llama",
  "provider": {
    "mine": {
      "npm": "@ai-sdk/openai-compatible",
      "options": { "baseURL": "http://gpu:8000/v1" },
      "models": { "llama": {} },
    },
  },
  "mcp": { "docs": { "type": "local", "command": ["docs-mcp"] } },
  "experimental": { "someFutureKey": true },
}
`;

function plan(endpoint: Endpoint = chat, env = environment) {
  const result = kilo.plan(endpoint, env);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.plan;
}

const parsed = (text: string) => parse(text, [], { allowTrailingComma: true }) as { model: string; provider: Record<string, { npm: string; options: Record<string, unknown>; models: Record<string, unknown> }>; experimental: unknown };

describe('Kilo adapter', () => {
  it('adds its provider and sets the model in kilo.jsonc, keeping comments, trailing commas and the user\'s provider', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(file, original);
    const result = plan();
    assert.equal(result.agent, 'kilo');
    assert.equal(result.keyVariable, 'SWITCHBOARD_LAB_KEY');
    assert.equal(result.pickup, 'restart');
    await applyAgentPlan(fs, result, backupDir);
    const text = fs.text(file)!;
    assert.match(text, /\/\/ my model, until Switchboard takes over/);
    assert.match(text, /"models": \{ "llama": \{\} \},/, 'the user\'s provider keeps its bytes');
    const config = parsed(text);
    assert.equal(config.model, 'switchboard-lab/qwen/qwen3-coder:free');
    assert.deepEqual(config.provider['switchboard-lab']!.options, { baseURL: 'http://127.0.0.1:4400/v1', apiKey: '{env:SWITCHBOARD_LAB_KEY}' });
    assert.equal(config.provider['switchboard-lab']!.npm, '@ai-sdk/openai-compatible');
    assert.deepEqual(config.experimental, { someFutureKey: true });
  });

  it('plans exactly what OpenCode gets, in Kilo\'s own file', () => {
    const kiloPlan = plan();
    const openCodePlan = openCode.plan(chat, environment);
    assert.ok(openCodePlan.ok);
    assert.deepEqual(kiloPlan.files[0]!.edits, openCodePlan.plan.files[0]!.edits);
    assert.equal(openCodePlan.plan.files[0]!.file, '/home/dev/.config/opencode/opencode.json');
  });

  it('follows XDG_CONFIG_HOME', () => {
    assert.deepEqual(kilo.configFiles({ home: '/home/dev', env: { XDG_CONFIG_HOME: '/xdg' } }), ['/xdg/kilo/kilo.jsonc']);
  });

  it('applying twice changes nothing the second time; revert gives the original bytes', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(file, original);
    await applyAgentPlan(fs, plan(), backupDir);
    const once = fs.text(file);
    const writes = fs.writes.length;
    await applyAgentPlan(fs, plan(), backupDir);
    assert.equal(fs.text(file), once);
    assert.equal(fs.writes.length, writes);
    await applyAgentPlan(fs, plan({ ...chat, modelId: 'other' }), backupDir);
    await revertFiles(fs, backupDir, kilo.configFiles(environment));
    assert.equal(fs.text(file), original);
  });

  it('keeps CRLF line endings', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(file, original.replace(/\n/g, '\r\n'));
    await applyAgentPlan(fs, plan(), backupDir);
    const text = fs.text(file)!;
    assert.doesNotMatch(text.replace(/\r\n/g, ''), /\n/);
    assert.equal(parsed(text).model, 'switchboard-lab/qwen/qwen3-coder:free');
  });

  it('creates a missing file, and fills an empty one', async () => {
    for (const start of [undefined, '', '// nothing yet\n']) {
      const fs = new MemoryFileSystem();
      if (start !== undefined) fs.seed(file, start);
      await applyAgentPlan(fs, plan(), backupDir);
      const text = fs.text(file)!;
      assert.equal(parsed(text).model, 'switchboard-lab/qwen/qwen3-coder:free');
      if (start) assert.match(text, /\/\/ nothing yet/);
    }
  });

  it('leaves a file that does not parse untouched, naming the file and line', async () => {
    const fs = new MemoryFileSystem();
    const broken = '{\n  "model": "mine/llama",\n  "provider": {,\n}\n';
    fs.seed(file, broken);
    await assert.rejects(applyAgentPlan(fs, plan(), backupDir), /kilo\.jsonc:3:\d+: cannot parse/);
    assert.equal(fs.text(file), broken);
    assert.equal(fs.writes.length, 0);
  });

  it('writes a plaintext key only when opted in, with mode 0600', () => {
    const opted = plan({ ...chat, key: { kind: 'plaintext', value: 'sk-opted-in' } });
    assert.equal(opted.files[0]!.mode, 0o600);
    assert.equal((opted.files[0]!.edits[0]!.value as { options: { apiKey: string } }).options.apiKey, 'sk-opted-in');
    assert.equal(opted.keyVariable, undefined);
  });
});
