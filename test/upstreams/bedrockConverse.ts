/**
 * Bedrock's Converse API, for the Bedrock double (bedrock.ts), in the documented wire format:
 *   POST /model/<modelId>/converse
 *     { messages: [{ role: user|assistant, content: [{text}|{image}|{document}|{toolUse}|{toolResult}|{reasoningContent}] }],
 *       system?: [{text}], inferenceConfig?: {maxTokens, temperature, topP, stopSequences},
 *       toolConfig?: {tools: [{toolSpec: {name, description?, inputSchema: {json}}}], toolChoice?: {auto}|{any}|{tool: {name}}},
 *       additionalModelRequestFields? }
 *     → { output: { message: { role: 'assistant', content: [...] } }, stopReason, usage: {inputTokens, outputTokens, totalTokens}, metrics: {latencyMs} }
 *   POST /model/<modelId>/converse-stream → application/vnd.amazon.eventstream frames, a few ms
 *     apart, each named by `:event-type`: messageStart {role}; per block contentBlockStart
 *     (tool uses only) {contentBlockIndex, start: {toolUse: {toolUseId, name}}}, contentBlockDelta
 *     {contentBlockIndex, delta: {text} | {toolUse: {input: <JSON fragment>}} | {reasoningContent: {text} | {signature}}},
 *     contentBlockStop {contentBlockIndex}; messageStop {stopReason}; metadata {usage, metrics}.
 *     ReplySpec.streamException sends an `exception` message after that many events.
 * The body is checked as Bedrock checks it (ValidationException otherwise): alternating roles
 * starting with a user turn, no empty content or blank text, one member per block, toolUse and
 * toolResult only with a toolConfig, every toolResult answering a toolUse of the turn before.
 */
import type { HandlerContext, ReplySpec } from './types';
import { converseFrame, exceptionFrame } from './eventStream';
import { randomId, sendJson, sleep, tokens } from './wire';

type Any = { [k: string]: any };

const fields = new Set(['messages', 'system', 'inferenceConfig', 'toolConfig', 'additionalModelRequestFields', 'additionalModelResponseFieldPaths', 'guardrailConfig', 'promptVariables', 'requestMetadata', 'performanceConfig']);
const blockKinds = new Set(['text', 'image', 'document', 'video', 'toolUse', 'toolResult', 'guardContent', 'cachePoint', 'reasoningContent', 'citationsContent']);

/** Why Bedrock would refuse this Converse body, or undefined. */
export function converseProblem(body: Any): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'Malformed input request, please reformat your input and try again.';
  for (const key of Object.keys(body)) if (!fields.has(key)) return `Malformed input request: extraneous key [${key}] is not permitted.`;
  const msgs = body.messages;
  if (!Array.isArray(msgs) || msgs.length === 0) return 'A conversation must start with a user message. Try again with a conversation that starts with a user message.';
  const hasTools = Array.isArray(body.toolConfig?.tools) && body.toolConfig.tools.length > 0;
  let previousToolUses = new Set<string>();
  for (let i = 0; i < msgs.length; i++) {
    const m = msgs[i];
    if (m?.role !== (i % 2 === 0 ? 'user' : 'assistant')) return i === 0 ? 'A conversation must start with a user message. Try again with a conversation that starts with a user message.' : 'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.';
    if (!Array.isArray(m.content) || m.content.length === 0) return `The content field in the Message object at messages.${i} is empty. Add a ContentBlock object to the content field and try again.`;
    const toolUses = new Set<string>();
    for (const [j, b] of m.content.entries()) {
      const keys = b && typeof b === 'object' ? Object.keys(b) : [];
      if (keys.length !== 1 || !blockKinds.has(keys[0])) return `messages.${i}.content.${j}: a ContentBlock must have exactly one member.`;
      if ('text' in b && (typeof b.text !== 'string' || !b.text.trim())) return `The text field in the ContentBlock object at messages.${i}.content.${j} is blank. Add text to the text field, and try again.`;
      if (('toolUse' in b || 'toolResult' in b) && !hasTools) return 'The toolConfig field must be defined when using toolUse and toolResult content blocks.';
      if ('toolUse' in b) {
        if (m.role !== 'assistant' || typeof b.toolUse.toolUseId !== 'string' || typeof b.toolUse.name !== 'string' || typeof b.toolUse.input !== 'object') return `messages.${i}.content.${j}.toolUse is malformed.`;
        toolUses.add(b.toolUse.toolUseId);
      }
      if ('toolResult' in b) {
        const r = b.toolResult;
        if (m.role !== 'user' || !previousToolUses.has(r.toolUseId)) return 'The number of toolResult blocks at messages.' + i + '.content exceeds the number of toolUse blocks of previous turn.';
        if (!Array.isArray(r.content) || r.status === undefined || !['success', 'error'].includes(r.status)) return `messages.${i}.content.${j}.toolResult is malformed.`;
      }
      if ('image' in b && (!['png', 'jpeg', 'gif', 'webp'].includes(b.image.format) || typeof b.image.source?.bytes !== 'string')) return `messages.${i}.content.${j}.image is malformed.`;
      if ('reasoningContent' in b && m.role !== 'assistant') return `messages.${i}.content.${j}: reasoningContent belongs to assistant turns.`;
    }
    previousToolUses = toolUses;
  }
  const s = body.system;
  if (s !== undefined && (!Array.isArray(s) || s.some((x: Any) => typeof x?.text !== 'string' || !x.text.trim()))) return 'The system field is malformed.';
  const ic = body.inferenceConfig;
  if (ic !== undefined) {
    for (const key of Object.keys(ic)) if (!['maxTokens', 'temperature', 'topP', 'stopSequences'].includes(key)) return `inferenceConfig: extraneous key [${key}] is not permitted.`;
    if (ic.maxTokens !== undefined && (!Number.isInteger(ic.maxTokens) || ic.maxTokens < 1)) return 'inferenceConfig.maxTokens must be at least 1.';
  }
  if (body.toolConfig !== undefined) {
    for (const t of body.toolConfig.tools ?? []) if (typeof t?.toolSpec?.name !== 'string' || typeof t.toolSpec.inputSchema?.json !== 'object') return 'toolConfig.tools: a toolSpec needs a name and inputSchema.json.';
  }
  return undefined;
}

interface Answer {
  readonly content: Any[];
  readonly stopReason: string;
  readonly usage: { inputTokens: number; outputTokens: number; totalTokens: number };
}

function answerFor(body: Any, reply: ReplySpec): Answer {
  const content: Any[] = [];
  if (reply.reasoning) content.push({ reasoningContent: { reasoningText: { text: reply.reasoning.text, ...(reply.reasoning.signature ? { signature: reply.reasoning.signature } : {}) } } });
  if (reply.text !== undefined && (reply.text !== '' || !reply.toolCalls?.length)) content.push({ text: reply.text });
  for (const call of reply.toolCalls ?? []) content.push({ toolUse: { toolUseId: call.id ?? randomId('tooluse_', 22), name: call.name, input: call.arguments } });
  const inputTokens = tokens(JSON.stringify(body.messages) + JSON.stringify(body.system ?? ''));
  const outputTokens = tokens(JSON.stringify(content));
  return { content, stopReason: reply.stopReason ?? (reply.toolCalls?.length ? 'tool_use' : 'end_turn'), usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens } };
}

/** Pieces of a string, for deltas. */
function pieces(text: string, n: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / n));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length > 0 ? out : [''];
}

/** The ConverseStream events of an answer, in order. */
function streamEvents(a: Answer): [string, Any][] {
  const events: [string, Any][] = [['messageStart', { role: 'assistant' }]];
  a.content.forEach((b, index) => {
    const at = { contentBlockIndex: index };
    if (b.reasoningContent) {
      const r = b.reasoningContent.reasoningText;
      for (const text of pieces(r.text, 3)) events.push(['contentBlockDelta', { ...at, delta: { reasoningContent: { text } } }]);
      if (r.signature) events.push(['contentBlockDelta', { ...at, delta: { reasoningContent: { signature: r.signature } } }]);
    } else if (b.toolUse) {
      events.push(['contentBlockStart', { ...at, start: { toolUse: { toolUseId: b.toolUse.toolUseId, name: b.toolUse.name } } }]);
      for (const input of pieces(JSON.stringify(b.toolUse.input), 3)) events.push(['contentBlockDelta', { ...at, delta: { toolUse: { input } } }]);
    } else {
      for (const text of pieces(b.text, 4)) events.push(['contentBlockDelta', { ...at, delta: { text } }]);
    }
    events.push(['contentBlockStop', at]);
  });
  events.push(['messageStop', { stopReason: a.stopReason }]);
  events.push(['metadata', { usage: a.usage, metrics: { latencyMs: 42 } }]);
  return events;
}

/** The AWS error type a ReplySpec error's status stands for. */
const errorTypes: Record<number, string> = { 400: 'ValidationException', 403: 'AccessDeniedException', 404: 'ResourceNotFoundException', 429: 'ThrottlingException', 500: 'InternalServerException', 503: 'ServiceUnavailableException' };

export async function converse(ctx: HandlerContext, stream: boolean, awsError: (ctx: HandlerContext, status: number, type: string, message: string) => void): Promise<void> {
  const { record, res } = ctx;
  const problem = converseProblem(record.body);
  if (problem) return awsError(ctx, 400, 'ValidationException', problem);
  const reply = ctx.reply();
  if (reply.delayMs) await sleep(reply.delayMs);
  if (reply.error) return awsError(ctx, reply.error.status, reply.error.type ?? errorTypes[reply.error.status] ?? 'ValidationException', reply.error.message);
  const answer = answerFor(record.body, reply);
  const requestId = randomId('', 36);
  record.status = 200;
  if (!stream) return sendJson(res, 200, { output: { message: { role: 'assistant', content: answer.content } }, stopReason: answer.stopReason, usage: answer.usage, metrics: { latencyMs: 42 } }, { 'x-amzn-RequestId': requestId });
  res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-RequestId': requestId });
  res.flushHeaders();
  res.on('close', () => {
    if (!res.writableFinished) record.closedEarly = true;
  });
  const gap = reply.frameDelayMs ?? 5;
  let sent = 0;
  for (const [type, event] of streamEvents(answer)) {
    if (res.destroyed) return;
    if (reply.streamException && sent === reply.streamException.afterChunks) {
      res.end(exceptionFrame(reply.streamException.type, reply.streamException.message));
      return;
    }
    res.write(converseFrame(type, event));
    sent++;
    await sleep(gap);
  }
  if (!res.destroyed) res.end();
}
