/** The Gemini double, checked with the official @google/genai parsers. */
import * as assert from 'node:assert/strict';
// @google/genai's types are ESM-only under Node16 resolution; its CommonJS build is what loads.
import type * as GenAI from '@google/genai' with { 'resolution-mode': 'import' };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GoogleGenAI, Type } = require('@google/genai') as typeof GenAI;
import { callToolWhenOffered, startUpstream, type Upstream } from './server';

describe('upstream double: Gemini API', () => {
  let up: Upstream;
  afterEach(async () => up?.close());

  const client = (apiKey = 'AIza-test') => new GoogleGenAI({ apiKey, httpOptions: { baseUrl: up.url } });

  it('streams SSE data: chunks for streamGenerateContent?alt=sse and records x-goog-api-key', async () => {
    up = await startUpstream({ protocols: ['gemini'], reply: 'Gemini stream from the double.' });
    const stream = await client().models.generateContentStream({ model: 'gemini-test', contents: 'hi' });
    let text = '';
    let chunks = 0;
    let finish: string | undefined;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.text ?? '';
      finish = chunk.candidates?.[0]?.finishReason ?? finish;
    }
    assert.equal(text, 'Gemini stream from the double.');
    assert.ok(chunks > 1);
    assert.equal(finish, 'STOP');
    const [r] = up.modelCalls('gemini');
    assert.equal(r.path, '/v1beta/models/gemini-test:streamGenerateContent');
    assert.equal(r.query.alt, 'sse');
    assert.equal(r.model, 'gemini-test');
    assert.equal(r.stream, true);
    assert.equal(r.headers['x-goog-api-key'], 'AIza-test');
    assert.equal(r.apiKey, 'AIza-test');
  });

  it('answers generateContent, and JSON-schema requests with valid JSON', async () => {
    up = await startUpstream({ protocols: ['gemini'], reply: 'plain gemini' });
    const res = await client().models.generateContent({ model: 'g', contents: 'x' });
    assert.equal(res.text, 'plain gemini');
    assert.equal(up.modelCalls()[0].stream, false);
    const json = await client().models.generateContent({
      model: 'g',
      contents: 'route me',
      config: {
        responseMimeType: 'application/json',
        responseJsonSchema: { type: 'object', properties: { reasoning: { type: 'string' }, model_choice: { type: 'string', enum: ['flash', 'pro'] } }, required: ['reasoning', 'model_choice'] },
      },
    });
    assert.deepEqual(JSON.parse(json.text ?? ''), { reasoning: 'plain gemini', model_choice: 'flash' });
    const openapi = await client().models.generateContent({
      model: 'g',
      contents: 'x',
      config: { responseMimeType: 'application/json', responseSchema: { type: Type.OBJECT, properties: { ok: { type: Type.BOOLEAN }, tags: { type: Type.ARRAY, items: { type: Type.STRING } } } } },
    });
    assert.deepEqual(JSON.parse(openapi.text ?? ''), { ok: false, tags: [] });
  });

  it('returns function calls, lists models with pagination and counts tokens', async () => {
    up = await startUpstream({ protocols: ['gemini'], models: ['g1', 'g2', 'g3'], respond: callToolWhenOffered('lookup', { q: 'x' }) });
    const res = await client().models.generateContent({
      model: 'g1',
      contents: 'x',
      config: { tools: [{ functionDeclarations: [{ name: 'lookup', parametersJsonSchema: { type: 'object', properties: { q: { type: 'string' } } } }] }] },
    });
    assert.deepEqual(res.functionCalls?.map((c) => [c.name, c.args]), [['lookup', { q: 'x' }]]);
    const names: string[] = [];
    const pager = await client().models.list({ config: { pageSize: 2 } });
    for await (const m of pager) names.push(m.name ?? '');
    assert.deepEqual(names, ['models/g1', 'models/g2', 'models/g3']);
    const count = await client().models.countTokens({ model: 'g1', contents: 'hello world' });
    assert.ok((count.totalTokens ?? 0) > 0);
  });

  it('rejects a wrong key the way the API does', async () => {
    up = await startUpstream({ protocols: ['gemini'], expectedKey: 'right' });
    await assert.rejects(client('wrong').models.generateContent({ model: 'g', contents: 'x' }), /API key not valid/);
  });
});
