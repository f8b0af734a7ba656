/**
 * Reads the gateway's Chat Completions stream into VS Code's response parts: text as it
 * arrives, each tool call once its arguments are complete.
 */
import * as vscode from 'vscode';
import { SseParser } from '../../gateway/translate/sse';

interface ChunkToolCall {
  index?: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}
interface Chunk {
  choices?: { delta?: { content?: string | null; tool_calls?: ChunkToolCall[] }; finish_reason?: string | null }[];
  error?: { message?: string };
}

export async function reportChatStream(body: ReadableStream<Uint8Array>, progress: vscode.Progress<vscode.LanguageModelResponsePart>): Promise<void> {
  const calls = new Map<number, { id: string; name: string; args: string }>();
  let failure: string | undefined;
  const flushCalls = () => {
    for (const call of calls.values()) {
      let input: object;
      try {
        const parsed: unknown = call.args ? JSON.parse(call.args) : {};
        input = typeof parsed === 'object' && parsed !== null ? parsed : { value: parsed };
      } catch {
        throw new Error(`The model called ${call.name} with arguments that are not JSON.`);
      }
      progress.report(new vscode.LanguageModelToolCallPart(call.id, call.name, input));
    }
    calls.clear();
  };
  const parser = new SseParser((_event, data) => {
    if (data === '[DONE]') return;
    let chunk: Chunk;
    try {
      chunk = JSON.parse(data) as Chunk;
    } catch {
      return;
    }
    if (chunk.error) failure = chunk.error.message ?? 'The model failed mid-answer.';
    for (const choice of chunk.choices ?? []) {
      const delta = choice.delta;
      if (delta?.content) progress.report(new vscode.LanguageModelTextPart(delta.content));
      for (const call of delta?.tool_calls ?? []) {
        const index = call.index ?? calls.size;
        const open = calls.get(index) ?? { id: '', name: '', args: '' };
        if (call.id) open.id = call.id;
        if (call.function?.name) open.name = call.function.name;
        if (call.function?.arguments) open.args += call.function.arguments;
        calls.set(index, open);
      }
      if (choice.finish_reason) flushCalls();
    }
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.write(decoder.decode(value, { stream: true }));
    if (failure) throw new Error(failure);
  }
  parser.write(decoder.decode());
  if (failure) throw new Error(failure);
  flushCalls();
}
