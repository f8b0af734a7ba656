/**
 * IR → a Bedrock Converse request body (POST /model/{id}/converse, /converse-stream), for
 * every Bedrock model that is not Anthropic. The model id and whether it streams are in the
 * path (upstream.ts), never in the body. The model's settings are applied here, as the other
 * codecs' applySettings does, because what goes in additionalModelRequestFields depends on
 * the model family (converseFields.ts).
 */
import type { ModelSettings } from '../translator';
import { additionalFields } from './converseFields';
import type { IrImageSource, IrMessage, IrPart, IrRequest } from './ir';
import { parseArguments, sourceFromUrl, toolResultText } from './ir';

type Any = { [k: string]: any };

const imageFormats: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/jpg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp' };
const documentFormats: Record<string, string> = {
  'application/pdf': 'pdf',
  'text/csv': 'csv',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/html': 'html',
  'text/plain': 'txt',
  'text/markdown': 'md',
};

/** Inline bytes, or undefined for a URL: Converse takes only bytes (or S3, which clients never send). */
function inline(source: IrImageSource): { mediaType: string; data: string } | undefined {
  const s = source.kind === 'url' ? sourceFromUrl(source.url) : source;
  return s.kind === 'base64' ? { mediaType: s.mediaType.toLowerCase(), data: s.data } : undefined;
}

function image(source: IrImageSource): Any {
  const bytes = inline(source);
  const format = bytes && imageFormats[bytes.mediaType];
  if (bytes && format) return { image: { format, source: { bytes: bytes.data } } };
  // Said in the conversation rather than dropped silently: the model knows something was there.
  return { text: source.kind === 'url' && !source.url.startsWith('data:') ? `[image not sent: ${source.url.slice(0, 200)}]` : '[image in a format Bedrock does not take]' };
}

/** Converse document names allow letters, digits, single spaces, hyphens, parentheses and brackets. */
function documentName(filename: string | undefined, n: number): string {
  const base = (filename ?? '').replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9\s\-()[\]]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 100);
  return `${base || 'document'} ${n}`;
}

interface Context {
  documents: number;
  readonly toolNames: Set<string>;
}

function block(p: IrPart, role: IrMessage['role'], cx: Context): Any | Any[] | undefined {
  switch (p.type) {
    case 'text':
      // Converse refuses blank text blocks.
      return p.text.trim() ? { text: p.text } : undefined;
    case 'image':
      return image(p.source);
    case 'file': {
      const bytes = inline(p.source);
      const format = bytes && documentFormats[bytes.mediaType];
      if (!bytes || !format) return { text: `[document not sent: ${p.filename ?? 'unnamed'}]` };
      return { document: { format, name: documentName(p.filename, ++cx.documents), source: { bytes: bytes.data } } };
    }
    case 'tool_call':
      if (role !== 'assistant') return undefined;
      cx.toolNames.add(p.name);
      return { toolUse: { toolUseId: p.id, name: p.name, input: parseArguments(p.arguments) } };
    case 'tool_result': {
      const content: Any[] = [];
      const text = toolResultText(p.content);
      if (text.trim()) content.push({ text });
      if (typeof p.content !== 'string') for (const c of p.content) if (c.type === 'image') content.push(image(c.source));
      if (content.length === 0) content.push({ text: p.isError ? 'Error' : '(no output)' });
      return { toolResult: { toolUseId: p.id, content, status: p.isError ? 'error' : 'success' } };
    }
    case 'reasoning':
      // Earlier reasoning stays out: only Claude needs its signed thinking back, and Claude goes
      // through InvokeModel; another model's reasoning (a pick changed mid-conversation) could
      // be refused by the one answering now.
      return undefined;
  }
}

/** Converse wants user and assistant turns alternating and never empty: same-role turns merge. */
function messages(ir: IrRequest, cx: Context): Any[] {
  const out: Any[] = [];
  for (const m of ir.messages) {
    const content: Any[] = [];
    for (const p of m.content) {
      const b = block(p, m.role, cx);
      if (b) content.push(b);
    }
    if (content.length === 0) continue;
    const last = out[out.length - 1];
    if (last && last.role === m.role) last.content.push(...content);
    else out.push({ role: m.role, content });
  }
  // Converse refuses a conversation that opens with the assistant (a prefill, a history cut
  // short by an agent's compaction); a minimal user turn before it keeps the rest as sent.
  if (out[0]?.role === 'assistant') out.unshift({ role: 'user', content: [{ text: conversationOpener }] });
  return out;
}

/** The user turn put before a conversation that opens with the assistant. */
export const conversationOpener = '(The conversation so far follows.)';

function toolConfig(ir: IrRequest, cx: Context): Any | undefined {
  const tc = ir.toolChoice;
  // Converse has no "none": without tools the model cannot call one. A history with tool
  // blocks needs a toolConfig, though, so there the tools stay and the model chooses.
  if (tc?.type === 'none' && cx.toolNames.size === 0) return undefined;
  const tools: Any[] = (ir.tools ?? []).map((t) => ({ toolSpec: { name: t.name, ...(t.description ? { description: t.description } : {}), inputSchema: { json: t.parameters } } }));
  // A history with tool calls needs a toolConfig, even when the client sent no tools (a summary request).
  const declared = new Set(tools.map((t) => t.toolSpec.name as string));
  for (const name of cx.toolNames) if (!declared.has(name)) tools.push({ toolSpec: { name, inputSchema: { json: { type: 'object' } } } });
  if (tools.length === 0) return undefined;
  const choice = tc?.type === 'required' ? { any: {} } : tc?.type === 'tool' ? { tool: { name: tc.name } } : tc?.type === 'auto' ? { auto: {} } : undefined;
  return { tools, ...(choice ? { toolChoice: choice } : {}) };
}

export function buildConverseRequest(ir: IrRequest, settings?: ModelSettings): Record<string, unknown> {
  const cx: Context = { documents: 0, toolNames: new Set() };
  const body: Record<string, unknown> = { messages: messages(ir, cx) };
  const system = ir.system.filter((s) => s.trim()).map((text) => ({ text }));
  if (system.length > 0) body.system = system;
  const inference: Any = {};
  const maxTokens = settings?.maxOutputTokens ?? ir.maxTokens;
  const temperature = settings?.temperature ?? ir.temperature;
  const topP = settings?.topP ?? ir.topP;
  if (maxTokens !== undefined) inference.maxTokens = maxTokens;
  if (temperature !== undefined) inference.temperature = temperature;
  if (topP !== undefined) inference.topP = topP;
  if (ir.stop && ir.stop.length > 0) inference.stopSequences = [...ir.stop];
  if (Object.keys(inference).length > 0) body.inferenceConfig = inference;
  const tools = toolConfig(ir, cx);
  if (tools) body.toolConfig = tools;
  const extra = additionalFields(settings?.modelId ?? ir.model, ir, settings);
  if (extra) body.additionalModelRequestFields = extra;
  return body;
}
