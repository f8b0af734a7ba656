/**
 * Shared by the gateway translation tests: the recorded-shape fixtures under
 * test/fixtures/gateway, helpers to run a stream translator, and the official SDKs fed our
 * output through a fake fetch (no network) so their own parsers judge the shapes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { GatewayProtocol, ModelSettings, StreamContext, StreamTranslator } from '../../src/gateway/translator';
import { translator } from '../../src/gateway/translate';

const dir = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'gateway');

export function fixtureText(name: string): string {
  return fs.readFileSync(path.join(dir, name), 'utf8');
}

export function fixtureJson(name: string): any {
  return JSON.parse(fixtureText(name));
}

/** The three protocols these fixtures cover; Gemini has its own tests (gatewayGemini*.test.ts). */
export type FixtureProtocol = Exclude<GatewayProtocol, 'gemini'>;
export const protocols: readonly FixtureProtocol[] = ['anthropic-messages', 'openai-chat', 'openai-responses'];

/** The recorded upstream stream of each protocol. */
export const streamFixture: Record<GatewayProtocol, string> = {
  'anthropic-messages': 'anthropic-stream-tool.sse',
  'openai-chat': 'chat-stream-tool.sse',
  'openai-responses': 'responses-stream-tool.sse',
  gemini: 'gemini-stream-tool.sse',
};

export function settings(modelId: string, extra: Partial<ModelSettings> = {}): ModelSettings {
  return { modelId, optionFamily: 'openai', ...extra };
}

export function runStream(st: StreamTranslator, chunks: readonly string[]): string {
  let out = '';
  for (const c of chunks) out += st.write(c);
  return out + st.end();
}

export function translateStream(upstream: GatewayProtocol, client: GatewayProtocol, text: string, context?: StreamContext, clientModel = 'client-model'): string {
  return runStream(translator.createStreamTranslator(upstream, client, clientModel, context), [text]);
}

/** Timestamps differ run to run; everything else must not. */
export function normalize(sse: string): string {
  return sse.replace(/"created(_at)?":\d+/g, '"created$1":0');
}

/** A naive, independent SSE reader for assertions (our parser is what is under test). */
export function sseEvents(text: string): { event: string; data: string }[] {
  const out: { event: string; data: string }[] = [];
  for (const block of text.replace(/\r\n/g, '\n').split('\n\n')) {
    if (!block.trim()) continue;
    let event = '';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length) out.push({ event, data: data.join('\n') });
  }
  return out;
}

/**
 * The offset just past the last blank line, read by the SSE rules independently of the
 * gateway's parser: lines end in CRLF, LF or CR, and a CR at the very end has ended its line
 * whether or not its LF is still to come.
 */
export function lastBoundary(text: string): number {
  let boundary = 0;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    const end = c === 13 && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
    if (i === lineStart) boundary = end;
    lineStart = end;
    i = end - 1;
  }
  return boundary;
}

export function sseJson(text: string): any[] {
  return sseEvents(text)
    .filter((e) => e.data !== '[DONE]')
    .map((e) => JSON.parse(e.data));
}

/** A fetch that answers every request with this body, streamed in small pieces. */
export function fakeFetch(body: string, contentType = 'text/event-stream', status = 200): typeof fetch {
  return (async () => {
    const bytes = new TextEncoder().encode(body);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 37) controller.enqueue(bytes.slice(i, i + 37));
        controller.close();
      },
    });
    return new Response(stream, { status, headers: { 'content-type': contentType } });
  }) as typeof fetch;
}

export function anthropicClient(body: string, contentType?: string, status?: number): Anthropic {
  return new Anthropic({ apiKey: 'k', baseURL: 'http://gateway.invalid', maxRetries: 0, fetch: fakeFetch(body, contentType, status) });
}

export function openaiClient(body: string, contentType?: string, status?: number): OpenAI {
  return new OpenAI({ apiKey: 'k', baseURL: 'http://gateway.invalid/v1', maxRetries: 0, fetch: fakeFetch(body, contentType, status) });
}

/** Our Anthropic SSE, assembled by the SDK's MessageStream. */
export async function anthropicFinal(sse: string): Promise<{ message: Anthropic.Message; events: string[] }> {
  const events: string[] = [];
  const stream = anthropicClient(sse).messages.stream({ model: 'client-model', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
  stream.on('streamEvent', (e) => events.push(e.type));
  return { message: await stream.finalMessage(), events };
}

/** Our Chat SSE, assembled by the SDK's ChatCompletionStream. */
export async function chatFinal(sse: string): Promise<OpenAI.ChatCompletion> {
  return openaiClient(sse).chat.completions.stream({ model: 'client-model', messages: [{ role: 'user', content: 'hi' }] }).finalChatCompletion();
}

/** Our Responses SSE, assembled by the SDK's ResponseStream. */
export async function responsesFinal(sse: string): Promise<{ response: OpenAI.Responses.Response; types: string[]; seqs: number[] }> {
  const types: string[] = [];
  const seqs: number[] = [];
  const stream = openaiClient(sse).responses.stream({ model: 'client-model', input: 'hi' });
  stream.on('event', (e) => {
    types.push(e.type);
    seqs.push(e.sequence_number);
  });
  return { response: await stream.finalResponse(), types, seqs };
}
