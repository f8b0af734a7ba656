/**
 * Cline adapter (tested against cline 3.0.65) on providers.json files shaped as `cline auth`
 * writes them, through the real edit layer. Cline reads strict JSON, so the samples have no
 * comments; the edit layer would keep them, but Cline would then ignore the whole file.
 */
import * as assert from 'node:assert/strict';
import type { AgentEnvironment, Endpoint } from '../../src/agents/agentAdapter';
import { cline, clineUpdatedAt } from '../../src/agents/adapters/cline';
import { applyAgentPlan, revertFiles } from '../../src/agents/applyPlan';
import { planSwitch } from '../../src/agents/switchPlan';
import { documentWith, model, provider } from '../fakes/builders';
import { chatEndpoint } from '../fakes/endpoints';
import { MemoryFileSystem } from '../fakes/memoryFs';

const environment: AgentEnvironment = { home: '/home/dev', env: {} };
const file = '/home/dev/.cline/data/settings/providers.json';
const backupDir = '/state/backups';

const chat: Endpoint = chatEndpoint({ modelId: 'qwen/qwen3-coder:free', contextLimit: 262_144, key: { kind: 'plaintext', value: 'sk-opted-in' } });

/** What `cline auth --provider openrouter …` leaves, plus a key Cline does not know (yet). */
const original = `{
  "version": 1,
  "lastUsedProvider": "openrouter",
  "modes": {
    "voiceInput": { "providerId": "openrouter", "modelId": "whisper" }
  },
  "providers": {
    "openrouter": {
      "settings": {
        "provider": "openrouter",
        "apiKey": "sk-or-mine",
        "model": "anthropic/claude-sonnet-4.5"
      },
      "updatedAt": "2026-10-02T09:14:03.120Z",
      "tokenSource": "manual"
    },
    "openai-compatible": {
      "settings": {
        "provider": "openai-compatible",
        "apiKey": "sk-old-local",
        "model": "llama",
        "baseUrl": "http://gpu:8000/v1",
        "headers": { "X-Old": "1" },
        "timeout": 60000
      },
      "updatedAt": "2026-09-01T00:00:00.000Z",
      "tokenSource": "manual"
    }
  },
  "futureKey": { "kept": true }
}
`;

function plan(endpoint: Endpoint, env = environment) {
  const result = cline.plan(endpoint, env);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.plan;
}

const parsed = (fs: MemoryFileSystem, at = file) => JSON.parse(fs.text(at)!);

describe('Cline adapter', () => {
  it('points lastUsedProvider at the protocol\'s provider entry, in the shape cline auth writes', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(file, original, 0o600);
    await applyAgentPlan(fs, plan(chat), backupDir);
    const json = parsed(fs);
    assert.equal(json.version, 1);
    assert.equal(json.lastUsedProvider, 'openai-compatible');
    assert.deepEqual(json.providers['openai-compatible'], {
      settings: { provider: 'openai-compatible', apiKey: 'sk-opted-in', model: 'qwen/qwen3-coder:free', baseUrl: 'http://127.0.0.1:4400/v1', timeout: 60000, contextWindow: 262_144 },
      updatedAt: clineUpdatedAt,
      tokenSource: 'manual',
    });
    assert.match(json.providers['openai-compatible'].updatedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, 'Cline drops the whole file when an entry lacks an ISO updatedAt');
    assert.deepEqual(json.providers.openrouter.settings.apiKey, 'sk-or-mine', 'other providers stay');
    assert.deepEqual(json.modes.voiceInput, { providerId: 'openrouter', modelId: 'whisper' });
    assert.deepEqual(json.futureKey, { kept: true });
    assert.match(fs.text(file)!, /^ {4}"openrouter": \{\n {6}"settings"/m, 'the untouched entry keeps its bytes');
  });

  it('writes 0600, applies twice as once, and reverts to the original bytes', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(file, original, 0o644);
    const p = plan(chat);
    assert.equal(p.files[0].mode, 0o600);
    await applyAgentPlan(fs, p, backupDir);
    assert.equal(await fs.statMode(file), 0o600);
    const writes = fs.writes.length;
    const [again] = await applyAgentPlan(fs, p, backupDir);
    assert.equal(again.changed, false);
    assert.equal(fs.writes.length, writes, 'a fixed updatedAt keeps the second apply a no-op');
    await applyAgentPlan(fs, plan({ ...chat, modelId: 'other' }), backupDir);
    await revertFiles(fs, backupDir, cline.configFiles(environment));
    assert.equal(fs.text(file), original);
  });

  it('keeps CRLF line endings', async () => {
    const fs = new MemoryFileSystem();
    const crlf = original.replace(/\n/g, '\r\n');
    fs.seed(file, crlf);
    await applyAgentPlan(fs, plan(chat), backupDir);
    const text = fs.text(file)!;
    assert.doesNotMatch(text.replace(/\r\n/g, ''), /\n/, 'no bare LF');
    assert.equal(parsed(fs).providers['openai-compatible'].settings.model, 'qwen/qwen3-coder:free');
  });

  it('creates a missing file (and its folders), and fills an empty one', async () => {
    for (const seed of [undefined, '', '\n']) {
      const fs = new MemoryFileSystem();
      if (seed !== undefined) fs.seed(file, seed);
      await applyAgentPlan(fs, plan(chat), backupDir);
      const json = parsed(fs);
      assert.deepEqual(Object.keys(json).sort(), ['lastUsedProvider', 'providers', 'version']);
      assert.equal(json.providers['openai-compatible'].settings.apiKey, 'sk-opted-in');
      assert.equal(await fs.statMode(file), 0o600);
    }
  });

  it('leaves a file that does not parse untouched, naming the file and line', async () => {
    const fs = new MemoryFileSystem();
    const broken = '{\n  "version": 1,\n  "providers": {\n    "x": { "settings": }\n  }\n}\n';
    fs.seed(file, broken);
    await assert.rejects(applyAgentPlan(fs, plan(chat), backupDir), /providers\.json:4:\d+: cannot parse/);
    assert.equal(fs.writes.length, 0);
    assert.equal(fs.text(file), broken);
  });

  it('maps each protocol to the built-in provider that speaks it, with the base URL as our types mean it', () => {
    const entry = (e: Endpoint) => {
      const edits = plan(e).files[0].edits;
      const at = (name: string) => edits.find((x) => x.path.join('.').endsWith(`settings.${name}`))!.value;
      return [edits.find((x) => x.path[0] === 'lastUsedProvider')!.value, at('baseUrl')];
    };
    assert.deepEqual(entry({ ...chat, protocol: 'openai-responses', providerType: 'openai', baseUrl: 'https://api.openai.com/v1' }), ['openai-native', 'https://api.openai.com/v1']);
    assert.deepEqual(entry({ ...chat, protocol: 'anthropic-messages', providerType: 'anthropic', baseUrl: 'https://api.anthropic.com/v1' }), ['anthropic', 'https://api.anthropic.com/v1']);
    assert.deepEqual(entry({ ...chat, protocol: 'gemini', providerType: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com/v1beta' }), ['gemini', 'https://generativelanguage.googleapis.com/v1beta']);
  });

  it('writes headers and the output limit when there are any, and no key for a keyless provider', () => {
    const edits = plan({ ...chat, headers: { 'X-Team': 'core' }, maxOutputTokens: 8192, key: { kind: 'none' } }).files[0].edits;
    const value = (name: string) => edits.find((x) => x.path.join('.') === `providers.openai-compatible.settings.${name}`)!.value;
    assert.deepEqual(value('headers'), { 'X-Team': 'core' });
    assert.equal(value('maxTokens'), 8192);
    assert.equal(value('apiKey'), undefined, 'a stale key is removed rather than sent to a keyless server');
  });

  it('honours CLINE_DIR, CLINE_DATA_DIR and CLINE_PROVIDER_SETTINGS_PATH', () => {
    const at = (env: Record<string, string>) => cline.configFiles({ home: '/home/dev', env });
    assert.deepEqual(at({}), [file]);
    assert.deepEqual(at({ CLINE_DIR: '/c' }), ['/c/data/settings/providers.json']);
    assert.deepEqual(at({ CLINE_DIR: '/c', CLINE_DATA_DIR: '/d' }), ['/d/settings/providers.json']);
    assert.deepEqual(at({ CLINE_PROVIDER_SETTINGS_PATH: '/p.json' }), ['/p.json']);
    assert.equal(plan(chat, { home: '/home/dev', env: { CLINE_DIR: '/c' } }).files[0].file, '/c/data/settings/providers.json');
  });

  it('asks for the plaintext opt-in through the planner, and plans once it is given', () => {
    const lab = provider('lab', { type: 'openai-compatible', baseUrl: 'https://llm.example.com/v1', agents: ['cline'], models: [model('m')] });
    const helper = { command: '/opt/node', args: ['/ext/dist/keyHelper.js', 'lab'] };
    const [without] = planSwitch(documentWith([lab]), 'lab/m', environment, () => ({ helper }));
    assert.equal(without.status, 'needs-plaintext');
    assert.match(without.status === 'needs-plaintext' ? without.reason : '', /Cline keeps its key only in its own config file/);
    const [withOptIn] = planSwitch(documentWith([lab]), 'lab/m', environment, () => ({ helper, plaintext: 'sk-opted-in' }));
    assert.equal(withOptIn.status, 'planned');
    assert.equal(withOptIn.status === 'planned' ? withOptIn.plan.pickup : undefined, 'new-session');
  });

  it('needs no opt-in for a keyless local server', () => {
    const local = provider('local', { type: 'ollama', agents: ['cline'], models: [model('qwen')] });
    const [outcome] = planSwitch(documentWith([local]), 'local/qwen', environment, () => ({}));
    assert.equal(outcome.status, 'planned');
  });
});
