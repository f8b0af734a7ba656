/**
 * Amazon Bedrock double, in AWS's REST-JSON wire format (Bedrock API Reference):
 *   GET  /foundation-models[?byOutputModality&byInferenceType&byProvider]
 *        → { modelSummaries: [{ modelArn, modelId, modelName, providerName, inputModalities,
 *            outputModalities, responseStreamingSupported, customizationsSupported,
 *            inferenceTypesSupported, modelLifecycle: { status } }] }
 *   GET  /inference-profiles[?maxResults&nextToken&type]
 *        → { inferenceProfileSummaries: [{ inferenceProfileId, inferenceProfileName, inferenceProfileArn,
 *            models: [{ modelArn }], status, type, createdAt, updatedAt }], nextToken? }
 *   POST /model/<modelId>/invoke   (bedrock-runtime InvokeModel) on an embedding model:
 *        Titan  { inputText } → { embedding: number[], inputTextTokenCount }
 *        Cohere { texts, input_type } → { embeddings: number[][], id, response_type, texts }
 *   POST /model/<modelId>/invoke and /invoke-with-response-stream on a Claude model
 *        (anthropic.…, or an inference profile such as us.anthropic.…): the Anthropic Messages
 *        body without model and stream, with anthropic_version "bedrock-2023-05-31" →
 *        the Anthropic message JSON, or application/vnd.amazon.eventstream frames: one `chunk`
 *        event per Anthropic streaming event, its JSON base64 in {"bytes"}, frames a few ms
 *        apart; ReplySpec.streamException sends an `exception` message mid-stream.
 *        An `anthropic_beta` must be an array of betas AWS documents for Claude on Bedrock;
 *        any other is refused as Bedrock does ("invalid beta flag").
 *        Recorded with protocol 'bedrock', the model id from the path, `stream` for the
 *        streaming path and `aws` (bearer or SigV4, with the access key id).
 *   POST /model/<modelId>/converse and /converse-stream (the Converse API, any model): the
 *        Converse body → its JSON answer or ConverseStream event frames (bedrockConverse.ts).
 *        Recorded as protocol 'bedrock-converse', with the model id, `stream` and `aws` likewise.
 * Served by startUpstream when `bedrock` is in its options. Every request must carry a SigV4
 * Authorization header for `bedrock` in the double's region, checked against the secret key
 * (or `Authorization: Bearer <Bedrock API key>` when `apiKey` is set). Failures answer the
 * way AWS does: a 403 with `x-amzn-ErrorType` and `{ "message": … }`.
 */
import type { HandlerContext } from './types';
import { fakeVector } from './embeddings';
import * as crypto from 'node:crypto';
import { anthropicAnswer } from './anthropic';
import { converse } from './bedrockConverse';
import { chunkFrame, exceptionFrame } from './eventStream';
import { checkSigV4, parseSigV4, type Credentials } from './sigv4';
import { randomId, sendJson, sleep, tokens } from './wire';

export interface FoundationModel {
  readonly modelId: string;
  readonly modelName: string;
  readonly providerName: string;
  readonly inputModalities: readonly string[];
  readonly outputModalities: readonly string[];
  readonly responseStreamingSupported?: boolean;
  readonly inferenceTypesSupported: readonly string[];
  readonly modelLifecycle: { readonly status: 'ACTIVE' | 'LEGACY' };
}

export interface InferenceProfile {
  readonly inferenceProfileId: string;
  readonly inferenceProfileName: string;
  readonly status: 'ACTIVE';
  readonly type: 'SYSTEM_DEFINED' | 'APPLICATION';
  /** Foundation model ids it routes to (turned into ARNs on the wire). */
  readonly models: readonly string[];
}

export interface BedrockDoubleOptions {
  /** The region requests must be signed for. */
  readonly region: string;
  /** The access key pair requests must be signed with. */
  readonly credentials: Credentials;
  /** A Bedrock API key accepted as `Authorization: Bearer …` instead. */
  readonly apiKey?: string;
  readonly foundationModels?: readonly FoundationModel[];
  readonly inferenceProfiles?: readonly InferenceProfile[];
  /** Largest page of inference profiles, whatever maxResults asks. */
  readonly maxPageSize?: number;
}

const fm = (modelId: string, modelName: string, providerName: string, output: string[], inference: string[], extra: Partial<FoundationModel> = {}): FoundationModel => ({
  modelId,
  modelName,
  providerName,
  inputModalities: ['TEXT'],
  outputModalities: output,
  responseStreamingSupported: !output.includes('EMBEDDING'),
  inferenceTypesSupported: inference,
  modelLifecycle: { status: 'ACTIVE' },
  ...extra,
});

/** A small region's worth of models: on-demand chat and embeddings, profile-only Claude, an image model, a provisioned-only one. */
export const sampleFoundationModels: readonly FoundationModel[] = [
  fm('anthropic.claude-sonnet-4-5-20250929-v1:0', 'Claude Sonnet 4.5', 'Anthropic', ['TEXT'], ['INFERENCE_PROFILE'], { inputModalities: ['TEXT', 'IMAGE'] }),
  fm('anthropic.claude-3-haiku-20240307-v1:0', 'Claude 3 Haiku', 'Anthropic', ['TEXT'], ['ON_DEMAND'], { inputModalities: ['TEXT', 'IMAGE'], modelLifecycle: { status: 'LEGACY' } }),
  fm('amazon.nova-lite-v1:0', 'Nova Lite', 'Amazon', ['TEXT'], ['ON_DEMAND', 'INFERENCE_PROFILE']),
  fm('amazon.titan-embed-text-v2:0', 'Titan Text Embeddings V2', 'Amazon', ['EMBEDDING'], ['ON_DEMAND']),
  fm('cohere.embed-english-v3', 'Embed English', 'Cohere', ['EMBEDDING'], ['ON_DEMAND']),
  fm('stability.sd3-5-large-v1:0', 'Stable Diffusion 3.5 Large', 'Stability AI', ['IMAGE'], ['ON_DEMAND']),
  fm('meta.llama3-70b-instruct-v1:0:8k', 'Llama 3 70B Instruct (8k)', 'Meta', ['TEXT'], ['PROVISIONED']),
];

const profile = (inferenceProfileId: string, inferenceProfileName: string, models: string[]): InferenceProfile => ({ inferenceProfileId, inferenceProfileName, status: 'ACTIVE', type: 'SYSTEM_DEFINED', models });

export const sampleInferenceProfiles: readonly InferenceProfile[] = [
  profile('us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'US Claude Sonnet 4.5', ['anthropic.claude-sonnet-4-5-20250929-v1:0']),
  profile('eu.anthropic.claude-sonnet-4-5-20250929-v1:0', 'EU Claude Sonnet 4.5', ['anthropic.claude-sonnet-4-5-20250929-v1:0']),
  profile('global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'Global Claude Sonnet 4.5', ['anthropic.claude-sonnet-4-5-20250929-v1:0']),
  profile('us.amazon.nova-lite-v1:0', 'US Nova Lite', ['amazon.nova-lite-v1:0']),
  profile('apac.amazon.nova-lite-v1:0', 'APAC Nova Lite', ['amazon.nova-lite-v1:0']),
];

const account = '123456789012';
const coral = ':http://internal.amazon.com/coral/com.amazon.coral.service/';

/** An AWS REST-JSON error: status, x-amzn-ErrorType, x-amzn-RequestId, `{ message }`. */
export function awsError(ctx: HandlerContext, status: number, type: string, message: string): void {
  ctx.record.status = status;
  sendJson(ctx.res, status, { message }, { 'x-amzn-ErrorType': `${type}${coral}`, 'x-amzn-RequestId': randomId('', 36) });
}

/** Refuses the request unless it is signed for this double (or carries its Bedrock API key); true when refused. */
function refused(ctx: HandlerContext, o: BedrockDoubleOptions): boolean {
  const header = ctx.req.headers.authorization;
  if (o.apiKey !== undefined && typeof header === 'string' && /^bearer /i.test(header)) {
    if (header.slice(7) === o.apiKey) return false;
    awsError(ctx, 403, 'AccessDeniedException', 'Authentication failed: Please make sure your API Key is valid.');
    return true;
  }
  const auth = parseSigV4(header);
  if (!auth) {
    awsError(ctx, 403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    return true;
  }
  if (auth.accessKeyId !== o.credentials.accessKeyId) {
    awsError(ctx, 403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    return true;
  }
  if (auth.service !== 'bedrock' || auth.region !== o.region) {
    awsError(ctx, 403, 'InvalidSignatureException', `Credential should be scoped to a valid region and to the service bedrock, not '${auth.region}/${auth.service}'.`);
    return true;
  }
  const problem = checkSigV4(ctx.record, auth, o.credentials);
  if (problem) {
    awsError(ctx, 403, 'InvalidSignatureException', `The request signature we calculated does not match the signature you provided (${problem}). Check your AWS Secret Access Key and signing method.`);
    return true;
  }
  return false;
}

const arn = (o: BedrockDoubleOptions, kind: string, id: string, withAccount = false) => `arn:aws:bedrock:${o.region}:${withAccount ? account : ''}:${kind}/${id}`;

function listFoundationModels(ctx: HandlerContext, o: BedrockDoubleOptions): void {
  const q = ctx.record.query;
  const summaries = (o.foundationModels ?? sampleFoundationModels)
    .filter((m) => !q.byOutputModality || m.outputModalities.includes(q.byOutputModality))
    .filter((m) => !q.byInferenceType || m.inferenceTypesSupported.includes(q.byInferenceType))
    .filter((m) => !q.byProvider || m.providerName.toLowerCase() === q.byProvider.toLowerCase())
    .map((m) => ({ modelArn: arn(o, 'foundation-model', m.modelId), ...m, customizationsSupported: [] }));
  ctx.record.status = 200;
  sendJson(ctx.res, 200, { modelSummaries: summaries });
}

function listInferenceProfiles(ctx: HandlerContext, o: BedrockDoubleOptions): void {
  const q = ctx.record.query;
  const all = (o.inferenceProfiles ?? sampleInferenceProfiles).filter((p) => !q.type || p.type === q.type);
  const asked = q.maxResults === undefined ? 1000 : Number(q.maxResults);
  if (!Number.isInteger(asked) || asked < 1 || asked > 1000) {
    awsError(ctx, 400, 'ValidationException', `1 validation error detected: Value '${q.maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000`);
    return;
  }
  // The token is opaque to clients; here it is the index to start at, base64url.
  const start = q.nextToken === undefined ? 0 : Number(Buffer.from(q.nextToken, 'base64url').toString('utf8'));
  if (!Number.isInteger(start) || start < 0 || start > all.length) {
    awsError(ctx, 400, 'ValidationException', 'The pagination token is invalid.');
    return;
  }
  const end = Math.min(all.length, start + Math.min(asked, o.maxPageSize ?? 1000));
  const created = '2024-08-27T00:00:00Z';
  const page = all.slice(start, end).map((p) => ({
    inferenceProfileName: p.inferenceProfileName,
    description: `Routes requests to ${p.inferenceProfileName}.`,
    createdAt: created,
    updatedAt: created,
    inferenceProfileArn: arn(o, 'inference-profile', p.inferenceProfileId, true),
    models: p.models.map((m) => ({ modelArn: arn(o, 'foundation-model', m) })),
    inferenceProfileId: p.inferenceProfileId,
    status: p.status,
    type: p.type,
  }));
  ctx.record.status = 200;
  sendJson(ctx.res, 200, { inferenceProfileSummaries: page, ...(end < all.length ? { nextToken: Buffer.from(String(end)).toString('base64url') } : {}) });
}

/** InvokeModel on an embedding model, with Titan's or Cohere's body; anything else is a ValidationException. */
function invokeEmbedding(ctx: HandlerContext, o: BedrockDoubleOptions, modelId: string): void {
  const { record } = ctx;
  record.embedding = true;
  record.model = modelId;
  const model = (o.foundationModels ?? sampleFoundationModels).find((m) => m.modelId === modelId);
  if (!model) return awsError(ctx, 400, 'ValidationException', 'The provided model identifier is invalid.');
  if (!model.outputModalities.includes('EMBEDDING')) return awsError(ctx, 400, 'ValidationException', 'This double answers InvokeModel only for embedding models.');
  const reply = ctx.reply();
  if (reply.error) return awsError(ctx, reply.error.status, reply.error.type ?? 'ValidationException', reply.error.message);
  if (modelId.startsWith('cohere.')) {
    // Cohere Embed: { texts, input_type } → { embeddings, id, response_type, texts }.
    const texts = record.body?.texts;
    if (!Array.isArray(texts) || texts.length === 0 || !texts.every((t) => typeof t === 'string') || typeof record.body?.input_type !== 'string') {
      return awsError(ctx, 400, 'ValidationException', 'Malformed input request: #: required key [texts, input_type] not found, please reformat your input and try again.');
    }
    record.status = 200;
    return sendJson(ctx.res, 200, { embeddings: texts.map((t: string) => fakeVector(t)), id: randomId('', 36), response_type: 'embeddings_floats', texts });
  }
  // Titan Embeddings: { inputText, dimensions? } → { embedding, inputTextTokenCount }.
  const text = record.body?.inputText;
  if (typeof text !== 'string' || text.length === 0) return awsError(ctx, 400, 'ValidationException', 'Malformed input request: #: required key [inputText] not found, please reformat your input and try again.');
  const dims = typeof record.body?.dimensions === 'number' ? record.body.dimensions : undefined;
  record.status = 200;
  sendJson(ctx.res, 200, { embedding: fakeVector(text, dims), inputTextTokenCount: tokens(text) }, { 'x-amzn-bedrock-input-token-count': String(tokens(text)) });
}

const invokePath = /^\/model\/([^/]+)\/(invoke|invoke-with-response-stream|converse|converse-stream)$/;

/** Claude on Bedrock: the model id alone, or an inference profile's geography before it. */
const isClaude = (modelId: string) => /^(?:(?:us|eu|apac|global|us-gov|jp|au)\.)?anthropic\./.test(modelId);

/** The betas AWS documents for Claude on Bedrock ("Anthropic Claude Messages API – Request and Response"), listed apart from the gateway's so the double judges it. */
const knownBetas = new Set([
  'computer-use-2024-10-22',
  'computer-use-2025-01-24',
  'token-efficient-tools-2025-02-19',
  'interleaved-thinking-2025-05-14',
  'output-128k-2025-02-19',
  'dev-full-thinking-2025-05-14',
  'context-1m-2025-08-07',
  'context-management-2025-06-27',
  'effort-2025-11-24',
  'tool-search-tool-2025-10-19',
  'tool-examples-2025-10-29',
]);

/** The AWS error type a ReplySpec error's status stands for. */
const errorTypes: Record<number, string> = { 400: 'ValidationException', 403: 'AccessDeniedException', 404: 'ResourceNotFoundException', 429: 'ThrottlingException', 500: 'InternalServerException', 503: 'ServiceUnavailableException' };

/** InvokeModel and InvokeModelWithResponseStream on a Claude model: Anthropic's answers in Bedrock's wrapping. */
async function invokeClaude(ctx: HandlerContext, modelId: string, stream: boolean): Promise<void> {
  const { record, res } = ctx;
  const body = record.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return awsError(ctx, 400, 'ValidationException', 'Malformed input request, please reformat your input and try again.');
  if (body.anthropic_version !== 'bedrock-2023-05-31') return awsError(ctx, 400, 'ValidationException', 'Malformed input request: #: required key [anthropic_version] not found, please reformat your input and try again.');
  for (const key of ['model', 'stream']) {
    if (key in body) return awsError(ctx, 400, 'ValidationException', `Malformed input request: #: extraneous key [${key}] is not permitted, please reformat your input and try again.`);
  }
  if (!Array.isArray(body.messages) || typeof body.max_tokens !== 'number') return awsError(ctx, 400, 'ValidationException', 'Malformed input request: #: required key [messages, max_tokens] not found, please reformat your input and try again.');
  if ('anthropic_beta' in body) {
    const betas: unknown = body.anthropic_beta;
    if (!Array.isArray(betas) || !betas.every((b) => typeof b === 'string')) return awsError(ctx, 400, 'ValidationException', 'Malformed input request: #/anthropic_beta: expected type: JSONArray of strings, please reformat your input and try again.');
    if (!betas.every((b) => knownBetas.has(b))) return awsError(ctx, 400, 'ValidationException', 'invalid beta flag');
  }
  const reply = ctx.reply();
  if (reply.delayMs) await sleep(reply.delayMs);
  if (reply.error) return awsError(ctx, reply.error.status, reply.error.type ?? errorTypes[reply.error.status] ?? 'ValidationException', reply.error.message);
  const answer = anthropicAnswer({ ...body, model: modelId }, reply);
  const usage = (answer.message as { usage: { input_tokens: number; output_tokens: number } }).usage;
  const counts = { 'x-amzn-bedrock-input-token-count': String(usage.input_tokens), 'x-amzn-bedrock-output-token-count': String(usage.output_tokens), 'x-amzn-RequestId': randomId('', 36) };
  record.status = 200;
  if (!stream) return sendJson(res, 200, answer.message, counts);
  res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-bedrock-content-type': 'application/json', 'x-amzn-RequestId': counts['x-amzn-RequestId'] });
  res.flushHeaders();
  res.on('close', () => {
    if (!res.writableFinished) record.closedEarly = true;
  });
  const gap = reply.frameDelayMs ?? 5;
  let sent = 0;
  for (const event of answer.events) {
    if (res.destroyed) return;
    if (reply.streamException && sent === reply.streamException.afterChunks) {
      res.end(exceptionFrame(reply.streamException.type, reply.streamException.message));
      return;
    }
    // Bedrock adds its invocation metrics to the last event.
    const last = event.type === 'message_stop' ? { ...event, 'amazon-bedrock-invocationMetrics': { inputTokenCount: usage.input_tokens, outputTokenCount: usage.output_tokens, invocationLatency: 42, firstByteLatency: 7 } } : event;
    res.write(chunkFrame(last));
    sent++;
    await sleep(gap);
  }
  if (!res.destroyed) res.end();
}

/** Who signed the request: its access key id, or the bearer key. */
function authOf(ctx: HandlerContext): NonNullable<HandlerContext['record']['aws']> {
  const header = ctx.req.headers.authorization;
  if (typeof header === 'string' && /^bearer /i.test(header)) return { auth: 'bearer' };
  return { auth: 'sigv4', accessKeyId: parseSigV4(header)?.accessKeyId, sessionToken: ctx.req.headers['x-amz-security-token'] !== undefined };
}

/** A signed payload hash must be the body's: the signature covers the hash, not the bytes. */
function payloadMismatch(ctx: HandlerContext): boolean {
  const claimed = ctx.req.headers['x-amz-content-sha256'];
  if (typeof claimed !== 'string' || claimed === 'UNSIGNED-PAYLOAD') return false;
  if (claimed === crypto.createHash('sha256').update(ctx.record.rawBody).digest('hex')) return false;
  awsError(ctx, 400, 'InvalidSignatureException', 'The provided x-amz-content-sha256 header does not match what was computed.');
  return true;
}

export function handleBedrock(ctx: HandlerContext): boolean | Promise<boolean> {
  const o = ctx.options.bedrock;
  if (!o) return false;
  const { record } = ctx;
  const invoke = record.method === 'POST' ? invokePath.exec(record.path) : null;
  const list = record.method === 'GET' && (record.path === '/foundation-models' || record.path === '/inference-profiles');
  if (!invoke && !list) return false;
  const modelId = invoke ? decodeURIComponent(invoke[1]) : '';
  const conversing = invoke !== null && invoke[2].startsWith('converse');
  const claude = invoke !== null && !conversing && isClaude(modelId);
  if (claude || conversing) {
    record.protocol = conversing ? 'bedrock-converse' : 'bedrock';
    record.model = modelId;
    record.stream = invoke[2].endsWith('stream');
    record.aws = authOf(ctx);
  }
  if (refused(ctx, o) || (invoke && payloadMismatch(ctx))) return true;
  if (conversing) return converse(ctx, record.stream === true, awsError).then(() => true);
  if (claude) return invokeClaude(ctx, modelId, record.stream === true).then(() => true);
  if (invoke && invoke[2] !== 'invoke') awsError(ctx, 400, 'ValidationException', 'This double streams only Claude models.');
  else if (invoke) invokeEmbedding(ctx, o, modelId);
  else if (record.path === '/foundation-models') listFoundationModels(ctx, o);
  else listInferenceProfiles(ctx, o);
  return true;
}
