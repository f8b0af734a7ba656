import * as assert from 'node:assert/strict';
import { TerminalVariables, type TerminalCollection } from '../../src/extension/terminalVariables';

/** The collection's three methods over a Map: what new terminals would get. */
function collection(): TerminalCollection & { readonly vars: Map<string, string> } {
  const vars = new Map<string, string>();
  return { vars, replace: (name, value) => void vars.set(name, value), delete: (name) => void vars.delete(name), clear: () => vars.clear() };
}

describe('terminal variables and the agents that need them', () => {
  it('releasing one agent removes its own variables and keeps one another agent still needs', () => {
    const terminals = collection();
    const variables = new TerminalVariables(terminals);
    variables.set('gemini-cli', { GOOGLE_GEMINI_BASE_URL: 'http://127.0.0.1:9', GEMINI_API_KEY: 'k-gem' });
    variables.set('opencode', { SWITCHBOARD_LAB_KEY: 'k-lab' });
    variables.set('kilo', { SWITCHBOARD_LAB_KEY: 'k-lab' });
    assert.deepEqual(variables.ownedBy('gemini-cli'), ['GOOGLE_GEMINI_BASE_URL', 'GEMINI_API_KEY']);
    assert.deepEqual(variables.ownedBy('opencode'), [], 'Kilo needs it too');

    assert.deepEqual(variables.release('gemini-cli'), ['GOOGLE_GEMINI_BASE_URL', 'GEMINI_API_KEY']);
    assert.deepEqual(variables.release('opencode'), []);
    assert.deepEqual([...terminals.vars], [['SWITCHBOARD_LAB_KEY', 'k-lab']]);
    assert.deepEqual(variables.ownedBy('kilo'), ['SWITCHBOARD_LAB_KEY'], 'now Kilo\'s alone');
    assert.deepEqual(variables.release('kilo'), ['SWITCHBOARD_LAB_KEY']);
    assert.equal(terminals.vars.size, 0);
  });

  it('an apply that no longer needs a variable removes it, unless another agent does', () => {
    const terminals = collection();
    const variables = new TerminalVariables(terminals);
    variables.set('codex', { SWITCHBOARD_LAB_KEY: 'k-lab', SWITCHBOARD_OLD_KEY: 'k-old' });
    variables.set('opencode', { SWITCHBOARD_OLD_KEY: 'k-old' });
    // Codex now reads the key from the key helper: no variable at all.
    variables.set('codex', {});
    assert.deepEqual([...terminals.vars.keys()], ['SWITCHBOARD_OLD_KEY']);
    variables.clear();
    assert.equal(terminals.vars.size, 0);
    assert.deepEqual(variables.ownedBy('opencode'), []);
  });
});
