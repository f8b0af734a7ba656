/**
 * A model's settings applied to an upstream body, whatever built it (a translation or the
 * same-protocol pass-through): the upstream model id replaces the client's, and each setting
 * that is set wins over the client's value; unset ones leave the client's alone. Nested
 * objects are replaced, never mutated, so a client's body can be shallow-copied safely.
 */
import type { GatewayProtocol, ModelSettings } from '../translator';
import { applyGeminiSettings } from './geminiSettings';

type Body = Record<string, unknown>;

const isObject = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasTools = (body: Body) => Array.isArray(body.tools) && body.tools.length > 0;

export function applySettings(protocol: GatewayProtocol, body: Body, s: ModelSettings): Body {
  if (protocol === 'gemini') return applyGeminiSettings(body, s);
  body.model = s.modelId;
  if (s.temperature !== undefined) body.temperature = s.temperature;
  if (s.topP !== undefined) body.top_p = s.topP;
  if (s.topK !== undefined && protocol === 'anthropic-messages') body.top_k = s.topK;
  if (protocol === 'openai-chat') {
    if (s.presencePenalty !== undefined) body.presence_penalty = s.presencePenalty;
    if (s.frequencyPenalty !== undefined) body.frequency_penalty = s.frequencyPenalty;
  }
  if (s.maxOutputTokens !== undefined) {
    if (protocol === 'anthropic-messages') body.max_tokens = s.maxOutputTokens;
    else if (protocol === 'openai-responses') body.max_output_tokens = s.maxOutputTokens;
    else if (body.max_completion_tokens !== undefined && body.max_completion_tokens !== null) body.max_completion_tokens = s.maxOutputTokens;
    else body.max_tokens = s.maxOutputTokens;
  }
  const o = s.options ?? {};
  switch (s.optionFamily) {
    case 'anthropic':
      if (protocol === 'anthropic-messages') anthropicOptions(body, o, s);
      break;
    case 'openai':
      if (protocol !== 'anthropic-messages') openaiOptions(protocol, body, o);
      break;
    case 'openrouter':
    case 'vercel':
      if (protocol === 'openai-chat') gatewayOptions(s.optionFamily, body, o);
      else if (protocol === 'openai-responses') openaiOptions(protocol, body, { reasoningEffort: o.reasoningEffort });
      break;
    default:
      break;
  }
  return body;
}

function anthropicOptions(body: Body, o: Readonly<Record<string, unknown>>, s: ModelSettings): void {
  const budget = o.thinkingBudgetTokens;
  if (typeof budget === 'number') {
    body.thinking = { type: 'enabled', budget_tokens: budget };
    // Extended thinking takes no temperature / top_k changes and top_p only from 0.95: drop
    // the client's (the model's own settings stay, as the user asked for them).
    if (s.temperature === undefined) delete body.temperature;
    if (s.topK === undefined) delete body.top_k;
    if (s.topP === undefined) delete body.top_p;
    // budget_tokens must stay below max_tokens.
    const max = typeof body.max_tokens === 'number' ? body.max_tokens : 0;
    if (max <= budget) body.max_tokens = budget + Math.max(1024, max);
  }
  if (typeof o.effort === 'string') body.output_config = { ...(isObject(body.output_config) ? body.output_config : {}), effort: o.effort };
}

function openaiOptions(protocol: GatewayProtocol, body: Body, o: Readonly<Record<string, unknown>>): void {
  if (typeof o.reasoningEffort === 'string') {
    if (protocol === 'openai-chat') body.reasoning_effort = o.reasoningEffort;
    else {
      body.reasoning = { ...(isObject(body.reasoning) ? body.reasoning : {}), effort: o.reasoningEffort };
      wantEncryptedReasoning(body);
    }
  }
  if (typeof o.maxCompletionTokens === 'number') {
    if (protocol === 'openai-chat') {
      body.max_completion_tokens = o.maxCompletionTokens;
      delete body.max_tokens;
    } else body.max_output_tokens = o.maxCompletionTokens;
  }
  // OpenAI refuses parallel_tool_calls on a request without tools.
  if (typeof o.parallelToolCalls === 'boolean' && hasTools(body)) body.parallel_tool_calls = o.parallelToolCalls;
}

/** OpenRouter's and Vercel's `reasoning: {enabled, effort}`, plus their routing options. */
function gatewayOptions(family: 'openrouter' | 'vercel', body: Body, o: Readonly<Record<string, unknown>>): void {
  if (typeof o.reasoningEnabled === 'boolean' || typeof o.reasoningEffort === 'string') {
    const reasoning: Body = { ...(isObject(body.reasoning) ? body.reasoning : {}) };
    if (typeof o.reasoningEnabled === 'boolean') reasoning.enabled = o.reasoningEnabled;
    if (typeof o.reasoningEffort === 'string') {
      reasoning.effort = o.reasoningEffort;
      delete body.reasoning_effort;
    }
    body.reasoning = reasoning;
  }
  if (family === 'openrouter') {
    if (Array.isArray(o.providerOrder) || typeof o.allowFallbacks === 'boolean') {
      const provider: Body = { ...(isObject(body.provider) ? body.provider : {}) };
      if (Array.isArray(o.providerOrder)) provider.order = o.providerOrder;
      if (typeof o.allowFallbacks === 'boolean') provider.allow_fallbacks = o.allowFallbacks;
      body.provider = provider;
    }
  } else if (isObject(o.providerOptions)) {
    body.providerOptions = { ...(isObject(body.providerOptions) ? body.providerOptions : {}), ...o.providerOptions };
  }
}

/** Stateless Responses requests need the encrypted reasoning back to replay it next turn. */
export function wantEncryptedReasoning(body: Body): void {
  if (body.store !== false) return;
  const include = Array.isArray(body.include) ? (body.include as unknown[]) : [];
  if (!include.includes('reasoning.encrypted_content')) body.include = [...include, 'reasoning.encrypted_content'];
}
