/**
 * additionalModelRequestFields of a Converse body: what the shared inferenceConfig has no
 * field for, in each model family's own words. A field a model does not know is refused with
 * a ValidationException, so each is sent only to the families documented to take it:
 *   top-k      Nova inferenceConfig.topK, Mistral top_k, Cohere k
 *   reasoning  Nova 2 reasoningConfig {type, maxReasoningEffort}, gpt-oss reasoning_effort
 * The model's settings win over the client's, as elsewhere (Bedrock providers keep Anthropic-
 * style options: thinkingBudgetTokens and effort).
 */
import type { ModelSettings } from '../translator';
import type { IrReasoningConfig, IrRequest } from './ir';

type Effort = 'low' | 'medium' | 'high';

/** The family of a model id: the provider segment, without an inference profile's geography. */
export function converseFamily(modelId: string): string {
  const id = modelId.replace(/^(?:us|eu|apac|global|us-gov|jp|au)\./, '');
  return id.slice(0, Math.max(0, id.indexOf('.')));
}

function effortOf(effort: string): Effort | 'none' {
  if (effort === 'none') return 'none';
  if (effort === 'minimal' || effort === 'low') return 'low';
  if (effort === 'medium') return 'medium';
  return 'high';
}

/** One effort from whichever control the client (or the model's options) used; undefined leaves the model's default. */
function reasoningEffort(r: IrReasoningConfig | undefined, options: Readonly<Record<string, unknown>>): Effort | 'none' | undefined {
  if (typeof options.effort === 'string') return effortOf(options.effort);
  if (typeof options.thinkingBudgetTokens === 'number') return budgetEffort(options.thinkingBudgetTokens);
  if (!r) return undefined;
  if (r.effort) return effortOf(r.effort);
  if (r.anthropicEffort) return effortOf(r.anthropicEffort);
  const th = r.thinking;
  if (th?.type === 'enabled') return budgetEffort(th.budgetTokens);
  if (th?.type === 'adaptive') return 'medium';
  if (th?.type === 'disabled') return 'none';
  return undefined;
}

function budgetEffort(budget: number): Effort | 'none' {
  if (budget <= 0) return 'none';
  return budget <= 4096 ? 'low' : budget <= 16384 ? 'medium' : 'high';
}

export function additionalFields(modelId: string, ir: IrRequest, s: ModelSettings | undefined): Record<string, unknown> | undefined {
  const family = converseFamily(modelId);
  const out: Record<string, unknown> = {};
  const topK = s?.topK ?? ir.topK;
  if (topK !== undefined) {
    if (family === 'amazon') out.inferenceConfig = { topK };
    else if (family === 'mistral') out.top_k = topK;
    else if (family === 'cohere') out.k = topK;
  }
  const effort = reasoningEffort(ir.reasoning, s?.optionFamily === 'anthropic' ? (s.options ?? {}) : {});
  if (effort !== undefined) {
    const bare = modelId.replace(/^(?:us|eu|apac|global|us-gov|jp|au)\./, '');
    if (bare.startsWith('amazon.nova-2')) out.reasoningConfig = effort === 'none' ? { type: 'disabled' } : { type: 'enabled', maxReasoningEffort: effort };
    else if (family === 'openai' && effort !== 'none') out.reasoning_effort = effort;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
