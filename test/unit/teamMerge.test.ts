/** Managed and personal providers: the merged view, what writes may change, and the picker's precedence. */
import * as assert from 'node:assert/strict';
import type { StoredDocument } from '../../src/providers/document';
import { activeModel, pickerOrder } from '../../src/providers/modelOrder';
import { addModel, addProvider, recordLastUsed, removeModel, removeProvider, setDefaultModel, updateProvider } from '../../src/providers/operations';
import type { TeamAuth } from '../../src/providers/team/teamFile';
import { describeFallThrough, fallThrough } from '../../src/providers/team/teamChanges';
import { contactText, mergeTeam, splitTeam, withoutMissingRefs, type TeamLayer } from '../../src/providers/team/teamLayer';
import { documentWith, model, provider } from '../fakes/builders';

const everyoneUsable = () => true;

function layer(extra: Partial<TeamLayer> = {}): TeamLayer {
  const providers = extra.providers ?? [provider('proxy', { name: 'Team proxy', type: 'openai-compatible', baseUrl: 'https://llm.example.com/v1', models: [model('gpt-5'), model('qwen3')] } as never)];
  return {
    source: '/etc/switchboard/team.json',
    allowPersonalProviders: true,
    auth: new Map<string, TeamAuth>(providers.map((p) => [p.id, { kind: 'personalToken' }])),
    defaultRef: 'proxy/gpt-5',
    contact: { name: 'Platform team', email: 'ai@example.com' },
    ...extra,
    providers,
  };
}

function personal(extra: Partial<StoredDocument> = {}): StoredDocument {
  return documentWith([provider('mine', { name: 'Mine', type: 'ollama', models: [model('llama')] } as never)], { defaultRef: 'mine/llama', ...extra });
}

/** What the store does on a write: run on the merged view, keep only the personal part. */
function write(stored: StoredDocument, team: TeamLayer, operation: (doc: StoredDocument) => { doc: StoredDocument }): StoredDocument {
  const merged = mergeTeam(stored, team).document;
  return splitTeam(operation(merged).doc, merged, stored, team);
}

describe('team mode: merging managed and personal providers', () => {
  it('puts managed providers first, keeps personal ones after them, and the team default wins over a personal star', () => {
    const team = layer();
    const { document } = mergeTeam(personal(), team);
    assert.deepEqual(document.providers.map((p) => p.id), ['proxy', 'mine']);
    assert.equal(document.providers[0], team.providers[0], 'the team object itself, not a copy');
    assert.equal(document.defaultRef, 'proxy/gpt-5');
    assert.equal(mergeTeam(personal(), layer({ defaultRef: undefined })).document.defaultRef, 'mine/llama', 'without a team default, the personal star');
    assert.equal(mergeTeam(personal(), undefined).document.providers.length, 1, 'outside team mode the document is as stored');
  });

  it('resolves an id collision in the team\'s favour and reports it', () => {
    const stored = documentWith([provider('proxy', { name: 'My old proxy', models: [model('old')] }), provider('mine', { type: 'ollama', models: [model('llama')] } as never)]);
    const result = mergeTeam(stored, layer());
    assert.deepEqual(result.collisions, ['proxy']);
    assert.deepEqual(result.document.providers.map((p) => p.name), ['Team proxy', 'MINE']);
  });

  it('hides personal providers when they are turned off, without losing them on the next write', () => {
    const team = layer({ allowPersonalProviders: false });
    const result = mergeTeam(personal(), team);
    assert.deepEqual(result.hidden, ['mine']);
    assert.deepEqual(result.document.providers.map((p) => p.id), ['proxy']);
    const after = write(personal(), team, recordLastUsed('proxy/qwen3'));
    assert.deepEqual(after.providers.map((p) => p.id), ['mine'], 'the hidden provider is still stored');
    assert.equal(after.lastUsedRef, 'proxy/qwen3');
    assert.throws(() => write(personal(), team, addProvider({ name: 'New', type: 'ollama' })), /personal providers are turned off \(switchboard\.team\.allowPersonalProviders\)\. Ask Platform team \(ai@example\.com\)/);
  });

  it('never stores a managed provider, and keeps personal edits and new personal providers', () => {
    const team = layer();
    let stored = write(personal(), team, addProvider({ name: 'Home', type: 'lmstudio' }));
    assert.deepEqual(stored.providers.map((p) => p.id), ['mine', 'home']);
    stored = write(stored, team, addModel('home', { id: 'qwen', contextLimit: 8000 }));
    stored = write(stored, team, removeProvider('mine'));
    assert.deepEqual(stored.providers.map((p) => p.id), ['home']);
    assert.equal(JSON.stringify(stored).includes('llm.example.com'), false);
  });

  it('refuses any change to a managed provider or its models, naming the source and whom to ask', () => {
    const team = layer();
    const refusal = /“Team proxy” is managed by your team \(\/etc\/switchboard\/team\.json\): it cannot be (changed|removed) here\. Ask Platform team \(ai@example\.com\) to change it\.$/;
    assert.throws(() => write(personal(), team, updateProvider('proxy', { name: 'Mine now' })), refusal);
    assert.throws(() => write(personal(), team, removeProvider('proxy')), refusal);
    assert.throws(() => write(personal(), team, addModel('proxy', { id: 'extra', contextLimit: 1000 })), refusal);
    assert.throws(() => write(personal(), team, removeModel('proxy/qwen3')), refusal);
    assert.throws(() => write(personal(), team, setDefaultModel('mine/llama')), /Your team sets the default model \(“gpt-5”\)/);
    assert.equal(contactText(undefined), 'your administrator');
  });

  it('lets the developer star a managed model when the team sets no default', () => {
    const stored = write(personal(), layer({ defaultRef: undefined }), setDefaultModel('proxy/qwen3'));
    assert.equal(stored.defaultRef, 'proxy/qwen3');
    assert.deepEqual(stored.providers.map((p) => p.id), ['mine']);
  });
});

describe('team mode: which model is active', () => {
  it('uses the admin default unless the developer has a last-used choice', () => {
    const team = layer();
    assert.equal(activeModel(mergeTeam(personal(), team).document, everyoneUsable)?.ref, 'proxy/gpt-5');
    const picked = mergeTeam(personal({ lastUsedRef: 'mine/llama' }), team).document;
    assert.equal(activeModel(picked, everyoneUsable)?.ref, 'mine/llama');
    assert.deepEqual(pickerOrder(picked, everyoneUsable).pinned.map((c) => c.ref), ['mine/llama', 'proxy/gpt-5']);
  });

  it('falls through to the admin default when the last-used model is removed from the source, and says so', () => {
    const before = mergeTeam(personal({ lastUsedRef: 'proxy/qwen3', assignments: { codex: 'proxy/qwen3' } }), layer()).document;
    const smaller = layer({ providers: [provider('proxy', { name: 'Team proxy', models: [model('gpt-5', { displayName: 'GPT-5' })] })] });
    const after = mergeTeam(personal({ lastUsedRef: 'proxy/qwen3', assignments: { codex: 'proxy/qwen3' } }), smaller).document;
    assert.equal(activeModel(after, everyoneUsable)?.ref, 'proxy/gpt-5');
    const change = fallThrough(before, after, everyoneUsable);
    assert.ok(change);
    assert.equal(change.removed?.ref, 'proxy/qwen3');
    assert.equal(change.now?.ref, 'proxy/gpt-5');
    assert.deepEqual(change.unpinned, ['codex']);
    assert.equal(
      describeFallThrough(change, 'Platform team'),
      'Your team no longer offers “qwen3” (proxy/qwen3). Switchboard now uses “GPT-5” from Team proxy. Codex CLI was assigned a model your team no longer offers: assign it another with “Assign Model to Agent”.',
    );
    assert.equal(fallThrough(after, after, everyoneUsable), undefined, 'nothing to say when nothing in use went away');
  });

  it('says whom to contact when nothing is left', () => {
    const before = mergeTeam(personal(), layer({ allowPersonalProviders: false })).document;
    const after = mergeTeam(personal(), layer({ allowPersonalProviders: false, providers: [], defaultRef: undefined })).document;
    const change = fallThrough(before, after, everyoneUsable)!;
    assert.equal(change.now, undefined);
    assert.match(describeFallThrough(change, 'Platform team (ai@example.com)'), /No other model is available: contact Platform team \(ai@example\.com\)\.$/);
  });
});

describe('team mode: leaving it', () => {
  it('clears the choices that pointed at the team\'s models, and only those', () => {
    const stored = personal({ lastUsedRef: 'proxy/gpt-5', embeddingRef: undefined, assignments: { codex: 'proxy/qwen3', 'claude-code': 'mine/llama' } });
    const after = withoutMissingRefs(stored)!;
    assert.equal(after.lastUsedRef, undefined);
    assert.equal(after.defaultRef, 'mine/llama');
    assert.deepEqual(after.assignments, { 'claude-code': 'mine/llama' });
    assert.equal(withoutMissingRefs(after), undefined, 'nothing left to clear: nothing to write');
  });
});
