/** Writing answers: JSON bodies, errors in the client's protocol shape, the model list. */
import type { ServerResponse } from 'node:http';
import { geminiPromptText } from './geminiPaths';
import type { GatewayModelEntry } from './route';
import type { GatewayProtocol, Translator } from './translator';

export function sendJson(res: ServerResponse, status: number, body: unknown, extra?: Record<string, string>): void {
  const data = JSON.stringify(body);
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) };
  if (extra) Object.assign(headers, extra);
  res.writeHead(status, headers);
  res.end(data);
}

/** An error the client's SDK understands; `closeConnection` when the rest of the request is unread. */
export function sendError(res: ServerResponse, translator: Translator, protocol: GatewayProtocol, status: number, message: string, extra?: Record<string, string>): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, translator.errorBody(protocol, status, message), extra);
}

/** GET /anthropic/v1/models or /openai/v1/models: the routable models, by ref. */
export function modelListBody(protocol: GatewayProtocol, entries: readonly GatewayModelEntry[]): Record<string, unknown> {
  if (protocol === 'anthropic-messages') {
    const data = entries.map((e) => ({ type: 'model', id: e.ref, display_name: e.name ?? e.ref, created_at: '1970-01-01T00:00:00Z' }));
    return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null };
  }
  return { object: 'list', data: entries.map((e) => ({ id: e.ref, object: 'model', created: 0, owned_by: 'switchboard' })) };
}

const promptLimit = 4000;

function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const parts = content.flatMap((part: unknown) => {
    const p = part as { type?: unknown; text?: unknown };
    return typeof p?.text === 'string' && (p.type === 'text' || p.type === 'input_text') ? [p.text] : [];
  });
  return parts.length > 0 ? parts.join('\n') : undefined;
}

/** The last user message's text, for usage records with `recordPrompts`. */
export function promptText(protocol: GatewayProtocol, body: Record<string, unknown>): string | undefined {
  if (protocol === 'gemini') return geminiPromptText(body, promptLimit);
  const list = protocol === 'openai-responses' ? body.input : body.messages;
  if (typeof list === 'string') return list.slice(0, promptLimit);
  if (!Array.isArray(list)) return undefined;
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i] as { role?: unknown; content?: unknown };
    if (m?.role !== 'user') continue;
    const text = textOf(m.content);
    if (text !== undefined) return text.slice(0, promptLimit);
  }
  return undefined;
}
