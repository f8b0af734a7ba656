/**
 * What every agent adapter is: a pure planner from "this endpoint" to the exact edits of the
 * agent's own config files, plus the environment its terminals need. Adapters never see a
 * key unless the user opted in to plaintext for that agent; they get a delivery descriptor.
 */
import type { AgentId } from '../providers/agentCatalog';
import type { ProviderTypeId, WireProtocol } from '../providers/providerTypes';
import type { ConfigFormat, KeyEdit, StaleKeys } from './edit/editTypes';

/** How the key reaches the agent. */
export type KeyDelivery =
  /** The provider needs no key (a local server). */
  | { readonly kind: 'none' }
  /** A command the agent runs; it prints the key (Switchboard's key helper). */
  | { readonly kind: 'helper'; readonly command: string; readonly args: readonly string[] }
  /**
   * An environment variable the agent reads the key from: one VS Code's terminals carry, or,
   * from the CLI, `variable`, the user's own. Agents whose config can name any variable use
   * `variable`; the others read their fixed one (the plan's keyVariable).
   */
  | { readonly kind: 'env'; readonly variable?: string }
  /** Written into the agent's file: only after the user opted in for this agent. */
  | { readonly kind: 'plaintext'; readonly value: string }
  /** Handed by the host to the agent's own extension API, which keeps it in VS Code's SecretStorage (see ExtensionProfile). */
  | { readonly kind: 'extension' };

/** What the host can offer one agent for one provider's key. */
export interface KeyOffer {
  /** The provider has a key in SecretStorage: deliver it even where the type's key is optional. */
  readonly hasKey?: boolean;
  /** Switchboard's key helper, when it is serving: the command that prints this provider's key. */
  readonly helper?: { readonly command: string; readonly args: readonly string[] };
  /** The key itself: only when the user opted in to plaintext for this agent. */
  readonly plaintext?: string;
  /** The variable that already holds the key, where the agent runs (the CLI's --key-env). */
  readonly envVariable?: string;
  /** No key at all, whatever the type: a team proxy that authenticates developers by network. */
  readonly keyless?: boolean;
}

/**
 * The delivery an agent gets: plaintext when the user opted in for that agent (they chose a
 * key that works without VS Code), else the agent's first preference the host can offer.
 * Undefined when only plaintext would work and the user has not opted in.
 */
export function chooseDelivery(accepted: readonly KeyDeliveryKind[], offer: KeyOffer): KeyDelivery | undefined {
  if (offer.plaintext !== undefined && accepted.includes('plaintext')) return { kind: 'plaintext', value: offer.plaintext };
  for (const kind of accepted) {
    if (kind === 'helper' && offer.helper) return { kind: 'helper', command: offer.helper.command, args: offer.helper.args };
    if (kind === 'env') return offer.envVariable ? { kind: 'env', variable: offer.envVariable } : { kind: 'env' };
    if (kind === 'extension') return { kind: 'extension' };
  }
  return undefined;
}

/** What previews show instead of a key: fixed, because a dot per character would tell its length. */
export const keyMask = '••••••••';

/** Every copy of the key in `text` replaced by the mask; a missing or empty key changes nothing. */
export function maskKey(text: string, key: string | undefined): string {
  return key ? text.split(key).join(keyMask) : text;
}

/** The model an agent should talk to, resolved from a provider and one of its models. */
export interface Endpoint {
  readonly providerId: string;
  readonly providerName: string;
  readonly providerType: ProviderTypeId;
  readonly protocol: WireProtocol;
  /** The effective base URL, as the provider type means it (OpenAI-style ones end in /v1). */
  readonly baseUrl: string;
  readonly modelId: string;
  readonly modelName: string;
  readonly contextLimit: number;
  readonly maxOutputTokens?: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly key: KeyDelivery;
}

/** Where the agent's files are: HOME and the variables that move each agent's folder. */
export interface AgentEnvironment {
  readonly home: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface PlannedFile {
  readonly file: string;
  readonly format: ConfigFormat;
  readonly edits: readonly KeyEdit[];
  readonly staleKeys?: StaleKeys;
  /** 0o600 when the file will hold a credential. */
  readonly mode?: number;
}

/**
 * VS Code settings of the agent's own extension, written (user scope) only when that
 * extension is installed. Never a key: VS Code settings sync to other machines.
 */
export interface ExtensionSettings {
  readonly extensionId: string;
  /** Setting id → value. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Settings holding `{ name, value }` lists: these names are Switchboard's (undefined removes one); the user's other entries stay. */
  readonly namedLists?: Readonly<Record<string, Readonly<Record<string, string | undefined>>>>;
}

/**
 * A provider profile set through the API an agent extension exports (Zoo Code and Roo Code
 * have no config file to edit), by the host and only when one of the extensions is
 * installed. No key: with 'extension' delivery the host adds it under `keyField`, and the
 * extension stores its profiles in VS Code's SecretStorage.
 */
export interface ExtensionProfile {
  /** Extension ids (publisher.name, lower case), most preferred first: the first installed one is used. */
  readonly extensionIds: readonly string[];
  /** The profile Switchboard owns; each apply replaces it whole and makes it the active one. */
  readonly name: string;
  /** The profile's settings, in the extension's own field names. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** The settings field the key goes in; absent when no key is delivered. */
  readonly keyField?: string;
}

/** When a running agent sees the change. */
export type Pickup = 'live' | 'new-session' | 'restart';

export interface AgentPlan {
  readonly agent: AgentId;
  readonly files: readonly PlannedFile[];
  /** Variables for VS Code's terminals (never persisted by VS Code). */
  readonly terminalEnv: Readonly<Record<string, string>>;
  readonly extensionSettings?: ExtensionSettings;
  readonly extensionProfile?: ExtensionProfile;
  /** With env delivery: the variable the agent reads its key from; the host fills in the key. */
  readonly keyVariable?: string;
  readonly pickup: Pickup;
  /** Plain sentences for the summary, e.g. "the key comes from Switchboard's key helper". */
  readonly notes: readonly string[];
}

export type PlanResult = { readonly ok: true; readonly plan: AgentPlan } | { readonly ok: false; readonly reason: string };

export type KeyDeliveryKind = Exclude<KeyDelivery['kind'], 'none'>;

export interface AgentAdapter {
  readonly id: AgentId;
  readonly label: string;
  /** The wire protocols the agent can speak to an upstream. */
  readonly protocols: readonly WireProtocol[];
  /** The ways this agent can get a key, most preferred first; plan() only ever sees these (or none). */
  readonly keyDeliveries: readonly KeyDeliveryKind[];
  /** The config files this adapter may write, for detection, backups and revert. */
  configFiles(environment: AgentEnvironment): string[];
  plan(endpoint: Endpoint, environment: AgentEnvironment): PlanResult;
}

const protocolNames: Record<WireProtocol, string> = {
  'openai-chat': 'OpenAI Chat Completions',
  'openai-responses': 'OpenAI Responses',
  'anthropic-messages': 'Anthropic Messages',
  gemini: 'the Gemini API',
};

/** The refusal every adapter gives when the provider speaks a protocol the agent cannot. */
export function protocolMismatch(adapter: Pick<AgentAdapter, 'label' | 'protocols'>, endpoint: Endpoint): PlanResult | undefined {
  if (adapter.protocols.includes(endpoint.protocol)) return undefined;
  const speaks = adapter.protocols.map((p) => protocolNames[p]).join(' or ');
  return {
    ok: false,
    reason: `${adapter.label} speaks only ${speaks}, and “${endpoint.providerName}” speaks ${protocolNames[endpoint.protocol]}; its config was left unchanged.`,
  };
}

/** The folder an agent keeps its files in: its own variable when set, else under HOME. */
export function agentHome(environment: AgentEnvironment, variable: string, ...fallback: string[]): string {
  const own = environment.env[variable];
  return own && own.trim() ? own : [environment.home, ...fallback].join('/');
}

/** The terminal variable that carries a provider's key for agents that name their own variable. */
export function keyVariableFor(providerId: string): string {
  return `SWITCHBOARD_${providerId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_KEY`;
}

/** The variable an agent that can name any variable reads the key from: the offered one, else Switchboard's. */
export function envKeyVariable(endpoint: Endpoint): string {
  return (endpoint.key.kind === 'env' && endpoint.key.variable) || keyVariableFor(endpoint.providerId);
}

/** The id Switchboard's own entry gets in an agent's provider list: prefixed, so it never takes a built-in id. */
export function agentProviderId(providerId: string): string {
  return `switchboard-${providerId}`;
}

/** Switchboard's entries for other providers in a list keyed by agentProviderId, whose key sits `at` in each. */
export function otherProviderKeys(under: readonly string[], current: string, at: readonly string[], isKey: (value: unknown) => boolean = (v) => typeof v === 'string'): StaleKeys {
  return { under, owned: (name) => name.startsWith('switchboard-') && name !== current, at, isKey };
}
