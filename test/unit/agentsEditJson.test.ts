import * as assert from 'node:assert/strict';
import { ConfigEditError, ConfigParseError } from '../../src/agents/edit/editTypes';
import { editJson } from '../../src/agents/edit/jsonEdit';

const FILE = '/home/u/.claude/settings.json';

/** A Claude Code style settings file with comments, unknown keys and tab indentation. */
const claude = [
  '{',
  '\t// my settings — do not lose this',
  '\t"$schema": "https://json.schemastore.org/claude-code-settings.json",',
  '\t"env": {',
  '\t\t"OTHER_TOOL": "1"',
  '\t},',
  '\t"permissions": {"allow": ["Bash(ls:*)"]}, /* inline */',
  '\t"unknownFutureKey": [1, 2, 3]',
  '}',
  '',
].join('\r\n');

describe('agents/edit JSON samples', () => {
  it('adds owned keys with the file’s tabs and CRLF, leaving every other byte', () => {
    const out = editJson(claude, [
      { path: ['env', 'ANTHROPIC_BASE_URL'], value: 'http://127.0.0.1:4141' },
      { path: ['model'], value: 'sonnet' },
    ], FILE);
    assert.equal(out, [
      '{',
      '\t// my settings — do not lose this',
      '\t"$schema": "https://json.schemastore.org/claude-code-settings.json",',
      '\t"env": {',
      '\t\t"OTHER_TOOL": "1",',
      '\t\t"ANTHROPIC_BASE_URL": "http://127.0.0.1:4141"',
      '\t},',
      '\t"permissions": {"allow": ["Bash(ls:*)"]}, /* inline */',
      '\t"unknownFutureKey": [1, 2, 3],',
      '\t"model": "sonnet"',
      '}',
      '',
    ].join('\r\n'));
  });

  it('removes an owned key and the comma it leaves behind', () => {
    const added = editJson(claude, [{ path: ['env', 'ANTHROPIC_BASE_URL'], value: 'x' }], FILE);
    assert.equal(editJson(added, [{ path: ['env', 'ANTHROPIC_BASE_URL'], value: undefined }], FILE), claude);
  });

  it('uses 4-space and 2-space indentation as found, nested objects included', () => {
    const four = '{\n    "a": 1\n}';
    assert.equal(editJson(four, [{ path: ['p', 'q'], value: { r: [1] } }], FILE), '{\n    "a": 1,\n    "p": {\n        "q": {\n            "r": [\n                1\n            ]\n        }\n    }\n}');
    const two = '{\n  "provider": {\n    "other": {}\n  }\n}\n';
    assert.equal(editJson(two, [{ path: ['provider', 'sb'], value: { name: 'S' } }], FILE), '{\n  "provider": {\n    "other": {},\n    "sb": {\n      "name": "S"\n    }\n  }\n}\n');
  });

  it('keeps a trailing-comma style and a trailing comment on the last key', () => {
    assert.equal(editJson('{\n  "a": 1,\n}\n', [{ path: ['b'], value: 2 }], FILE), '{\n  "a": 1,\n  "b": 2,\n}\n');
    assert.equal(editJson('{\n  "a": 1 // keep\n}\n', [{ path: ['b'], value: 2 }], FILE), '{\n  "a": 1, // keep\n  "b": 2\n}\n');
  });

  it('replaces a value in place and does nothing when it already matches', () => {
    const text = '{ "model": "old", "x": true }';
    assert.equal(editJson(text, [{ path: ['model'], value: 'new' }], FILE), '{ "model": "new", "x": true }');
    assert.equal(editJson(text, [{ path: ['model'], value: 'old' }, { path: ['gone'], value: undefined }], FILE), text);
  });

  it('deletes an owned list item with its own lines, leaving its neighbours as written', () => {
    const text = '{\n  "models": [\n    { "name": "Local" }, // mine\n    { "name": "Switchboard x" },\n    { "name": "Cloud" }\n  ]\n}\n';
    const edit = { path: ['models', { key: 'name', prefix: 'Switchboard' }], value: undefined };
    const once = editJson(text, [edit], FILE);
    assert.equal(once, '{\n  "models": [\n    { "name": "Local" }, // mine\n    { "name": "Cloud" }\n  ]\n}\n');
    assert.equal(editJson(once, [edit], FILE), once);
  });

  it('treats an empty or comment-only file as an empty document', () => {
    assert.equal(editJson('', [{ path: ['a', 'b'], value: 1 }], FILE), '{\n  "a": {\n    "b": 1\n  }\n}\n');
    assert.equal(editJson('// hi\n', [{ path: ['a'], value: 1 }], FILE), '// hi\n{\n  "a": 1\n}\n');
    assert.equal(editJson('{}', [{ path: ['a'], value: 1 }], FILE), '{\n  "a": 1\n}');
  });

  it('refuses a broken file, naming the file, line and column', () => {
    assert.throws(() => editJson('{\n  "a": 1\n  "b": 2\n}', [{ path: ['c'], value: 1 }], FILE), (error: unknown) => {
      assert.ok(error instanceof ConfigParseError);
      assert.equal(error.line, 3);
      assert.equal(error.column, 3);
      assert.match(error.message, /settings\.json:3:3: cannot parse: CommaExpected/);
      return true;
    });
  });

  it('refuses to set a key below a value that is not an object', () => {
    assert.throws(() => editJson('{"env": "x"}', [{ path: ['env', 'A'], value: 1 }], FILE), ConfigEditError);
    assert.throws(() => editJson('[1]', [{ path: ['a'], value: 1 }], FILE), ConfigEditError);
  });
});
