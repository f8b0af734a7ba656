import * as assert from 'node:assert/strict';
import { mergeNamedList } from '../../src/agents/namedList';

describe('named lists (claudeCode.environmentVariables)', () => {
  it('replaces our names in place, appends new ones, keeps the user\'s', () => {
    const current = [{ name: 'HTTPS_PROXY', value: 'http://proxy:3128' }, { name: 'ANTHROPIC_MODEL', value: 'old' }, 'garbage'];
    assert.deepEqual(mergeNamedList(current, { ANTHROPIC_MODEL: 'claude-sonnet-4-5', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' }), [
      { name: 'HTTPS_PROXY', value: 'http://proxy:3128' },
      { name: 'ANTHROPIC_MODEL', value: 'claude-sonnet-4-5' },
      'garbage',
      { name: 'ANTHROPIC_BASE_URL', value: 'http://127.0.0.1:9' },
    ]);
  });

  it('removes our names set to undefined, and duplicates of ours', () => {
    const current = [{ name: 'ANTHROPIC_CUSTOM_HEADERS', value: 'x: 1' }, { name: 'ANTHROPIC_MODEL', value: 'a' }, { name: 'ANTHROPIC_MODEL', value: 'b' }];
    assert.deepEqual(mergeNamedList(current, { ANTHROPIC_CUSTOM_HEADERS: undefined, ANTHROPIC_MODEL: 'm' }), [{ name: 'ANTHROPIC_MODEL', value: 'm' }]);
  });

  it('starts a list when the setting is missing or not a list', () => {
    assert.deepEqual(mergeNamedList(undefined, { A: '1' }), [{ name: 'A', value: '1' }]);
    assert.deepEqual(mergeNamedList({ not: 'a list' }, { A: '1' }), [{ name: 'A', value: '1' }]);
  });

  it('is idempotent', () => {
    const once = mergeNamedList([{ name: 'X', value: '1' }], { A: '1', B: undefined });
    assert.deepEqual(mergeNamedList(once, { A: '1', B: undefined }), once);
  });
});
