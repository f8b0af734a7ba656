/**
 * The host side of Test Connection and Refresh Models: builds what a call needs from the
 * store (reading the secret at the moment of use), loads dist/connect.js on first use, and
 * keeps the last good model list per provider. A key command's key the upstream refuses is
 * fetched again at once (see withFreshKey).
 */
import type { ConnectRequest, ListOutcome, TestOutcome } from '../providers/connect/operations';
import type { ProviderTarget } from '../providers/connect/target';
import type { ListedModel } from '../providers/modelList/parse';
import type { Provider } from '../providers/provider';
import { effectiveBaseUrl, providerType } from '../providers/providerTypes';
import type { Store } from './store/store';

// A plain require of the separate bundle (see connectRuntime.ts); Node caches it after the first use.
const runtime = (): typeof import('./connectRuntime') => require('./connect');

/** The last list a refresh got, kept in globalState so a failed refresh can still offer it. */
export interface CachedModelList {
  /** ISO time of the successful refresh. */
  readonly fetchedAt: string;
  readonly models: readonly ListedModel[];
}

/** Where the secret comes from: the store (default), or a value typed in a form and not saved yet. */
export type SecretSource = { readonly from: 'store' } | { readonly from: 'value'; readonly value: string | undefined };

export async function targetFor(store: Store, provider: Provider, secret: SecretSource = { from: 'store' }): Promise<ProviderTarget> {
  const type = providerType(provider.type);
  // A user's own action: a key command that failed lately runs again.
  const key = secret.from === 'value' ? secret.value : await store.secrets.keyForCall(provider.id, { retry: true });
  const baseUrl = effectiveBaseUrl(provider.type, provider.baseUrl);
  const probe = provider.models.find((m) => m.kind === 'chat')?.id;
  return {
    type: provider.type,
    typeLabel: type.label,
    ...(baseUrl ? { baseUrl } : {}),
    ...(key ? { secret: key } : {}),
    headers: { ...provider.headers },
    ...(provider.type === 'azure-openai' ? { apiVersion: provider.apiVersion } : {}),
    ...(provider.type === 'bedrock' ? { region: provider.region, aws: provider.aws } : {}),
    ...(probe ? { probeModel: probe } : {}),
  };
}

/** The proxy password a call sends: read now from the store, or as typed in a form; undefined without a proxy. */
export async function proxyPasswordFor(store: Store, provider: Provider, source: SecretSource = { from: 'store' }): Promise<string | undefined> {
  if (!provider.network?.proxy) return undefined;
  return source.from === 'value' ? source.value : store.secrets.readProxyPassword(provider.id, provider.network.proxy);
}

/** The network part of a request: the provider's settings, and its proxy password when a proxy is set. */
async function networkFor(store: Store, provider: Provider, passwordSource?: SecretSource): Promise<Pick<ConnectRequest, 'network' | 'proxyPassword'>> {
  if (!provider.network) return {};
  const password = await proxyPasswordFor(store, provider, passwordSource);
  return { network: provider.network, ...(password !== undefined ? { proxyPassword: password } : {}) };
}

/**
 * Makes the call; when the upstream refuses a key that a key command printed (the vault's key
 * may have been rotated since), runs the command again at once and, if it prints another key,
 * makes the call once more with that. A key typed in the form is not retried.
 */
async function withFreshKey<O extends TestOutcome | ListOutcome>(store: Store, provider: Provider, secret: SecretSource, call: (target: ProviderTarget) => Promise<O>): Promise<O> {
  const target = await targetFor(store, provider, secret);
  const first = await call(target);
  const refused = !first.ok && first.failure.kind === 'auth';
  if (!refused || secret.from === 'value' || !store.secrets.keyRejected(provider.id, { retry: true })) return first;
  // Rejects, saying why, when the command fails now (a vault that locked meanwhile).
  const key = await store.secrets.keyForCall(provider.id, { retry: true });
  return key !== undefined && key !== target.secret ? call({ ...target, secret: key }) : first;
}

/** `proxyPassword` as `secret`: the store's, or a value typed in the panel's form. */
export async function testProvider(store: Store, provider: Provider, signal?: AbortSignal, secret: SecretSource = { from: 'store' }, proxyPassword?: SecretSource): Promise<TestOutcome> {
  const network = await networkFor(store, provider, proxyPassword);
  return withFreshKey(store, provider, secret, (target) => runtime().runTestConnection({ target, ...network, ...(signal ? { signal } : {}) }));
}

/** Test Connection on one embedding model: an embeddings call instead of the model list. */
export async function testEmbeddingModel(store: Store, provider: Provider, modelId: string, signal?: AbortSignal): Promise<TestOutcome> {
  const network = await networkFor(store, provider);
  return withFreshKey(store, provider, { from: 'store' }, (target) => runtime().runTestEmbedding({ target, ...network, ...(signal ? { signal } : {}) }, modelId));
}

export async function listProviderModels(store: Store, provider: Provider, signal?: AbortSignal): Promise<ListOutcome> {
  const network = await networkFor(store, provider);
  const outcome = await withFreshKey(store, provider, { from: 'store' }, (target) => runtime().runListModels({ target, ...network, ...(signal ? { signal } : {}) }));
  if (outcome.ok) await store.saveModelList(provider.id, { fetchedAt: new Date().toISOString(), models: outcome.models } satisfies CachedModelList);
  return outcome;
}

export function cachedModelList(store: Store, providerId: string): CachedModelList | undefined {
  const cached = store.modelList<CachedModelList>(providerId);
  return cached && Array.isArray(cached.models) && typeof cached.fetchedAt === 'string' ? cached : undefined;
}

/** One line for a test result: what happened and, on failure, what to change. */
export function describeTest(provider: Provider, outcome: TestOutcome): string {
  if (!outcome.ok) return outcome.failure.hint ? `${outcome.failure.message} ${outcome.failure.hint}` : outcome.failure.message;
  const what =
    outcome.via === 'list'
      ? `listed ${outcome.models} model${outcome.models === 1 ? '' : 's'}`
      : outcome.via === 'embedding'
        ? `embedded a word (${outcome.dimensions} dimensions)`
        : 'answered a 1-token request (it offers no model list)';
  return `“${provider.name}” is reachable and the key works: it ${what} in ${outcome.ms} ms.`;
}
