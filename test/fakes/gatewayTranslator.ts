/**
 * A small Translator for the gateway server's tests and benchmark, standing in for the real
 * one (src/gateway/translate/) behind the same seam:
 *   - same protocol on both sides: the model id swapped for the route's, nothing else;
 *   - Anthropic Messages → OpenAI Chat Completions: text-only messages, max_tokens, stream,
 *     and the answer (JSON or SSE) back as Anthropic Messages.
 * Anything else is refused with a 400 that says so.
 */
import type { GatewayProtocol, ModelSettings, RequestTranslation, ResponseTranslation, StreamTranslator, TokenUsage, Translator } from '../../src/gateway/translator';

type Json = Record<string, any>;

function anthropicErrorType(status: number): string {
  return ({ 400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error', 413: 'request_too_large', 429: 'rate_limit_error', 529: 'overloaded_error' } as Record<number, string>)[status] ?? 'api_error';
}

function openAiErrorType(status: number): string {
  return status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
}

function usageOf(protocol: GatewayProtocol, usage: Json | undefined): TokenUsage | undefined {
  if (!usage || typeof usage !== 'object') return undefined;
  return protocol === 'openai-chat' ? { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens } : { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens };
}

const textOf = (content: unknown): string => (typeof content === 'string' ? content : Array.isArray(content) ? content.map((p: Json) => (typeof p?.text === 'string' ? p.text : '')).join('') : '');

function anthropicToChat(body: Json, model: ModelSettings): Json {
  const messages: Json[] = [];
  if (body.system !== undefined) messages.push({ role: 'system', content: textOf(body.system) });
  for (const m of body.messages as Json[]) messages.push({ role: m.role, content: textOf(m.content) });
  const out: Json = { model: model.modelId, messages, max_tokens: body.max_tokens };
  if (body.stream === true) Object.assign(out, { stream: true, stream_options: { include_usage: true } });
  return out;
}

const sse = (event: string, data: Json): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** Chat Completions chunks → Anthropic Messages events, one text block. */
class ChatToAnthropicStream implements StreamTranslator {
  private pending = '';
  private started = false;
  private stop = 'end_turn';
  private tokens: TokenUsage | undefined;

  constructor(private readonly clientModel: string) {}

  write(chunk: string): string {
    this.pending += chunk;
    let out = '';
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, nl).trim();
      this.pending = this.pending.slice(nl + 1);
      if (!line.startsWith('data:')) continue;
      const data = line.slice(5).trim();
      if (data === '[DONE]') continue;
      const c = JSON.parse(data) as Json;
      if (!this.started) {
        this.started = true;
        out += sse('message_start', { type: 'message_start', message: { id: c.id, type: 'message', role: 'assistant', model: this.clientModel, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } } });
        out += sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
      }
      if (c.usage) this.tokens = usageOf('openai-chat', c.usage);
      const choice = c.choices?.[0];
      if (choice?.finish_reason) this.stop = choice.finish_reason === 'length' ? 'max_tokens' : 'end_turn';
      const text = choice?.delta?.content;
      if (typeof text === 'string' && text.length > 0) out += sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } });
    }
    return out;
  }

  end(): string {
    const head = this.started ? '' : sse('message_start', { type: 'message_start', message: { id: 'msg_empty', type: 'message', role: 'assistant', model: this.clientModel, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } } }) + sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    return (
      head +
      sse('content_block_stop', { type: 'content_block_stop', index: 0 }) +
      sse('message_delta', { type: 'message_delta', delta: { stop_reason: this.stop, stop_sequence: null }, usage: { input_tokens: this.tokens?.inputTokens ?? 0, output_tokens: this.tokens?.outputTokens ?? 0 } }) +
      sse('message_stop', { type: 'message_stop' })
    );
  }

  fail(message: string): string {
    return sse('error', { type: 'error', error: { type: 'api_error', message } });
  }

  usage(): TokenUsage | undefined {
    return this.tokens;
  }
}

/** Same protocol: the events pass unchanged; complete lines are only read for usage. */
class PassThroughStream implements StreamTranslator {
  private pending = '';
  private tokens: TokenUsage | undefined;

  constructor(private readonly protocol: GatewayProtocol) {}

  write(chunk: string): string {
    this.pending += chunk;
    const last = this.pending.lastIndexOf('\n');
    if (last >= 0) {
      for (const line of this.pending.slice(0, last).split('\n')) {
        if (!line.startsWith('data:') || !line.includes('"usage"')) continue;
        try {
          const data = JSON.parse(line.slice(5)) as Json;
          const usage = data.usage ?? data.message?.usage ?? data.response?.usage;
          const found = usageOf(this.protocol, usage);
          if (found) this.tokens = { inputTokens: found.inputTokens ?? this.tokens?.inputTokens, outputTokens: found.outputTokens ?? this.tokens?.outputTokens };
        } catch {
          /* not JSON: nothing to read */
        }
      }
      this.pending = this.pending.slice(last + 1);
    }
    return chunk;
  }

  end(): string {
    return '';
  }

  fail(message: string): string {
    return this.protocol === 'anthropic-messages' ? sse('error', { type: 'error', error: { type: 'api_error', message } }) : `data: ${JSON.stringify({ error: { message, type: 'server_error' } })}\n\n`;
  }

  usage(): TokenUsage | undefined {
    return this.tokens;
  }
}

export function testTranslator(): Translator {
  return {
    translateRequest(client, upstream, body, model): RequestTranslation {
      const b = body as Json;
      const clientModel = typeof b.model === 'string' ? b.model : '';
      if (client === upstream) return { ok: true, body: { ...b, model: model.modelId }, stream: b.stream === true, clientModel };
      if (client === 'anthropic-messages' && upstream === 'openai-chat') {
        if (!Array.isArray(b.messages)) return { ok: false, status: 400, message: 'messages: expected an array.' };
        return { ok: true, body: anthropicToChat(b, model), stream: b.stream === true, clientModel };
      }
      return { ok: false, status: 400, message: `The test translator does not translate ${client} to ${upstream}.` };
    },
    translateResponse(upstream, client, body, clientModel): ResponseTranslation {
      const b = body as Json;
      if (upstream === client) return { ok: true, body: { ...b, model: clientModel || b.model }, usage: usageOf(upstream, b.usage) };
      const choice = b.choices?.[0];
      if (!choice) return { ok: false, status: 502, message: 'The upstream answer has no choices.' };
      const usage = usageOf('openai-chat', b.usage);
      return {
        ok: true,
        usage,
        body: {
          id: b.id,
          type: 'message',
          role: 'assistant',
          model: clientModel,
          content: [{ type: 'text', text: choice.message?.content ?? '' }],
          stop_reason: choice.finish_reason === 'length' ? 'max_tokens' : 'end_turn',
          stop_sequence: null,
          usage: { input_tokens: usage?.inputTokens ?? 0, output_tokens: usage?.outputTokens ?? 0 },
        },
      };
    },
    createStreamTranslator(upstream, client, clientModel): StreamTranslator {
      return upstream === client ? new PassThroughStream(upstream) : new ChatToAnthropicStream(clientModel);
    },
    errorBody(client, status, message) {
      return client === 'anthropic-messages' ? { type: 'error', error: { type: anthropicErrorType(status), message } } : { error: { message, type: openAiErrorType(status), param: null, code: null } };
    },
    upstreamError(_upstream, status, bodyText) {
      try {
        const parsed = JSON.parse(bodyText) as Json;
        const message = parsed?.error?.message;
        if (typeof message === 'string') return { status, message };
      } catch {
        /* not JSON */
      }
      return { status, message: bodyText.trim().slice(0, 300) || `The upstream answered HTTP ${status}.` };
    },
  };
}
