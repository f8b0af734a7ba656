/**
 * How a streamed upstream body becomes the SSE text the stream translators take: UTF-8 as is
 * for SSE upstreams, or decoded from a binary framing (Bedrock's event stream, bedrockStream.ts).
 */
import { StringDecoder } from 'node:string_decoder';

export interface StreamReader {
  /** The SSE text these bytes complete; may throw an UpstreamStreamError. */
  write(chunk: Buffer): string;
  /** The rest, when the upstream ended; may throw when it ended short. */
  end(): string;
}

/** The upstream failed in its stream: an exception it sent, or framing that cannot be read. */
export class UpstreamStreamError extends Error {
  override readonly name = 'UpstreamStreamError';
  constructor(
    /** What the usage record says the request ended with. */
    readonly status: number,
    /** For the client: names the failure, never a key. */
    message: string,
    /** A short reason for the log. */
    readonly failure: string,
  ) {
    super(message);
  }
}

export class Utf8StreamReader implements StreamReader {
  private readonly decoder = new StringDecoder('utf8');

  write(chunk: Buffer): string {
    return this.decoder.write(chunk);
  }

  end(): string {
    return this.decoder.end();
  }
}
