/**
 * Azure OpenAI's deployment list (data plane).
 *   GET /openai/deployments?api-version=YYYY-MM-DD   { data: [{ id, model, status, object }], object: 'list' }
 * The key goes in the api-key header. A missing api-version gets 404, as Azure answers
 * unknown versions; a wrong key gets 401 in Azure's error shape.
 */
import type { HandlerContext } from './types';
import { sendJson, wrongKey } from './wire';

export function handleAzureDeployments(ctx: HandlerContext): boolean {
  const { record, res } = ctx;
  if (record.method !== 'GET' || record.path !== '/openai/deployments') return false;
  if (wrongKey(ctx)) {
    sendJson(res, (record.status = 401), { error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint.' } });
    return true;
  }
  if (!/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(record.query['api-version'] ?? '')) {
    sendJson(res, (record.status = 404), { error: { code: '404', message: 'Resource not found' } });
    return true;
  }
  const data = (ctx.options.models ?? ['test-model']).map((id) => ({ id, model: id.replace(/-deploy(ment)?$/, ''), status: 'succeeded', object: 'deployment', created_at: 1735689600 }));
  sendJson(res, (record.status = 200), { data, object: 'list' });
  return true;
}
