/** Fixture builders for providers, models and documents. */
import { emptyDocument, type StoredDocument } from '../../src/providers/document';
import type { Model } from '../../src/providers/model';
import type { Provider } from '../../src/providers/provider';

export function model(id: string, extra: Partial<Model> = {}): Model {
  return { id, contextLimit: 128_000, kind: 'chat', ...extra };
}

export function provider(id: string, extra: Partial<Provider> & { models?: Model[] } = {}): Provider {
  return { id, name: id.toUpperCase(), type: 'openai', agents: [], models: [], ...extra } as Provider;
}

export function documentWith(providers: Provider[], extra: Partial<StoredDocument> = {}): StoredDocument {
  return { ...emptyDocument(), providers, ...extra };
}
