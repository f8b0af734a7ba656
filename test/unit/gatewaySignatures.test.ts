/**
 * Reasoning signatures across a model switch, as an agent lives it: turn 1 is answered by
 * upstream X (a recorded reply, whole or streamed in small chunks) and the client keeps what it
 * was shown (assembled by the official SDKs); turn 2 sends that history plus the tool's result
 * to upstream Y. Y must receive a signature only when its own family made it, unwrapped and
 * byte for byte, and never a wrapper or another family's signature.
 */
import * as assert from 'node:assert/strict';
import { BedrockStreamReader } from '../../src/gateway/bedrockStream';
import { translator } from '../../src/gateway/translate';
import type { GatewayProtocol, ModelSettings, UpstreamProtocol } from '../../src/gateway/translator';
import { converseProblem } from '../upstreams/bedrockConverse';
import { encodeFrame } from '../upstreams/eventStream';
import { anthropicFinal, chatFinal, fixtureJson, fixtureText, responsesFinal, settings, sseJson } from './gatewayFixtures';

type Any = { [k: string]: any };

const A = 'anthropic-messages' as const;
const R = 'openai-responses' as const;
const V = 'bedrock-converse' as const;
const clients: readonly GatewayProtocol[] = [A, R, 'openai-chat', 'gemini'];
/** The upstreams that sign reasoning, with their recorded replies and the signature each holds. */
const signers = {
  [A]: { family: 'anthropic', whole: 'EqQBCgIYAhIMsig', streamed: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds4Ytme3YG7ZDAPtT5Q4Xm1WvJfIcC5hQ4rkOGPE' },
  [R]: { family: 'openai-responses', whole: 'gAAAAABor0A0xKz7dVwQ2pLw', streamed: 'gAAAAABor0A0xKz7dVwQ2pLwVvX9bY3mN1qR8sT5uH6jK0lM' },
  [V]: { family: 'bedrock-converse', whole: 'c2lnLW5vdmEtMDE=', streamed: 'c2lnLW5vdmEtMDE=' },
} as const;
type Signer = keyof typeof signers;
const targets: readonly UpstreamProtocol[] = [A, R, V, 'openai-chat', 'gemini'];
const familyOf: Partial<Record<UpstreamProtocol, string>> = { [A]: 'anthropic', [R]: 'openai-responses', [V]: 'bedrock-converse' };

function wholeReply(x: Signer): unknown {
  return fixtureJson(x === A ? 'anthropic-response.json' : x === R ? 'responses-response.json' : 'converse-response.json');
}

/** Upstream X's recorded stream, as the client receives it after the gateway, written in 13-character chunks. */
function streamedReply(x: Signer, client: GatewayProtocol): string {
  const st = translator.createStreamTranslator(x, client, 'client-model');
  let text: string;
  if (x === V) {
    const reader = new BedrockStreamReader('converse');
    const frames = (fixtureJson('converse-stream-tool.json') as [string, unknown][]).map(([type, payload]) => encodeFrame({ ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify(payload)));
    text = frames.map((f) => reader.write(f)).join('') + reader.end();
  } else text = fixtureText(x === A ? 'anthropic-stream-tool.sse' : 'responses-stream-tool.sse');
  let out = '';
  for (let i = 0; i < text.length; i += 13) out += st.write(text.slice(i, i + 13));
  return out + st.end();
}

/** What the client keeps of turn 1: the assistant's reply in its own protocol's shape. */
async function turnOne(x: Signer, client: GatewayProtocol, streamed: boolean): Promise<Any> {
  if (!streamed) {
    const r = translator.translateResponse(x, client, wholeReply(x), 'client-model');
    assert.ok(r.ok, r.ok ? '' : r.message);
    return r.body;
  }
  const sse = streamedReply(x, client);
  if (client === A) return (await anthropicFinal(sse)).message;
  if (client === R) return (await responsesFinal(sse)).response;
  if (client === 'openai-chat') return chatFinal(sse);
  return { candidates: [{ content: { role: 'model', parts: sseJson(sse).flatMap((c) => c.candidates?.[0]?.content?.parts ?? []) } }] };
}

const weather = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
const ask = 'What is the weather in Oslo?';

/** Turn 2 as each agent sends it: the whole history, the reply as it was kept, then the tool's result. */
function turnTwo(client: GatewayProtocol, reply: Any): Any {
  switch (client) {
    case A: {
      const call = reply.content.find((b: Any) => b.type === 'tool_use');
      return {
        model: 'client-model',
        max_tokens: 4096,
        thinking: { type: 'enabled', budget_tokens: 2048 },
        tools: [{ name: 'get_weather', input_schema: weather }],
        messages: [
          { role: 'user', content: ask },
          { role: 'assistant', content: reply.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '4°C, light rain' }] },
        ],
      };
    }
    case R: {
      const call = reply.output.find((o: Any) => o.type === 'function_call');
      return {
        model: 'client-model',
        store: false,
        include: ['reasoning.encrypted_content'],
        reasoning: { effort: 'medium' },
        tools: [{ type: 'function', name: 'get_weather', parameters: weather }],
        input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: ask }] }, ...reply.output, { type: 'function_call_output', call_id: call.call_id, output: '4°C, light rain' }],
      };
    }
    case 'openai-chat': {
      const m = reply.choices[0].message;
      return {
        model: 'client-model',
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: weather } }],
        messages: [{ role: 'user', content: ask }, m, { role: 'tool', tool_call_id: m.tool_calls[0].id, content: '4°C, light rain' }],
      };
    }
    default: {
      const parts: Any[] = reply.candidates[0].content.parts;
      const call = parts.find((p) => p.functionCall)!.functionCall;
      return {
        model: 'client-model',
        stream: false,
        tools: [{ functionDeclarations: [{ name: 'get_weather', parametersJsonSchema: weather }] }],
        contents: [
          { role: 'user', parts: [{ text: ask }] },
          { role: 'model', parts },
          { role: 'user', parts: [{ functionResponse: { id: call.id, name: call.name, response: { output: '4°C, light rain' } } }] },
        ],
      };
    }
  }
}

const upstreamSettings = (y: UpstreamProtocol): ModelSettings =>
  y === A ? settings('claude-sonnet-4-5', { optionFamily: 'anthropic', options: { thinkingBudgetTokens: 2048 } }) : y === V ? settings('us.amazon.nova-pro-v1:0', { optionFamily: 'anthropic' }) : settings('upstream-model');

/** Every signature-like value in an upstream body: thinking signatures and data, encrypted_content, Converse reasoning. */
function signaturesIn(body: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Any;
      if (o.type === 'thinking' && typeof o.signature === 'string') out.push(o.signature);
      if (o.type === 'redacted_thinking' && typeof o.data === 'string') out.push(o.data);
      if (o.type === 'reasoning' && typeof o.encrypted_content === 'string') out.push(o.encrypted_content);
      if (o.reasoningContent) out.push(JSON.stringify(o.reasoningContent));
      Object.values(o).forEach(walk);
    }
  };
  walk(body);
  return out;
}

/**
 * Whether Y takes back the reasoning X signed: only within a family, only from a client that
 * holds signatures (chat and Gemini clients are shown none), and Converse takes none back (converse.ts).
 */
const takesBack = (client: GatewayProtocol, x: Signer, y: UpstreamProtocol) => (client === A || client === R) && familyOf[y] === signers[x].family && y !== V;

describe('gateway translate: reasoning signatures across a model switch (turn 1 from X, turn 2 to Y)', () => {
  for (const client of clients)
    for (const x of Object.keys(signers) as Signer[])
      for (const streamed of [false, true])
        it(`${client} client, turn 1 from ${x}${streamed ? ' (streamed)' : ''}: each upstream gets only its own family's signature`, async () => {
          const original = signers[x][streamed ? 'streamed' : 'whole'];
          const reply = await turnOne(x, client, streamed);
          const shown = JSON.stringify(reply);
          if (client === A || client === R) {
            // The client holds the signature: bare from its own family, else wrapped with its maker.
            assert.ok(shown.includes(familyOf[client] === signers[x].family ? `"${original}"` : `"sbsig1.${signers[x].family}.${original}"`), shown);
          } else assert.ok(!shown.includes(original) && !shown.includes('sbsig1'), 'chat and Gemini clients are shown no signature');
          const body = turnTwo(client, reply);
          for (const y of targets) {
            const r = translator.translateRequest(client, y, structuredClone(body), upstreamSettings(y));
            assert.ok(r.ok, `${y}: ${r.ok ? '' : r.message}`);
            const out = JSON.stringify(r.body);
            assert.ok(!out.includes('sbsig1'), `${y} never sees a wrapper`);
            assert.deepEqual(signaturesIn(r.body), takesBack(client, x, y) ? [original] : [], `${y}'s signatures`);
            if (!takesBack(client, x, y)) assert.ok(!out.includes(original), `${y} never sees ${x}'s signature`);
            if (y === A) {
              // With thinking on, the tool loop's assistant turn must open with its signed thinking, or thinking goes.
              const turn: Any = (r.body.messages as Any[]).filter((m) => m.role === 'assistant').at(-1) ?? {};
              assert.equal(r.body.thinking !== undefined, turn.content[0].type === 'thinking', JSON.stringify(turn.content[0]));
              assert.equal(r.body.thinking !== undefined, takesBack(client, x, y));
            }
            if (y === V) assert.equal(converseProblem(r.body), undefined);
          }
        });
});

describe('gateway translate: same-family pass-through keeps signed reasoning as it is', () => {
  it('an Anthropic history answered by Anthropic goes back untouched, signature byte for byte', async () => {
    for (const streamed of [false, true]) {
      const reply = await turnOne(A, A, streamed);
      assert.equal(reply.content[0].signature, signers[A][streamed ? 'streamed' : 'whole']);
      const body = turnTwo(A, reply);
      const r = translator.translateRequest(A, A, structuredClone(body), upstreamSettings(A));
      assert.ok(r.ok);
      assert.deepEqual(r.body.messages, body.messages);
      assert.deepEqual(r.body.thinking, { type: 'enabled', budget_tokens: 2048 });
    }
  });

  it('a Responses history answered by OpenAI goes back untouched, encrypted_content byte for byte', async () => {
    for (const streamed of [false, true]) {
      const reply = await turnOne(R, R, streamed);
      assert.equal(reply.output[0].encrypted_content, signers[R][streamed ? 'streamed' : 'whole']);
      const body = turnTwo(R, reply);
      const r = translator.translateRequest(R, R, structuredClone(body), upstreamSettings(R));
      assert.ok(r.ok);
      assert.deepEqual(r.body.input, body.input);
    }
  });
});

describe('gateway translate: a session that goes back and forth', () => {
  it('Claude Code: Anthropic, then OpenAI, then Anthropic again: each turn keeps its own, drops the other', async () => {
    const first = await turnOne(A, A, true);
    const second = await turnOne(R, A, true);
    const body = turnTwo(A, second);
    body.messages.splice(1, 0, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: first.content.at(-1).id, content: 'done' }] });
    const toAnthropic = translator.translateRequest(A, A, structuredClone(body), upstreamSettings(A));
    assert.ok(toAnthropic.ok);
    assert.deepEqual(signaturesIn(toAnthropic.body), [signers[A].streamed]);
    const toOpenAI = translator.translateRequest(A, R, structuredClone(body), upstreamSettings(R));
    assert.ok(toOpenAI.ok);
    assert.deepEqual(signaturesIn(toOpenAI.body), [signers[R].streamed]);
  });

  it('Codex: OpenAI, then Anthropic, then OpenAI again: each turn keeps its own, drops the other', async () => {
    const first = await turnOne(R, R, false);
    const second = await turnOne(A, R, false);
    const body = turnTwo(R, second);
    const call = first.output.find((o: Any) => o.type === 'function_call');
    body.input.splice(1, 0, ...first.output, { type: 'function_call_output', call_id: call.call_id, output: 'done' });
    const toOpenAI = translator.translateRequest(R, R, structuredClone(body), upstreamSettings(R));
    assert.ok(toOpenAI.ok);
    assert.deepEqual(signaturesIn(toOpenAI.body), [signers[R].whole]);
    const toAnthropic = translator.translateRequest(R, A, structuredClone(body), upstreamSettings(A));
    assert.ok(toAnthropic.ok);
    assert.deepEqual(signaturesIn(toAnthropic.body), [signers[A].whole]);
    assert.deepEqual(toAnthropic.body.thinking, { type: 'enabled', budget_tokens: 2048 }, 'the last tool turn is signed: thinking stays on');
  });
});
