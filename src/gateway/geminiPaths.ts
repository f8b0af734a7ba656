/**
 * The Gemini API's side of the gateway's paths and the answers it gives without an upstream.
 * Gemini names the model and the method in the path, not the body:
 *   /gemini/v1beta/models                                 GET: the model list
 *   /gemini/v1beta/models/<model>                         GET: one model
 *   /gemini/v1beta/models/<model>:generateContent         POST
 *   /gemini/v1beta/models/<model>:streamGenerateContent   POST; ?alt=sse streams SSE, else a JSON array, streamed
 *   /gemini/v1beta/models/<model>:countTokens             POST: an estimate, answered here
 * (/v1 and /v1alpha too). The model is the client's name for it: an agent's route decides.
 */
import type { GatewayModelEntry } from './route';

export type GeminiMethod = 'generateContent' | 'streamGenerateContent' | 'countTokens';

export interface GeminiCall {
  /** The model named in the path (`models/` taken off), when there is one. */
  readonly model?: string;
  readonly method?: GeminiMethod;
  /** `alt=sse` was asked for. */
  readonly sse: boolean;
}

export type GeminiEndpoint = 'model-call' | 'models' | 'count-tokens';

const methods = new Set<string>(['generateContent', 'streamGenerateContent', 'countTokens']);
const versioned = /^\/(?:v1beta|v1|v1alpha)\/models(?:\/(.+))?$/;

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** `rest` is the path after `/gemini` (no query); `query` what followed `?`. Undefined when it is no Gemini endpoint. */
export function parseGeminiPath(rest: string, query: string): { endpoint: GeminiEndpoint; gemini: GeminiCall } | undefined {
  const m = versioned.exec(rest);
  if (!m) return undefined;
  const sse = new URLSearchParams(query).get('alt') === 'sse';
  if (m[1] === undefined) return { endpoint: 'models', gemini: { sse } };
  // A model name may hold a colon of its own (tuned models do not, refs do not): the method is after the last one.
  const colon = m[1].lastIndexOf(':');
  const method = colon < 0 ? undefined : m[1].slice(colon + 1);
  const model = decode(colon < 0 ? m[1] : m[1].slice(0, colon));
  if (!model) return undefined;
  if (method === undefined) return { endpoint: 'models', gemini: { model, sse } };
  if (!methods.has(method)) return undefined;
  return { endpoint: method === 'countTokens' ? 'count-tokens' : 'model-call', gemini: { model, method: method as GeminiMethod, sse } };
}

/** The paths a Gemini client may call, for the 404 message. */
export const geminiPaths: readonly string[] = ['/gemini/v1beta/models/<model>:generateContent', '/gemini/v1beta/models/<model>:streamGenerateContent', '/gemini/v1beta/models/<model>:countTokens', '/gemini/v1beta/models'];

/**
 * What the translator needs from the path, added to the parsed body: the client's model name
 * and whether it streams (both forms of streamGenerateContent do; see wantsJsonArray).
 */
export function geminiCallFields(call: GeminiCall | undefined): { model: string; stream: boolean } {
  return { model: call?.model ?? '', stream: call?.method === 'streamGenerateContent' };
}

/** streamGenerateContent without alt=sse: the answer is a JSON array of responses, streamed element by element. */
export function wantsJsonArray(url: string | undefined): boolean {
  if (!url) return false;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  return path.endsWith(':streamGenerateContent') && new URLSearchParams(q < 0 ? '' : url.slice(q + 1)).get('alt') !== 'sse';
}

function modelInfo(name: string, displayName: string): Record<string, unknown> {
  return { name: `models/${name}`, version: '001', displayName, supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'] };
}

/** GET …/models (the routable models, by ref) or …/models/<model> (any name: the route decides). */
export function geminiModelsBody(call: GeminiCall | undefined, entries: readonly GatewayModelEntry[]): Record<string, unknown> {
  if (call?.model) {
    const known = entries.find((e) => e.ref === call.model);
    return modelInfo(call.model, known?.name ?? call.model);
  }
  return { models: entries.map((e) => modelInfo(e.ref, e.name ?? e.ref)) };
}

/**
 * countTokens, estimated here (about four characters a token) rather than asked of an upstream
 * that may have no such endpoint: clients use it to budget their context, not to bill.
 */
export function countTokensBody(body: Record<string, unknown>): Record<string, unknown> {
  const inner = (body.generateContentRequest && typeof body.generateContentRequest === 'object' ? body.generateContentRequest : body) as Record<string, unknown>;
  let chars = 0;
  for (const key of ['contents', 'systemInstruction', 'system_instruction', 'tools']) if (inner[key] !== undefined) chars += JSON.stringify(inner[key]).length;
  return { totalTokens: Math.ceil(chars / 4) };
}

/** The last user turn's text, for usage records with `recordPrompts`. */
export function geminiPromptText(body: Record<string, unknown>, limit: number): string | undefined {
  const contents = body.contents;
  if (!Array.isArray(contents)) return undefined;
  for (let i = contents.length - 1; i >= 0; i--) {
    const c = contents[i] as { role?: unknown; parts?: unknown };
    if (c?.role === 'model' || !Array.isArray(c?.parts)) continue;
    const texts = (c.parts as { text?: unknown; thought?: unknown }[]).filter((p) => typeof p?.text === 'string' && !p.thought).map((p) => p.text as string);
    if (texts.length > 0) return texts.join('\n').slice(0, limit);
  }
  return undefined;
}
