/**
 * Model refs: `providerId/modelId`. Provider ids are slugs without "/", so a ref splits at
 * its first "/", and the model id keeps any further "/" or ":" (OpenRouter, Ollama tags).
 */
export type ModelRef = `${string}/${string}`;

export interface ParsedRef {
  readonly providerId: string;
  readonly modelId: string;
}

export function formatRef(providerId: string, modelId: string): ModelRef {
  return `${providerId}/${modelId}`;
}

/** Returns undefined for text that is not a ref, rather than guessing. */
export function parseRef(ref: string): ParsedRef | undefined {
  const slash = ref.indexOf('/');
  if (slash <= 0 || slash === ref.length - 1) return undefined;
  return { providerId: ref.slice(0, slash), modelId: ref.slice(slash + 1) };
}

export function isRef(value: unknown): value is ModelRef {
  return typeof value === 'string' && parseRef(value) !== undefined;
}
