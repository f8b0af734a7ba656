/**
 * A model's settings on a Gemini upstream body, and the Gemini-to-Gemini pass-through. Gemini
 * keeps the sampling settings in generationConfig and the model in the URL, so the generic
 * applySettings (which writes `model`, `temperature` … at the top) does not fit.
 */
import type { ModelSettings, RequestTranslation } from '../translator';

type Body = Record<string, unknown>;

const isObject = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);

export function applyGeminiSettings(body: Body, s: ModelSettings): Body {
  // Never sent: the server put these in for the translation; the URL carries them upstream.
  delete body.model;
  delete body.stream;
  const g: Body = { ...(isObject(body.generationConfig) ? body.generationConfig : {}) };
  if (s.temperature !== undefined) g.temperature = s.temperature;
  if (s.topP !== undefined) g.topP = s.topP;
  if (s.topK !== undefined) g.topK = s.topK;
  if (s.maxOutputTokens !== undefined) g.maxOutputTokens = s.maxOutputTokens;
  if (s.presencePenalty !== undefined) g.presencePenalty = s.presencePenalty;
  if (s.frequencyPenalty !== undefined) g.frequencyPenalty = s.frequencyPenalty;
  const o = s.optionFamily === 'gemini' ? (s.options ?? {}) : {};
  const budget = o.thinkingBudget;
  const level = o.thinkingLevel;
  if (typeof budget === 'number' || typeof level === 'string' || typeof o.includeThoughts === 'boolean') {
    const th: Body = { ...(isObject(g.thinkingConfig) ? g.thinkingConfig : {}) };
    // A budget and a level together are refused: the setting replaces whichever the client sent.
    if (typeof level === 'string') {
      th.thinkingLevel = level.toUpperCase();
      delete th.thinkingBudget;
    } else if (typeof budget === 'number') {
      th.thinkingBudget = budget;
      delete th.thinkingLevel;
    }
    if (typeof o.includeThoughts === 'boolean') th.includeThoughts = o.includeThoughts;
    g.thinkingConfig = th;
  }
  if (Array.isArray(o.safetySettings)) body.safetySettings = o.safetySettings;
  if (Object.keys(g).length > 0) body.generationConfig = g;
  return body;
}

/** Gemini client, Gemini upstream: the body as the client sent it, with the settings applied. */
export function geminiPassthroughRequest(body: unknown, settings: ModelSettings): RequestTranslation {
  if (!isObject(body)) return { ok: false, status: 400, message: 'The request body must be a JSON object.' };
  if (!Array.isArray(body.contents)) return { ok: false, status: 400, message: 'contents: Invalid input: expected array' };
  const clientModel = typeof body.model === 'string' ? body.model : '';
  const stream = body.stream === true;
  return { ok: true, body: applyGeminiSettings({ ...body }, settings), stream, clientModel };
}
