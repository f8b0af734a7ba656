/**
 * The gateway's translation core: `translator` implements the server's seam (translator.ts)
 * between Anthropic Messages, OpenAI Chat Completions, OpenAI Responses and Gemini, through the IR,
 * and from any of them to Bedrock's Converse API, which is only ever an upstream.
 * The lower layer below it (IR requests, upstream bodies, upstream streams decoded to IR
 * events) is what VS Code's chat provider uses. Pure: no vscode, no network.
 */
import type { GatewayProtocol, ModelSettings, RequestTranslation, ResponseTranslation, StreamContext, StreamTranslator, TokenUsage, Translator, UpstreamProtocol } from '../translator';
import { anthropicErrorBody, buildAnthropicRequest, buildAnthropicResponse, dropThinkingIfUnsigned, parseAnthropicRequest, parseAnthropicResponse } from './anthropic';
import { AnthropicDecoder, AnthropicEncoder } from './anthropicStream';
import type { IrRequest, IrResponse, IrSink } from './ir';
import { buildChatRequest, buildChatResponse, openaiErrorBody, parseChatRequest, parseChatResponse } from './openaiChat';
import { ChatDecoder, ChatEncoder } from './openaiChatStream';
import { buildResponsesRequest, buildResponsesResponse, parseResponsesRequest, parseResponsesResponse } from './openaiResponses';
import { ResponsesDecoder, ResponsesEncoder } from './openaiResponsesStream';
import { passthroughRequest } from './passthrough';
import { PassthroughStream } from './passthroughStream';
import type { IrDecoder, IrEncoder } from './pipeline';
import { TranslatingStream, UpstreamDecoder } from './pipeline';
import { applySettings } from './settings';
import type { Parsed } from './validate';
import { parseGeminiRequest } from './gemini';
import { buildGeminiRequest } from './geminiBuild';
import { buildGeminiResponse, geminiErrorBody, parseGeminiResponse } from './geminiResponse';
import { geminiPassthroughRequest } from './geminiSettings';
import { GeminiDecoder, GeminiEncoder } from './geminiStream';
import { buildConverseRequest } from './converse';
import { parseConverseResponse } from './converseResponse';
import { ConverseDecoder } from './converseStream';
import { routeSignatures, wrapReplySignatures, wrapStreamSignatures } from './signatures';

export type * from './ir';
export { ResponseCollector, responseEvents, mergeUsage, parseArguments } from './ir';
export { SseParser } from './sse';
export { UpstreamDecoder } from './pipeline';
export type { IrDecoder, IrEncoder } from './pipeline';
export type { Parsed } from './validate';

interface Codec {
  parseRequest(body: unknown): Parsed<IrRequest>;
  buildRequest(ir: IrRequest): Record<string, unknown>;
  parseResponse(body: unknown): IrResponse | string;
  buildResponse(r: IrResponse, clientModel: string): Record<string, unknown>;
  decoder(sink: IrSink): IrDecoder;
  encoder(clientModel: string, context?: StreamContext): IrEncoder;
  errorBody(status: number, message: string): Record<string, unknown>;
}

const codecs: Record<GatewayProtocol, Codec> = {
  'anthropic-messages': {
    parseRequest: parseAnthropicRequest,
    buildRequest: buildAnthropicRequest,
    parseResponse: parseAnthropicResponse,
    buildResponse: buildAnthropicResponse,
    decoder: (sink) => new AnthropicDecoder(sink),
    encoder: (model) => new AnthropicEncoder(model),
    errorBody: anthropicErrorBody,
  },
  'openai-chat': {
    parseRequest: parseChatRequest,
    buildRequest: buildChatRequest,
    parseResponse: parseChatResponse,
    buildResponse: buildChatResponse,
    decoder: (sink) => new ChatDecoder(sink),
    encoder: (model, context) => new ChatEncoder(model, context?.includeUsage ?? true),
    errorBody: openaiErrorBody,
  },
  'openai-responses': {
    parseRequest: parseResponsesRequest,
    buildRequest: buildResponsesRequest,
    parseResponse: parseResponsesResponse,
    buildResponse: buildResponsesResponse,
    decoder: (sink) => new ResponsesDecoder(sink),
    encoder: (model) => new ResponsesEncoder(model),
    errorBody: openaiErrorBody,
  },
  gemini: {
    parseRequest: parseGeminiRequest,
    buildRequest: buildGeminiRequest,
    parseResponse: parseGeminiResponse,
    buildResponse: buildGeminiResponse,
    decoder: (sink) => new GeminiDecoder(sink),
    encoder: (model) => new GeminiEncoder(model),
    errorBody: geminiErrorBody,
  },
};

/** What an upstream protocol needs: a body to send, and its answer read whole or streamed. */
interface UpstreamCodec {
  buildRequest(ir: IrRequest, settings?: ModelSettings): Record<string, unknown>;
  parseResponse(body: unknown): IrResponse | string;
  decoder(sink: IrSink): IrDecoder;
}

/** Converse applies the model's settings itself: its extra fields depend on the model family. */
const converse: UpstreamCodec = { buildRequest: buildConverseRequest, parseResponse: parseConverseResponse, decoder: (sink) => new ConverseDecoder(sink) };

function upstreamCodec(protocol: UpstreamProtocol): Pick<UpstreamCodec, 'parseResponse' | 'decoder'> {
  return protocol === 'bedrock-converse' ? converse : codecs[protocol];
}

// ---------------------------------------------------------------------------------------------
// The lower layer

/** A client's request body in protocol P, validated, as IR (400 naming the field when malformed). */
export function parseClientRequest(protocol: GatewayProtocol, body: unknown): Parsed<IrRequest> {
  return codecs[protocol].parseRequest(body);
}

/** The body to send an upstream speaking P, with the model's settings applied when given. */
export function buildUpstreamRequest(protocol: UpstreamProtocol, ir: IrRequest, settings?: ModelSettings): Record<string, unknown> {
  if (protocol === 'bedrock-converse') return converse.buildRequest(ir, settings);
  const body = codecs[protocol].buildRequest(ir);
  if (settings) applySettings(protocol, body, settings);
  if (protocol === 'anthropic-messages') dropThinkingIfUnsigned(body);
  return body;
}

/** An upstream's JSON answer in protocol P as IR, or why it is not one. */
export function parseUpstreamResponse(protocol: UpstreamProtocol, body: unknown): IrResponse | string {
  return upstreamCodec(protocol).parseResponse(body);
}

/** Decodes an upstream SSE stream in protocol P (Converse: as bedrockStream.ts reads it) into IR events: write() text chunks, then end(). */
export function createUpstreamDecoder(protocol: UpstreamProtocol, sink: IrSink): UpstreamDecoder {
  return new UpstreamDecoder(upstreamCodec(protocol).decoder, sink);
}

/** A finished IR response as a client's JSON body in protocol P. */
export function buildClientResponse(protocol: GatewayProtocol, r: IrResponse, clientModel: string): Record<string, unknown> {
  return codecs[protocol].buildResponse(r, clientModel);
}

/** IR events → a client's SSE text in protocol P. */
export function createClientEncoder(protocol: GatewayProtocol, clientModel: string, context?: StreamContext): IrEncoder {
  return codecs[protocol].encoder(clientModel, context);
}

// ---------------------------------------------------------------------------------------------
// The seam

function usageOf(r: IrResponse): TokenUsage | undefined {
  const u = r.usage;
  return u.inputTokens === undefined && u.outputTokens === undefined ? undefined : { inputTokens: u.inputTokens, outputTokens: u.outputTokens };
}

function translateRequest(client: GatewayProtocol, upstream: UpstreamProtocol, body: unknown, model: ModelSettings): RequestTranslation {
  try {
    if (client === upstream) return client === 'gemini' ? geminiPassthroughRequest(body, model) : passthroughRequest(client, body, model);
    const parsed = codecs[client].parseRequest(body);
    if (!parsed.ok) return parsed;
    const ir = routeSignatures(parsed.value, client, upstream);
    const out = buildUpstreamRequest(upstream, ir, model);
    return { ok: true, body: out, stream: ir.stream, clientModel: ir.model, ...(client === 'openai-chat' && ir.stream ? { streamContext: { includeUsage: ir.includeUsage === true } } : {}) };
  } catch (err) {
    return { ok: false, status: 400, message: `The request could not be translated: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function translateResponse(upstream: UpstreamProtocol, client: GatewayProtocol, body: unknown, clientModel: string): ResponseTranslation {
  try {
    const parsed = upstreamCodec(upstream).parseResponse(body);
    if (typeof parsed === 'string') return { ok: false, status: 502, message: parsed };
    if (client === upstream) return { ok: true, body: { ...(body as Record<string, unknown>), model: clientModel }, usage: usageOf(parsed) };
    return { ok: true, body: codecs[client].buildResponse(wrapReplySignatures(parsed, upstream, client), clientModel), usage: usageOf(parsed) };
  } catch (err) {
    return { ok: false, status: 502, message: `The upstream answer could not be translated: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function createStreamTranslator(upstream: UpstreamProtocol, client: GatewayProtocol, clientModel: string, context?: StreamContext): StreamTranslator {
  if (upstream === client) return new PassthroughStream(client, clientModel, client === 'openai-chat' && context?.includeUsage === false);
  return new TranslatingStream(upstreamCodec(upstream).decoder, wrapStreamSignatures(codecs[client].encoder(clientModel, context), upstream, client));
}

function errorBody(client: GatewayProtocol, status: number, message: string): Record<string, unknown> {
  return codecs[client].errorBody(status, message);
}

const MAX_MESSAGE = 2000;

/** The message in an upstream error body, whichever shape it takes. */
function messageOf(value: unknown, depth = 0): string | undefined {
  if (depth > 3 || value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value || undefined;
  if (Array.isArray(value)) return messageOf(value[0], depth + 1);
  if (typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  return messageOf(v.error, depth + 1) ?? (typeof v.message === 'string' ? v.message : undefined) ?? (typeof v.detail === 'string' ? v.detail : v.detail !== undefined ? JSON.stringify(v.detail) : undefined);
}

function upstreamError(_upstream: UpstreamProtocol, status: number, bodyText: string): { readonly status: number; readonly message: string } {
  const code = status >= 400 && status <= 599 ? status : 502;
  const text = bodyText.trim();
  let message: string | undefined;
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      message = messageOf(JSON.parse(text));
    } catch {
      /* not JSON after all */
    }
  }
  message ??= text || `The upstream answered HTTP ${status}.`;
  if (message.length > MAX_MESSAGE) message = message.slice(0, MAX_MESSAGE) + '…';
  return { status: code, message };
}

export const translator: Translator = { translateRequest, translateResponse, createStreamTranslator, errorBody, upstreamError };
