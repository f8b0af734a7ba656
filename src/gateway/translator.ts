/**
 * The seam between the gateway's HTTP server and its translation core. The server knows
 * routes, auth and sockets; the translator knows the wire formats. Both are pure Node.
 */
import type { OptionFamily, WireProtocol } from '../providers/providerTypes';

/** The wire formats clients speak to the gateway (each also an upstream protocol). */
export type GatewayProtocol = Extract<WireProtocol, 'anthropic-messages' | 'openai-chat' | 'openai-responses' | 'gemini'>;

/** What the gateway may send upstream: the client protocols, and Bedrock's Converse API (non-Anthropic Bedrock models), which no client speaks. */
export type UpstreamProtocol = GatewayProtocol | 'bedrock-converse';

/** A model's settings, applied on the way out whatever the client asked for. */
export interface ModelSettings {
  /** The upstream model id (an Azure deployment name for Azure). */
  readonly modelId: string;
  readonly maxOutputTokens?: number;
  readonly temperature?: number;
  readonly topP?: number;
  readonly topK?: number;
  readonly presencePenalty?: number;
  readonly frequencyPenalty?: number;
  /** Which schema `options` follows (src/providers/modelOptions.ts). */
  readonly optionFamily: OptionFamily;
  /** Provider-specific: thinkingBudgetTokens, effort, reasoningEffort, … */
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface TokenUsage {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

/**
 * What the stream translator needs to know about the request that started the stream, beyond
 * the model name: pass it on from RequestTranslation to createStreamTranslator. Optional; left
 * out, a chat client gets the usage chunk whether it asked or not.
 */
export interface StreamContext {
  /** A chat client asked for the usage chunk (stream_options.include_usage). */
  readonly includeUsage?: boolean;
}

export type RequestTranslation =
  | {
      readonly ok: true;
      /** The body to send upstream, as JSON. */
      readonly body: Record<string, unknown>;
      readonly stream: boolean;
      /** The model name the client asked for; echoed back in responses. */
      readonly clientModel: string;
      /** Hand to createStreamTranslator when `stream` is true. */
      readonly streamContext?: StreamContext;
    }
  | { readonly ok: false; readonly status: 400; readonly message: string };

export type ResponseTranslation =
  | { readonly ok: true; readonly body: Record<string, unknown>; readonly usage?: TokenUsage }
  | { readonly ok: false; readonly status: 502; readonly message: string };

/**
 * Turns the upstream's SSE text, in chunks split anywhere, into the client's SSE text, event
 * by event: nothing is held back beyond the event still arriving.
 */
export interface StreamTranslator {
  write(chunk: string): string;
  /** Called once when the upstream ends; returns what closes the client's stream. */
  end(): string;
  /** Called instead of end() when the upstream fails mid-stream: a protocol-correct error event. */
  fail(message: string): string;
  usage(): TokenUsage | undefined;
  /** True once the client's stream ended in an error event (the upstream stopped short, or failed): the usage record says so. */
  failed?(): boolean;
}

export interface Translator {
  translateRequest(client: GatewayProtocol, upstream: UpstreamProtocol, body: unknown, model: ModelSettings): RequestTranslation;
  translateResponse(upstream: UpstreamProtocol, client: GatewayProtocol, body: unknown, clientModel: string): ResponseTranslation;
  /**
   * When both sides speak the same protocol the stream passes through in whole events, with only
   * the model name changed back to the client's, while usage is read from it.
   */
  createStreamTranslator(upstream: UpstreamProtocol, client: GatewayProtocol, clientModel: string, context?: StreamContext): StreamTranslator;
  /** An error in the client's protocol's own shape (Anthropic `{type:"error",error:{…}}`, OpenAI `{error:{…}}`). */
  errorBody(client: GatewayProtocol, status: number, message: string): Record<string, unknown>;
  /** The message and status of an upstream error body (any text; may not be JSON). */
  upstreamError(upstream: UpstreamProtocol, status: number, bodyText: string): { readonly status: number; readonly message: string };
}
