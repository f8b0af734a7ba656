/**
 * The signature wrapper (sbsig1.<family>.<original>) on its own: how it reads, what a malformed
 * one becomes, a signature streamed in pieces, redacted reasoning, and same-protocol
 * pass-through of histories that hold what the gateway wrapped.
 */
import * as assert from 'node:assert/strict';
import { translator } from '../../src/gateway/translate';
import { readSignature, signatureFor, wrapSignature } from '../../src/gateway/translate/signatures';
import { anthropicFinal, responsesFinal, runStream, settings } from './gatewayFixtures';

type Any = { [k: string]: any };

const A = 'anthropic-messages' as const;
const R = 'openai-responses' as const;

function request(client: typeof A | typeof R, upstream: typeof A | typeof R, body: unknown, s = settings('upstream-model')): Any {
  const r = translator.translateRequest(client, upstream, body, s);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.body;
}

const sse = (events: [string, object][]) => events.map(([type, o]) => `event: ${type}\ndata: ${JSON.stringify({ type, ...o })}\n\n`).join('');

describe('gateway signatures: the wrapper', () => {
  it('reads an unwrapped signature as the client family’s and a wrapped one as its wrapper’s', () => {
    assert.deepEqual(readSignature('EqQBsig', 'anthropic'), { family: 'anthropic', signature: 'EqQBsig' });
    assert.deepEqual(readSignature('sbsig1.openai-responses.gAAAA==', 'anthropic'), { family: 'openai-responses', signature: 'gAAAA==' });
    assert.equal(readSignature('EqQBsig', undefined), undefined, 'a client without signatures of its own (chat, Gemini) vouches for none');
    assert.equal(wrapSignature('bedrock-converse', 'c2ln'), 'sbsig1.bedrock-converse.c2ln');
    assert.equal(wrapSignature('anthropic', ''), '', 'nothing to wrap');
  });

  it('reads every malformed wrapper as foreign, never throws, and looks no further than a family name', () => {
    const long = 'sbsig1.' + 'a'.repeat(2_000_000);
    for (const bad of ['sbsig1.', 'sbsig1.anthropic', 'sbsig1.anthropic.', 'sbsig1..x', 'sbsig1.nope.x', 'sbsig1.ANTHROPIC.x', 'sbsig1.anthropic.sbsig1.anthropic.x', long, long + '.x']) {
      assert.equal(readSignature(bad, 'anthropic'), undefined, bad.slice(0, 40));
      assert.equal(signatureFor(bad, 'anthropic', 'anthropic'), undefined, bad.slice(0, 40));
    }
    assert.equal(signatureFor('sbsig1.anthropic.S', 'openai-responses', 'anthropic'), 'S');
    assert.equal(signatureFor('S', 'openai-responses', 'anthropic'), undefined);
    assert.equal(signatureFor('S', 'anthropic', undefined), undefined, 'Chat Completions takes no signature');
  });

  it('drops a malformed wrapper from a translated request and from a pass-through alike', () => {
    const thinking = (signature: string) => ({
      model: 'm',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature }, { type: 'text', text: 'hello' }] },
        { role: 'user', content: 'again' },
      ],
    });
    for (const bad of ['sbsig1.nope.x', 'sbsig1.anthropic.', 'sbsig1.']) {
      assert.deepEqual(request(A, A, thinking(bad)).messages[1].content, [{ type: 'text', text: 'hello' }], bad);
      assert.deepEqual(request(A, R, thinking(bad)).input[1], { type: 'message', role: 'assistant', content: 'hello' }, bad);
    }
  });
});

describe('gateway signatures: streams', () => {
  it('prefixes only the first piece of a signature streamed in several, so the client joins one wrapper', async () => {
    const upstream = sse([
      ['message_start', { message: { id: 'msg_1', model: 'claude', usage: { input_tokens: 5, output_tokens: 0 } } }],
      ['content_block_start', { index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }],
      ['content_block_delta', { index: 0, delta: { type: 'thinking_delta', thinking: 'plan' } }],
      ['content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: 'EqQB' } }],
      ['content_block_delta', { index: 0, delta: { type: 'signature_delta', signature: 'more' } }],
      ['content_block_stop', { index: 0 }],
      ['content_block_start', { index: 1, content_block: { type: 'thinking', thinking: '', signature: '' } }],
      ['content_block_delta', { index: 1, delta: { type: 'signature_delta', signature: 'Second' } }],
      ['content_block_stop', { index: 1 }],
      ['message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } }],
      ['message_stop', {}],
    ]);
    const st = translator.createStreamTranslator(A, R, 'gpt-5');
    const chunks: string[] = [];
    for (let i = 0; i < upstream.length; i += 5) chunks.push(upstream.slice(i, i + 5));
    const { response } = await responsesFinal(runStream(st, chunks));
    assert.deepEqual(
      response.output.map((o: Any) => o.encrypted_content),
      ['sbsig1.anthropic.EqQBmore', 'sbsig1.anthropic.Second'],
    );
  });

  it('gives an Anthropic client a signature streamed in pieces as one signature_delta (the SDK keeps only the last)', async () => {
    const delta = (d: object) => `event: contentBlockDelta\ndata: ${JSON.stringify({ contentBlockIndex: 0, delta: { reasoningContent: d } })}\n\n`;
    const upstream =
      'event: messageStart\ndata: {"role":"assistant"}\n\n' +
      delta({ text: 'plan' }) +
      delta({ signature: 'c2ln' }) +
      delta({ signature: 'LW5v' }) +
      'event: contentBlockStop\ndata: {"contentBlockIndex":0}\n\nevent: messageStop\ndata: {"stopReason":"end_turn"}\n\n';
    const out = runStream(translator.createStreamTranslator('bedrock-converse', A, 'claude'), [upstream]);
    assert.equal(out.split('signature_delta').length, 2, 'one signature_delta');
    const { message } = await anthropicFinal(out);
    assert.deepEqual(message.content, [{ type: 'thinking', thinking: 'plan', signature: 'sbsig1.bedrock-converse.c2lnLW5v' }]);
  });

  it('wraps redacted reasoning too, and drops it on the way back to another family', async () => {
    const upstream = [
      'event: messageStart\ndata: {"role":"assistant"}\n\n',
      'event: contentBlockDelta\ndata: {"contentBlockIndex":0,"delta":{"reasoningContent":{"redactedContent":"cmVkYWN0ZWQ="}}}\n\n',
      'event: contentBlockStop\ndata: {"contentBlockIndex":0}\n\n',
      'event: contentBlockDelta\ndata: {"contentBlockIndex":1,"delta":{"text":"ok"}}\n\n',
      'event: messageStop\ndata: {"stopReason":"end_turn"}\n\n',
    ].join('');
    const { message } = await anthropicFinal(runStream(translator.createStreamTranslator('bedrock-converse', A, 'claude'), [upstream]));
    assert.deepEqual(message.content[0], { type: 'redacted_thinking', data: 'sbsig1.bedrock-converse.cmVkYWN0ZWQ=' });
    const body = { model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: message.content }, { role: 'user', content: 'again' }] };
    assert.deepEqual(request(A, A, body).messages[1].content, [{ type: 'text', text: 'ok' }]);
  });
});

describe('gateway signatures: same-protocol pass-through of a history the gateway wrapped', () => {
  const claudeCode = (assistant: unknown[], thinking = true) => ({
    model: 'm',
    max_tokens: 4096,
    ...(thinking ? { thinking: { type: 'enabled', budget_tokens: 2048 } } : {}),
    messages: [
      { role: 'user', content: 'Weather in Oslo?' },
      { role: 'assistant', content: assistant },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: '4°C' }] },
    ],
  });
  const call = { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Oslo' } };

  it('unwraps what Anthropic made, drops what OpenAI made, and then asks without thinking (no signed thinking opens the tool turn)', () => {
    const ours = request(A, A, claudeCode([{ type: 'thinking', thinking: 'plan', signature: 'sbsig1.anthropic.EqQB' }, call]));
    assert.deepEqual(ours.messages[1].content[0], { type: 'thinking', thinking: 'plan', signature: 'EqQB' });
    assert.deepEqual(ours.thinking, { type: 'enabled', budget_tokens: 2048 });
    const theirs = request(A, A, claudeCode([{ type: 'thinking', thinking: 'plan', signature: 'sbsig1.openai-responses.gAAAA' }, call]));
    assert.deepEqual(theirs.messages[1].content, [call]);
    assert.equal(theirs.thinking, undefined);
  });

  it('removes a turn that held only foreign thinking, joining the turns either side so roles still alternate', () => {
    const body = {
      model: 'm',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: [{ type: 'redacted_thinking', data: 'sbsig1.bedrock-converse.cmVk' }] },
        { role: 'user', content: [{ type: 'text', text: 'second' }] },
      ],
    };
    assert.deepEqual(request(A, A, body).messages, [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'first' },
          { type: 'text', text: 'second' },
        ],
      },
    ]);
  });

  it('keeps a Responses reasoning item OpenAI made (unwrapped) and drops one Anthropic made', () => {
    const input = [
      { role: 'user', content: 'hi' },
      { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'sbsig1.openai-responses.gAAAA' },
      { type: 'reasoning', id: 'rs_2', summary: [{ type: 'summary_text', text: 'plan' }], encrypted_content: 'sbsig1.anthropic.EqQB' },
      { type: 'reasoning', id: 'rs_3', summary: [], encrypted_content: 'gAAAB' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'hello' }] },
    ];
    const out = request(R, R, { model: 'm', store: false, input });
    assert.deepEqual(out.input, [input[0], { ...input[1], encrypted_content: 'gAAAA' }, input[3], input[4]]);
  });

  it('copies nothing when there is nothing to change, and survives odd shapes without throwing', () => {
    const body: Any = claudeCode([{ type: 'thinking', thinking: 'plan', signature: 'EqQB' }, call]);
    const out = request(A, A, body);
    assert.equal(out.messages, body.messages, 'the same array: no copy on the hot path');
    const odd = { model: 'm', messages: [null, 'x', { role: 'assistant', content: 'text' }, { role: 'assistant', content: [null, 7, { type: 'thinking', signature: 42 }, { type: 'redacted_thinking', data: 'sbsig1.x' }] }] };
    const r = translator.translateRequest(A, A, odd, settings('m'));
    assert.ok(r.ok);
    assert.deepEqual((r.body.messages as unknown[]).at(-1), { role: 'assistant', content: [null, 7, { type: 'thinking', signature: 42 }] });
    assert.ok(translator.translateRequest(R, R, { model: 'm', input: [null, 1, { type: 'reasoning', encrypted_content: 'sbsig1.' }] }, settings('m')).ok);
    const plain = { ...claudeCode([]), messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }, { role: 'user', content: 'again' }] };
    assert.deepEqual(request(A, A, plain).thinking, { type: 'enabled', budget_tokens: 2048 }, 'an assistant turn as a string, thinking on: no tools, nothing to drop');
  });
});
