/**
 * A Bedrock streamed body (AWS event-stream frames) read as SSE text for the gateway's stream
 * translators, each event as soon as its frame is complete:
 *   InvokeModelWithResponseStream (Claude): each `chunk` event carries one Anthropic streaming
 *     event, base64-encoded in `{"bytes": …}`, and becomes that Anthropic SSE event;
 *   ConverseStream (every other model): each event (messageStart, contentBlockDelta, …)
 *     becomes an SSE event of that name with its JSON payload as data (converseStream.ts).
 * An `exception` message (throttling, a model stream error…) or broken framing is thrown as
 * an UpstreamStreamError, which ends the client's stream with its protocol's error event.
 */
import type { BedrockApi } from '../providers/bedrockModels';
import { EventStreamDecoder, EventStreamError, type EventStreamMessage } from './eventStream';
import { UpstreamStreamError, type StreamReader } from './streamReader';

/** The status an AWS exception stands for, for the usage record (the client already saw 200). */
const exceptionStatus: Record<string, number> = {
  throttlingException: 429,
  validationException: 400,
  accessDeniedException: 403,
  resourceNotFoundException: 404,
  serviceUnavailableException: 503,
  modelTimeoutException: 504,
  modelStreamErrorException: 502,
  internalServerException: 500,
};

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function exception(m: EventStreamMessage): UpstreamStreamError {
  const type = text(m.headers[':exception-type']) ?? text(m.headers[':error-code']) ?? 'exception';
  let message: string | undefined;
  try {
    const body = JSON.parse(m.payload.toString('utf8')) as { message?: unknown; Message?: unknown };
    message = text(body?.message) ?? text(body?.Message);
  } catch {
    /* not JSON: the type says enough */
  }
  message ??= text(m.headers[':error-message']);
  return new UpstreamStreamError(exceptionStatus[type] ?? 502, `Amazon Bedrock: ${type}${message ? `: ${message.slice(0, 1000)}` : ''}`, `upstream ${type}`);
}

/** One Anthropic event from a chunk's payload, as an SSE event. */
function sseEvent(payload: Buffer): string {
  let event: { type?: unknown };
  let data: string;
  try {
    const bytes = (JSON.parse(payload.toString('utf8')) as { bytes?: unknown }).bytes;
    if (typeof bytes !== 'string') throw new Error('no bytes');
    // JSON allows line breaks only between tokens, where a space does as well: one data line.
    data = Buffer.from(bytes, 'base64').toString('utf8').replace(/[\r\n]+/g, ' ');
    event = JSON.parse(data) as { type?: unknown };
  } catch {
    throw new UpstreamStreamError(502, 'Amazon Bedrock sent a stream chunk that is not an Anthropic event.', 'upstream chunk unreadable');
  }
  const type = typeof event?.type === 'string' && /^[a-z_]+$/.test(event.type) ? event.type : 'message';
  return `event: ${type}\ndata: ${data}\n\n`;
}

/** One Converse event as an SSE event of its name; JSON needs no line breaks, so data is one line. */
function converseEvent(type: string | undefined, payload: Buffer): string {
  if (!type || !/^[A-Za-z]+$/.test(type)) return '';
  return `event: ${type}\ndata: ${payload.toString('utf8').replace(/[\r\n]+/g, ' ')}\n\n`;
}

export class BedrockStreamReader implements StreamReader {
  private readonly frames = new EventStreamDecoder();

  constructor(private readonly api: BedrockApi = 'invoke') {}

  write(chunk: Buffer): string {
    let messages: EventStreamMessage[];
    try {
      messages = this.frames.write(chunk);
    } catch (error) {
      throw protocolError(error);
    }
    let out = '';
    for (const m of messages) {
      const kind = text(m.headers[':message-type']) ?? 'event';
      if (kind === 'exception' || kind === 'error') throw exception(m);
      const type = text(m.headers[':event-type']);
      if (this.api === 'converse') out += converseEvent(type, m.payload);
      // Other events (initial-response, metadata) carry nothing for the client.
      else if (type === 'chunk') out += sseEvent(m.payload);
    }
    return out;
  }

  end(): string {
    try {
      this.frames.end();
    } catch (error) {
      throw protocolError(error);
    }
    return '';
  }
}

function protocolError(error: unknown): unknown {
  if (!(error instanceof EventStreamError)) return error;
  return new UpstreamStreamError(502, `Amazon Bedrock's stream is not valid event-stream framing (${error.message})`, 'upstream framing broken');
}
