/**
 * Reads the gateway's Chat Completions stream into VS Code's response parts, through the
 * translation core's own decoder: text as it arrives, each tool call once its arguments are
 * complete (at the next call, the next text, or the end).
 */
import * as vscode from 'vscode';
import type { IrEvent } from '../../gateway/translate';
import { gatewayBundle } from '../gatewayBundle';

export async function reportChatStream(body: ReadableStream<Uint8Array>, progress: vscode.Progress<vscode.LanguageModelResponsePart>): Promise<void> {
  let open: { id: string; name: string; args: string } | undefined;
  let failure: string | undefined;
  const closeCall = () => {
    if (!open) return;
    const call = open;
    open = undefined;
    let input: unknown;
    try {
      input = call.args ? JSON.parse(call.args) : {};
    } catch {
      throw new Error(`The model called ${call.name} with arguments that are not JSON.`);
    }
    progress.report(new vscode.LanguageModelToolCallPart(call.id, call.name, typeof input === 'object' && input !== null ? input : { value: input }));
  };
  // The translation core lives in the gateway bundle, loaded already: chat goes through the gateway.
  const decoder = gatewayBundle().createUpstreamDecoder('openai-chat', (event: IrEvent) => {
    if (event.type === 'text') {
      closeCall();
      if (event.delta) progress.report(new vscode.LanguageModelTextPart(event.delta));
    } else if (event.type === 'tool_start') {
      closeCall();
      open = { id: event.id, name: event.name, args: '' };
    } else if (event.type === 'tool_args') {
      if (open) open.args += event.delta;
    } else if (event.type === 'finish' || event.type === 'done') {
      closeCall();
    } else if (event.type === 'error') {
      failure = event.message;
    }
  });
  const text = new TextDecoder();
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    decoder.write(text.decode(value, { stream: true }));
    if (failure) throw new Error(failure);
  }
  decoder.write(text.decode());
  decoder.end();
  if (failure) throw new Error(failure);
}
