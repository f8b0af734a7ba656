import * as assert from 'node:assert/strict';
import { ConfigEditError, ConfigParseError } from '../../src/agents/edit/editTypes';
import { editToml } from '../../src/agents/edit/tomlEdit';

const FILE = '/home/u/.codex/config.toml';

/** A Codex-style config: comments, spacing, other providers, profiles, CRLF. */
const codex = [
  '# Codex settings',
  'model = "o3"   # default model',
  'approval_policy = "on-request"',
  '',
  '[model_providers.ollama]',
  'name   =   "Ollama"',
  'base_url = "http://localhost:11434/v1"',
  '',
  '[profiles.fast]',
  'model = "gpt-4.1-mini"',
  '',
].join('\r\n');

describe('agents/edit TOML samples', () => {
  it('replaces a nested table that is deleted and re-created in one change (found by the property test)', () => {
    // fast-check's counterexample, as found: toml-patch failed with "Item not found in parent for replace".
    const text =
      '# comment 364637\nz_z = 4271  # note 364638\nx = false\n# comment 364639\nbeta-2   =   {  }  # note 364640\n\n# section 364641\n[base_url]\n# comment 364642\nname = 92212\n' +
      '# comment 364643\nbeta-2   =   false  # note 364644\n# comment 364645\napi_key = [false]\n\n# section 364646\n[base_url.providers]\n# comment 364647\nalpha   =   [1.5]  # note 364648\n' +
      '# comment 364649\nenv = "http://127.0.0.1:8080/v1"\nbeta-2 = { z_z = -24.5, alpha = false, api_key = "two words", beta-2 = 20530 }  # note 364650\n\n# section 364651\n[base_url.alpha]\nx = 31997\n' +
      '# comment 364652\nenv = true  # note 364653\n# comment 364654\nmodel = {  }\n';
    const after = editToml(text, [{ path: ['base_url', 'alpha'], value: undefined }, { path: ['base_url', 'alpha', 'switchboard'], value: {} }], '/c.toml');
    const parsed = JSON.parse(JSON.stringify(require('@decimalturn/toml-patch').parse(after)));
    assert.deepEqual(parsed.base_url.alpha, { switchboard: {} });
    assert.equal(parsed.base_url.providers.env, 'http://127.0.0.1:8080/v1');
    assert.match(after, /# comment 364647/, 'comments outside the replaced table stay');
  });

  it('changes an owned value in place, keeping its comment and the rest of the file', () => {
    const out = editToml(codex, [{ path: ['model'], value: 'sb-model' }], FILE);
    assert.equal(out, codex.replace('model = "o3"', 'model = "sb-model"'));
  });

  it('adds an owned provider next to others without touching them', () => {
    const out = editToml(codex, [{ path: ['model_providers', 'switchboard'], value: { name: 'Switchboard', base_url: 'http://127.0.0.1:4141/v1' } }], FILE);
    for (const line of codex.split('\r\n')) assert.ok(out.split('\r\n').includes(line), line);
    assert.ok(!out.replace(/\r\n/g, '').includes('\n'), 'line endings stay CRLF');
    assert.match(out, /switchboard/);
  });

  it('deletes owned keys and is a no-op the second time', () => {
    const once = editToml(codex, [{ path: ['approval_policy'], value: undefined }], FILE);
    assert.equal(once, codex.replace('approval_policy = "on-request"\r\n', ''));
    assert.equal(editToml(once, [{ path: ['approval_policy'], value: undefined }], FILE), once);
  });

  it('deletes a table without the comment above the next table, which is about that one', () => {
    const text = '[model_providers.switchboard-lab]\nbase_url = "x"\n# inside ours\nwire_api = "responses"\n\n# docs server, mine\n[mcp_servers.docs]\ncommand = "docs-mcp"\n';
    const once = editToml(text, [{ path: ['model_providers'], value: undefined }], FILE);
    assert.equal(once, '# docs server, mine\n[mcp_servers.docs]\ncommand = "docs-mcp"\n');
    assert.equal(editToml(once, [{ path: ['model_providers'], value: undefined }], FILE), once);
  });

  it('treats an empty file as an empty document and ends it with a newline', () => {
    assert.equal(editToml('', [{ path: ['model'], value: 'x' }], FILE), 'model = "x"\n');
  });

  it('refuses null, which TOML cannot hold', () => {
    assert.throws(() => editToml(codex, [{ path: ['model'], value: null }], FILE), ConfigEditError);
  });

  it('refuses a broken file, naming the file, line and column', () => {
    assert.throws(() => editToml('a = 1\nb = 2\nb = 3\n', [{ path: ['d'], value: 1 }], FILE), (error: unknown) => {
      assert.ok(error instanceof ConfigParseError);
      assert.equal(error.line, 3);
      assert.match(error.message, /config\.toml:3:1: cannot parse: Value already defined for b/);
      return true;
    });
  });
});
