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
 * Served by startUpstream when `bedrock` is in its options. Every request must carry a SigV4
 * Authorization header for `bedrock` in the double's region, checked against the secret key
 * (or `Authorization: Bearer <Bedrock API key>` when `apiKey` is set). Failures answer the
 * way AWS does: a 403 with `x-amzn-ErrorType` and `{ "message": … }`.
 */
import type { HandlerContext } from './types';
import { fakeVector } from './embeddings';
import { checkSigV4, parseSigV4, type Credentials } from './sigv4';
import { randomId, sendJson, tokens } from './wire';

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

const invokePath = /^\/model\/([^/]+)\/invoke$/;

export function handleBedrock(ctx: HandlerContext): boolean {
  const o = ctx.options.bedrock;
  if (!o) return false;
  const { record } = ctx;
  const invoke = record.method === 'POST' ? invokePath.exec(record.path) : null;
  const list = record.method === 'GET' && (record.path === '/foundation-models' || record.path === '/inference-profiles');
  if (!invoke && !list) return false;
  if (refused(ctx, o)) return true;
  if (invoke) invokeEmbedding(ctx, o, decodeURIComponent(invoke[1]));
  else if (record.path === '/foundation-models') listFoundationModels(ctx, o);
  else listInferenceProfiles(ctx, o);
  return true;
}
