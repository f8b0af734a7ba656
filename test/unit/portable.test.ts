/** Export, preview and merge of provider files: the pure part of Import and Export Providers. */
import * as assert from 'node:assert/strict';
import { emptyDocument, loadDocument, type StoredDocument } from '../../src/providers/document';
import { addModel, addProvider, assignAgent, setDefaultModel, setEmbeddingModel, type Operation } from '../../src/providers/operations';
import { exportDocument, exportText } from '../../src/providers/portable/exportDocument';
import { exportFormat, exportVersion, type ExportFile } from '../../src/providers/portable/exportFile';
import { nothingToImport, previewImport } from '../../src/providers/portable/importPreview';
import { endpointChanged, importProviders, mergeImport } from '../../src/providers/portable/mergeImport';
import { outcomeSummary, previewLines } from '../../src/providers/portable/previewText';
import { describeProblem } from '../../src/providers/portable/problems';
import { readExportFile } from '../../src/providers/portable/readExportFile';
import { documentWith, model, provider } from '../fakes/builders';

function run(doc: StoredDocument, ...ops: Operation<unknown>[]): StoredDocument {
  return ops.reduce((d, op) => op(d).doc, doc);
}

/** A store with two providers, options, headers, network settings, a default, an embedding model and assignments. */
function richDocument(): StoredDocument {
  return run(
    emptyDocument(),
    addProvider({ name: 'Lab', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1', agents: ['codex', 'opencode'], headers: { 'X-Title': 'lab', 'X-Api-Key': 'sk-in-a-header' }, network: { timeoutMs: 5000 } }),
    addModel('lab', { id: 'qwen/qwen3-coder:free', displayName: 'Qwen', contextLimit: 262_144, maxOutputTokens: 8192, temperature: 0.2, options: { reasoningEffort: 'high' } }),
    addModel('lab', { id: 'embed-1', contextLimit: 8192, kind: 'embedding' }),
    addProvider({ name: 'Claude', type: 'anthropic', agents: ['claude-code'] }),
    addModel('claude', { id: 'claude-sonnet-4-5', contextLimit: 200_000, options: { thinkingBudgetTokens: 4096 } }),
    setDefaultModel('lab/qwen/qwen3-coder:free'),
    setEmbeddingModel('lab/embed-1'),
    assignAgent('claude-code', 'claude/claude-sonnet-4-5'),
  );
}

describe('portable: export', () => {
  it('writes the format, version, providers, default, embedding model and assignments, and no key', () => {
    const doc = { ...richDocument(), lastUsedRef: 'claude/claude-sonnet-4-5' as const };
    const { file, leftOut } = exportDocument(doc);
    assert.equal(file.format, exportFormat);
    assert.equal(file.version, exportVersion);
    assert.deepEqual(file.providers.map((p) => p.id), ['lab', 'claude']);
    assert.equal(file.defaultRef, 'lab/qwen/qwen3-coder:free');
    assert.equal(file.embeddingRef, 'lab/embed-1');
    assert.deepEqual(file.assignments, { 'claude-code': 'claude/claude-sonnet-4-5' });
    assert.equal('lastUsedRef' in file, false, 'the last pick is this machine’s');
    assert.deepEqual(file.providers[0].headers, { 'X-Title': 'lab' });
    assert.deepEqual(leftOut, ['Lab: X-Api-Key']);
    const text = exportText(file);
    assert.doesNotMatch(text, /sk-in-a-header|apiKey/);
    assert.ok(text.endsWith('}\n'));
  });

  it('round-trips exactly: export, then import into an empty store, gives the same document', () => {
    const doc = run(richDocument(), (d) => ({ doc: { ...d, providers: d.providers.map((p) => ({ ...p, headers: { 'X-Title': 'lab' } })) }, result: undefined }));
    const text = exportText(exportDocument(doc).file);
    const read = readExportFile(text);
    assert.ok(read.ok);
    const merged = mergeImport(emptyDocument(), read.value, {});
    assert.ok(merged.ok);
    assert.deepEqual(merged.value.doc, doc);
    assert.deepEqual(merged.value.outcome.added, ['lab', 'claude']);
    // And the stored copy of it loads without a problem.
    assert.deepEqual(loadDocument(JSON.parse(JSON.stringify(merged.value.doc))).problems, []);
  });

  it('leaves out a ref that no longer fits its kind rather than write an unreadable file', () => {
    const doc = documentWith([provider('p', { models: [model('e', { kind: 'embedding' })] })], { defaultRef: 'p/e' });
    assert.equal(exportDocument(doc).file.defaultRef, undefined);
  });
});

describe('portable: reading a file', () => {
  const valid = (): ExportFile => exportDocument(richDocument()).file;

  it('names the first problem with its path', () => {
    const file = valid() as unknown as { providers: { models: { contextLimit: unknown }[] }[] };
    file.providers[1].models[0].contextLimit = -5;
    const read = readExportFile(JSON.stringify(file));
    assert.ok(!read.ok);
    assert.equal(describeProblem(read.problem), 'providers[1].models[0].contextLimit: The context limit is at least 1 token.');
  });

  it('refuses a key in a provider, saying keys never travel in files', () => {
    const file = valid() as unknown as { providers: Record<string, unknown>[] };
    file.providers[0].apiKey = 'sk-secret';
    const read = readExportFile(JSON.stringify(file));
    assert.ok(!read.ok);
    assert.equal(read.problem.path, 'providers[0].apiKey');
    assert.match(read.problem.message, /Keys are never read from a file/);
  });

  it('names an unknown field, an unknown type, a wrong version and a JSON syntax error', () => {
    const cases: [unknown, string][] = [
      [{ ...valid(), extra: 1 }, 'extra: “extra” is not a field Switchboard knows here.'],
      [{ ...valid(), version: 2 }, 'version: "version" must be 1; this Switchboard reads version 1.'],
      [{ ...valid(), providers: [{ id: 'x', name: 'X', type: 'teleport' }] }, 'providers[0].type: A provider type is one of openai, anthropic'],
      [{ ...valid(), defaultRef: 'lab/nope' }, 'defaultRef: "lab/nope" is not a model in this file.'],
      [{ ...valid(), defaultRef: 'lab/embed-1' }, 'defaultRef: "lab/embed-1" is an embedding model; this needs a chat model.'],
      [{ ...valid(), keyEnv: { ghost: 'GHOST_KEY' } }, 'keyEnv.ghost: "ghost" is not a provider in this file.'],
      [{ ...valid(), keyEnv: { lab: 'sk-abc-123' } }, 'keyEnv.lab: An environment variable name is'],
    ];
    for (const [raw, expected] of cases) {
      const read = readExportFile(JSON.stringify(raw));
      assert.ok(!read.ok, expected);
      assert.ok(describeProblem(read.problem).startsWith(expected), `${describeProblem(read.problem)} ≠ ${expected}`);
    }
    const broken = readExportFile('{\n  "format": "switchboard.providers",\n}');
    assert.ok(!broken.ok);
    assert.match(broken.problem.message, /^Not valid JSON: .* at line 3, column 1\.$/);
  });

  it('accepts a file with a keyEnv section naming variables', () => {
    const read = readExportFile(JSON.stringify({ ...valid(), keyEnv: { lab: 'LAB_KEY' } }));
    assert.ok(read.ok);
    assert.deepEqual(read.value.keyEnv, { lab: 'LAB_KEY' });
  });
});

describe('portable: preview and merge', () => {
  const incomingFile = (): ExportFile => ({
    format: exportFormat,
    version: exportVersion,
    providers: [
      provider('lab', { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9000/v1', models: [model('big')] } as never),
      provider('new', { models: [model('gpt-5')] }),
      provider('same', { models: [model('m')] }),
    ],
    defaultRef: 'lab/big',
    assignments: { codex: 'new/gpt-5', opencode: 'lab/big' },
  });
  const current = (): StoredDocument =>
    documentWith(
      [provider('lab', { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1', models: [model('small')] } as never), provider('same', { models: [model('m')] })],
      { defaultRef: 'lab/small', lastUsedRef: 'lab/small', assignments: { 'claude-code': 'lab/small' } },
    );

  it('previews what is added, conflicting, unchanged and which settings change', () => {
    const preview = previewImport(current(), incomingFile());
    assert.deepEqual(preview.added.map((p) => p.id), ['new']);
    assert.deepEqual(preview.unchanged.map((p) => p.id), ['same']);
    assert.deepEqual(preview.conflicts.map((c) => [c.incoming.id, c.differences]), [['lab', ['base URL', 'models: +big, −small']]]);
    assert.deepEqual(preview.changes.map((c) => [c.what, c.from, c.to]), [
      ['Default model', 'lab/small', 'lab/big'],
      ['Codex CLI’s model', undefined, 'new/gpt-5'],
      ['OpenCode’s model', undefined, 'lab/big'],
    ]);
    assert.equal(nothingToImport(preview), false);
    assert.equal(nothingToImport(previewImport(current(), { ...incomingFile(), providers: [provider('same', { models: [model('m')] })], defaultRef: undefined, assignments: {} })), true);
  });

  it('keep: the store’s provider stays, and the file’s refs to it do not apply', () => {
    const doc = current();
    const merged = mergeImport(doc, incomingFile(), { lab: 'keep' });
    assert.ok(merged.ok);
    const { doc: next, outcome } = merged.value;
    assert.deepEqual(next.providers.map((p) => [p.id, p.models.map((m) => m.id)]), [['lab', ['small']], ['same', ['m']], ['new', ['gpt-5']]]);
    assert.equal(next.defaultRef, 'lab/small');
    assert.deepEqual(next.assignments, { 'claude-code': 'lab/small', codex: 'new/gpt-5' });
    assert.deepEqual([outcome.kept, outcome.added, outcome.unchanged, outcome.imported], [['lab'], ['new'], ['same'], ['new']]);
  });

  it('replace: the file’s provider takes the place of the store’s, and refs to models it lacks are cleared', () => {
    const merged = mergeImport(current(), incomingFile(), { lab: 'replace' });
    assert.ok(merged.ok);
    const { doc: next, outcome } = merged.value;
    assert.deepEqual(next.providers.map((p) => p.id), ['lab', 'same', 'new']);
    assert.equal(next.providers[0].baseUrl, 'http://127.0.0.1:9000/v1');
    assert.equal(next.defaultRef, 'lab/big');
    assert.equal(next.lastUsedRef, undefined);
    assert.deepEqual(next.assignments, { codex: 'new/gpt-5', opencode: 'lab/big' });
    assert.deepEqual(outcome.cleared, ['lab/small']);
    assert.deepEqual(outcome.replaced, ['lab']);
    assert.deepEqual(outcome.imported, ['new', 'lab']);
    assert.deepEqual(outcome.applied, ['Default model: lab/big', 'Codex CLI’s model: new/gpt-5', 'OpenCode’s model: lab/big']);
  });

  it('rename: the file’s provider gets a fresh id from its name, and its refs follow', () => {
    const doc = documentWith([provider('lab', { models: [model('small')] }), provider('lab-2')], { defaultRef: 'lab/small' });
    const file: ExportFile = { format: exportFormat, version: exportVersion, providers: [provider('lab', { name: 'Lab', models: [model('big')] })], defaultRef: 'lab/big', assignments: { codex: 'lab/big' } };
    const merged = mergeImport(doc, file, { lab: 'rename' });
    assert.ok(merged.ok);
    const { doc: next, outcome } = merged.value;
    assert.deepEqual(next.providers.map((p) => [p.id, p.name]), [['lab', 'LAB'], ['lab-2', 'LAB-2'], ['lab-3', 'Lab']]);
    assert.deepEqual(outcome.renamed, [{ from: 'lab', to: 'lab-3' }]);
    assert.equal(next.defaultRef, 'lab-3/big');
    assert.deepEqual(next.assignments, { codex: 'lab-3/big' });
    assert.deepEqual(outcome.imported, ['lab-3']);
  });

  it('a conflict without a decision imports nothing and names the provider', () => {
    const doc = current();
    const merged = mergeImport(doc, incomingFile(), {});
    assert.ok(!merged.ok);
    assert.equal(merged.problem.path, 'providers[0].id');
    assert.match(merged.problem.message, /choose keep, replace or rename/);
    assert.throws(() => importProviders(incomingFile(), {})(doc), /^SwitchboardError: Nothing was imported\. providers\[0\]\.id:/);
  });

  it('as a store operation, returns the outcome with the merged document', () => {
    const { doc, result } = importProviders(incomingFile(), { lab: 'keep' })(current());
    assert.deepEqual(result.added, ['new']);
    assert.equal(doc.providers.length, 3);
  });
});

describe('portable: the words of an import', () => {
  it('lists what is added, what conflicts and how, what changes, and what is already here', () => {
    const doc = documentWith([provider('lab', { name: 'Lab', models: [model('small')] }), provider('same', { name: 'Same' })], { defaultRef: 'lab/small' });
    const file: ExportFile = {
      format: exportFormat,
      version: exportVersion,
      providers: [provider('lab', { name: 'Lab', models: [model('big')] }), provider('same', { name: 'Same' }), provider('new', { name: 'New', type: 'ollama', agents: ['opencode', 'kilo'], models: [model('qwen:7b')] } as never)],
      defaultRef: 'new/qwen:7b',
      assignments: {},
    };
    assert.deepEqual(previewLines(previewImport(doc, file)), [
      'Adds 1 provider:',
      '  • New (Ollama, http://localhost:11434/v1): 1 model (qwen:7b); for OpenCode and Kilo Code',
      'Conflicts with 1 provider you have (you choose keep, replace or rename next):',
      '  • Lab (lab): differs in models: +big, −small',
      'Changes:',
      '  • Default model: lab/small → new/qwen:7b',
      'Already here, the same: Same',
    ]);
    const merged = mergeImport(doc, file, { lab: 'rename' });
    assert.ok(merged.ok);
    assert.equal(outcomeSummary(merged.value.outcome), 'Import: added 1 provider (new), imported lab as lab-2, set Default model: new/qwen:7b.');
  });
});

describe('import: a replaced provider that points elsewhere', () => {
  it('counts another base URL, type or headers as another endpoint, and the same ones as not', () => {
    const a = provider('openai', { type: 'openai' });
    assert.equal(endpointChanged(a, { ...a, name: 'Renamed', models: [] }), false);
    assert.equal(endpointChanged(a, { ...a, baseUrl: 'https://api.openai.com/v1' }), false, 'the default URL spelled out');
    assert.equal(endpointChanged(a, { ...a, baseUrl: 'https://collector.example/v1' }), true);
    assert.equal(endpointChanged(a, { ...a, headers: { 'X-Team': 'a' } }), true);
    assert.equal(endpointChanged(a, { ...a, type: 'openrouter' } as typeof a), true);
  });
});
