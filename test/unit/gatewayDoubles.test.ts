/**
 * The translator between each official client SDK and each loopback upstream double, over real
 * HTTP to the double: a fetch function plays the gateway (translate the request, forward it,
 * translate the answer or the stream chunk by chunk). The server itself is not involved.
 */
import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { GatewayProtocol } from '../../src/gateway/translator';
import { translator } from '../../src/gateway/translate';
import { offeredTools, startUpstream, type Protocol, type RecordedRequest, type ReplySpec, type Upstream } from '../upstreams/server';
import { protocols, settings, type FixtureProtocol } from './gatewayFixtures';

const doubleProtocol: Record<FixtureProtocol, Protocol> = { 'anthropic-messages': 'anthropic', 'openai-chat': 'openai-chat', 'openai-responses': 'openai-responses' };
const paths: Record<FixtureProtocol, string> = { 'anthropic-messages': '/v1/messages', 'openai-chat': '/v1/chat/completions', 'openai-responses': '/v1/responses' };
const REPLY = 'Streaming works — every word of it, naïvely 🙂.';
const json = { 'content-type': 'application/json' };

function respond(r: RecordedRequest): ReplySpec {
  if (r.body?.messages?.some?.((m: any) => JSON.stringify(m).includes('FAIL')) || JSON.stringify(r.body?.input ?? '').includes('FAIL')) return { error: { status: 429, message: 'Slow down, please.' } };
  return offeredTools(r).includes('get_weather') ? { toolCalls: [{ name: 'get_weather', arguments: { city: 'Oslo', days: 2 }, id: 'call_Fixed0123456789' }] } : { text: REPLY };
}

function gatewayFetch(client: GatewayProtocol, upstream: FixtureProtocol, up: Upstream): typeof fetch {
  return (async (_input: unknown, init?: RequestInit) => {
    const tr = translator.translateRequest(client, upstream, JSON.parse(String(init?.body)), settings('upstream-model-1', { optionFamily: upstream === 'anthropic-messages' ? 'anthropic' : 'openai' }));
    if (!tr.ok) return new Response(JSON.stringify(translator.errorBody(client, tr.status, tr.message)), { status: tr.status, headers: json });
    const res = await fetch(up.url + paths[upstream], { method: 'POST', headers: { ...json, authorization: 'Bearer k' }, body: JSON.stringify(tr.body) });
    if (!res.ok) {
      const e = translator.upstreamError(upstream, res.status, await res.text());
      return new Response(JSON.stringify(translator.errorBody(client, e.status, e.message)), { status: e.status, headers: json });
    }
    if (!tr.stream) {
      const r = translator.translateResponse(upstream, client, await res.json(), tr.clientModel);
      return new Response(JSON.stringify(r.ok ? r.body : translator.errorBody(client, r.status, r.message)), { status: r.ok ? 200 : r.status, headers: json });
    }
    const st = translator.createStreamTranslator(upstream, client, tr.clientModel, tr.streamContext);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        const out = done ? st.end() : st.write(value);
        if (out) controller.enqueue(encoder.encode(out));
        if (done) controller.close();
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  }) as typeof fetch;
}

interface Got {
  text: string;
  tool?: [string, string, unknown];
  model: string;
  outputTokens: number;
}

const weatherSchema = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'] };

async function ask(client: GatewayProtocol, fetchFn: typeof fetch, opts: { stream: boolean; tools: boolean; prompt?: string }): Promise<Got> {
  const prompt = opts.prompt ?? 'What is the weather?';
  if (client === 'anthropic-messages') {
    const sdk = new Anthropic({ apiKey: 'k', baseURL: 'http://gateway.invalid', maxRetries: 0, fetch: fetchFn });
    const params: Anthropic.MessageCreateParams = { model: 'claude-client', max_tokens: 256, messages: [{ role: 'user', content: prompt }], ...(opts.tools ? { tools: [{ name: 'get_weather', description: 'weather', input_schema: weatherSchema as Anthropic.Tool.InputSchema }] } : {}) };
    const m = opts.stream ? await sdk.messages.stream(params).finalMessage() : await sdk.messages.create({ ...params, stream: false });
    const tool = m.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    return { text: m.content.map((b) => (b.type === 'text' ? b.text : '')).join(''), tool: tool && [tool.id, tool.name, tool.input], model: m.model, outputTokens: m.usage.output_tokens };
  }
  const sdk = new OpenAI({ apiKey: 'k', baseURL: 'http://gateway.invalid/v1', maxRetries: 0, fetch: fetchFn });
  if (client === 'openai-chat') {
    const params: OpenAI.ChatCompletionCreateParamsNonStreaming = { model: 'chat-client', messages: [{ role: 'user', content: prompt }], ...(opts.tools ? { tools: [{ type: 'function', function: { name: 'get_weather', parameters: weatherSchema } }] } : {}) };
    const c = opts.stream ? await sdk.chat.completions.stream({ ...params, stream: true, stream_options: { include_usage: true } }).finalChatCompletion() : await sdk.chat.completions.create(params);
    const call = c.choices[0].message.tool_calls?.[0] as OpenAI.ChatCompletionMessageFunctionToolCall | undefined;
    return { text: c.choices[0].message.content ?? '', tool: call && [call.id, call.function.name, JSON.parse(call.function.arguments)], model: c.model, outputTokens: c.usage?.completion_tokens ?? -1 };
  }
  const params: OpenAI.Responses.ResponseCreateParamsNonStreaming = { model: 'codex-client', input: prompt, ...(opts.tools ? { tools: [{ type: 'function', name: 'get_weather', parameters: weatherSchema, strict: false }] } : {}) };
  const r = opts.stream ? await sdk.responses.stream({ ...params, stream: true }).finalResponse() : await sdk.responses.create(params);
  const call = r.output.find((o) => o.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall | undefined;
  return { text: r.output_text, tool: call && [call.call_id, call.name, JSON.parse(call.arguments)], model: r.model, outputTokens: r.usage?.output_tokens ?? -1 };
}

const clientModel: Record<FixtureProtocol, string> = { 'anthropic-messages': 'claude-client', 'openai-chat': 'chat-client', 'openai-responses': 'codex-client' };

describe('gateway translate: official SDKs ↔ translator ↔ upstream doubles over HTTP', () => {
  let up: Upstream;
  before(async () => {
    up = await startUpstream({ respond });
  });
  after(async () => up?.close());

  for (const upstream of protocols) {
    for (const client of protocols) {
      for (const stream of [true, false]) {
        const name = `${client} client, ${upstream} upstream, ${stream ? 'streaming' : 'whole'}`;
        it(`${name}: text, then a tool call with its id, the upstream model swapped in`, async () => {
          const before = up.modelCalls().length;
          const fetchFn = gatewayFetch(client, upstream, up);
          const text = await ask(client, fetchFn, { stream, tools: false });
          assert.equal(text.text, REPLY);
          assert.equal(text.model, clientModel[client]);
          assert.ok(text.outputTokens > 0, 'usage reaches the client');
          const tool = await ask(client, fetchFn, { stream, tools: true });
          assert.deepEqual(tool.tool, ['call_Fixed0123456789', 'get_weather', { city: 'Oslo', days: 2 }]);
          const calls = up.modelCalls().slice(before);
          assert.equal(calls.length, 2);
          for (const c of calls) {
            assert.equal(c.protocol, doubleProtocol[upstream]);
            assert.equal(c.model, 'upstream-model-1');
            assert.equal(c.stream, stream);
          }
        });
      }
    }
  }

  for (const client of protocols) {
    it(`${client} client: an upstream 429 reaches the SDK as its RateLimitError`, async () => {
      for (const upstream of protocols) {
        const call = ask(client, gatewayFetch(client, upstream, up), { stream: true, tools: false, prompt: 'FAIL now' });
        await assert.rejects(call, (e: any) => {
          assert.ok(e instanceof (client === 'anthropic-messages' ? Anthropic.RateLimitError : OpenAI.RateLimitError), `${upstream}: ${e?.constructor?.name}`);
          assert.match(e.message, /Slow down, please\./);
          return true;
        });
      }
    });
  }
});
