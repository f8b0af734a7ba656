/**
 * Zoo Code (ZooCodeOrganization.zoo-code) and Roo Code (RooVeterinaryInc.roo-cline, discontinued
 * in May 2026, which Zoo Code continues). Neither has a config file to edit: both export an API
 * (`@roo-code/types`, RooCodeAPI) whose `upsertProfile` saves a provider profile and activates
 * it. The plan is that profile, named "Switchboard"; the host hands it to the first installed
 * extension, adding the key, which the extension keeps in VS Code's SecretStorage.
 *
 * Field names checked against the zod schemas of @roo-code/types 1.115.0 (providerSettingsSchema)
 * and Zoo Code's own. Each upsert replaces the whole profile, so a field left out is unset.
 */
import type { WireProtocol } from '../../providers/providerTypes';
import { protocolMismatch, type AgentAdapter, type Endpoint, type PlanResult } from '../agentAdapter';
import { anthropicRoot } from './claudeCode';
import { geminiRoot } from './geminiCli';

/** Zoo Code first: Roo Code no longer gets fixes. */
export const rooExtensionIds = ['zoocodeorganization.zoo-code', 'rooveterinaryinc.roo-cline'] as const;

/** The profile Switchboard owns in Zoo/Roo Code. */
export const rooProfileName = 'Switchboard';

interface RooProvider {
  readonly settings: (endpoint: Endpoint) => Record<string, unknown>;
  readonly keyField: string;
  /** What the user should know about this route, if anything. */
  readonly caveat?: (endpoint: Endpoint) => string | undefined;
}

const trimmed = (url: string) => url.replace(/\/+$/, '');
const headerNames = (endpoint: Endpoint) => Object.keys(endpoint.headers);
const noHeaders = (provider: string) => (endpoint: Endpoint) =>
  headerNames(endpoint).length ? `Zoo Code’s ${provider} provider takes no custom headers: ${headerNames(endpoint).join(', ')} not sent` : undefined;

/** One Zoo/Roo provider per protocol. */
const providers: Record<WireProtocol, RooProvider> = {
  // "OpenAI Compatible": any model id, with the model's limits as custom model info.
  'openai-chat': {
    keyField: 'openAiApiKey',
    settings: (endpoint) => ({
      apiProvider: 'openai',
      openAiBaseUrl: trimmed(endpoint.baseUrl),
      openAiModelId: endpoint.modelId,
      openAiCustomModelInfo: {
        contextWindow: endpoint.contextLimit,
        ...(endpoint.maxOutputTokens !== undefined ? { maxTokens: endpoint.maxOutputTokens } : {}),
        supportsPromptCache: false,
      },
      ...(headerNames(endpoint).length ? { openAiHeaders: { ...endpoint.headers } } : {}),
    }),
  },
  // "OpenAI" (native) speaks Responses; the OpenAI SDK takes the base URL with its /v1.
  'openai-responses': {
    keyField: 'openAiNativeApiKey',
    settings: (endpoint) => ({ apiProvider: 'openai-native', openAiNativeBaseUrl: trimmed(endpoint.baseUrl), apiModelId: endpoint.modelId }),
    caveat: (endpoint) =>
      [
        'Zoo Code’s OpenAI provider uses only the OpenAI model ids it knows; any other falls back to its default model',
        noHeaders('OpenAI')(endpoint),
      ].filter(Boolean).join('; '),
  },
  // The Anthropic SDK appends /v1/messages to the root.
  'anthropic-messages': {
    keyField: 'apiKey',
    settings: (endpoint) => ({ apiProvider: 'anthropic', anthropicBaseUrl: anthropicRoot(endpoint.baseUrl), apiModelId: endpoint.modelId }),
    caveat: noHeaders('Anthropic'),
  },
  // @google/genai appends /v1beta to the root.
  gemini: {
    keyField: 'geminiApiKey',
    settings: (endpoint) => ({ apiProvider: 'gemini', googleGeminiBaseUrl: geminiRoot(endpoint.baseUrl), apiModelId: endpoint.modelId }),
    caveat: noHeaders('Gemini'),
  },
};

export const roo: AgentAdapter = {
  id: 'roo',
  label: 'Zoo/Roo Code',
  protocols: ['openai-chat', 'openai-responses', 'anthropic-messages', 'gemini'],
  keyDeliveries: ['extension'],

  configFiles: () => [],

  plan(endpoint: Endpoint): PlanResult {
    const mismatch = protocolMismatch(this, endpoint);
    if (mismatch) return mismatch;
    const { key } = endpoint;
    // planAgent only hands us 'extension' or 'none': the key never travels any other way.
    if (key.kind !== 'extension' && key.kind !== 'none') return { ok: false, reason: 'Zoo/Roo Code takes its key only through its own extension API.' };
    const provider = providers[endpoint.protocol];
    const caveat = provider.caveat?.(endpoint);
    return {
      ok: true,
      plan: {
        agent: 'roo',
        files: [],
        terminalEnv: {},
        extensionProfile: {
          extensionIds: rooExtensionIds,
          name: rooProfileName,
          settings: provider.settings(endpoint),
          ...(key.kind === 'extension' ? { keyField: provider.keyField } : {}),
        },
        pickup: 'live',
        notes: [
          key.kind === 'extension' ? 'the key goes to Zoo/Roo Code, which keeps it in VS Code’s secret storage' : 'no key is needed',
          `Zoo/Roo Code switches to its “${rooProfileName}” profile at once`,
          ...(caveat ? [caveat] : []),
        ],
      },
    };
  },
};
