/**
 * Fuzz of the settings panel's host boundary: over 10,000 malformed messages, from pure noise
 * to near-valid requests with fields of the wrong kind. None may crash the router, none gets
 * an answer, and none changes what is stored. Well-formed requests the domain refuses must
 * change nothing either.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { routeMessage } from '../../src/extension/panel/router';
import { toHostSchema } from '../../src/protocol/messages';
import { Store } from '../../src/extension/store/store';
import { addModel, addProvider } from '../../src/providers/operations';
import { MemoryLog, MemoryMemento, MemorySecrets } from '../fakes/memory';

const types = ['ready', 'saveProvider', 'deleteProvider', 'saveModel', 'deleteModel', 'setDefaultModel', 'assignAgent', 'applyAgentNow', 'previewAgent', 'revertAgent', 'state', 'result', '__proto__', ''];

/** Near-valid requests whose every field may be the wrong kind of thing. */
const broken = fc.record(
  {
    type: fc.constantFrom(...types),
    requestId: fc.oneof(fc.string(), fc.integer(), fc.constant(undefined)),
    id: fc.oneof(fc.constant('work'), fc.constant('nope'), fc.integer(), fc.string({ maxLength: 100 }), fc.constant(null)),
    ref: fc.oneof(fc.constant('work/gpt-5'), fc.constant('work/'), fc.integer(), fc.constant(null), fc.string()),
    agent: fc.oneof(fc.constant('codex'), fc.constant('opencode'), fc.string(), fc.integer(), fc.constant(null)),
    provider: fc.oneof(fc.anything(), fc.record({ name: fc.oneof(fc.string(), fc.integer()), type: fc.oneof(fc.constant('openai'), fc.string()), agents: fc.anything() })),
    key: fc.oneof(fc.anything(), fc.record({ action: fc.constantFrom('set', 'keep', 'clear', 'show'), value: fc.anything() })),
    model: fc.oneof(fc.anything(), fc.record({ id: fc.anything(), contextLimit: fc.oneof(fc.integer(), fc.double(), fc.string()) })),
    providerId: fc.oneof(fc.constant('work'), fc.anything()),
  },
  { requiredKeys: ['type'] },
);

describe('settings panel fuzz', function () {
  this.timeout(180_000);

  it('survives 10,000+ malformed messages with no crash and no change to storage', async () => {
    const memento = new MemoryMemento();
    const secrets = new MemorySecrets();
    const store = new Store(memento, secrets, new MemoryLog());
    await store.load();
    await store.apply(addProvider({ name: 'Work', type: 'openai', agents: ['codex'] }), 'seed');
    await store.apply(addModel('work', { id: 'gpt-5', contextLimit: 400_000 }), 'seed');
    await store.secrets.setKey('work', 'sk-seed');
    const snapshot = () => JSON.stringify([...memento.values]) + JSON.stringify([...secrets.values]);
    const baseline = { memento: new Map(memento.values), secrets: new Map(secrets.values), text: snapshot() };
    // The agent actions reach these only from a well-formed message naming a known agent.
    const reached: string[] = [];
    const act = async (what: string) => (reached.push(what), { ok: false, message: 'refused in the fuzz' });
    const context = {
      store,
      log: new MemoryLog(),
      agentFacts: () => ({ runs: {} }),
      applyAgent: async (agent: string) => ({ problems: [(await act(`apply ${agent}`)).message] }),
      previewAgent: (agent: string) => act(`preview ${agent}`),
      revertAgent: (agent: string) => act(`revert ${agent}`),
    };
    let malformed = 0;
    let accepted = 0;

    await fc.assert(
      fc.asyncProperty(fc.oneof({ arbitrary: fc.anything(), weight: 1 }, { arbitrary: fc.json().map((j) => JSON.parse(j) as unknown), weight: 1 }, { arbitrary: broken, weight: 3 }), async (message) => {
        const wellFormed = toHostSchema.safeParse(message).success;
        const before = reached.length;
        const reply = await routeMessage(message, context);
        if (!wellFormed) {
          malformed++;
          assert.equal(reply, undefined, 'a malformed message gets no answer');
          assert.equal(reached.length, before, 'a malformed message reaches no agent action');
        }
        for (const call of reached.slice(before)) assert.match(call, /^(apply|preview|revert) (codex|opencode)$/);
        if (reply?.type === 'result' && reply.ok) {
          // A request the domain accepted in full (rare here): count it, then restore the baseline.
          accepted++;
          memento.values.clear();
          baseline.memento.forEach((v, k) => memento.values.set(k, v));
          secrets.values.clear();
          baseline.secrets.forEach((v, k) => secrets.values.set(k, v));
          // An outside write is merged, not taken as is; a reset must say it discards this window's copy.
          await store.reloadDiscardingLocal();
        }
        assert.equal(snapshot(), baseline.text, `storage changed after ${JSON.stringify(message)}`);
      }),
      { numRuns: 12_000, seed: 20261123 },
    );
    assert.ok(malformed >= 10_000, `only ${malformed} malformed messages`);
    assert.ok(accepted < 100, `${accepted} random messages were accepted`);
  });
});
