/**
 * Team mode end to end with the real CLIs: a team file names a loopback "team proxy" (the
 * model-API double), with a team header and a per-developer header template. Switchboard's
 * own pieces do the rest, as in VS Code: the file is parsed and merged by the store, the
 * developer's personal token (Codex) or the team's environment variable (Claude Code) comes
 * from the store's key delivery, and the adapters write the agents' configs. The proxy answers
 * only requests that carry the developer's token and both headers; the CLI must print its reply.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { AgentAdapter } from '../../src/agents/agentAdapter';
import { claudeCode } from '../../src/agents/adapters/claudeCode';
import { codex } from '../../src/agents/adapters/codex';
import { applyAgentPlan } from '../../src/agents/applyPlan';
import { nodeFileSystem } from '../../src/agents/edit/nodeFileSystem';
import { planAgent } from '../../src/agents/switchPlan';
import { Store } from '../../src/extension/store/store';
import type { AgentId } from '../../src/providers/agentCatalog';
import { parseTeamText } from '../../src/providers/team/parseTeam';
import { leakCheck } from '../harness/leakCheck';
import { MemoryLog, MemoryMemento, MemorySecrets } from '../fakes/memory';
import { startUpstream, type Upstream } from '../upstreams/server';
import { AgentHome, describeRun, terminalEnvOf, uniqueReply } from './harness';

const developer = 'dev-ada';
const teamId = 'payments-e2e';

function teamFileText(proxyUrl: string): string {
  const headers = { 'X-Team-Id': teamId, 'X-User': '${env:USER}' };
  return JSON.stringify({
    format: 'switchboard.providers',
    version: 1,
    contact: { name: 'Platform team', email: 'ai-platform@example.com' },
    providers: [
      { id: 'team-openai', name: 'Team proxy (OpenAI)', type: 'openai', baseUrl: `${proxyUrl}/v1`, agents: ['codex'], headers, auth: { kind: 'personalToken' }, models: [{ id: 'team-gpt', contextLimit: 200_000 }] },
      { id: 'team-network', name: 'Team proxy (by network)', type: 'openai', baseUrl: `${proxyUrl}/v1`, agents: ['codex'], headers, auth: { kind: 'none' }, models: [{ id: 'team-open', contextLimit: 200_000 }] },
      { id: 'team-anthropic', name: 'Team proxy (Anthropic)', type: 'anthropic', baseUrl: `${proxyUrl}/v1`, agents: ['claude-code'], headers, auth: { kind: 'env', variable: 'TEAM_LLM_TOKEN' }, models: [{ id: 'team-claude', contextLimit: 200_000 }] },
    ],
    defaultRef: 'team-openai/team-gpt',
  });
}

interface Case {
  label: string;
  adapter: AgentAdapter;
  ref: `${string}/${string}`;
  command: [string, string[]];
  homeEnv: (home: AgentHome) => Record<string, string>;
  testEnv?: Record<string, string>;
}

const cases: Case[] = [
  {
    label: 'Codex CLI, with the developer’s personal token',
    adapter: codex,
    ref: 'team-openai/team-gpt',
    command: ['codex', ['exec', '--skip-git-repo-check', 'Say hello.']],
    homeEnv: (home) => ({ CODEX_HOME: path.join(home.home, '.codex') }),
  },
  {
    label: 'Codex CLI, with no token (the proxy authenticates by network)',
    adapter: codex,
    ref: 'team-network/team-open',
    command: ['codex', ['exec', '--skip-git-repo-check', 'Say hello.']],
    homeEnv: (home) => ({ CODEX_HOME: path.join(home.home, '.codex') }),
  },
  {
    label: 'Claude Code, with the token in the team’s environment variable',
    adapter: claudeCode,
    ref: 'team-anthropic/team-claude',
    command: ['claude', ['-p', 'Say hello.']],
    homeEnv: (home) => ({ CLAUDE_CONFIG_DIR: path.join(home.home, '.claude') }),
    testEnv: { CLAUDE_CODE_MAX_RETRIES: '0' },
  },
];

describe('agent e2e: team mode through a loopback team proxy', function () {
  this.timeout(180_000);
  let up: Upstream | undefined;
  let home: AgentHome | undefined;

  afterEach(async () => {
    await up?.close();
    await home?.cleanup();
  });

  for (const c of cases) {
    it(`${c.label}: the token and the team's headers reach the proxy`, async () => {
      const reply = uniqueReply(`team-${c.adapter.id}`);
      const personalToken = `team-personal-${Date.now()}-TOKEN`;
      const envToken = `team-env-${Date.now()}-TOKEN`;
      const providerId = c.ref.split('/')[0];
      const token = { 'team-openai': personalToken, 'team-anthropic': envToken }[providerId];
      // The proxy: a model call without the developer's token and both headers is refused.
      up = await startUpstream({
        protocols: ['openai-responses', 'anthropic'],
        ...(token ? { expectedKey: token } : {}),
        respond: (r) => (r.headers['x-team-id'] === teamId && r.headers['x-user'] === developer ? { text: reply } : { error: { status: 403, message: 'the team proxy wants X-Team-Id and X-User' } }),
      });
      home = new AgentHome(`team-${c.adapter.id}`);

      // As in VS Code: the team file is read with this machine's environment, and merged by the store.
      const machineEnv = { USER: developer, TEAM_LLM_TOKEN: envToken };
      const parsed = parseTeamText(teamFileText(up.url), machineEnv);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('\n'));
      const store = new Store(new MemoryMemento(), new MemorySecrets(), new MemoryLog(), Date.now, () => machineEnv);
      await store.setTeam({ ...parsed.catalog, source: 'https://config.example.com/team.json', allowPersonalProviders: false });
      await store.load();
      await store.secrets.setKey('team-openai', personalToken);

      const homeEnv = c.homeEnv(home);
      const agent = c.adapter.id as AgentId;
      // The key helper needs a running VS Code; here the key travels as VS Code's terminals carry it.
      const outcome = planAgent(store.document, agent, c.ref, { home: home.home, env: homeEnv }, (providerId) => store.secrets.keyFacts(providerId));
      assert.equal(outcome.status, 'planned', 'reason' in outcome ? outcome.reason : '');
      if (outcome.status !== 'planned') return;
      await applyAgentPlan(nodeFileSystem, outcome.plan, path.join(home.home, '.switchboard-backups'));
      const key = await store.secrets.readKey(providerId);
      assert.equal(key, token, 'the store delivers the token the team’s auth names');
      assert.equal(outcome.delivery, token ? 'env' : 'none');
      const terminal = terminalEnvOf(outcome.plan, key ?? '');

      const [bin, args] = c.command;
      const run = await home.run(bin, args, { env: { ...homeEnv, ...terminal, ...c.testEnv }, timeoutMs: 150_000 });
      assert.ok(run.stdout.includes(reply), describeRun(run));
      const calls = up.modelCalls();
      assert.ok(calls.length >= 1, `no model call reached the proxy; ${describeRun(run)}`);
      assert.ok(calls.every((call) => call.apiKey === token && call.headers['x-team-id'] === teamId && call.headers['x-user'] === developer), 'every call carried the token (or none) and both headers');
      for (const secret of [personalToken, envToken]) assert.deepEqual(leakCheck(secret, [home.home]), [], 'no file under HOME holds a token');
    });
  }
});
