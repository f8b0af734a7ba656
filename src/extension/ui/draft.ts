import type { NewProvider } from '../../providers/operations';
import type { ProviderDraft } from './providerSteps';

/** Turns a finished draft into the provider to store. The key is not part of it. */
export function draftToProvider(d: ProviderDraft): NewProvider {
  const common = { name: d.name!, agents: d.agents ?? [], ...(d.baseUrl ? { baseUrl: d.baseUrl } : {}) };
  switch (d.type) {
    case 'azure-openai':
      return { ...common, type: d.type, apiVersion: d.apiVersion! };
    case 'bedrock':
      return { ...common, type: d.type, region: d.region!, aws: d.aws as never };
    case undefined:
      throw new Error('A provider draft has no type.');
    default:
      return { ...common, type: d.type };
  }
}
