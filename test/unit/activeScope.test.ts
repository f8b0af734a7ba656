/** The active model's scope, which model agents use, and how a window says so. */
import * as assert from 'node:assert/strict';
import { agentsNote, agentsView, parseAgentsPick, parseScope, windowView, type AgentsPick } from '../../src/providers/activeScope';
import { activeModel, modelForAgent, pickerOrder } from '../../src/providers/modelOrder';
import { documentWith, model, provider } from '../fakes/builders';

const doc = documentWith([provider('p', { models: [model('a'), model('b'), model('c')], agents: ['codex'] })], { defaultRef: 'p/a', lastUsedRef: 'p/b' });
const usable = () => true;
const pick = (ref: `${string}/${string}`, workspaceId = 'ws-2', workspaceName = 'api-server'): AgentsPick => ({ ref, workspaceId, workspaceName, at: '2026-01-01T00:00:00Z' });

describe('active model scope', () => {
  it('reads the setting, with global for anything but "workspace"', () => {
    assert.equal(parseScope('workspace'), 'workspace');
    assert.equal(parseScope('global'), 'global');
    assert.equal(parseScope(undefined), 'global');
    assert.equal(parseScope('Workspace'), 'global');
  });

  it('global: every window uses the synced last-used model', () => {
    assert.equal(windowView(doc, 'global', 'p/c'), doc);
    assert.equal(activeModel(windowView(doc, 'global', 'p/c'), usable)?.ref, 'p/b');
  });

  it('workspace: the workspace\'s own last pick comes first, then the default, then the first', () => {
    const view = windowView(doc, 'workspace', 'p/c');
    assert.equal(activeModel(view, usable)?.ref, 'p/c');
    assert.deepEqual(pickerOrder(view, usable).pinned.map((c) => c.ref), ['p/c', 'p/a']);
    assert.equal(activeModel(windowView(doc, 'workspace', undefined), usable)?.ref, 'p/a', 'a workspace with no pick yet shows the default');
    assert.equal(doc.lastUsedRef, 'p/b', 'the stored document is not changed');
  });

  it('agents follow the last pick on this machine in workspace scope, the synced one in global scope', () => {
    assert.equal(modelForAgent(agentsView(doc, 'workspace', pick('p/c')), 'codex', usable), 'p/c');
    assert.equal(modelForAgent(agentsView(doc, 'workspace', undefined), 'codex', usable), 'p/b');
    assert.equal(modelForAgent(agentsView(doc, 'global', pick('p/c')), 'codex', usable), 'p/b');
  });

  it('accepts only a well-formed record of the agents\' pick', () => {
    assert.deepEqual(parseAgentsPick(pick('p/a')), pick('p/a'));
    assert.equal(parseAgentsPick({ ref: 'no-slash', workspaceId: 'x', workspaceName: 'y', at: 'z' }), undefined);
    assert.equal(parseAgentsPick(undefined), undefined);
  });
});

describe('which window the agents follow', () => {
  const label = (ref: string) => (ref === 'p/c' ? 'Model C · P' : ref);

  it('says which model and which workspace, in the window that did not pick it', () => {
    assert.equal(agentsNote({ scope: 'workspace', workspaceId: 'ws-1', activeRef: 'p/a' }, pick('p/c'), label), 'Agents use Model C · P (picked in api-server)');
  });

  it('says the agents use this model, and where it was picked', () => {
    assert.equal(agentsNote({ scope: 'workspace', workspaceId: 'ws-2', activeRef: 'p/c' }, pick('p/c'), label), 'Agents use this model (picked here)');
    assert.equal(agentsNote({ scope: 'workspace', workspaceId: 'ws-1', activeRef: 'p/c' }, pick('p/c'), label), 'Agents use this model (picked in api-server)');
  });

  it('stays quiet in global scope while the agents use what the window shows', () => {
    assert.equal(agentsNote({ scope: 'global', workspaceId: 'ws-1', activeRef: 'p/c' }, pick('p/c'), label), undefined);
    assert.equal(agentsNote({ scope: 'global', workspaceId: 'ws-1', activeRef: 'p/a' }, pick('p/c'), label), 'Agents use Model C · P (picked in api-server)');
    assert.equal(agentsNote({ scope: 'workspace', workspaceId: 'ws-1', activeRef: 'p/a' }, undefined, label), undefined, 'no pick yet: nothing to say');
  });
});
