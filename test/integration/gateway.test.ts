/**
 * The gateway in the real extension host: VS Code's chat finds Switchboard's models through
 * vscode.lm and streams replies (a tool call included) from loopback upstreams of other
 * protocols; an agent that cannot speak its provider's protocol is pointed at its own gateway
 * route, and a pick reaches its next request; the token, Host and Origin checks; token rotation;
 * a port change moves the gateway at once and re-points the agent;
 * the usage records.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension/testingApi';
import { addModel, addProvider, recordLastUsed, removeProvider } from '../../src/providers/operations';
import { callToolWhenOffered, startUpstream, type Protocol, type Upstream } from '../upstreams/server';
import { resetStore, switchboard } from './helpers';
import { freePort } from '../harness/freePort';

const key = 'sk-gateway-upstream-7c1e';

/** The first defined value of `probe`, polled every 100 ms until `ms` have passed. */
async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, ms: number): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('gateway (extension host)', function () {
  this.timeout(60_000);
  let api: TestingApi;
  let up: Upstream | undefined;

  before(async () => {
    api = await switchboard();
  });
  beforeEach(async () => resetStore(api));
  afterEach(async () => {
    await up?.close();
    up = undefined;
    await vscode.commands.executeCommand('switchboard.revertAgentConfigs');
  });
  after(async () => resetStore(api));

  async function providerAt(protocol: Protocol, name: string, models: string[], agents: ('codex' | 'claude-code')[] = []): Promise<string> {
    up = await startUpstream({ protocols: [protocol], expectedKey: key, respond: callToolWhenOffered('get_weather', { city: 'Lisbon' }, `Reply from ${name}`) });
    const type = protocol === 'anthropic' ? 'anthropic' : 'openai-compatible';
    const { store } = api.services;
    const p = await store.apply(addProvider({ name, type, baseUrl: `${up.url}/v1`, agents }), 'test: add provider');
    await store.secrets.setKey(p.id, key);
    for (const id of models) await store.apply(addModel(p.id, { id, contextLimit: 128_000 }), 'test: add model');
    return p.id;
  }

  async function chatModel(ref: string): Promise<vscode.LanguageModelChat> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const found = (await vscode.lm.selectChatModels({ vendor: 'switchboard' })).find((m) => m.id === ref);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`vscode.lm never listed ${ref}`);
  }

  it('lists every usable chat model in VS Code chat, and streams a reply and a tool call from an Anthropic upstream', async () => {
    const id = await providerAt('anthropic', 'Claude Lab', ['claude-lab']);
    const model = await chatModel(`${id}/claude-lab`);
    assert.equal(model.vendor, 'switchboard');
    assert.equal(model.name, 'claude-lab');
    assert.ok(model.maxInputTokens > 100_000 && model.maxInputTokens < 128_000);

    const text = await model.sendRequest([vscode.LanguageModelChatMessage.User('Say hello.')], {});
    let answer = '';
    for await (const chunk of text.text) answer += chunk;
    assert.equal(answer, 'Reply from Claude Lab');

    const tools: vscode.LanguageModelChatTool[] = [{ name: 'get_weather', description: 'The weather in a city.', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
    const withTool = await model.sendRequest([vscode.LanguageModelChatMessage.User('Weather in Lisbon?')], { tools });
    const calls: vscode.LanguageModelToolCallPart[] = [];
    for await (const part of withTool.stream) if (part instanceof vscode.LanguageModelToolCallPart) calls.push(part);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].name, 'get_weather');
    assert.deepEqual(calls[0].input, { city: 'Lisbon' });

    // The tool's result goes back with the call's id, as the Anthropic upstream expects.
    const followUp = await model.sendRequest(
      [
        vscode.LanguageModelChatMessage.User('Weather in Lisbon?'),
        vscode.LanguageModelChatMessage.Assistant([calls[0]]),
        vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(calls[0].callId, [new vscode.LanguageModelTextPart('Sunny, 24 °C')])]),
      ],
      {},
    );
    for await (const _ of followUp.text) void _;
    const last = up!.modelCalls('anthropic').at(-1)!;
    assert.equal(last.model, 'claude-lab');
    assert.equal(last.apiKey, key, 'the upstream got the provider key');
    const toolResult = last.body.messages.flatMap((m: { content: unknown }) => (Array.isArray(m.content) ? m.content : [])).find((c: { type: string }) => c.type === 'tool_result');
    assert.equal(toolResult?.tool_use_id, calls[0].callId);

    const tokens = await model.countTokens('A sentence of about forty characters....');
    assert.ok(tokens >= 5 && tokens <= 20, `token estimate ${tokens}`);
    const { byModel } = api.services.gateway.usage.aggregates();
    assert.ok(byModel.some((row) => row.key === `${id}/claude-lab` && row.count >= 3), JSON.stringify(byModel));
  });

  it('drops a provider from VS Code chat when it is removed', async () => {
    const id = await providerAt('openai-chat', 'Chat Lab', ['qwen-lab']);
    await chatModel(`${id}/qwen-lab`);
    await api.services.store.apply(removeProvider(id), 'test: remove provider');
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await vscode.lm.selectChatModels({ vendor: 'switchboard' })).some((m) => m.id.startsWith(`${id}/`))) await new Promise((r) => setTimeout(r, 100));
    assert.equal((await vscode.lm.selectChatModels({ vendor: 'switchboard' })).filter((m) => m.id.startsWith(`${id}/`)).length, 0);
  });

  it('points Codex at its own gateway route for an Anthropic provider; a pick reaches the next request; only the token opens it', async () => {
    const id = await providerAt('anthropic', 'Claude Lab', ['model-a', 'model-b'], ['codex']);
    const { store, agentSwitch, gateway } = api.services;
    const a = store.provider(id)!;
    await agentSwitch.apply({ provider: a, model: a.models[0], ref: `${id}/model-a` });
    const config = fs.readFileSync(path.join(os.homedir(), '.codex', 'config.toml'), 'utf8');
    const baseUrl = /base_url = "(http:\/\/127\.0\.0\.1:\d+\/a\/codex\/openai\/v1)"/.exec(config)?.[1];
    assert.ok(baseUrl, config);
    assert.doesNotMatch(config, new RegExp(key), 'no provider key in the config');
    const token = await gateway.token();

    const ask = (headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
      fetch(`${baseUrl}/responses`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ model: 'model-a', input: 'Say hello.', stream: false }) });
    const first = await ask();
    assert.equal(first.status, 200, await first.clone().text());
    assert.equal(((await first.json()) as { output_text?: string; output: { content?: { text?: string }[] }[] }).output.flatMap((o) => o.content ?? []).map((c) => c.text).join(''), 'Reply from Claude Lab');
    assert.equal(up!.modelCalls('anthropic').at(-1)!.model, 'model-a');

    // A pick in the status bar: the same agent, the same config, the next request goes to model-b.
    await store.apply(recordLastUsed(`${id}/model-b`), 'test: pick');
    assert.equal((await ask()).status, 200);
    assert.equal(up!.modelCalls('anthropic').at(-1)!.model, 'model-b');
    assert.equal(fs.readFileSync(path.join(os.homedir(), '.codex', 'config.toml'), 'utf8'), config, 'the agent was not re-applied');

    assert.equal((await ask({})).status, 401, 'no token');
    assert.equal((await ask({ authorization: 'Bearer wrong' })).status, 401, 'a wrong token');
    assert.equal((await ask({ authorization: `Bearer ${token}`, origin: 'https://evil.example' })).status, 403, 'a browser Origin');

    await vscode.commands.executeCommand('switchboard.rotateGatewayToken');
    assert.equal((await ask()).status, 401, 'the old token no longer opens the gateway');
    assert.equal((await ask({ authorization: `Bearer ${await gateway.token()}` })).status, 200);
  });
  it('moves to a new switchboard.gateway.port at once: Codex is re-pointed, the new port answers, the old one closes', async () => {
    const id = await providerAt('anthropic', 'Claude Lab', ['model-a'], ['codex']);
    const { store, agentSwitch, gateway } = api.services;
    const a = store.provider(id)!;
    await agentSwitch.apply({ provider: a, model: a.models[0], ref: `${id}/model-a` });
    const configFile = path.join(os.homedir(), '.codex', 'config.toml');
    const baseUrl = () => /base_url = "(http:\/\/127\.0\.0\.1:\d+\/a\/codex\/openai\/v1)"/.exec(fs.readFileSync(configFile, 'utf8'))?.[1];
    const before = baseUrl();
    assert.ok(before);
    const oldPort = new URL(before).port;
    const newPort = await freePort();
    const settings = vscode.workspace.getConfiguration('switchboard.gateway');
    const ask = async (url: string) => fetch(`${url}/responses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await gateway.token()}` }, body: JSON.stringify({ model: 'model-a', input: 'Say hello.', stream: false }) });
    try {
      await settings.update('port', newPort, vscode.ConfigurationTarget.Global);
      const moved = await waitFor(() => (baseUrl()?.includes(`:${newPort}/`) ? baseUrl() : undefined), 15_000);
      assert.equal(moved, before.replace(`:${oldPort}/`, `:${newPort}/`), 'only the port changed in Codex\'s config');
      const answer = await ask(moved);
      assert.equal(answer.status, 200, await answer.clone().text());
      assert.equal(up!.modelCalls('anthropic').at(-1)!.model, 'model-a');
      // The old listener closes after its grace for requests in flight (1 s).
      const closed = await waitFor(async () => ((await ask(before).then(() => false, () => true)) ? true : undefined), 10_000);
      assert.equal(closed, true, `port ${oldPort} still answers`);
    } finally {
      await settings.update('port', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
