/**
 * The neutral intermediate representation every codec translates to and from. A request is a
 * system prompt plus user/assistant turns made of parts; a response is either one finished
 * message or a stream of IrEvents. Nothing here knows any wire format.
 */

/** An image as the client sent it: inline bytes or a URL. */
export type IrImageSource =
  | { readonly kind: 'base64'; readonly mediaType: string; readonly data: string }
  | { readonly kind: 'url'; readonly url: string };

export interface IrTextPart {
  readonly type: 'text';
  readonly text: string;
}

export interface IrImagePart {
  readonly type: 'image';
  readonly source: IrImageSource;
  /** OpenAI's detail hint (auto, low, high); dropped where the format has none. */
  readonly detail?: string;
}

/** A document (PDF and the like), inline or by URL. */
export interface IrFilePart {
  readonly type: 'file';
  readonly source: IrImageSource;
  readonly filename?: string;
}

export interface IrToolCallPart {
  readonly type: 'tool_call';
  /** Kept verbatim across formats (toolu_…, call_…) so the client's next turn refers to ids it knows. */
  readonly id: string;
  readonly name: string;
  /** The arguments as JSON text (an object). */
  readonly arguments: string;
}

export interface IrToolResultPart {
  readonly type: 'tool_result';
  readonly id: string;
  readonly content: string | readonly (IrTextPart | IrImagePart)[];
  readonly isError?: boolean;
}

/**
 * Reasoning the model showed: Anthropic thinking (signature), chat `reasoning_content`,
 * Responses reasoning items (summary text; the signature carries `encrypted_content`).
 */
export interface IrReasoningPart {
  readonly type: 'reasoning';
  readonly text: string;
  /** Opaque proof the upstream gave (Anthropic signature, Responses encrypted_content). */
  readonly signature?: string;
  /** Anthropic redacted_thinking: `signature` holds its data and `text` is empty. */
  readonly redacted?: boolean;
  /** The Responses reasoning item id, where one came with it. */
  readonly id?: string;
}

export type IrPart = IrTextPart | IrImagePart | IrFilePart | IrToolCallPart | IrToolResultPart | IrReasoningPart;

export interface IrMessage {
  readonly role: 'user' | 'assistant';
  readonly content: readonly IrPart[];
}

export interface IrTool {
  readonly name: string;
  readonly description?: string;
  /** JSON schema of the arguments (an object schema). */
  readonly parameters: Record<string, unknown>;
}

export type IrToolChoice =
  | { readonly type: 'auto' }
  | { readonly type: 'none' }
  | { readonly type: 'required' }
  | { readonly type: 'tool'; readonly name: string };

/** Reasoning controls as the client asked for them; each builder maps only what its format means. */
export interface IrReasoningConfig {
  /** OpenAI-style effort (chat reasoning_effort, Responses reasoning.effort). */
  readonly effort?: string;
  /** Responses reasoning.summary. */
  readonly summary?: string;
  /** Anthropic thinking: enabled with a budget, adaptive, or disabled. */
  readonly thinking?: { readonly type: 'enabled'; readonly budgetTokens: number } | { readonly type: 'adaptive' } | { readonly type: 'disabled' };
  /** Anthropic output_config.effort. */
  readonly anthropicEffort?: string;
}

export interface IrRequest {
  readonly model: string;
  /** System / developer instructions, in order. */
  readonly system: readonly string[];
  readonly messages: readonly IrMessage[];
  readonly tools?: readonly IrTool[];
  readonly toolChoice?: IrToolChoice;
  readonly parallelToolCalls?: boolean;
  readonly stream: boolean;
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly topP?: number;
  readonly topK?: number;
  readonly presencePenalty?: number;
  readonly frequencyPenalty?: number;
  readonly stop?: readonly string[];
  readonly reasoning?: IrReasoningConfig;
  /** The chat client asked for a usage chunk (stream_options.include_usage). */
  readonly includeUsage?: boolean;
}

export type IrStopReason = 'end_turn' | 'max_tokens' | 'tool_use' | 'stop_sequence' | 'refusal';

/** Input tokens count everything the model read (cached included), as OpenAI counts them. */
export interface IrUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
}

export interface IrResponse {
  readonly id: string;
  readonly model: string;
  readonly content: readonly IrPart[];
  readonly stopReason: IrStopReason;
  readonly stopSequence?: string;
  readonly usage: IrUsage;
}

/**
 * One step of a streamed reply. Text and reasoning deltas go to the open block of their kind
 * (a change of kind closes the previous block); tool_args go to the last tool_start.
 * `finish` and `usage` may come in either order; `done` ends the message.
 */
export type IrEvent =
  | { readonly type: 'start'; readonly id: string; readonly model: string }
  | { readonly type: 'text'; readonly delta: string }
  | { readonly type: 'reasoning'; readonly delta: string }
  | { readonly type: 'reasoning_signature'; readonly signature: string; readonly id?: string }
  | { readonly type: 'redacted_reasoning'; readonly data: string }
  | { readonly type: 'tool_start'; readonly id: string; readonly name: string }
  | { readonly type: 'tool_args'; readonly delta: string }
  | { readonly type: 'block_end' }
  | { readonly type: 'usage'; readonly usage: IrUsage }
  | { readonly type: 'finish'; readonly reason: IrStopReason; readonly stopSequence?: string }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly message: string; readonly status?: number; readonly errorType?: string };

export type IrSink = (event: IrEvent) => void;

/** Merges usage fields that are set; later values win (all formats report running totals). */
export function mergeUsage(into: IrUsage, from: IrUsage): void {
  if (from.inputTokens !== undefined) into.inputTokens = from.inputTokens;
  if (from.outputTokens !== undefined) into.outputTokens = from.outputTokens;
  if (from.cacheReadTokens !== undefined) into.cacheReadTokens = from.cacheReadTokens;
  if (from.cacheWriteTokens !== undefined) into.cacheWriteTokens = from.cacheWriteTokens;
  if (from.reasoningTokens !== undefined) into.reasoningTokens = from.reasoningTokens;
}

/** Replays a finished response as the events a stream of it would have produced. */
export function responseEvents(response: IrResponse, sink: IrSink): void {
  sink({ type: 'start', id: response.id, model: response.model });
  for (const part of response.content) {
    switch (part.type) {
      case 'text':
        if (part.text) sink({ type: 'text', delta: part.text });
        break;
      case 'reasoning':
        if (part.redacted) {
          sink({ type: 'redacted_reasoning', data: part.signature ?? '' });
          break;
        }
        if (part.text) sink({ type: 'reasoning', delta: part.text });
        if (part.signature) sink({ type: 'reasoning_signature', signature: part.signature, id: part.id });
        break;
      case 'tool_call':
        sink({ type: 'tool_start', id: part.id, name: part.name });
        if (part.arguments) sink({ type: 'tool_args', delta: part.arguments });
        break;
      default:
        continue;
    }
    sink({ type: 'block_end' });
  }
  sink({ type: 'usage', usage: response.usage });
  sink({ type: 'finish', reason: response.stopReason, stopSequence: response.stopSequence });
  sink({ type: 'done' });
}

/**
 * Collects a stream of events back into a response (for the VS Code provider and tests).
 * Returns undefined until `done` arrives.
 */
export class ResponseCollector {
  private id = '';
  private model = '';
  private readonly parts: IrPart[] = [];
  private kind: 'text' | 'reasoning' | 'tool' | undefined;
  private buf = '';
  private toolId = '';
  private toolName = '';
  private signature: string | undefined;
  private reasoningId: string | undefined;
  private stopReason: IrStopReason = 'end_turn';
  private stopSequence: string | undefined;
  private readonly usage: IrUsage = {};
  private finished = false;
  error: string | undefined;

  readonly sink: IrSink = (e) => this.add(e);

  add(e: IrEvent): void {
    switch (e.type) {
      case 'start':
        this.id = e.id;
        this.model = e.model;
        return;
      case 'text':
        this.open('text');
        this.buf += e.delta;
        return;
      case 'reasoning':
        this.open('reasoning');
        this.buf += e.delta;
        return;
      case 'reasoning_signature':
        if (this.kind !== 'reasoning') this.open('reasoning');
        this.signature = (this.signature ?? '') + e.signature;
        if (e.id) this.reasoningId = e.id;
        return;
      case 'redacted_reasoning':
        this.close();
        this.parts.push({ type: 'reasoning', text: '', signature: e.data, redacted: true });
        return;
      case 'tool_start':
        this.close();
        this.kind = 'tool';
        this.toolId = e.id;
        this.toolName = e.name;
        return;
      case 'tool_args':
        this.buf += e.delta;
        return;
      case 'block_end':
        this.close();
        return;
      case 'usage':
        mergeUsage(this.usage, e.usage);
        return;
      case 'finish':
        this.close();
        this.stopReason = e.reason;
        this.stopSequence = e.stopSequence;
        return;
      case 'done':
        this.close();
        this.finished = true;
        return;
      case 'error':
        this.error = e.message;
        return;
    }
  }

  result(): IrResponse | undefined {
    if (!this.finished) return undefined;
    return { id: this.id, model: this.model, content: this.parts, stopReason: this.stopReason, stopSequence: this.stopSequence, usage: this.usage };
  }

  private open(kind: 'text' | 'reasoning'): void {
    if (this.kind === kind) return;
    this.close();
    this.kind = kind;
  }

  private close(): void {
    const { kind } = this;
    if (kind === 'text') {
      if (this.buf) this.parts.push({ type: 'text', text: this.buf });
    } else if (kind === 'reasoning') {
      this.parts.push({ type: 'reasoning', text: this.buf, ...(this.signature ? { signature: this.signature } : {}), ...(this.reasoningId ? { id: this.reasoningId } : {}) });
    } else if (kind === 'tool') {
      this.parts.push({ type: 'tool_call', id: this.toolId, name: this.toolName, arguments: this.buf || '{}' });
    }
    this.kind = undefined;
    this.buf = '';
    this.signature = undefined;
    this.reasoningId = undefined;
  }
}

/** Parses tool arguments to an object; anything else (bad JSON, arrays) becomes `{}`. */
export function parseArguments(json: string): Record<string, unknown> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The text of a tool result, images dropped (for formats that take only text there). */
export function toolResultText(content: IrToolResultPart['content']): string {
  if (typeof content === 'string') return content;
  let out = '';
  for (const part of content) if (part.type === 'text') out += (out ? '\n' : '') + part.text;
  return out;
}

/** A data: URL for an image or file source. */
export function sourceUrl(source: IrImageSource): string {
  return source.kind === 'url' ? source.url : `data:${source.mediaType};base64,${source.data}`;
}

/** Parses `data:<type>;base64,<data>`; anything else stays a URL. */
export function sourceFromUrl(url: string): IrImageSource {
  if (url.startsWith('data:')) {
    const comma = url.indexOf(',');
    const meta = url.slice(5, comma);
    if (comma > 0 && meta.endsWith(';base64')) return { kind: 'base64', mediaType: meta.slice(0, -7) || 'application/octet-stream', data: url.slice(comma + 1) };
  }
  return { kind: 'url', url };
}

let counter = 0;
/** A unique-enough id with a prefix (msg_, call_, resp_ …), without crypto on the hot path. */
export function newId(prefix: string): string {
  counter = (counter + 1) % 0x7fffffff;
  return prefix + Date.now().toString(36) + counter.toString(36).padStart(4, '0') + Math.floor(Math.random() * 0x7fffffff).toString(36);
}
