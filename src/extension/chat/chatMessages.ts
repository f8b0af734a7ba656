/**
 * VS Code chat messages as an OpenAI Chat Completions request: the gateway translates it to
 * whatever the model's provider speaks, so the chat provider shares the agents' translation
 * core and needs no protocol of its own.
 */
import * as vscode from 'vscode';

type ChatContent = string | { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };
type ChatMessage =
  | { role: 'system' | 'user'; content: string | ChatContent[] }
  | { role: 'assistant'; content: string | null; tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/** A part VS Code passes that this API version does not declare (LanguageModelDataPart): images, JSON. */
interface DataPart {
  readonly mimeType: string;
  readonly data: Uint8Array;
}

function isDataPart(part: unknown): part is DataPart {
  return typeof part === 'object' && part !== null && typeof (part as DataPart).mimeType === 'string' && (part as DataPart).data instanceof Uint8Array;
}

function textOf(parts: readonly unknown[]): string {
  return parts
    .map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : isDataPart(p) && !p.mimeType.startsWith('image/') ? new TextDecoder().decode(p.data) : typeof p === 'string' ? p : ''))
    .join('');
}

export function chatRequestBody(
  model: string,
  messages: readonly vscode.LanguageModelChatRequestMessage[],
  options: vscode.ProvideLanguageModelChatResponseOptions,
): Record<string, unknown> {
  const out: ChatMessage[] = [];
  for (const message of messages) {
    const toolResults = message.content.filter((p): p is vscode.LanguageModelToolResultPart => p instanceof vscode.LanguageModelToolResultPart);
    for (const result of toolResults) out.push({ role: 'tool', tool_call_id: result.callId, content: textOf(result.content) });
    const rest = message.content.filter((p) => !(p instanceof vscode.LanguageModelToolResultPart));
    if (message.role === vscode.LanguageModelChatMessageRole.Assistant) {
      const calls = rest.filter((p): p is vscode.LanguageModelToolCallPart => p instanceof vscode.LanguageModelToolCallPart);
      const text = textOf(rest);
      if (!text && !calls.length) continue;
      out.push({
        role: 'assistant',
        content: text || null,
        ...(calls.length ? { tool_calls: calls.map((c) => ({ id: c.callId, type: 'function' as const, function: { name: c.name, arguments: JSON.stringify(c.input) } })) } : {}),
      });
      continue;
    }
    const content: ChatContent[] = [];
    for (const part of rest) {
      if (isDataPart(part) && part.mimeType.startsWith('image/')) content.push({ type: 'image_url', image_url: { url: `data:${part.mimeType};base64,${Buffer.from(part.data).toString('base64')}` } });
      else {
        const text = textOf([part]);
        if (text) content.push({ type: 'text', text });
      }
    }
    if (!content.length) continue;
    // VS Code has no system role in this API; role 3 is what its proposed System role uses.
    const role = (message.role as number) === 3 ? 'system' : 'user';
    out.push({ role, content: content.every((c) => typeof c === 'object' && c.type === 'text') ? content.map((c) => (c as { text: string }).text).join('') : content });
  }
  const tools = options.tools ?? [];
  return {
    model,
    stream: true,
    stream_options: { include_usage: true },
    messages: out,
    ...(tools.length
      ? {
          tools: tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.inputSchema ?? { type: 'object', properties: {} } } })),
          tool_choice: options.toolMode === vscode.LanguageModelChatToolMode.Required ? 'required' : 'auto',
        }
      : {}),
  };
}

/** About four characters a token: the usual estimate for English and code, without a tokenizer. */
export function estimateTokens(input: string | vscode.LanguageModelChatRequestMessage): number {
  const text =
    typeof input === 'string'
      ? input
      : input.content.map((p) => (p instanceof vscode.LanguageModelToolCallPart ? p.name + JSON.stringify(p.input) : p instanceof vscode.LanguageModelToolResultPart ? textOf(p.content) : textOf([p]))).join('');
  return Math.ceil(text.length / 4);
}
