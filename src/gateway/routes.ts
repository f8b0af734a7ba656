/**
 * Request paths: an optional agent prefix (`/a/<agentId>`), then the protocol and endpoint.
 *   /anthropic/v1/messages         /anthropic/v1/models
 *   /openai/v1/chat/completions    /openai/v1/responses    /openai/v1/models
 *   /gemini/v1beta/models/<model>:generateContent and the rest of geminiPaths.ts
 * The query is ignored (Claude Code sends `?beta=true`). A path that matches nothing still
 * names the protocol its error is shaped in.
 */
import { geminiPaths, parseGeminiPath, type GeminiCall } from './geminiPaths';
import type { GatewayProtocol } from './translator';

export type GatewayEndpoint = 'model-call' | 'models' | 'count-tokens';

export interface PathMatch {
  readonly ok: true;
  readonly agentId: string | undefined;
  readonly endpoint: GatewayEndpoint;
  /** The client's protocol; for `models`, which list shape to answer with. */
  readonly protocol: GatewayProtocol;
  /** Gemini paths only: the model and method the path names. */
  readonly gemini?: GeminiCall;
}

export interface PathMiss {
  readonly ok: false;
  readonly agentId: string | undefined;
  /** The protocol the 404 is shaped in: the path's best guess. */
  readonly protocol: GatewayProtocol;
}

const agentIdPattern = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

const endpoints = new Map<string, { endpoint: GatewayEndpoint; protocol: GatewayProtocol }>([
  ['/anthropic/v1/messages', { endpoint: 'model-call', protocol: 'anthropic-messages' }],
  ['/anthropic/v1/models', { endpoint: 'models', protocol: 'anthropic-messages' }],
  ['/openai/v1/chat/completions', { endpoint: 'model-call', protocol: 'openai-chat' }],
  ['/openai/v1/responses', { endpoint: 'model-call', protocol: 'openai-responses' }],
  ['/openai/v1/models', { endpoint: 'models', protocol: 'openai-chat' }],
]);

function guess(path: string): GatewayProtocol {
  if (path.startsWith('/anthropic')) return 'anthropic-messages';
  if (path.startsWith('/gemini')) return 'gemini';
  return path.includes('/responses') ? 'openai-responses' : 'openai-chat';
}

/** Parses `req.url`; never throws. */
export function parsePath(url: string): PathMatch | PathMiss {
  const query = url.indexOf('?');
  let path = query < 0 ? url : url.slice(0, query);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  let agentId: string | undefined;
  if (path.startsWith('/a/')) {
    const slash = path.indexOf('/', 3);
    const id = slash < 0 ? path.slice(3) : path.slice(3, slash);
    const rest = slash < 0 ? '' : path.slice(slash);
    if (!agentIdPattern.test(id)) return { ok: false, agentId: undefined, protocol: guess(rest) };
    agentId = id;
    path = rest;
  }
  if (path.startsWith('/gemini/')) {
    const g = parseGeminiPath(path.slice(7), query < 0 ? '' : url.slice(query + 1));
    return g ? { ok: true, agentId, protocol: 'gemini', ...g } : { ok: false, agentId, protocol: 'gemini' };
  }
  const hit = endpoints.get(path);
  return hit ? { ok: true, agentId, ...hit } : { ok: false, agentId, protocol: guess(path) };
}

/** The paths a client may call, for the 404 message. */
export const knownPaths: readonly string[] = [...endpoints.keys(), ...geminiPaths];
