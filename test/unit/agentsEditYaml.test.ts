import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { ConfigParseError } from '../../src/agents/edit/editTypes';
import { editYaml } from '../../src/agents/edit/yamlEdit';

const FILE = '/home/u/.aider.conf.yml';

/** An aider-style config: comments, odd spacing, an unindented list, CRLF. */
const aider = [
  '# Aider configuration',
  'model:   gpt-4o   # my default',
  '',
  '',
  'read:',
  '- CONVENTIONS.md',
  "- 'docs/notes.md'",
  'flags: {dark-mode: true,pretty: false}',
  '',
  '# endpoint',
  'openai-api-base: https://old.example/v1',
  'editor-model: null',
  '',
].join('\r\n');

describe('agents/edit YAML samples', () => {
  it('changes owned values, keeping trailing comments, blank lines and every other line', () => {
    const out = editYaml(aider, [
      { path: ['model'], value: 'openai/sb-model' },
      { path: ['openai-api-base'], value: 'http://127.0.0.1:4141/v1' },
    ], FILE);
    assert.equal(out, aider.replace('model:   gpt-4o   # my default', 'model: openai/sb-model # my default').replace('https://old.example/v1', 'http://127.0.0.1:4141/v1'));
  });

  it('adds a nested owned map at the end in the file’s indentation', () => {
    const text = 'providers:\n    other:\n        url: x # keep\n';
    const out = editYaml(text, [{ path: ['providers', 'sb'], value: { url: 'http://127.0.0.1', models: ['a'] } }], FILE);
    assert.equal(out, 'providers:\n    other:\n        url: x # keep\n    sb:\n        url: http://127.0.0.1\n        models:\n            - a\n');
  });

  it('adds a key to a CRLF map whose deleted key left an indented blank line (found by the revert property)', () => {
    const text = [
      'name: null  # note 1',
      '',
      'providers:  # note 2',
      '    # comment 3',
      '    ',
      '    # comment 4',
      '    beta-2:  # note 5',
      '        # comment 6',
      '        z_z:  # note 7',
      "        - 'two words'",
      '',
      '        # comment 8',
      '        beta-2: ["ünïcode ✓"]  # note 9',
      '',
      '# comment 10',
      'api_key: true # note 11',
      'zz_user_key: kept',
    ].join('\r\n');
    const out = editYaml(text, [{ path: ['providers', 'base_url'], value: null }], FILE);
    assert.doesNotMatch(out, /\r\r/, 'one line end each');
    assert.deepEqual(parse(out), { name: null, providers: { 'beta-2': { z_z: ['two words'], 'beta-2': ['ünïcode ✓'] }, base_url: null }, api_key: true, zz_user_key: 'kept' });
  });

  it('sets an empty list or map in place of a commented scalar (found by the revert property)', () => {
    const text = 'api_key: null\r\n\r\n# comment\r\nx: 0.5 # note\r\nzz_user_key: kept';
    for (const value of [[], {}]) {
      const out = editYaml(text, [{ path: ['x'], value }], FILE);
      assert.deepEqual(parse(out), { api_key: null, x: value, zz_user_key: 'kept' });
      assert.match(out, /# note/, 'the comment stays');
    }
  });

  it('deletes an owned key and, on a second run, finds nothing to do', () => {
    const once = editYaml(aider, [{ path: ['editor-model'], value: undefined }], FILE);
    assert.equal(once, aider.replace('editor-model: null\r\n', ''));
    assert.equal(editYaml(once, [{ path: ['editor-model'], value: undefined }], FILE), once);
  });

  it('deletes an owned list item found by content, not the item that moves into its place', () => {
    const text = 'models:\n  - name: Local # mine\n  - name: "Switchboard: x"\n    provider: openai\n  - name: Cloud\n';
    const edit = { path: ['models', { key: 'name', prefix: 'Switchboard' }], value: undefined };
    const once = editYaml(text, [edit], FILE);
    assert.equal(once, 'models:\n  - name: Local # mine\n  - name: Cloud\n');
    assert.equal(editYaml(once, [edit], FILE), once);
  });

  it('treats an empty or comment-only file as an empty document', () => {
    assert.equal(editYaml('', [{ path: ['a', 'b'], value: 1 }], FILE), 'a:\n  b: 1\n');
    assert.equal(editYaml('# just a comment\n', [{ path: ['a'], value: 1 }], FILE), '# just a comment\n\na: 1\n');
  });

  it('quotes strings that would otherwise read as another type', () => {
    assert.equal(editYaml('a: 1\n', [{ path: ['a'], value: 'true' }], FILE), 'a: "true"\n');
  });

  it('refuses a broken file, naming the file, line and column', () => {
    assert.throws(() => editYaml('a: [1\nb: 2\n', [{ path: ['c'], value: 1 }], FILE), (error: unknown) => {
      assert.ok(error instanceof ConfigParseError);
      assert.equal(error.line, 2);
      assert.match(error.message, /\.aider\.conf\.yml:2:1: cannot parse/);
      return true;
    });
  });
});
