/**
 * Ollama's native model list.
 *   GET /api/tags   { models: [{ name, model, modified_at, size, digest, details }] }
 * Ollama needs no key; with `expectedKey` set (a reverse proxy in front), a wrong one gets 401.
 * The chat itself is the OpenAI double (/v1/chat/completions, /v1/models).
 */
import type { HandlerContext } from './types';
import { sendJson, wrongKey } from './wire';

export function handleOllamaTags(ctx: HandlerContext): boolean {
  const { record, res } = ctx;
  if (record.method !== 'GET' || record.path !== '/api/tags') return false;
  if (wrongKey(ctx)) {
    sendJson(res, (record.status = 401), { error: 'unauthorized' });
    return true;
  }
  const models = (ctx.options.models ?? ['test-model']).map((name) => ({
    name,
    model: name,
    modified_at: '2025-01-01T00:00:00Z',
    size: 1_000_000,
    digest: 'sha256:0000',
    details: { format: 'gguf', family: name.includes('embed') ? 'nomic-bert' : 'llama', parameter_size: '1B', quantization_level: 'Q4_0' },
  }));
  sendJson(res, (record.status = 200), { models });
  return true;
}
