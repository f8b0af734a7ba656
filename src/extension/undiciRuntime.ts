/**
 * undici, bundled once as dist/undici.js for dist/connect.js and dist/gateway.js (see
 * scripts/build.mjs). Its two dispatchers load at once; the rest of undici (fetch and what it
 * brings: WebSocket, caches, mocks) only on the first fetch, so the gateway, which needs only
 * the dispatchers, stays about 15 MB smaller in memory.
 */
import type * as undici from 'undici';

export const Agent: typeof undici.Agent = require('undici/lib/dispatcher/agent.js');
export const ProxyAgent: typeof undici.ProxyAgent = require('undici/lib/dispatcher/proxy-agent.js');
export const fetch = ((...args: Parameters<typeof undici.fetch>) => (require('undici') as typeof undici).fetch(...args)) as typeof undici.fetch;
