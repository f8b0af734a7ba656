/**
 * Round-trip properties of each codec (fast-check): IR → protocol → IR keeps the content,
 * tool ids, arguments and stop reasons, for requests, whole responses and streams.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { GatewayProtocol } from '../../src/gateway/translator';
import {
  buildClientResponse,
  buildUpstreamRequest,
  createClientEncoder,
  createUpstreamDecoder,
  parseClientRequest,
  parseUpstreamResponse,
  ResponseCollector,
  responseEvents,
  type IrMessage,
  type IrPart,
  type IrRequest,
  type IrResponse,
  type IrStopReason,
  type IrUsage,
} from '../../src/gateway/translate';
import { protocols } from './gatewayFixtures';

const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,24}$/);
const toolName = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,20}$/);
const text = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' });
const args = fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 4 }).map((o) => JSON.stringify(o));
const image: fc.Arbitrary<IrPart> = fc.base64String({ minLength: 4, maxLength: 24 }).map((data) => ({ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data } }));
const toolCall: fc.Arbitrary<IrPart> = fc.record({ id, name: toolName, arguments: args }).map((c) => ({ type: 'tool_call', ...c }));
const toolResult: fc.Arbitrary<IrPart> = fc.record({ id, content: fc.string({ maxLength: 30 }) }).map((r) => ({ type: 'tool_result', ...r }));

const userTurn: fc.Arbitrary<IrMessage> = fc
  .tuple(fc.array(toolResult, { maxLength: 2 }), fc.option(text, { nil: undefined }), fc.option(image, { nil: undefined }))
  .filter(([results, t, img]) => results.length > 0 || t !== undefined || img !== undefined)
  .map(([results, t, img]) => ({ role: 'user', content: [...results, ...(t !== undefined ? [{ type: 'text' as const, text: t }] : []), ...(img ? [img] : [])] }));
const assistantTurn: fc.Arbitrary<IrMessage> = fc
  .tuple(fc.option(text, { nil: undefined }), fc.array(toolCall, { maxLength: 2 }))
  .filter(([t, calls]) => t !== undefined || calls.length > 0)
  .map(([t, calls]) => ({ role: 'assistant', content: [...(t !== undefined ? [{ type: 'text' as const, text: t }] : []), ...calls] }));
const conversation = fc.array(fc.tuple(userTurn, assistantTurn), { minLength: 1, maxLength: 4 }).chain((pairs) =>
  fc.boolean().map((endWithUser) => {
    const messages = pairs.flat();
    return endWithUser ? messages : messages.slice(0, -1);
  }),
);
const tools = fc.uniqueArray(toolName, { maxLength: 3 }).map((names) => names.map((name) => ({ name, description: `does ${name}`, parameters: { type: 'object', properties: { x: { type: 'string' } } } })));

const irRequest: fc.Arbitrary<IrRequest> = fc
  .record({
    system: fc.array(text, { maxLength: 2 }),
    messages: conversation,
    tools,
    choice: fc.constantFrom('auto', 'none', 'required', 'tool', undefined),
    parallel: fc.constantFrom(false, undefined),
    stream: fc.boolean(),
    maxTokens: fc.option(fc.integer({ min: 16, max: 100_000 }), { nil: undefined }),
    temperature: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: undefined }),
    topP: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    stop: fc.option(fc.array(text, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  })
  .map((r) => ({
    model: 'm',
    system: r.system,
    messages: r.messages,
    tools: r.tools.length ? r.tools : undefined,
    toolChoice: !r.tools.length || !r.choice ? undefined : r.choice === 'tool' ? { type: 'tool' as const, name: r.tools[0].name } : { type: r.choice },
    parallelToolCalls: r.tools.length ? r.parallel : undefined,
    stream: r.stream,
    maxTokens: r.maxTokens,
    temperature: r.temperature,
    topP: r.topP,
    stop: r.stop,
  }));

function projectParts(parts: readonly IrPart[]): unknown[] {
  return parts.map((p) => {
    switch (p.type) {
      case 'text':
        return ['text', p.text];
      case 'image':
        return ['image', p.source];
      case 'tool_call':
        return ['call', p.id, p.name, JSON.parse(p.arguments)];
      case 'tool_result':
        return ['result', p.id, typeof p.content === 'string' ? p.content : p.content.map((c) => (c.type === 'text' ? c.text : '')).join('')];
      case 'reasoning':
        return ['reasoning', p.text, p.signature ?? ''];
      default:
        return [p.type];
    }
  });
}

/** What protocol P can carry of a request. */
function projectRequest(r: IrRequest, p: GatewayProtocol): unknown {
  return {
    system: r.system.join('\n\n'),
    messages: r.messages.map((m) => ({ role: m.role, parts: projectParts(m.content) })),
    tools: r.tools?.map((t) => [t.name, t.description, t.parameters]),
    // Anthropic says "no parallel calls" inside tool_choice, which then reads back as auto.
    toolChoice: r.toolChoice ?? (p === 'anthropic-messages' && r.parallelToolCalls === false ? { type: 'auto' } : undefined),
    parallelToolCalls: p === 'anthropic-messages' && r.toolChoice?.type === 'none' ? undefined : r.parallelToolCalls,
    stream: r.stream,
    maxTokens: r.maxTokens ?? (p === 'anthropic-messages' ? 32_000 : undefined),
    temperature: r.temperature,
    topP: r.topP,
    stop: p === 'openai-responses' ? undefined : r.stop,
  };
}

describe('gateway translate: request round trips, IR → protocol → IR', () => {
  for (const p of protocols) {
    it(`${p} keeps system, turns, images, tool ids, arguments and results, sampling`, () => {
      fc.assert(
        fc.property(irRequest, (ir) => {
          const body = JSON.parse(JSON.stringify(buildUpstreamRequest(p, ir)));
          const back = parseClientRequest(p, body);
          assert.ok(back.ok, back.ok ? '' : back.message);
          assert.deepEqual(projectRequest(back.value, p), projectRequest(ir, p));
        }),
        { numRuns: 150 },
      );
    });
  }
});

const usage = fc
  .record({ input: fc.nat(100_000), output: fc.nat(10_000), read: fc.nat(5_000), write: fc.nat(5_000), reasoning: fc.nat(1_000) })
  .map((u): IrUsage => ({ inputTokens: u.input + u.read + u.write, outputTokens: u.output + u.reasoning, ...(u.read ? { cacheReadTokens: u.read } : {}), ...(u.write ? { cacheWriteTokens: u.write } : {}), ...(u.reasoning ? { reasoningTokens: u.reasoning } : {}) }));

const irResponse: fc.Arbitrary<IrResponse> = fc
  .record({
    reasoning: fc.option(fc.record({ text, signature: fc.option(fc.base64String({ minLength: 4, maxLength: 40 }), { nil: undefined }) }), { nil: undefined }),
    text: fc.option(text, { nil: undefined }),
    calls: fc.array(toolCall, { maxLength: 3 }),
    stop: fc.constantFrom<IrStopReason>('end_turn', 'max_tokens', 'refusal'),
    usage,
  })
  .map((r) => ({
    id: 'id_1',
    model: 'm',
    content: [...(r.reasoning ? [{ type: 'reasoning' as const, text: r.reasoning.text, ...(r.reasoning.signature ? { signature: r.reasoning.signature } : {}) }] : []), ...(r.text !== undefined ? [{ type: 'text' as const, text: r.text }] : []), ...r.calls],
    stopReason: r.calls.length && r.stop === 'end_turn' ? 'tool_use' : r.stop,
    usage: r.usage,
  }));

/** What protocol P can carry of a response. */
function projectResponse(r: IrResponse, p: GatewayProtocol): unknown {
  const u = r.usage;
  return {
    parts: projectParts(p === 'openai-chat' ? r.content.map((c) => (c.type === 'reasoning' ? { ...c, signature: undefined } : c)) : r.content),
    stop: r.stopReason,
    usage: {
      inputTokens: u.inputTokens,
      outputTokens: u.outputTokens,
      cacheReadTokens: u.cacheReadTokens,
      cacheWriteTokens: p === 'anthropic-messages' ? u.cacheWriteTokens : undefined,
      reasoningTokens: p === 'anthropic-messages' ? undefined : u.reasoningTokens,
    },
  };
}

describe('gateway translate: response round trips, IR → protocol → IR', () => {
  for (const p of protocols) {
    it(`${p}: a whole response keeps content, tool ids, stop reason and usage`, () => {
      fc.assert(
        fc.property(irResponse, (r) => {
          const body = JSON.parse(JSON.stringify(buildClientResponse(p, r, 'client-model')));
          const back = parseUpstreamResponse(p, body);
          assert.ok(typeof back !== 'string', String(back));
          assert.deepEqual(projectResponse(back, p), projectResponse(r, p));
        }),
        { numRuns: 150 },
      );
    });

    it(`${p}: a streamed response (encoder → decoder) keeps the same`, () => {
      fc.assert(
        fc.property(irResponse, fc.integer({ min: 1, max: 97 }), (r, step) => {
          const encoder = createClientEncoder(p, 'client-model', { includeUsage: true });
          let sse = '';
          responseEvents(r, (e) => (sse += encoder.push(e)));
          const collector = new ResponseCollector();
          const decoder = createUpstreamDecoder(p, collector.sink);
          for (let i = 0; i < sse.length; i += step) decoder.write(sse.slice(i, i + step));
          decoder.end();
          assert.equal(collector.error, undefined);
          const back = collector.result();
          assert.ok(back);
          assert.deepEqual(projectResponse(back, p), projectResponse(r, p));
        }),
        { numRuns: 150 },
      );
    });
  }
});
