/** Gemini requests and whole responses through the gateway's translator, both directions. */
import * as assert from 'node:assert/strict';
import type { GatewayProtocol, ModelSettings } from '../../src/gateway/translator';
import { translator } from '../../src/gateway/translate';
import { fixtureJson, settings } from './gatewayFixtures';

const G = 'gemini' as const;
const A = 'anthropic-messages' as const;
const C = 'openai-chat' as const;
const R = 'openai-responses' as const;

/** What the server adds to a Gemini body from its path. */
const geminiBody = (extra: Record<string, unknown> = {}) => ({ ...fixtureJson('gemini-request.json'), model: 'gemini-2.5-pro', stream: true, ...extra });

function request(client: GatewayProtocol, upstream: GatewayProtocol, body: unknown, s: ModelSettings = settings('upstream-model')): Record<string, any> {
  const r = translator.translateRequest(client, upstream, body, s);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.body;
}

function refusal(body: unknown): string {
  const r = translator.translateRequest(G, C, body, settings('m'));
  assert.ok(!r.ok, 'expected a 400');
  assert.equal(r.status, 400);
  return r.message;
}

describe('gateway translate: Gemini client → other upstreams, requests', () => {
  it('keeps system, turns, images, thoughts, calls and results, with the upstream ids back and stable ids for calls without one', () => {
    const r = translator.translateRequest(G, C, geminiBody(), settings('deepseek-chat'));
    assert.ok(r.ok);
    assert.equal(r.stream, true);
    assert.equal(r.clientModel, 'gemini-2.5-pro');
    const out = r.body as any;
    assert.equal(out.model, 'deepseek-chat');
    const m = out.messages;
    assert.deepEqual(
      m.map((x: any) => x.role),
      ['system', 'user', 'assistant', 'tool', 'tool', 'user'],
    );
    assert.equal(m[0].content, 'You are Gemini CLI, an interactive CLI agent.\nAnswer briefly. Use tools when needed.');
    assert.equal(m[1].content[0].text, "What is in this picture, and what's the weather in Oslo?");
    assert.match(m[1].content[1].image_url.url, /^data:image\/png;base64,iVBORw0KGgo/);
    assert.equal(m[2].content, 'It is a single pixel. Checking the weather.');
    assert.equal(m[2].reasoning_content, 'A one-pixel image; then call the weather tool.', 'an unsigned thought goes on as reasoning text');
    assert.deepEqual(
      m[2].tool_calls.map((c: any) => [c.id, c.function.name, JSON.parse(c.function.arguments)]),
      [
        ['call_DdmO9pD3xa9XTPNJ32zg2hcA', 'get_weather', { city: 'Oslo', unit: 'celsius' }],
        ['call_g1_3', 'read_file', { path: '/tmp/missing.txt' }],
      ],
    );
    // The results came in another order than the calls, one by id and one by name.
    assert.deepEqual(m[3], { role: 'tool', tool_call_id: 'call_g1_3', content: 'ENOENT: no such file' });
    assert.deepEqual(m[4], { role: 'tool', tool_call_id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', content: '4°C, light rain' });
    assert.equal(m[5].content, 'Thanks. Anything else?');
    assert.deepEqual(
      out.tools.map((t: any) => t.function.name),
      ['get_weather', 'read_file'],
      "Google's own tools (googleSearch) are dropped",
    );
    assert.deepEqual(out.tools[1].function.parameters, {
      type: 'object',
      properties: { path: { type: 'string', description: 'Absolute path' }, limit: { type: ['integer', 'null'] }, tags: { type: 'array', items: { type: 'string' }, maxItems: 5 } },
      required: ['path'],
    });
    assert.equal(out.tool_choice, 'auto');
    assert.deepEqual(out.stop, ['\n\nUser:']);
    assert.equal(out.max_tokens, 8192);
    assert.equal(out.temperature, 1);
    assert.equal(out.top_p, 0.95);
    assert.equal(out.reasoning_effort, undefined, 'a thinking budget does not become an effort');
    assert.deepEqual(out.stream_options, { include_usage: true });
  });

  it('gives the same ids on every request of a conversation', () => {
    const first = request(G, C, geminiBody());
    const again = request(G, C, geminiBody({ contents: [...geminiBody().contents, { role: 'model', parts: [{ text: 'Nothing else.' }] }] }));
    assert.deepEqual(
      again.messages.slice(0, 6).map((x: any) => x.tool_calls?.map((c: any) => c.id) ?? x.tool_call_id ?? null),
      first.messages.map((x: any) => x.tool_calls?.map((c: any) => c.id) ?? x.tool_call_id ?? null),
    );
  });

  it('maps to Anthropic: results first with their error flag, a budget as thinking, top_k kept', () => {
    const out = request(G, A, geminiBody({ contents: geminiBody().contents.slice(0, 1) }));
    assert.deepEqual(out.thinking, { type: 'enabled', budget_tokens: 4096 });
    assert.equal(out.max_tokens, 8192);
    assert.equal(out.top_k, 64);
    assert.equal(out.stream, true);
    const full = request(G, A, geminiBody());
    assert.deepEqual(
      full.messages.map((x: any) => [x.role, x.content.map((b: any) => b.type)]),
      [
        ['user', ['text', 'image']],
        ['assistant', ['text', 'tool_use', 'tool_use']],
        ['user', ['tool_result', 'tool_result', 'text']],
      ],
    );
    assert.equal(full.messages[0].content[1].source.media_type, 'image/png');
    const [rf, weather] = full.messages[2].content;
    assert.deepEqual([rf.tool_use_id, rf.is_error, rf.content], ['call_g1_3', true, 'ENOENT: no such file']);
    assert.deepEqual([weather.tool_use_id, weather.is_error], ['call_DdmO9pD3xa9XTPNJ32zg2hcA', undefined]);
    assert.equal(full.thinking, undefined, 'a tool loop without signed thinking is asked without thinking');
  });

  it('maps thinking levels to an effort, allowed functions to a tool choice, and JSON mode to an instruction', () => {
    const out = request(
      G,
      R,
      geminiBody({
        toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['read_file'] } },
        generationConfig: { thinkingConfig: { thinkingLevel: 'LOW' }, responseMimeType: 'application/json', responseJsonSchema: { type: 'object', properties: { a: { type: 'string' } } } },
      }),
    );
    assert.deepEqual(out.reasoning, { effort: 'low' });
    assert.deepEqual(out.tool_choice, { type: 'function', name: 'read_file' });
    assert.match(out.instructions, /Answer with a single JSON value matching this JSON schema: \{"type":"object"/);
    const tight = request(G, A, geminiBody({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }], generationConfig: { maxOutputTokens: 2000, thinkingConfig: { thinkingBudget: 8192 } } }));
    assert.deepEqual([tight.thinking, tight.max_tokens], [{ type: 'enabled', budget_tokens: 1999 }, 2000], 'the budget stays below max_tokens');
    const tiny = request(G, A, geminiBody({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }], generationConfig: { maxOutputTokens: 500, thinkingConfig: { thinkingBudget: 8192 } } }));
    assert.deepEqual(tiny.thinking, { type: 'disabled' }, 'no room to think');
    const none = request(G, C, geminiBody({ toolConfig: { functionCallingConfig: { mode: 'NONE' } }, generationConfig: { thinkingConfig: { includeThoughts: true } } }));
    assert.equal(none.tool_choice, 'none');
    assert.equal(none.reasoning_effort, undefined, 'includeThoughts alone asks for nothing');
  });

  it('takes snake_case field names as the REST API does, leaving arguments and results alone', () => {
    const out = request(G, C, {
      model: 'm',
      system_instruction: { parts: [{ text: 'Be brief.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'look' }, { inline_data: { mime_type: 'image/jpeg', data: 'AAAA' } }] },
        { role: 'model', parts: [{ function_call: { name: 'f', args: { snake_arg: 1 } } }] },
        { role: 'user', parts: [{ function_response: { name: 'f', response: { some_field: 'x' } } }] },
      ],
      generation_config: { max_output_tokens: 77, stop_sequences: ['END'] },
    });
    assert.equal(out.messages[0].content, 'Be brief.');
    assert.equal(out.messages[1].content[1].image_url.url, 'data:image/jpeg;base64,AAAA');
    assert.equal(out.messages[2].tool_calls[0].function.arguments, '{"snake_arg":1}');
    assert.equal(out.messages[3].content, '{"some_field":"x"}');
    assert.equal(out.max_tokens, 77);
    assert.deepEqual(out.stop, ['END']);
  });

  it('turns a result that answers no call into text, since no upstream takes a result alone', () => {
    const out = request(G, C, { model: 'm', contents: [{ role: 'user', parts: [{ functionResponse: { name: 'ls', response: { output: 'a.txt' } } }, { text: 'go on' }] }] });
    assert.deepEqual(out.messages, [{ role: 'user', content: 'Result of ls: a.txt\n\ngo on' }]);
  });

  it('names the field that is wrong', () => {
    assert.equal(refusal([]), 'The request body must be a JSON object.');
    assert.match(refusal({ model: 'm' }), /^contents: Invalid input: expected array/);
    assert.match(refusal({ contents: [{ role: 'user', parts: [{ functionCall: { args: {} } }] }] }), /^contents\[0\]\.parts\[0\]\.functionCall\.name: Invalid input: expected string/);
    assert.match(refusal({ contents: [{ parts: [{ inlineData: { mimeType: 'image/png' } }] }] }), /^contents\[0\]\.parts\[0\]\.inlineData\.data: /);
    assert.match(refusal({ contents: [], generationConfig: { temperature: 'hot' } }), /^generationConfig\.temperature: Invalid input: expected number/);
    assert.match(refusal({ contents: [], tools: [{ functionDeclarations: [{ description: 'x' }] }] }), /^tools\[0\]\.functionDeclarations\[0\]\.name: /);
  });
});

describe('gateway translate: other clients → Gemini upstream, requests', () => {
  it('builds a Gemini body from an Anthropic request: no model or stream in it, names for results, the first call signed with the bypass', () => {
    const r = translator.translateRequest(A, G, fixtureJson('anthropic-request.json'), { modelId: 'gemini-2.5-pro', optionFamily: 'gemini' });
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.stream, true);
    const out = r.body as any;
    assert.equal(out.model, undefined);
    assert.equal(out.stream, undefined);
    assert.deepEqual(out.systemInstruction, { parts: [{ text: "You are Claude Code, Anthropic's official CLI for Claude.\n\nAnswer briefly. Use tools when needed." }] });
    assert.deepEqual(
      out.contents.map((c: any) => [c.role, c.parts.map((p: any) => Object.keys(p).join('+'))]),
      [
        ['user', ['text', 'inlineData']],
        ['model', ['text', 'functionCall+thoughtSignature', 'functionCall']],
        ['user', ['functionResponse', 'functionResponse', 'text']],
      ],
    );
    assert.equal(out.contents[0].parts[1].inlineData.mimeType, 'image/png');
    assert.deepEqual(out.contents[1].parts[1], { functionCall: { id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', args: { city: 'Oslo', unit: 'celsius' } }, thoughtSignature: 'skip_thought_signature_validator' });
    assert.deepEqual(out.contents[2].parts[0], { functionResponse: { id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', response: { output: '4°C, light rain' } } });
    assert.deepEqual(out.contents[2].parts[1], { functionResponse: { id: 'toolu_01B8sTTGsmuCq9bCUmUp7dAo', name: 'read_file', response: { error: 'ENOENT: no such file' } } });
    assert.deepEqual(
      out.tools[0].functionDeclarations.map((d: any) => d.name),
      ['get_weather', 'read_file'],
    );
    assert.deepEqual(out.tools[0].functionDeclarations[0].parametersJsonSchema.required, ['city']);
    assert.deepEqual(out.toolConfig, { functionCallingConfig: { mode: 'AUTO' } });
    assert.deepEqual(out.generationConfig, { maxOutputTokens: 32000, temperature: 1, stopSequences: ['\n\nHuman:'], thinkingConfig: { thinkingBudget: 4096, includeThoughts: true } });
  });

  it("applies the model's settings inside generationConfig, Gemini options included", () => {
    const out = request(A, G, fixtureJson('anthropic-request.json'), {
      modelId: 'gemini-3-pro',
      optionFamily: 'gemini',
      temperature: 0.2,
      topK: 20,
      maxOutputTokens: 1000,
      options: { thinkingLevel: 'high', includeThoughts: false, safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }] },
    });
    assert.deepEqual(out.generationConfig.thinkingConfig, { thinkingLevel: 'HIGH', includeThoughts: false }, 'a level replaces the budget: Gemini refuses both');
    assert.equal(out.generationConfig.temperature, 0.2);
    assert.equal(out.generationConfig.topK, 20);
    assert.equal(out.generationConfig.maxOutputTokens, 1000);
    assert.deepEqual(out.safetySettings, [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }]);
    assert.equal(out.temperature, undefined);
    assert.equal(out.model, undefined);
  });

  it('maps a chat tool choice, efforts and image URLs', () => {
    const out = request(C, G, {
      model: 'x',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'image_url', image_url: { url: 'https://example.com/cat.webp' } }] }],
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} } } }],
      tool_choice: { type: 'function', function: { name: 'f' } },
      reasoning_effort: 'medium',
    });
    assert.deepEqual(out.contents[0].parts[1], { fileData: { fileUri: 'https://example.com/cat.webp', mimeType: 'image/webp' } });
    assert.deepEqual(out.toolConfig, { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['f'] } });
    assert.deepEqual(out.generationConfig.thinkingConfig, { thinkingLevel: 'MEDIUM', includeThoughts: true });
  });

  it('passes a Gemini body through to a Gemini upstream, without the fields the server added', () => {
    const body = geminiBody({ cachedContent: 'cachedContents/abc' });
    const r = translator.translateRequest(G, G, body, { modelId: 'gemini-2.5-flash', optionFamily: 'gemini', temperature: 0.5, options: { thinkingBudget: 0 } });
    assert.ok(r.ok);
    assert.equal(r.clientModel, 'gemini-2.5-pro');
    assert.equal(r.stream, true);
    const out = r.body as any;
    assert.equal(out.model, undefined);
    assert.equal(out.stream, undefined);
    assert.equal(out.cachedContent, 'cachedContents/abc');
    assert.deepEqual(out.contents, body.contents, 'thought signatures and all go through untouched');
    assert.deepEqual(out.generationConfig.thinkingConfig, { includeThoughts: true, thinkingBudget: 0 });
    assert.equal(out.generationConfig.temperature, 0.5);
    assert.equal(out.generationConfig.topK, 64);
    assert.equal((body as any).model, 'gemini-2.5-pro', "the client's body is not changed");
    const bad = translator.translateRequest(G, G, { model: 'm' }, settings('m'));
    assert.ok(!bad.ok && /^contents: /.test(bad.message));
  });
});

describe('gateway translate: Gemini responses, both ways', () => {
  it('reads a Gemini answer: thoughts, merged text, calls with distinct ids, usage with thoughts in the output', () => {
    const r = translator.translateResponse(G, A, fixtureJson('gemini-response.json'), 'claude-x');
    assert.ok(r.ok, r.ok ? '' : r.message);
    const b = r.body as any;
    assert.equal(b.model, 'claude-x');
    assert.equal(b.stop_reason, 'tool_use');
    assert.deepEqual(
      b.content.map((c: any) => c.type),
      ['thinking', 'text', 'tool_use', 'tool_use'],
    );
    assert.deepEqual([b.content[0].thinking, b.content[0].signature], ['Oslo weather needs a tool call.', ''], "Gemini's signature means nothing to Anthropic");
    assert.equal(b.content[1].text, 'Checking Oslo — naïve 日本語 🙂.');
    assert.deepEqual(b.content[2].input, { city: 'Oslo', unit: 'celsius' });
    assert.notEqual(b.content[2].id, b.content[3].id);
    assert.deepEqual(r.usage, { inputTokens: 120, outputTokens: 70 });
    const chat = translator.translateResponse(G, C, fixtureJson('gemini-response.json'), 'gpt-x');
    assert.ok(chat.ok);
    const m = (chat.body as any).choices[0];
    assert.equal(m.finish_reason, 'tool_calls');
    assert.equal(m.message.reasoning_content, 'Oslo weather needs a tool call.');
    assert.deepEqual((chat.body as any).usage.completion_tokens_details, { reasoning_tokens: 30 });
    assert.deepEqual((chat.body as any).usage.prompt_tokens_details, { cached_tokens: 64 });
  });

  it('maps finish reasons and a blocked prompt', () => {
    const answer = (finishReason: string) => ({ candidates: [{ content: { role: 'model', parts: [{ text: 'x' }] }, finishReason }] });
    const stop = (body: unknown) => {
      const r = translator.translateResponse(G, A, body, 'm');
      assert.ok(r.ok, r.ok ? '' : r.message);
      return (r.body as any).stop_reason;
    };
    assert.equal(stop(answer('STOP')), 'end_turn');
    assert.equal(stop(answer('MAX_TOKENS')), 'max_tokens');
    assert.equal(stop(answer('SAFETY')), 'refusal');
    assert.equal(stop(answer('RECITATION')), 'refusal');
    assert.equal(stop({ promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 3 } }), 'refusal');
    const broken = translator.translateResponse(G, A, { candidates: [] }, 'm');
    assert.ok(!broken.ok && broken.status === 502);
  });

  it("answers a Gemini client in Gemini's shape: whole calls with their ids, finish reason, usage", () => {
    const r = translator.translateResponse(C, G, fixtureJson('chat-response.json'), 'gemini-2.5-pro');
    assert.ok(r.ok);
    const b = r.body as any;
    const chat = fixtureJson('chat-response.json');
    const cand = b.candidates[0];
    assert.equal(cand.content.role, 'model');
    assert.equal(b.modelVersion, 'gemini-2.5-pro');
    const calls = cand.content.parts.filter((p: any) => p.functionCall).map((p: any) => p.functionCall);
    assert.deepEqual(
      calls.map((c: any) => [c.id, c.name, c.args]),
      chat.choices[0].message.tool_calls.map((c: any) => [c.id, c.function.name, JSON.parse(c.function.arguments)]),
    );
    assert.equal(cand.finishReason, 'STOP');
    assert.equal(b.usageMetadata.promptTokenCount, chat.usage.prompt_tokens);
    assert.equal(b.usageMetadata.totalTokenCount, chat.usage.prompt_tokens + chat.usage.completion_tokens);
    const anthropic = translator.translateResponse(A, G, fixtureJson('anthropic-response.json'), 'g');
    assert.ok(anthropic.ok);
    const parts = (anthropic.body as any).candidates[0].content.parts;
    assert.ok(parts.some((p: any) => p.thought === true && typeof p.text === 'string'), 'thinking is shown as a thought');
  });

  it("writes errors in Gemini's shape, with Google's status names", () => {
    const cases: [number, string][] = [
      [400, 'INVALID_ARGUMENT'],
      [401, 'UNAUTHENTICATED'],
      [403, 'PERMISSION_DENIED'],
      [404, 'NOT_FOUND'],
      [429, 'RESOURCE_EXHAUSTED'],
      [500, 'INTERNAL'],
      [502, 'INTERNAL'],
      [503, 'UNAVAILABLE'],
    ];
    for (const [code, status] of cases) assert.deepEqual(translator.errorBody(G, code, 'why'), { error: { code, message: 'why', status } });
    assert.deepEqual(translator.upstreamError(G, 400, '[{"error":{"code":400,"message":"API key not valid.","status":"INVALID_ARGUMENT"}}]'), { status: 400, message: 'API key not valid.' });
  });
});
