/**
 * Reads the answer of an embeddings call, whatever the provider's shape, down to the one
 * thing Test Connection reports: how many dimensions the vector has. Anything else is a
 * ConnectError('malformed'), so a server that answers 200 with the wrong body still fails.
 *   OpenAI-style, Azure   { data: [{ embedding: number[] | base64 }] }
 *   Gemini embedContent   { embedding: { values: number[] } }
 *   Gemini batch          { embeddings: [{ values: number[] }] }
 *   Ollama /api/embed     { embeddings: number[][] }   (also Cohere on Bedrock)
 *   Titan on Bedrock      { embedding: number[], inputTextTokenCount }
 */
import { ConnectError } from '../network/errors';

export type EmbeddingShape = 'openai' | 'gemini' | 'ollama' | 'titan';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed(what: string): never {
  throw new ConnectError('malformed', `The embeddings answer has no ${what}.`);
}

/** A non-empty vector of finite numbers, or a base64 string of little-endian float32 (OpenAI's encoding_format "base64"). */
function dimensionsOf(vector: unknown, what: string): number {
  if (typeof vector === 'string') {
    const bytes = Buffer.from(vector, 'base64').length;
    if (bytes === 0 || bytes % 4 !== 0) malformed(what);
    return bytes / 4;
  }
  if (!Array.isArray(vector) || vector.length === 0 || !vector.every((x) => typeof x === 'number' && Number.isFinite(x))) malformed(what);
  return vector.length;
}

/** The vector's dimensions; throws ConnectError('malformed') on any other body. */
export function parseEmbedding(shape: EmbeddingShape, body: unknown): number {
  if (!isObject(body)) malformed('object');
  switch (shape) {
    case 'openai': {
      const first = Array.isArray(body.data) ? body.data[0] : undefined;
      if (!isObject(first)) malformed('data[0]');
      return dimensionsOf(first.embedding, 'data[0].embedding');
    }
    case 'gemini': {
      if (isObject(body.embedding)) return dimensionsOf(body.embedding.values, 'embedding.values');
      const first = Array.isArray(body.embeddings) ? body.embeddings[0] : undefined;
      if (!isObject(first)) malformed('embedding.values');
      return dimensionsOf(first.values, 'embeddings[0].values');
    }
    case 'titan':
      return dimensionsOf(body.embedding, 'embedding');
    case 'ollama': {
      const first = Array.isArray(body.embeddings) ? body.embeddings[0] : undefined;
      return dimensionsOf(first, 'embeddings[0]');
    }
  }
}
