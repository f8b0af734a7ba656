/** The Continue adapter (tested against @continuedev/cli 1.5.47) on realistic config.yaml files, through the real edit layer. */
import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { AgentEnvironment, Endpoint } from '../../src/agents/agentAdapter';
import { continueAgent } from '../../src/agents/adapters/continue';
import { applyAgentPlan, revertFiles } from '../../src/agents/applyPlan';
import { editYaml } from '../../src/agents/edit/yamlEdit';
import { chatEndpoint } from '../fakes/endpoints';
import { MemoryFileSystem } from '../fakes/memoryFs';

const environment: AgentEnvironment = { home: '/home/dev', env: {} };
const backupDir = '/state/backups';
const file = '/home/dev/.continue/config.yaml';
const contextFile = '/home/dev/.continue/index/globalContext.json';

const chat: Endpoint = chatEndpoint({ maxOutputTokens: 8_000, headers: { 'X-Team': 'core' } });

const original = `# my Continue config
name: My Config
version: 0.0.1
schema: v1

models:
  - name: Local Llama   # runs on the GPU box
    provider: ollama
    model: llama3.1:8b
    roles:
      - chat
      - autocomplete
  - name: Claude
    provider: anthropic
    model: claude-sonnet-4-5
    apiKey: \${{ secrets.ANTHROPIC_API_KEY }}

context:
  - provider: code
experimental:
  futureFlag: true
`;

function plan(endpoint: Endpoint = chat, env = environment) {
  const result = continueAgent.plan(endpoint, env);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.plan;
}

interface Model {
  name: string;
  provider: string;
  model: string;
  apiBase?: string;
  apiKey?: string;
  roles?: string[];
  defaultCompletionOptions?: { contextLength: number; maxTokens: number };
  requestOptions?: { headers: Record<string, string> };
}

const models = (text: string) => (parse(text) as { models: Model[] }).models;

describe('Continue adapter', () => {
  it('appends its entry after the user\'s models, keeping comments, order and unknown keys', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(file, original);
    const result = plan();
    assert.equal(result.keyVariable, 'SWITCHBOARD_LAB_KEY');
    assert.equal(result.pickup, 'live');
    await applyAgentPlan(fs, result, backupDir);
    const text = fs.text(file)!;
    assert.ok(text.startsWith(original.split('\n').slice(0, 17).join('\n')), 'the user\'s lines are unchanged');
    assert.match(text, /# runs on the GPU box/);
    assert.match(text, /futureFlag: true/);
    const list = models(text);
    assert.deepEqual(list.map((m) => m.name), ['Local Llama', 'Claude', 'Switchboard: Lab / Qwen3 Coder']);
    assert.deepEqual(list[2], {
      name: 'Switchboard: Lab / Qwen3 Coder',
      provider: 'openai',
      model: 'qwen3-coder',
      apiBase: 'http://127.0.0.1:4400/v1',
      apiKey: '${{ secrets.SWITCHBOARD_LAB_KEY }}',
      roles: ['chat', 'edit', 'apply'],
      defaultCompletionOptions: { contextLength: 128_000, maxTokens: 8_000 },
      requestOptions: { headers: { 'X-Team': 'core' } },
    });
    const parsed = parse(text) as { name: string; version: string };
    assert.equal(parsed.name, 'My Config', 'the user\'s name is kept');
    assert.equal(parsed.version, '0.0.1');
  });

  it('selects its entry for cn and for the extension\'s local profile, keeping other state', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(file, original);
    fs.seed(contextFile, JSON.stringify({ cliSelectedModel: 'Claude', selectedModelsByProfileId: { local: { chat: 'Claude', autocomplete: 'Local Llama' } }, sharedConfig: { fontSize: 14 } }, null, 2));
    await applyAgentPlan(fs, plan(), backupDir);
    const state = JSON.parse(fs.text(contextFile)!);
    assert.equal(state.cliSelectedModel, 'Switchboard: Lab / Qwen3 Coder');
    assert.deepEqual(state.selectedModelsByProfileId.local, {
      chat: 'Switchboard: Lab / Qwen3 Coder',
      autocomplete: 'Local Llama',
      edit: 'Switchboard: Lab / Qwen3 Coder',
      apply: 'Switchboard: Lab / Qwen3 Coder',
    });
    assert.deepEqual(state.sharedConfig, { fontSize: 14 });
  });

  it('replaces its own entry in place on a switch, wherever the user moved it', async () => {
    const fs = new MemoryFileSystem();
    const moved = original.replace('models:\n', 'models:\n  - name: "Switchboard: Old / gpt-4o"\n    provider: openai\n    model: gpt-4o\n');
    fs.seed(file, moved);
    await applyAgentPlan(fs, plan(), backupDir);
    await applyAgentPlan(fs, plan({ ...chat, modelId: 'qwen3-max', modelName: 'Qwen3 Max' }), backupDir);
    const list = models(fs.text(file)!);
    assert.deepEqual(list.map((m) => m.name), ['Switchboard: Lab / Qwen3 Max', 'Local Llama', 'Claude']);
    assert.equal(list[0]!.model, 'qwen3-max');
    assert.equal(JSON.parse(fs.text(contextFile)!).cliSelectedModel, 'Switchboard: Lab / Qwen3 Max');
  });

  it('applying twice changes nothing the second time', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(file, original);
    await applyAgentPlan(fs, plan(), backupDir);
    const once = fs.text(file);
    const writes = fs.writes.length;
    const changes = await applyAgentPlan(fs, plan(), backupDir);
    assert.equal(fs.text(file), once);
    assert.equal(fs.writes.length, writes);
    assert.ok(changes.every((c) => !c.changed));
  });

  it('reverts both files to the original bytes, removing the state file it created', async () => {
    const fs = new MemoryFileSystem();
    fs.seed(file, original);
    await applyAgentPlan(fs, plan(), backupDir);
    await applyAgentPlan(fs, plan({ ...chat, modelId: 'other' }), backupDir);
    await revertFiles(fs, backupDir, continueAgent.configFiles(environment));
    assert.equal(fs.text(file), original);
    assert.equal(fs.text(contextFile), undefined);
  });

  it('a config.yaml that does not parse stops the apply before either file is written', async () => {
    const fs = new MemoryFileSystem();
    const broken = 'models:\n  - name: [unclosed\n';
    const state = '{"selectedModelsByProfileId":{"local":{"chat":"Claude"}},"other":1}\n';
    fs.seed(file, broken);
    fs.seed(contextFile, state);
    await assert.rejects(applyAgentPlan(fs, plan(), backupDir), /config\.yaml/);
    assert.equal(fs.text(file), broken, 'left untouched');
    assert.equal(fs.text(contextFile), state, 'the model the user chose is still selected');
    assert.deepEqual(await revertFiles(fs, backupDir, continueAgent.configFiles(environment)).then((r) => r.map((x) => x.outcome)), ['no-backup', 'no-backup'], 'nothing was backed up, as nothing was written');
  });

  it('keeps CRLF line endings', async () => {
    const fs = new MemoryFileSystem();
    const crlf = original.replace(/\n/g, '\r\n');
    fs.seed(file, crlf);
    await applyAgentPlan(fs, plan(), backupDir);
    const text = fs.text(file)!;
    assert.doesNotMatch(text.replace(/\r\n/g, ''), /\n/, 'every line ends in CRLF');
    assert.ok(text.startsWith(crlf.slice(0, crlf.indexOf('\r\n\r\ncontext:'))), 'the user\'s lines keep their bytes');
    assert.ok(text.endsWith(crlf.slice(crlf.indexOf('\r\n\r\ncontext:'))));
    assert.equal(models(text).length, 3);
  });

  it('creates a valid config in a missing folder, honouring CONTINUE_GLOBAL_DIR', async () => {
    const fs = new MemoryFileSystem();
    const env = { home: '/home/dev', env: { CONTINUE_GLOBAL_DIR: '/cfg/continue' } };
    const result = plan(chat, env);
    assert.deepEqual(result.files.map((f) => f.file), ['/cfg/continue/index/globalContext.json', '/cfg/continue/config.yaml']);
    await applyAgentPlan(fs, result, backupDir);
    const parsed = parse(fs.text('/cfg/continue/config.yaml')!) as { name: string; version: string; schema: string; models: Model[] };
    assert.equal(parsed.name, 'Local Config');
    assert.equal(parsed.version, '1.0.0');
    assert.equal(parsed.schema, 'v1');
    assert.equal(parsed.models.length, 1);
  });

  it('fills an empty or comment-only file, and a file with an empty models list', async () => {
    for (const start of ['', '# nothing yet\n', 'name: Mine\nversion: 1.0.0\nmodels: []\n']) {
      const fs = new MemoryFileSystem();
      fs.seed(file, start);
      await applyAgentPlan(fs, plan(), backupDir);
      const text = fs.text(file)!;
      if (start.startsWith('#')) assert.match(text, /# nothing yet/);
      assert.deepEqual(models(text).map((m) => m.name), ['Switchboard: Lab / Qwen3 Coder']);
      assert.ok((parse(text) as { name?: string }).name);
    }
  });

  it('leaves a file that does not parse untouched, naming the file and line', async () => {
    const fs = new MemoryFileSystem();
    const broken = 'name: x\nmodels:\n  - name: a\n   provider: [oops\n';
    fs.seed(file, broken);
    await assert.rejects(applyAgentPlan(fs, plan(), backupDir), (error: Error) => {
      assert.match(error.message, /config\.yaml:\d+:\d+: cannot parse/);
      assert.match(error.message, /config\.yaml:(3|4|5):/);
      return true;
    });
    assert.equal(fs.text(file), broken);
    assert.ok(!fs.writes.includes(file));
  });

  it('writes a plaintext key only when opted in, with mode 0600, and no key for a local server', () => {
    const opted = plan({ ...chat, key: { kind: 'plaintext', value: 'sk-opted-in' } });
    const yamlFile = opted.files.find((f) => f.format === 'yaml')!;
    assert.equal(yamlFile.mode, 0o600);
    assert.equal((yamlFile.edits[3]!.value as Model).apiKey, 'sk-opted-in');
    assert.equal(opted.keyVariable, undefined);
    const local = plan({ ...chat, key: { kind: 'none' } });
    assert.equal((local.files[1]!.edits[3]!.value as Model).apiKey, undefined);
  });

  it('picks the provider and apiBase by protocol, and refuses a Responses-only gateway', () => {
    const entry = (e: Endpoint) => plan(e).files[1]!.edits[3]!.value as Model;
    assert.deepEqual(
      [entry({ ...chat, protocol: 'anthropic-messages', providerType: 'anthropic', baseUrl: 'http://127.0.0.1:4100/v1' })].map((m) => [m.provider, m.apiBase]),
      [['anthropic', 'http://127.0.0.1:4100/v1/']],
    );
    assert.equal(entry({ ...chat, protocol: 'gemini', providerType: 'gemini', baseUrl: 'http://127.0.0.1:4300/v1beta' }).apiBase, 'http://127.0.0.1:4300/v1beta/');
    assert.equal(entry({ ...chat, protocol: 'openai-responses', providerType: 'openai' }).provider, 'openai');
    const codex = continueAgent.plan({ ...chat, protocol: 'openai-responses', providerType: 'codex', providerName: 'ChatGPT' }, environment);
    assert.equal(codex.ok, false);
    assert.match(codex.ok ? '' : codex.reason, /“ChatGPT” speaks only OpenAI Responses/);
  });
});

describe('YAML edits: a list item found by a name prefix, and defaults', () => {
  const match = { key: 'name', prefix: 'Switchboard: ' };

  it('appends when nothing matches, replaces the first match, and creates the list', () => {
    const appended = editYaml('models:\n  - name: a\n', [{ path: ['models', match], value: { name: 'Switchboard: x' } }], 'f.yaml');
    assert.deepEqual(parse(appended), { models: [{ name: 'a' }, { name: 'Switchboard: x' }] });
    const replaced = editYaml(appended, [{ path: ['models', match, 'name'], value: 'Switchboard: y' }], 'f.yaml');
    assert.deepEqual(parse(replaced), { models: [{ name: 'a' }, { name: 'Switchboard: y' }] });
    assert.deepEqual(parse(editYaml('', [{ path: ['models', match], value: { name: 'Switchboard: z' } }], 'f.yaml')), { models: [{ name: 'Switchboard: z' }] });
  });

  it('refuses a match into something that is not a list, naming the path', () => {
    assert.throws(() => editYaml('models:\n  a: 1\n', [{ path: ['models', match], value: {} }], 'f.yaml'), /f\.yaml: cannot edit: models is not a list, so models\[name\^="Switchboard: "\] cannot be found/);
  });

  it('sets a default only where nothing (or null) is written', () => {
    const edits = [{ path: ['name'], value: 'Default', ifMissing: true }];
    assert.equal(editYaml('name: Mine\n', edits, 'f.yaml'), 'name: Mine\n');
    assert.deepEqual(parse(editYaml('name:\nother: 1\n', edits, 'f.yaml')), { name: 'Default', other: 1 });
    assert.deepEqual(parse(editYaml('other: 1\n', edits, 'f.yaml')), { other: 1, name: 'Default' });
  });
});
