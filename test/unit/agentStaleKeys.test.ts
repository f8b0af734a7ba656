/**
 * Only the current provider's entry may hold a plaintext key: the agents that keep one entry
 * per provider (OpenCode, Kilo, OpenClaw, Qwen Code) lose the keys of the others at every
 * write, so a provider switched away from, or a withdrawn opt-in, leaves none behind.
 */
import * as assert from 'node:assert/strict';
import type { AgentAdapter, AgentEnvironment, Endpoint } from '../../src/agents/agentAdapter';
import { kilo } from '../../src/agents/adapters/kilo';
import { openClaw } from '../../src/agents/adapters/openClaw';
import { openCode } from '../../src/agents/adapters/openCode';
import { qwenCode } from '../../src/agents/adapters/qwenCode';
import { applyAgentPlan } from '../../src/agents/applyPlan';
import { chatEndpoint } from '../fakes/endpoints';
import { MemoryFileSystem } from '../fakes/memoryFs';

const environment: AgentEnvironment = { home: '/home/dev', env: {} };
const backupDir = '/state/backups';

async function apply(fs: MemoryFileSystem, adapter: AgentAdapter, endpoint: Endpoint): Promise<string> {
  const result = adapter.plan(endpoint, environment);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  await applyAgentPlan(fs, result.plan, backupDir);
  return fs.text(adapter.configFiles(environment)[0]) ?? '';
}

const a = chatEndpoint({ providerId: 'alpha', providerName: 'Alpha', key: { kind: 'plaintext', value: 'sk-alpha-secret-1' } });
const b = chatEndpoint({ providerId: 'beta', providerName: 'Beta', key: { kind: 'plaintext', value: 'sk-beta-secret-2' } });

for (const adapter of [openCode, kilo, openClaw, qwenCode]) {
  describe(`${adapter.label}: plaintext keys of other providers`, () => {
    it('are removed when another provider is applied, and the current one is removed when the opt-in is withdrawn', async () => {
      const fs = new MemoryFileSystem();
      const file = adapter.configFiles(environment)[0];
      // The user's own entry with a key of their own stays whatever happens.
      fs.seed(file, adapter === qwenCode ? '{ "env": { "MY_OWN_KEY": "mine-123" } }\n' : adapter === openClaw ? '{ "models": { "providers": { "mine": { "apiKey": "mine-123" } } } }\n' : '{ "provider": { "mine": { "options": { "apiKey": "mine-123" } } } }\n');
      assert.match(await apply(fs, adapter, a), /sk-alpha-secret-1/);
      const switched = await apply(fs, adapter, b);
      assert.match(switched, /sk-beta-secret-2/);
      assert.doesNotMatch(switched, /sk-alpha-secret-1/, 'the provider switched away from keeps no key');
      assert.match(switched, /switchboard-alpha/, 'its entry stays, without the key');
      const withdrawn = await apply(fs, adapter, { ...b, key: { kind: 'env' } });
      assert.doesNotMatch(withdrawn, /sk-(alpha|beta)-secret/, 'no plaintext key left after the opt-in is withdrawn');
      assert.match(withdrawn, /mine-123/, 'the user’s own key is theirs');
    });
  });
}
