/**
 * The one protocol between the settings panel (webview) and the extension host. Each
 * message is defined once, as a zod schema, and its type is inferred from it. The host
 * safeParses everything the webview sends. No message has a field that carries a secret back
 * to the webview: the only secret fields are `key.value` and `proxyPassword.value` in
 * saveProvider and testConnection, going to the host.
 */
import * as z from 'zod';
import type { ProxyPasswordChange } from '../providers/network/proxyPassword';

// ---------------------------------------------------------------------------------------
// Form descriptors: generated on the host from the zod option schemas, rendered by the
// webview. The webview never needs zod itself.

export const fieldControls = ['text', 'number', 'toggle', 'segmented', 'dropdown', 'json'] as const;

export const fieldDescriptorSchema = z.object({
  /** Path of the value inside the model, e.g. "temperature" or "options.effort". */
  key: z.string(),
  label: z.string(),
  description: z.string().optional(),
  control: z.enum(fieldControls),
  required: z.boolean(),
  /** Choices for segmented controls and dropdowns. */
  options: z.array(z.string()).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  /** Shown beside the field: "tokens", "%". */
  unit: z.string().optional(),
  /** The range as users read it: "0.0–2.0", "≥ 1,024". */
  hint: z.string().optional(),
  /** A reasoning control (on/off, effort, thinking budget): the form narrows it to the model's reasoning controls. */
  reasoning: z.enum(['toggle', 'effort', 'budget']).optional(),
});
export type FieldDescriptor = z.infer<typeof fieldDescriptorSchema>;

export const formDescriptorSchema = z.object({ fields: z.array(fieldDescriptorSchema) });
export type FormDescriptor = z.infer<typeof formDescriptorSchema>;

// ---------------------------------------------------------------------------------------
// Views the host sends. They are built from the store and hold no secret by construction.

export const keyStates = ['set', 'missing', 'optional', 'not-needed'] as const;

/** The longest key command problem a view carries; the host shortens a longer one. */
export const keyCommandProblemMax = 300;

const modelView = z.object({
  id: z.string(),
  displayName: z.string().optional(),
  contextLimit: z.number(),
  compressionThreshold: z.number().optional(),
  maxOutputTokens: z.number().optional(),
  temperature: z.number().optional(),
  topP: z.number().optional(),
  topK: z.number().optional(),
  presencePenalty: z.number().optional(),
  frequencyPenalty: z.number().optional(),
  kind: z.enum(['chat', 'embedding']),
  /** Catalog metadata, kept as stored so an edit in the panel never drops it. */
  modalities: z.object({ input: z.array(z.string()), output: z.array(z.string()) }).optional(),
  reasoning: z.boolean().optional(),
  reasoningControls: z.record(z.string(), z.unknown()).optional(),
  options: z.record(z.string(), z.unknown()).optional(),
});
export type ModelView = z.infer<typeof modelView>;

export const providerViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  /** What the user typed; absent means the type's default. */
  baseUrl: z.string().optional(),
  agents: z.array(z.string()),
  headers: z.record(z.string(), z.string()),
  /** apiVersion (Azure), region and aws (Bedrock). */
  typeFields: z.record(z.string(), z.unknown()),
  /** Proxy, no-proxy hosts, CA file, timeout and the invalid-certificate opt-in, as stored. */
  network: z
    .object({
      proxy: z.string().optional(),
      noProxy: z.array(z.string()).optional(),
      caBundlePath: z.string().optional(),
      timeoutMs: z.number().optional(),
      allowInvalidCertificate: z.boolean().optional(),
    })
    .optional(),
  /** "set" or "missing" for providers that need a key; never the key itself. */
  keyState: z.enum(keyStates),
  /** True when the key comes from a command on this machine (keyState "set"); never the command. */
  keyFromCommand: z.literal(true).optional(),
  /**
   * With keyFromCommand: why the command failed when it last ran, until a run works (the exit
   * code and the last line of its stderr; never what it printed on stdout, never the command).
   */
  keyCommandProblem: z.string().max(keyCommandProblemMax).optional(),
  /** True when a proxy password is stored; never the password itself. */
  proxyPasswordSet: z.boolean().optional(),
  models: z.array(modelView),
  /** Fingerprint of the provider as stored; sent back with edits to detect races. */
  etag: z.string(),
  /** Present when the provider comes from the team source: read-only, with the reason to show. */
  managed: z
    .object({
      /** Why it cannot be edited or removed, naming the source and whom to ask. */
      reason: z.string(),
      /** How the developer authenticates: their own token (settable here), an environment variable, or nothing. */
      auth: z.enum(['personalToken', 'env', 'none']),
      /** With auth "env": the variable's name, never its value. */
      variable: z.string().optional(),
    })
    .optional(),
});
export type ProviderView = z.infer<typeof providerViewSchema>;

export const providerTypeViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  defaultBaseUrl: z.string().optional(),
  baseUrlHint: z.string().optional(),
  baseUrlRequired: z.boolean(),
  auth: z.enum(['apiKey', 'optionalKey', 'oauth', 'aws']),
  optionFamily: z.string(),
  modelIdMeaning: z.string().optional(),
});
export type ProviderTypeView = z.infer<typeof providerTypeViewSchema>;

/** Where the host found an agent; every field absent means "not found". */
export const agentDetectionSchema = z.object({
  /** Path of its CLI on PATH. */
  cli: z.string().optional(),
  /** Id of its installed VS Code extension. */
  extension: z.string().optional(),
  /** Its config folder, when it exists. */
  configFolder: z.string().optional(),
  /** Part of VS Code itself. */
  builtIn: z.boolean().optional(),
});
export type AgentDetectionView = z.infer<typeof agentDetectionSchema>;

export const deliveryKinds = ['helper', 'env', 'plaintext', 'extension', 'none'] as const;
export const pickupKinds = ['live', 'new-session', 'restart'] as const;

export const agentViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** Switchboard can write this agent's config (it has an adapter). Absent until the host has looked. */
  configurable: z.boolean().optional(),
  /** Absent while the host is still looking (detection follows the first state). */
  detection: agentDetectionSchema.optional(),
  /** Switchboard changed files of this agent and keeps the originals. Absent until the host has looked. */
  revertible: z.boolean().optional(),
  /** The last successful apply on this machine. */
  lastApplied: z
    .object({
      /** ISO time. */
      time: z.string(),
      ref: z.string(),
      /** "Model · Provider", or the ref when it no longer resolves. */
      model: z.string(),
      /** How the key reaches the agent; never the key. */
      delivery: z.enum(deliveryKinds),
      /** When a running agent sees the change. */
      pickup: z.enum(pickupKinds),
      /** It talks to Switchboard's gateway; `delivery` is then how the gateway token reaches it. */
      gateway: z.boolean().optional(),
    })
    .optional(),
  /** The user routes it through the gateway even where it could talk to the provider (switchboard.gateway.agents). */
  gatewayRouted: z.boolean().optional(),
  /** Why the last attempt failed; cleared by the next success. */
  problem: z.string().optional(),
});
export type AgentView = z.infer<typeof agentViewSchema>;

// ---------------------------------------------------------------------------------------
// Host → webview.

export const toWebviewSchema = z.discriminatedUnion('type', [
  /** The whole picture, after ready and after every store change (from any window). */
  z.object({
    type: z.literal('state'),
    providers: z.array(providerViewSchema),
    defaultRef: z.string().optional(),
    lastUsedRef: z.string().optional(),
    /** The embedding model (an embedding-kind model's ref); absent when none is set. */
    embeddingRef: z.string().optional(),
    /** agent id → model ref. */
    assignments: z.record(z.string(), z.string()),
    /** Refs of models the status bar may pick (usable provider, chat kind). */
    usableRefs: z.array(z.string()),
    types: z.array(providerTypeViewSchema),
    agents: z.array(agentViewSchema),
    /** The general model fields. */
    modelForm: formDescriptorSchema,
    /** Provider-specific fields, by option family (aliases resolved on the host). */
    optionForms: z.record(z.string(), formDescriptorSchema),
    /** Team mode: where the managed providers come from, and what the developer should know. */
    team: z
      .object({
        source: z.string(),
        /** "Platform team (ai@example.com)", or "your administrator". */
        contact: z.string(),
        allowPersonalProviders: z.boolean(),
        /** The source could not be read, or is malformed: what is in use instead. */
        problem: z.string().optional(),
        /** No model is usable: whom to contact. */
        noUsableModels: z.string().optional(),
      })
      .optional(),
  }),
  /** The answer to one request. `fieldErrors` maps field keys to messages shown inline. */
  z.object({
    type: z.literal('result'),
    requestId: z.string(),
    ok: z.boolean(),
    message: z.string().optional(),
    fieldErrors: z.record(z.string(), z.string()).optional(),
    /** The item changed elsewhere since the form opened; nothing was saved. */
    conflict: z.boolean().optional(),
    /** The id of a provider the request created. */
    createdId: z.string().optional(),
  }),
]);
export type ToWebview = z.infer<typeof toWebviewSchema>;
export type StateMessage = Extract<ToWebview, { type: 'state' }>;
export type ResultMessage = Extract<ToWebview, { type: 'result' }>;

// ---------------------------------------------------------------------------------------
// Webview → host. Every request carries a requestId, answered by one `result`.

const requestId = z.string().min(1).max(64);
const id = z.string().min(1).max(64);
const ref = z.string().min(3).max(600);

/**
 * The network fields as typed. Errors come back keyed network.proxy, network.noProxy,
 * network.caBundlePath, network.timeout (seconds here, stored as timeoutMs).
 */
export const networkFormSchema = z.object({
  proxy: z.string().max(10_000).optional(),
  /** Hosts separated by commas, spaces or new lines. */
  noProxy: z.string().max(20_000).optional(),
  caBundlePath: z.string().max(10_000).optional(),
  /** Seconds, as typed; empty means the default. */
  timeout: z.string().max(64).optional(),
  allowInvalidCertificate: z.boolean().optional(),
});
export type NetworkForm = z.infer<typeof networkFormSchema>;

/** What the provider form submits. Validated again, fully, by the domain schemas. */
export const providerFormSchema = z.object({
  name: z.string().max(10_000),
  type: z.string().max(64),
  baseUrl: z.string().max(10_000).optional(),
  agents: z.array(z.string().max(64)).max(64),
  headers: z.record(z.string().max(1000), z.string().max(10_000)).optional(),
  apiVersion: z.string().max(64).optional(),
  region: z.string().max(64).optional(),
  aws: z.record(z.string(), z.string().max(256)).optional(),
  network: networkFormSchema.optional(),
});
export type ProviderForm = z.infer<typeof providerFormSchema>;

/** What happens to the key on save. The key text goes to the host once, and never back. */
export const keyChangeSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('keep') }),
  z.object({ action: z.literal('set'), value: z.string().max(10_000) }),
  z.object({ action: z.literal('clear') }),
]);
export type KeyChange = z.infer<typeof keyChangeSchema>;

/**
 * What happens to the proxy password on save, like the key: typed text goes to the host once,
 * and never back. The host checks it as the store does (one line, at most 1024 characters) and
 * answers under network.proxyPassword; a proxy URL without a user name, or another host or user, drops a stored one.
 */
export const proxyPasswordChangeSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('keep') }),
  z.object({ action: z.literal('set'), value: z.string().min(1, 'Type the password, or keep the current one.').max(10_000) }),
  z.object({ action: z.literal('clear') }),
]) satisfies z.ZodType<ProxyPasswordChange>;
export type { ProxyPasswordChange };
// And the other way: every change the store knows has a schema here.
const everyChangeParses = (change: ProxyPasswordChange): z.infer<typeof proxyPasswordChangeSchema> => change;
void everyChangeParses;

export const toHostSchema = z.discriminatedUnion('type', [
  /** The webview is listening; the host answers with `state`. */
  z.object({ type: z.literal('ready') }),
  /** Adds a provider (no id) or edits one (id and the etag it was opened with). */
  z.object({ type: z.literal('saveProvider'), requestId, id: id.optional(), etag: z.string().max(128).optional(), provider: providerFormSchema, key: keyChangeSchema, proxyPassword: proxyPasswordChangeSchema.optional() }),
  /** Removes a provider; refused while agents or the default use it. */
  z.object({ type: z.literal('deleteProvider'), requestId, id }),
  /** Adds a model (no originalId) or replaces one; etag is the provider's. */
  z.object({ type: z.literal('saveModel'), requestId, providerId: id, originalId: z.string().max(600).optional(), etag: z.string().max(128).optional(), model: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('deleteModel'), requestId, ref }),
  /** Stars one model. */
  z.object({ type: z.literal('setDefaultModel'), requestId, ref }),
  /** Points an agent at a model, or back at the default (null). */
  z.object({ type: z.literal('assignAgent'), requestId, agent: id, ref: ref.nullable() }),
  /** Writes the agent's current model (its assignment, else the status bar's) to its config now. */
  z.object({ type: z.literal('applyAgentNow'), requestId, agent: id }),
  /** Routes the agent through the gateway (so picks reach it live), or lets it talk to providers directly again; then re-applies it. */
  z.object({ type: z.literal('routeThroughGateway'), requestId, agent: id, on: z.boolean() }),
  /** Opens a diff of each of the agent's config files against what Apply would write; writes nothing. */
  z.object({ type: z.literal('previewAgent'), requestId, agent: id }),
  /** Restores the agent's files from their backups, after a confirmation on the host. */
  z.object({ type: z.literal('revertAgent'), requestId, agent: id }),
  /**
   * Tests a saved provider (`id` alone), or the form's unsaved values (`provider`, with `id`
   * when editing, and the key and proxy password as the form would save them). Answered with ok and a message that
   * says what failed and what to change; nothing is saved. With `id` and `model` (a saved
   * embedding model of that provider), one embeddings call with that model instead.
   */
  z.object({ type: z.literal('testConnection'), requestId, id: id.optional(), provider: providerFormSchema.optional(), key: keyChangeSchema.optional(), proxyPassword: proxyPasswordChangeSchema.optional(), model: z.string().max(600).optional() }),
  /** Runs "Use a Key Command…" for a saved provider: the command is asked for and tried in VS Code, never here. */
  z.object({ type: z.literal('useKeyCommand'), requestId, id }),
  /** Runs Refresh Models for a saved provider; the model picker opens in VS Code. */
  z.object({ type: z.literal('refreshModels'), requestId, id }),
  /** Sets (or, with null, clears) the developer's own token for a provider their team manages with auth "personalToken". */
  z.object({ type: z.literal('setTeamToken'), requestId, id, token: z.string().max(10_000).nullable() }),
]);
export type ToHost = z.infer<typeof toHostSchema>;
export type ToHostOf<T extends ToHost['type']> = Extract<ToHost, { type: T }>;
