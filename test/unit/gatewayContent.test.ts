/** Content the main fixtures leave out: documents, images in tool results, redacted thinking, stop sequences and refusals, custom tool calls, odd chat streams. */
import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { translator } from '../../src/gateway/translate';
import { anthropicFinal, responsesFinal, settings, sseJson, translateStream } from './gatewayFixtures';

const A = 'anthropic-messages' as const;
const C = 'openai-chat' as const;
const R = 'openai-responses' as const;
const PDF = 'JVBERi0xLjQK';
const PNG = 'iVBORw0KGgo=';

function request(client: typeof A | typeof C | typeof R, upstream: typeof A | typeof C | typeof R, body: unknown): Record<string, any> {
  const r = translator.translateRequest(client, upstream, body, settings('up'));
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.body;
}

describe('gateway translate: documents, tool-result images, redacted thinking', () => {
  const anthropic = {
    model: 'c',
    max_tokens: 100,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF }, title: 'spec.pdf' },
          { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain words' } },
          { type: 'text', text: 'Summarise.' },
        ],
      },
      { role: 'assistant', content: [{ type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' }, { type: 'tool_use', id: 'toolu_1', name: 'screenshot', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'here' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }] }] },
    ],
  };

  it('Anthropic → chat: documents become file parts, tool-result images follow in a user message', () => {
    const m = request(A, C, anthropic).messages;
    assert.deepEqual(m[0].content[0], { type: 'file', file: { file_data: `data:application/pdf;base64,${PDF}`, filename: 'spec.pdf' } });
    assert.deepEqual(m[0].content[1], { type: 'file', file: { file_data: `data:text/plain;base64,${Buffer.from('plain words').toString('base64')}` } });
    assert.equal(m[1].tool_calls[0].id, 'toolu_1');
    assert.equal(m[1].reasoning_content, undefined, 'redacted thinking stays with Anthropic');
    assert.deepEqual(m[2], { role: 'tool', tool_call_id: 'toolu_1', content: 'here' });
    assert.deepEqual(m[3], { role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }] });
  });

  it('Anthropic → Responses: documents become input_file, tool-result images stay in the output list', () => {
    const input = request(A, R, anthropic).input;
    assert.deepEqual(input[0].content[0], { type: 'input_file', file_data: `data:application/pdf;base64,${PDF}`, filename: 'spec.pdf' });
    assert.deepEqual(
      input.map((i: any) => i.type),
      ['message', 'function_call', 'function_call_output'],
    );
    assert.deepEqual(input[2].output, [
      { type: 'input_text', text: 'here' },
      { type: 'input_image', image_url: `data:image/png;base64,${PNG}`, detail: 'auto' },
    ]);
  });

  it('chat → Anthropic: file parts become documents; text files become text documents', () => {
    const body = {
      model: 'm',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'file', file: { file_data: `data:application/pdf;base64,${PDF}`, filename: 'a.pdf' } },
            { type: 'file', file: { file_data: `data:text/markdown;base64,${Buffer.from('# hi').toString('base64')}` } },
          ],
        },
      ],
    };
    const c = request(C, A, body).messages[0].content;
    assert.deepEqual(c[0], { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: PDF }, title: 'a.pdf' });
    assert.deepEqual(c[1], { type: 'document', source: { type: 'text', media_type: 'text/plain', data: '# hi' } });
  });

  it('a redacted thinking block: passed through to Anthropic clients, left out for the others; stop_sequence kept', async () => {
    const sse =
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}}\n\n' +
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"redacted_thinking","data":"EmwKAhgB"}}\n\n' +
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n' +
      'event: content_block_start\ndata: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}\n\n' +
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"ok"}}\n\n' +
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":1}\n\n' +
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"stop_sequence","stop_sequence":"END"},"usage":{"output_tokens":3}}\n\n' +
      'event: message_stop\ndata: {"type":"message_stop"}\n\n';
    const chat = sseJson(translateStream(A, C, sse));
    assert.equal(chat.filter((c) => c.choices[0]?.finish_reason).at(0).choices[0].finish_reason, 'stop');
    const { response } = await responsesFinal(translateStream(A, R, sse));
    assert.deepEqual(
      response.output.map((o) => o.type),
      ['message'],
    );
    const { message } = await anthropicFinal(translateStream(A, A, sse));
    assert.equal(message.content[0].type, 'redacted_thinking');
    assert.equal(message.stop_reason, 'stop_sequence');
    assert.equal(message.stop_sequence, 'END');
  });
});

describe('gateway translate: stop reasons across formats', () => {
  const anthropicMessage = (stop_reason: string) => ({ id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [{ type: 'text', text: 'x' }], stop_reason, stop_sequence: stop_reason === 'stop_sequence' ? '###' : null, usage: { input_tokens: 1, output_tokens: 1 } });
  const table: [string, string, string, string | null][] = [
    ['end_turn', 'stop', 'completed', null],
    ['stop_sequence', 'stop', 'completed', null],
    ['max_tokens', 'length', 'incomplete', 'max_output_tokens'],
    ['model_context_window_exceeded', 'length', 'incomplete', 'max_output_tokens'],
    ['refusal', 'content_filter', 'incomplete', 'content_filter'],
    ['pause_turn', 'stop', 'completed', null],
  ];
  for (const [anthropic, chat, status, reason] of table) {
    it(`Anthropic ${anthropic} → chat ${chat}, Responses ${status}${reason ? ` (${reason})` : ''}`, () => {
      const c = translator.translateResponse(A, C, anthropicMessage(anthropic), 'm');
      assert.ok(c.ok);
      assert.equal((c.body as any).choices[0].finish_reason, chat);
      const r = translator.translateResponse(A, R, anthropicMessage(anthropic), 'm');
      assert.ok(r.ok);
      assert.equal((r.body as any).status, status);
      assert.deepEqual((r.body as any).incomplete_details, reason ? { reason } : null);
    });
  }

  it('chat content_filter → Anthropic refusal; Responses content_filter → Anthropic refusal', () => {
    const chat = { id: 'c', object: 'chat.completion', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: '' }, finish_reason: 'content_filter' }] };
    assert.equal((translator.translateResponse(C, A, chat, 'm') as any).body.stop_reason, 'refusal');
    const resp = { id: 'r', object: 'response', model: 'm', status: 'incomplete', incomplete_details: { reason: 'content_filter' }, output: [] };
    assert.equal((translator.translateResponse(R, A, resp, 'm') as any).body.stop_reason, 'refusal');
  });
});

describe('gateway translate: odd upstream streams', () => {
  it('a chat upstream that sends the tool name after the id, a whole call in one chunk, and "stop" after tool calls', async () => {
    const chunk = (delta: object, finish: string | null = null) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const sse =
      chunk({ role: 'assistant' }) +
      chunk({ tool_calls: [{ index: 0, id: 'call_late', type: 'function', function: { arguments: '{"a"' } }] }) +
      chunk({ tool_calls: [{ index: 0, function: { name: 'late_name', arguments: ':1}' } }] }) +
      chunk({ tool_calls: [{ index: 1, id: 'call_whole', type: 'function', function: { name: 'whole', arguments: '{"b":2}' } }] }) +
      chunk({}, 'stop') +
      'data: [DONE]\n\n';
    const { message } = await anthropicFinal(translateStream(C, A, sse));
    const calls = message.content as Anthropic.ToolUseBlock[];
    assert.deepEqual(
      calls.map((c) => [c.id, c.name, c.input]),
      [
        ['call_late', 'late_name', { a: 1 }],
        ['call_whole', 'whole', { b: 2 }],
      ],
    );
    assert.equal(message.stop_reason, 'tool_use', 'Ollama-style "stop" after tool calls is still a tool turn');
  });

  it('Ollama-style parallel calls, each at index 0 with its own id, stay separate calls (Anthropic and Responses clients)', async () => {
    const chunk = (delta: object, finish: string | null = null) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const sse =
      chunk({ role: 'assistant' }) +
      chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'read', arguments: '{"path":"a"}' } }] }) +
      chunk({ tool_calls: [{ index: 0, id: 'call_b', type: 'function', function: { name: 'read', arguments: '{"path":' } }] }) +
      // Later deltas of one call may repeat its id: still the same call.
      chunk({ tool_calls: [{ index: 0, id: 'call_b', function: { arguments: '"b"}' } }] }) +
      chunk({}, 'tool_calls') +
      'data: [DONE]\n\n';
    const { message } = await anthropicFinal(translateStream(C, A, sse));
    assert.deepEqual(
      (message.content as Anthropic.ToolUseBlock[]).map((c) => [c.id, c.name, c.input]),
      [
        ['call_a', 'read', { path: 'a' }],
        ['call_b', 'read', { path: 'b' }],
      ],
    );
    const { response } = await responsesFinal(translateStream(C, R, sse));
    assert.deepEqual(
      response.output.filter((i) => i.type === 'function_call').map((i) => [i.call_id, i.arguments]),
      [
        ['call_a', '{"path":"a"}'],
        ['call_b', '{"path":"b"}'],
      ],
    );
  });

  it('a chat upstream without [DONE] still completes once it finished; OpenRouter-style `reasoning` is read', async () => {
    const sse =
      'data: {"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"","reasoning":"hmm"},"finish_reason":null}]}\n\n' +
      'data: {"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"done"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}\n\n';
    const { message } = await anthropicFinal(translateStream(C, A, sse));
    assert.deepEqual(
      message.content.map((b) => b.type),
      ['thinking', 'text'],
    );
    assert.equal(message.usage.output_tokens, 2);
  });

  it('a Responses upstream that sends items only whole (no deltas) and a custom tool call', async () => {
    const e = (type: string, o: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...o })}\n\n`;
    const sse =
      e('response.created', { response: { id: 'resp_1', model: 'm', status: 'in_progress', output: [] } }) +
      e('response.output_item.done', { output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'plan' }], encrypted_content: 'enc' } }) +
      e('response.output_item.done', { output_index: 1, item: { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'whole text' }] } }) +
      e('response.output_item.added', { output_index: 2, item: { id: 'ctc_1', type: 'custom_tool_call', call_id: 'call_patch', name: 'apply_patch', input: '' } }) +
      e('response.custom_tool_call_input.delta', { output_index: 2, item_id: 'ctc_1', delta: '*** Begin "Patch"\n' }) +
      e('response.custom_tool_call_input.delta', { output_index: 2, item_id: 'ctc_1', delta: '*** End Patch' }) +
      e('response.output_item.done', { output_index: 2, item: { id: 'ctc_1', type: 'custom_tool_call', call_id: 'call_patch', name: 'apply_patch', input: '*** Begin "Patch"\n*** End Patch' } }) +
      e('response.completed', { response: { id: 'resp_1', model: 'm', status: 'completed', output: [], usage: { input_tokens: 5, output_tokens: 6, total_tokens: 11 } } });
    const { message } = await anthropicFinal(translateStream(R, A, sse));
    assert.deepEqual(
      message.content.map((b) => b.type),
      ['thinking', 'text', 'tool_use'],
    );
    assert.equal((message.content[0] as Anthropic.ThinkingBlock).signature, 'sbsig1.openai-responses.enc');
    assert.equal((message.content[1] as Anthropic.TextBlock).text, 'whole text');
    assert.deepEqual((message.content[2] as Anthropic.ToolUseBlock).input, { input: '*** Begin "Patch"\n*** End Patch' });
    assert.equal(message.stop_reason, 'tool_use');
  });
});
