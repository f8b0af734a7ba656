/** Qwen Code adapter (tested against @qwen-code/qwen-code 0.24.4) on realistic settings.json files. */
import * as assert from 'node:assert/strict';
import type { AgentEnvironment, Endpoint } from '../../src/agents/agentAdapter';
import { keylessPlaceholder, qwenCode } from '../../src/agents/adapters/qwenCode';
import { applyAgentPlan, revertFiles } from '../../src/agents/applyPlan';
import { parseJson } from '../../src/agents/edit/jsonEdit';
import { planSwitch } from '../../src/agents/switchPlan';
import { documentWith, model, provider } from '../fakes/builders';
import { chatEndpoint } from '../fakes/endpoints';
import { MemoryFileSystem } from '../fakes/memoryFs';

const environment: AgentEnvironment = { home: '/home/dev', env: {} };
const file = '/home/dev/.qwen/settings.json';
const backupDir = '/state/backups';

const chat: Endpoint = chatEndpoint({ modelId: 'qwen3-coder-plus', modelName: 'Qwen3 Coder Plus', contextLimit: 1_000_000 });

/** A settings file after Qwen's own /auth setup, with a comment and keys we do not own. */
const original = `{
  // my Qwen settings
  "$version": 4,
  "ui": { "theme": "Qwen Dark" },
  "security": {
    "auth": { "selectedType": "qwen-oauth" },
    "folderTrust": { "enabled": false }
  },
  "model": { "name": "coder-model" },
  "modelProviders": {
    "openai": [
      { "id": "qwen3-coder-plus", "name": "DashScope", "baseUrl": "https://dashscope.aliyuncs.com/compatible-mode/v1", "envKey": "DASHSCOPE_API_KEY" }
    ]
  },
  "env": { "DASHSCOPE_API_KEY": "sk-dash-mine" },
}
`;

function plan(endpoint: Endpoint, env = environment) {
  const result = qwenCode.plan(endpoint, env);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.plan;
}

const parsed = (fs: MemoryFileSystem, at = file) => parseJson(fs.text(at)!, at) as Record<string, any>;

describe('Qwen Code adapter', () => {
  it('adds its own provider with an envKey, selects it, and keeps comments and other providers', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(file, original);
    const p = plan(chat);
    assert.equal(p.keyVariable, 'SWITCHBOARD_LAB_KEY');
    assert.deepEqual(p.terminalEnv, {}, 'base URL and model live in the file, so any terminal works');
    assert.equal(p.pickup, 'restart');
    await applyAgentPlan(fs, p, backupDir);
    const text = fs.text(file)!;
    assert.match(text, /\/\/ my Qwen settings/);
    const json = parsed(fs);
    assert.deepEqual(json.modelProviders['switchboard-lab'], [
      { id: 'qwen3-coder-plus', name: 'Qwen3 Coder Plus', baseUrl: 'http://127.0.0.1:4400/v1', envKey: 'SWITCHBOARD_LAB_KEY', wireApi: 'chat-completions', generationConfig: { contextWindowSize: 1_000_000 } },
    ]);
    assert.equal(json.providerProtocol['switchboard-lab'], 'openai');
    assert.equal(json.security.auth.selectedType, 'openai');
    assert.deepEqual(json.security.folderTrust, { enabled: false });
    assert.deepEqual(json.model, { name: 'qwen3-coder-plus', baseUrl: 'http://127.0.0.1:4400/v1' }, 'model.baseUrl picks ours over DashScope\'s same model id');
    assert.equal(json.modelProviders.openai[0].envKey, 'DASHSCOPE_API_KEY', 'the user\'s provider is untouched');
    assert.deepEqual(json.env, { DASHSCOPE_API_KEY: 'sk-dash-mine' });
    assert.equal(json.$version, 4);
    assert.doesNotMatch(text, /OPENAI_API_KEY/, 'never the variable other tools read');
  });

  it('applies twice as once and reverts to the original bytes', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(file, original);
    await applyAgentPlan(fs, plan(chat), backupDir);
    const writes = fs.writes.length;
    const [again] = await applyAgentPlan(fs, plan(chat), backupDir);
    assert.equal(again.changed, false);
    assert.equal(fs.writes.length, writes);
    await applyAgentPlan(fs, plan({ ...chat, modelId: 'other', key: { kind: 'plaintext', value: 'sk-opted-in' } }), backupDir);
    await revertFiles(fs, backupDir, qwenCode.configFiles(environment));
    assert.equal(fs.text(file), original);
  });

  it('keeps CRLF line endings and tabs', async () => {
    const fs = new MemoryFileSystem();
    const crlf = '{\r\n\t"ui": { "theme": "GitHub" }\r\n}\r\n';
    fs.seed(file, crlf);
    await applyAgentPlan(fs, plan(chat), backupDir);
    const text = fs.text(file)!;
    assert.doesNotMatch(text.replace(/\r\n/g, ''), /\n/, 'no bare LF');
    assert.match(text, /^\t"ui"/m);
    assert.equal(parsed(fs).model.name, 'qwen3-coder-plus');
  });

  it('creates a missing file and fills an empty one', async () => {
    for (const seed of [undefined, '', '// nothing yet\n']) {
      const fs = new MemoryFileSystem();
      if (seed !== undefined) fs.seed(file, seed);
      await applyAgentPlan(fs, plan(chat), backupDir);
      assert.deepEqual(Object.keys(parsed(fs)).sort(), ['model', 'modelProviders', 'providerProtocol', 'security']);
    }
  });

  it('leaves a file that does not parse untouched, naming the file and line', async () => {
    const fs = new MemoryFileSystem();
    const broken = '{\n  "ui": { "theme": "x" },\n  "model": { "name": }\n}\n';
    fs.seed(file, broken);
    await assert.rejects(applyAgentPlan(fs, plan(chat), backupDir), /settings\.json:3:\d+: cannot parse/);
    assert.equal(fs.writes.length, 0);
    assert.equal(fs.text(file), broken);
  });

  it('puts an opted-in key in the file\'s env block under its own variable, 0600, and removes it on env delivery', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(file, original);
    const plain = plan({ ...chat, key: { kind: 'plaintext', value: 'sk-opted-in' } });
    assert.equal(plain.files[0].mode, 0o600);
    assert.equal(plain.keyVariable, undefined);
    await applyAgentPlan(fs, plain, backupDir);
    assert.deepEqual(parsed(fs).env, { DASHSCOPE_API_KEY: 'sk-dash-mine', SWITCHBOARD_LAB_KEY: 'sk-opted-in' });
    assert.equal(await fs.statMode(file), 0o600);
    await applyAgentPlan(fs, plan(chat), backupDir);
    assert.deepEqual(parsed(fs).env, { DASHSCOPE_API_KEY: 'sk-dash-mine' });
  });

  it('speaks every protocol: Responses through wireApi, Anthropic and Gemini at their root URLs', () => {
    const entry = (e: Endpoint) => {
      const edits = plan(e).files[0].edits;
      const [m] = edits[0].value as { baseUrl: string; wireApi?: string }[];
      return [edits[1].value, m.baseUrl, m.wireApi];
    };
    assert.deepEqual(entry({ ...chat, protocol: 'openai-responses', baseUrl: 'https://api.openai.com/v1' }), ['openai', 'https://api.openai.com/v1', 'responses']);
    assert.deepEqual(entry({ ...chat, protocol: 'anthropic-messages', baseUrl: 'https://api.anthropic.com/v1' }), ['anthropic', 'https://api.anthropic.com', undefined]);
    assert.deepEqual(entry({ ...chat, protocol: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com/v1beta' }), ['gemini', 'https://generativelanguage.googleapis.com', undefined]);
  });

  it('passes headers, and gives a keyless provider a placeholder key, since Qwen insists on one', () => {
    const p = plan({ ...chat, headers: { 'X-Team': 'core' }, key: { kind: 'none' } });
    const [m] = p.files[0].edits[0].value as Record<string, any>[];
    assert.deepEqual(m.generationConfig.customHeaders, { 'X-Team': 'core' });
    assert.equal(m.envKey, 'SWITCHBOARD_LAB_KEY');
    assert.equal(p.keyVariable, undefined);
    assert.deepEqual(p.files[0].edits.find((e) => e.path[0] === 'env'), { path: ['env', 'SWITCHBOARD_LAB_KEY'], value: keylessPlaceholder });
    assert.equal(p.files[0].mode, undefined, 'a placeholder is no credential');
  });

  it('honours QWEN_HOME', () => {
    assert.deepEqual(qwenCode.configFiles({ home: '/home/dev', env: { QWEN_HOME: '/q' } }), ['/q/settings.json']);
    assert.equal(plan(chat, { home: '/home/dev', env: { QWEN_HOME: '/q' } }).files[0].file, '/q/settings.json');
  });

  it('gets the terminal variable from the planner without any opt-in', () => {
    const lab = provider('lab', { type: 'openai-compatible', baseUrl: 'https://llm.example.com/v1', agents: ['qwen-code'], models: [model('m')] });
    const [outcome] = planSwitch(documentWith([lab]), 'lab/m', environment, () => ({}));
    assert.equal(outcome.status, 'planned');
    assert.equal(outcome.status === 'planned' ? outcome.plan.keyVariable : undefined, 'SWITCHBOARD_LAB_KEY');
  });
});
