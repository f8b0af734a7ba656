/** The settings panel's host boundary, on in-memory storage: what each message does, and refuses. */
import * as assert from 'node:assert/strict';
import { routeMessage } from '../../src/extension/panel/router';
import { toWebviewSchema, type ToHost } from '../../src/protocol/messages';
import { panelHarness } from '../fakes/panelHarness';

const key = 'sk-panel-NEVER-ECHOED-991';

const setup = () => panelHarness();

const openai = { name: 'Work', type: 'openai', agents: ['codex'] };

describe('settings panel messages', () => {
  it('answers ready with a state that validates and carries no key', async () => {
    const t = await setup();
    await t.request({ type: 'saveProvider', provider: openai, key: { action: 'set', value: key } });
    const state = await t.state();
    assert.ok(toWebviewSchema.safeParse(state).success);
    assert.equal(state.providers[0].keyState, 'set');
    assert.doesNotMatch(JSON.stringify(state), /NEVER-ECHOED/);
    assert.ok(state.modelForm.fields.length > 5);
    assert.ok(state.optionForms.anthropic.fields.some((f) => f.key === 'options.effort'));
  });

  it('adds a provider and stores its key only in SecretStorage', async () => {
    const t = await setup();
    const result = await t.request({ type: 'saveProvider', provider: { ...openai, headers: { 'X-Team': 'core', '': '' } }, key: { action: 'set', value: key } });
    assert.deepEqual(result, { type: 'result', requestId: 'r1', ok: true, createdId: 'work' });
    assert.deepEqual(t.store.provider('work')?.headers, { 'X-Team': 'core' });
    assert.equal(t.secrets.values.get('switchboard.key.work'), key);
    assert.doesNotMatch(JSON.stringify([...t.memento.values]) + t.log.lines.join(), /NEVER-ECHOED/);
  });

  it('returns errors per field and saves nothing from a form with errors', async () => {
    const t = await setup();
    const result = await t.request({ type: 'saveProvider', provider: { name: '', type: 'openai-compatible', baseUrl: 'ftp://x', agents: [], headers: { 'Bad Name': 'v' } }, key: { action: 'set', value: 'has space' } });
    assert.equal(result.ok, false);
    assert.deepEqual(Object.keys(result.fieldErrors ?? {}).sort(), ['baseUrl', 'headers.Bad Name', 'key', 'name']);
    assert.match(result.fieldErrors!.baseUrl, /http or https/);
    assert.equal(t.store.document.providers.length, 0);
    assert.equal(t.secrets.values.size, 0);
  });

  it('asks for a key when the type needs one, and validates type fields', async () => {
    const t = await setup();
    const noKey = await t.request({ type: 'saveProvider', provider: openai, key: { action: 'keep' } });
    assert.match(noKey.fieldErrors?.key ?? '', /needs one/);
    const azure = await t.request({ type: 'saveProvider', provider: { name: 'Az', type: 'azure-openai', baseUrl: 'https://r.openai.azure.com/openai', apiVersion: 'nope', agents: [] }, key: { action: 'set', value: 'k' } });
    assert.match(azure.fieldErrors?.apiVersion ?? '', /2024-10-21/);
    const bedrock = await t.request({ type: 'saveProvider', provider: { name: 'Br', type: 'bedrock', region: 'us-east-1', aws: { method: 'profile', profile: '' }, agents: [] }, key: { action: 'keep' } });
    assert.ok(bedrock.fieldErrors?.['aws.profile'], JSON.stringify(bedrock));
    const local = await t.request({ type: 'saveProvider', provider: { name: 'Local', type: 'ollama', agents: [] }, key: { action: 'keep' } });
    assert.equal(local.ok, true, 'keyless types need no key');
  });

  it('edits a provider, keeping, replacing or clearing its key', async () => {
    const t = await setup();
    await t.request({ type: 'saveProvider', provider: openai, key: { action: 'set', value: key } });
    let [view] = (await t.state()).providers;
    const renamed = await t.request({ type: 'saveProvider', id: 'work', etag: view.etag, provider: { ...openai, name: 'Renamed' }, key: { action: 'keep' } });
    assert.equal(renamed.ok, true);
    assert.equal(t.store.provider('work')?.name, 'Renamed');
    assert.equal(t.secrets.values.get('switchboard.key.work'), key);
    [view] = (await t.state()).providers;
    await t.request({ type: 'saveProvider', id: 'work', etag: view.etag, provider: { ...openai, name: 'Renamed' }, key: { action: 'clear' } });
    assert.equal(t.secrets.values.size, 0);
    const typeChange = await t.request({ type: 'saveProvider', id: 'work', provider: { ...openai, type: 'anthropic' }, key: { action: 'keep' } });
    assert.match(typeChange.fieldErrors?.type ?? '', /cannot change/);
  });

  it('reports the later of two racing edits as a conflict instead of overwriting', async () => {
    const t = await setup();
    await t.request({ type: 'saveProvider', provider: { name: 'Local', type: 'ollama', agents: [] }, key: { action: 'keep' } });
    const [opened] = (await t.state()).providers;
    // Another window saves first.
    await t.request({ type: 'saveProvider', id: 'local', etag: opened.etag, provider: { name: 'First', type: 'ollama', agents: [] }, key: { action: 'keep' } });
    const later = await t.request({ type: 'saveProvider', id: 'local', etag: opened.etag, provider: { name: 'Second', type: 'ollama', agents: [] }, key: { action: 'keep' } });
    assert.equal(later.conflict, true);
    assert.equal(t.store.provider('local')?.name, 'First');
    const laterModel = await t.request({ type: 'saveModel', providerId: 'local', etag: opened.etag, model: { id: 'm', contextLimit: 8000 } });
    assert.equal(laterModel.conflict, true);
  });

  it('refuses to delete a provider that agents use, naming them', async () => {
    const t = await setup();
    await t.request({ type: 'saveProvider', provider: { name: 'Local', type: 'ollama', agents: ['claude-code', 'cline'] }, key: { action: 'keep' } });
    const refused = await t.request({ type: 'deleteProvider', id: 'local' });
    assert.equal(refused.ok, false);
    assert.match(refused.message ?? '', /Claude Code and Cline/);
    assert.equal(t.store.document.providers.length, 1);
  });

  it('saves models from the generated form, with option errors per field', async () => {
    const t = await setup();
    await t.request({ type: 'saveProvider', provider: { name: 'Claude', type: 'anthropic', agents: [] }, key: { action: 'set', value: key } });
    const bad = await t.request({ type: 'saveModel', providerId: 'claude', model: { id: 'claude-sonnet-4-5', contextLimit: 200000, temperature: 5, options: { effort: 'extreme', thinkingBudgetTokens: 10 } } });
    assert.deepEqual(Object.keys(bad.fieldErrors ?? {}).sort(), ['options.effort', 'options.thinkingBudgetTokens', 'temperature']);
    const good = await t.request({ type: 'saveModel', providerId: 'claude', model: { id: 'claude-sonnet-4-5', contextLimit: 200000, maxOutputTokens: 64000, options: { effort: 'high', thinkingBudgetTokens: 16000 } } });
    assert.equal(good.ok, true);
    assert.equal(t.store.document.defaultRef, 'claude/claude-sonnet-4-5');
    const renamed = await t.request({ type: 'saveModel', providerId: 'claude', originalId: 'claude-sonnet-4-5', model: { id: 'claude-sonnet-4-5-20250929', contextLimit: 200000 } });
    assert.equal(renamed.ok, true);
    assert.equal(t.store.document.defaultRef, 'claude/claude-sonnet-4-5-20250929', 'the star follows a renamed model');
    const dup = await t.request({ type: 'saveModel', providerId: 'claude', model: { id: 'claude-sonnet-4-5-20250929', contextLimit: 1 } });
    assert.match(dup.fieldErrors?.id ?? '', /already has/);
  });

  it('stars, assigns and deletes models', async () => {
    const t = await setup();
    await t.request({ type: 'saveProvider', provider: { name: 'Local', type: 'ollama', agents: [] }, key: { action: 'keep' } });
    await t.request({ type: 'saveModel', providerId: 'local', model: { id: 'a', contextLimit: 1000 } });
    await t.request({ type: 'saveModel', providerId: 'local', model: { id: 'org/b:q4', contextLimit: 1000 } });
    assert.equal((await t.request({ type: 'setDefaultModel', ref: 'local/org/b:q4' })).ok, true);
    assert.equal(t.store.document.defaultRef, 'local/org/b:q4');
    assert.equal((await t.request({ type: 'assignAgent', agent: 'codex', ref: 'local/a' })).ok, true);
    assert.deepEqual(t.store.document.assignments, { codex: 'local/a' });
    assert.equal((await t.request({ type: 'assignAgent', agent: 'emacs', ref: 'local/a' })).ok, false);
    assert.equal((await t.request({ type: 'assignAgent', agent: 'codex', ref: null })).ok, true);
    assert.deepEqual(t.store.document.assignments, {});
    assert.equal((await t.request({ type: 'deleteModel', ref: 'local/a' })).ok, true);
    const missing = await t.request({ type: 'deleteModel', ref: 'local/a' });
    assert.equal(missing.ok, false);
    assert.match(missing.message ?? '', /No model/);
  });

  it('applies a pinned model to the agent at once, and nothing when the pin is cleared', async () => {
    const t = await setup();
    const applied: string[] = [];
    const context = { store: t.store, log: t.log, applyAgent: async (agent: string, ref: string) => void applied.push(`${agent}→${ref}`) };
    await t.request({ type: 'saveProvider', provider: { name: 'Local', type: 'ollama', agents: [] }, key: { action: 'keep' } });
    await t.request({ type: 'saveModel', providerId: 'local', model: { id: 'qwen3:8b', contextLimit: 32000 } });
    await routeMessage({ type: 'assignAgent', requestId: 'a', agent: 'opencode', ref: 'local/qwen3:8b' }, context);
    await routeMessage({ type: 'assignAgent', requestId: 'b', agent: 'opencode', ref: null }, context);
    assert.deepEqual(applied, ['opencode→local/qwen3:8b']);
  });

  it('rejects malformed and unknown messages, logs them without values, and changes nothing', async () => {
    const t = await setup();
    const before = JSON.stringify([...t.memento.values]);
    const junk: unknown[] = [null, 'ready', 42, {}, { type: 'dropTables' }, { type: 'saveProvider', requestId: 'x' }, { type: 'deleteProvider', requestId: 'x', id: 5 }, { type: 'saveProvider', requestId: 'x', provider: openai, key: { action: 'reveal' } }];
    for (const message of junk) assert.equal(await routeMessage(message, { store: t.store, log: t.log }), undefined);
    await routeMessage({ type: 'saveProvider', requestId: 'x', provider: openai, key: { action: 'set', value: 12345 } } as unknown as ToHost, { store: t.store, log: t.log });
    assert.equal(JSON.stringify([...t.memento.values]), before);
    assert.equal(t.log.lines.filter((l) => l.startsWith('warn Rejected')).length, junk.length + 1);
    assert.doesNotMatch(t.log.lines.join('\n'), /12345/);
  });
});
