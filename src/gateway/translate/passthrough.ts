/**
 * Client and upstream speak the same protocol: the body is copied shallowly with the model
 * swapped and the settings applied (Gemini's, whose model is in the path: geminiSettings.ts).
 * A Chat client that did not ask for the usage chunk gets it asked for all the same, to count
 * tokens; the stream (passthroughStream.ts) takes it out again. Reasoning another family
 * signed while this client was served elsewhere is unwrapped or dropped (signatures.ts).
 */
import type { GatewayProtocol, ModelSettings, RequestTranslation, StreamContext } from '../translator';
import { dropThinkingIfUnsigned } from './anthropic';
import { applySettings } from './settings';
import { scrubPassthroughSignatures } from './signatures';

const required: Record<GatewayProtocol, string> = {
  'anthropic-messages': 'messages',
  'openai-chat': 'messages',
  'openai-responses': 'input',
  gemini: 'contents',
};

export function passthroughRequest(protocol: GatewayProtocol, body: unknown, settings: ModelSettings): RequestTranslation {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, status: 400, message: 'The request body must be a JSON object.' };
  const src = body as Record<string, unknown>;
  if (typeof src.model !== 'string') return { ok: false, status: 400, message: 'model: Invalid input: expected string' };
  const list = src[required[protocol]];
  if (protocol !== 'openai-responses' ? !Array.isArray(list) : list !== undefined && typeof list !== 'string' && !Array.isArray(list)) {
    return { ok: false, status: 400, message: `${required[protocol]}: Invalid input: expected ${protocol === 'openai-responses' ? 'string or array' : 'array'}` };
  }
  const out = applySettings(protocol, { ...src }, settings);
  scrubPassthroughSignatures(protocol, out);
  const stream = out.stream === true;
  let streamContext: StreamContext | undefined;
  if (protocol === 'openai-chat' && stream) {
    const options = (src.stream_options && typeof src.stream_options === 'object' ? src.stream_options : {}) as Record<string, unknown>;
    streamContext = { includeUsage: options.include_usage === true };
    if (options.include_usage !== true) out.stream_options = { ...options, include_usage: true };
  }
  if (protocol === 'anthropic-messages' && Array.isArray(out.messages)) dropThinkingIfUnsigned(out);
  return { ok: true, body: out, stream, clientModel: src.model, ...(streamContext ? { streamContext } : {}) };
}
