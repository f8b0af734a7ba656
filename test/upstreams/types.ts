/**
 * Shared types of the loopback model-API doubles (test/upstreams/). Each protocol module turns
 * a ReplySpec into that protocol's exact wire format; server.ts records every request.
 */
import type * as http from 'node:http';
import type { BedrockDoubleOptions } from './bedrock';

/** 'bedrock' is InvokeModel on a Claude model, 'bedrock-converse' the Converse API on any model (bedrock.ts), served whenever `bedrock` is in the options. */
export type Protocol = 'anthropic' | 'openai-chat' | 'openai-responses' | 'gemini' | 'bedrock' | 'bedrock-converse';

/** One request as the double saw it. Headers are lower-cased by Node. */
export interface RecordedRequest {
  /** Milliseconds since the double started. */
  at: number;
  method: string;
  /** The raw request target, query included. */
  url: string;
  /** The path without the query. */
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  /** The body parsed as JSON, or undefined when it was empty or not JSON. */
  body: any;
  /** Which protocol handler answered, or undefined for probes and 404s. */
  protocol?: Protocol;
  /** Model id: `model` in the body, or the `<model>` of a Gemini path. */
  model?: string;
  /** Whether a streaming reply was asked for (body `stream`, or Gemini's streamGenerateContent). */
  stream?: boolean;
  /** The credential the client sent: Bearer token, x-api-key, x-goog-api-key or ?key=. */
  apiKey?: string;
  /** An embeddings call (embeddings.ts); such calls have a model but no protocol. */
  embedding?: boolean;
  /** Bedrock model calls: how the caller signed in (the access key id of a SigV4 signature, whether it carried a session token). */
  aws?: { auth: 'sigv4' | 'bearer'; accessKeyId?: string; sessionToken?: boolean };
  /** Streamed replies: the caller hung up before the answer ended. */
  closedEarly?: boolean;
  /** HTTP status the double answered with. */
  status?: number;
  /** Streamed replies: the body text the double actually sent (up to the cut, with `cut`). */
  sent?: string;
}

export interface ToolCallSpec {
  /** Tool (function) name. */
  name: string;
  /** Arguments object; serialised to JSON where the protocol wants a string. */
  arguments: Record<string, unknown>;
  /** Call id; generated when omitted. */
  id?: string;
}

/** What the double answers one request with. */
export interface ReplySpec {
  /** Assistant text. Streamed in several deltas. */
  text?: string;
  /** Tool calls to make (after the text, if any). */
  toolCalls?: ToolCallSpec[];
  /** Answer with an error in the protocol's own error shape instead. */
  error?: { status: number; message: string; type?: string };
  /** Delay before the reply starts, in ms. */
  delayMs?: number;
  /** Streamed replies: stop after this many bytes of the body, wherever they fall (mid-line too). */
  cut?: StreamCut;
  /** Bedrock streams: after this many events (InvokeModel chunks, or ConverseStream events), send an exception message (e.g. throttlingException) and end. */
  streamException?: { afterChunks: number; type: string; message: string };
  /** Bedrock streams: pause between frames, in ms (default 5). */
  frameDelayMs?: number;
  /** Bedrock Converse: reasoning shown before the answer (reasoningContent), signed when `signature` is set. */
  reasoning?: { text: string; signature?: string };
  /** Bedrock Converse: the stopReason to answer with (default tool_use with tool calls, else end_turn). */
  stopReason?: string;
}

/** Where and how a streamed reply stops short. */
export interface StreamCut {
  /** Bytes of the body sent before the cut. */
  atByte: number;
  /** 'hang-up': the connection drops mid-answer (no end of the chunked body); 'end': the answer ends properly, short. */
  how: 'hang-up' | 'end';
}

export type Responder = (req: RecordedRequest) => ReplySpec;

export interface UpstreamOptions {
  /** Reply text for every model call (default "Hello from the Switchboard test double."). */
  reply?: string;
  /** Full control per request; wins over `reply`. */
  respond?: Responder;
  /** Which protocols to serve (default: all four, on one port). */
  protocols?: Protocol[];
  /** When set, model calls whose credential differs get the protocol's 401. */
  expectedKey?: string;
  /** Models listed by the models endpoints (default: ['test-model']). */
  models?: string[];
  /** Largest page the list endpoints return, whatever the client asks (Anthropic limit, Gemini pageSize). */
  maxPageSize?: number;
  /** Answers a request before any protocol handler: an injected fault. */
  fault?: (req: RecordedRequest) => FaultSpec | undefined;
  /** Serve Amazon Bedrock (bedrock.ts): its lists and InvokeModel, SigV4-checked with these credentials. */
  bedrock?: BedrockDoubleOptions;
  /** Log each request line to stderr (or set SWITCHBOARD_UPSTREAM_LOG=1). */
  log?: boolean;
}

/** What a protocol handler needs from the server. */
export interface HandlerContext {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  record: RecordedRequest;
  options: UpstreamOptions;
  /** The reply for this request (respond(), or the default text). */
  reply(): ReplySpec;
}

/** Returns true when it handled the request. */
export type ProtocolHandler = (ctx: HandlerContext) => boolean | Promise<boolean>;

/** An injected fault: a status with a body, a redirect, a stall, or a reply that is not JSON. */
export interface FaultSpec {
  status?: number;
  /** Sent as is; a JSON value is serialised with content-type application/json. */
  body?: unknown;
  contentType?: string;
  /** Location header (with a 3xx status). */
  location?: string;
  /** Wait this long before answering (bounded by the double's close()). */
  delayMs?: number;
  /** Destroy the socket instead of answering. */
  hangUp?: boolean;
}
