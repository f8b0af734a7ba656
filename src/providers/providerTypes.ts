/**
 * The provider-type registry: everything Switchboard knows about a kind of provider
 * before the user has typed anything. Sourced from Codeg, Coder Agents and Takopi.
 */
export const providerTypeIds = [
  'openai',
  'anthropic',
  'gemini',
  'azure-openai',
  'bedrock',
  'openai-compatible',
  'openrouter',
  'vercel',
  'deepseek',
  'zai',
  'opencode-zen',
  'ollama',
  'lmstudio',
  'codex',
] as const;

export type ProviderTypeId = (typeof providerTypeIds)[number];

/**
 * How a provider authenticates.
 * - `apiKey`: a key is required.
 * - `optionalKey`: local servers that usually run without a key.
 * - `oauth`: a sign-in flow (ChatGPT for Codex); no key is typed.
 * - `aws`: an AWS profile, an access key pair, or a Bedrock API key.
 */
export type AuthKind = 'apiKey' | 'optionalKey' | 'oauth' | 'aws';

/** The request format the provider's endpoint speaks. */
export type WireProtocol = 'openai-chat' | 'openai-responses' | 'anthropic-messages' | 'gemini';

/** Which provider-specific option schema a type's models use. */
export type OptionFamily = 'openai' | 'anthropic' | 'gemini' | 'openrouter' | 'vercel';

export interface ProviderType {
  readonly id: ProviderTypeId;
  readonly label: string;
  /** Used when the user leaves the base URL empty; absent where no single URL fits. */
  readonly defaultBaseUrl?: string;
  /** Shown as a hint when there is no default (Azure resources, self-hosted servers). */
  readonly baseUrlHint?: string;
  readonly baseUrlRequired: boolean;
  readonly auth: AuthKind;
  readonly protocol: WireProtocol;
  readonly optionFamily: OptionFamily;
  /** The type serves embedding models (kind "embedding"): an embeddings endpoint exists. */
  readonly embeddings: boolean;
  /** What a model id means for this type, when it is not the vendor's model name. */
  readonly modelIdMeaning?: string;
}

const types: readonly ProviderType[] = [
  { id: 'openai', label: 'OpenAI', defaultBaseUrl: 'https://api.openai.com/v1', baseUrlRequired: false, auth: 'apiKey', protocol: 'openai-responses', optionFamily: 'openai', embeddings: true },
  // Anthropic has no embeddings endpoint (its docs point to Voyage AI), so no embedding models.
  { id: 'anthropic', label: 'Anthropic', defaultBaseUrl: 'https://api.anthropic.com/v1', baseUrlRequired: false, auth: 'apiKey', protocol: 'anthropic-messages', optionFamily: 'anthropic', embeddings: false },
  { id: 'gemini', label: 'Google AI (Gemini)', defaultBaseUrl: 'https://generativelanguage.googleapis.com/v1beta', baseUrlRequired: false, auth: 'apiKey', protocol: 'gemini', optionFamily: 'gemini', embeddings: true },
  { id: 'azure-openai', label: 'Azure OpenAI', baseUrlHint: 'https://<resource>.openai.azure.com/openai', baseUrlRequired: true, auth: 'apiKey', protocol: 'openai-chat', optionFamily: 'openai', embeddings: true, modelIdMeaning: 'deployment name' },
  { id: 'bedrock', label: 'Amazon Bedrock', baseUrlHint: 'https://bedrock-runtime.<region>.amazonaws.com', baseUrlRequired: false, auth: 'aws', protocol: 'anthropic-messages', optionFamily: 'anthropic', embeddings: true },
  { id: 'openai-compatible', label: 'OpenAI-compatible', baseUrlHint: 'http://127.0.0.1:8000/v1', baseUrlRequired: true, auth: 'apiKey', protocol: 'openai-chat', optionFamily: 'openai', embeddings: true },
  { id: 'openrouter', label: 'OpenRouter', defaultBaseUrl: 'https://openrouter.ai/api/v1', baseUrlRequired: false, auth: 'apiKey', protocol: 'openai-chat', optionFamily: 'openrouter', embeddings: true },
  { id: 'vercel', label: 'Vercel AI Gateway', defaultBaseUrl: 'https://ai-gateway.vercel.sh/v3/ai', baseUrlRequired: false, auth: 'apiKey', protocol: 'openai-chat', optionFamily: 'vercel', embeddings: true },
  { id: 'deepseek', label: 'DeepSeek', defaultBaseUrl: 'https://api.deepseek.com/v1', baseUrlRequired: false, auth: 'apiKey', protocol: 'openai-chat', optionFamily: 'openai', embeddings: true },
  { id: 'zai', label: 'Z.ai', defaultBaseUrl: 'https://api.z.ai/api/paas/v4', baseUrlRequired: false, auth: 'apiKey', protocol: 'openai-chat', optionFamily: 'openai', embeddings: true },
  { id: 'opencode-zen', label: 'OpenCode Zen', defaultBaseUrl: 'https://opencode.ai/zen/v1', baseUrlRequired: false, auth: 'apiKey', protocol: 'openai-chat', optionFamily: 'openai', embeddings: true },
  { id: 'ollama', label: 'Ollama', defaultBaseUrl: 'http://localhost:11434/v1', baseUrlRequired: false, auth: 'optionalKey', protocol: 'openai-chat', optionFamily: 'openai', embeddings: true },
  { id: 'lmstudio', label: 'LM Studio', defaultBaseUrl: 'http://localhost:1234/v1', baseUrlRequired: false, auth: 'optionalKey', protocol: 'openai-chat', optionFamily: 'openai', embeddings: true },
  { id: 'codex', label: 'Codex (ChatGPT sign-in)', defaultBaseUrl: 'https://chatgpt.com/backend-api/codex', baseUrlRequired: false, auth: 'oauth', protocol: 'openai-responses', optionFamily: 'openai', embeddings: false },
];

const byId = new Map<ProviderTypeId, ProviderType>(types.map((t) => [t.id, t]));

export const providerTypes: readonly ProviderType[] = types;

export function providerType(id: ProviderTypeId): ProviderType {
  const found = byId.get(id);
  if (!found) throw new Error(`Unknown provider type "${id}".`);
  return found;
}

export function isProviderTypeId(value: string): value is ProviderTypeId {
  return byId.has(value as ProviderTypeId);
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const host = new URL(url).hostname;
    return loopbackHosts.has(host) || host.startsWith('127.');
  } catch {
    return false;
  }
}

/**
 * Whether a provider can be used with no key typed: local servers, OpenAI-compatible
 * servers on loopback, and types whose credentials come from elsewhere (sign-in, AWS profile).
 */
export function keyIsOptional(type: ProviderTypeId, baseUrl: string | undefined): boolean {
  const { auth } = providerType(type);
  if (auth === 'optionalKey') return true;
  if (type === 'openai-compatible') return isLoopbackUrl(baseUrl);
  return false;
}

/** The URL requests go to: the user's, else the type's default. */
export function effectiveBaseUrl(type: ProviderTypeId, baseUrl: string | undefined): string | undefined {
  return baseUrl ?? providerType(type).defaultBaseUrl;
}
