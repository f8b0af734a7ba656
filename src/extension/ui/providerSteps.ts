/**
 * The QuickInput steps that describe a provider, shared by Add Provider and Edit Provider.
 * Which steps appear depends on the type: Azure asks for an api-version, Bedrock for a
 * region and AWS credentials, and keyless types make the key step skippable.
 */
import type * as z from 'zod';
import { agentIds, agentLabel, type AgentId } from '../../providers/agentCatalog';
import { apiKeySchema, baseUrlSchema, firstMessage, providerNameSchema } from '../../providers/fields';
import { awsRegionSchema, azureApiVersionSchema, bedrockAuthSchema, type BedrockAuth } from '../../providers/provider';
import { keyIsOptional, providerType, providerTypes, type ProviderTypeId } from '../../providers/providerTypes';
import type { NetworkForm } from '../../protocol/messages';
import { MultiStepInput, type Step } from './multiStepInput';
import { networkSummary } from './networkDraft';
import { networkStepIds, networkSteps, type NetworkStepId } from './networkSteps';

export interface ProviderDraft {
  /** Set when editing; the type and id then never change. */
  readonly editing?: { readonly id: string; readonly hasKey: boolean };
  /** Names of the other providers, to refuse duplicates. */
  readonly otherNames: readonly string[];
  type?: ProviderTypeId;
  name?: string;
  /** Empty means the type's default. */
  baseUrl?: string;
  apiVersion?: string;
  region?: string;
  aws?: Partial<BedrockAuth> & { method?: BedrockAuth['method'] };
  /** Empty means no key (or keep the current one, when editing). Held only until saved. */
  key?: string;
  agents?: AgentId[];
  /** Editing only: the network settings as the form shows them, and whether the user chose to edit them. */
  network?: NetworkForm;
  editNetwork?: boolean;
}

type StepId = 'type' | 'name' | 'baseUrl' | 'apiVersion' | 'region' | 'awsMethod' | 'awsProfile' | 'awsKeyId' | 'key' | 'agents' | 'finish' | NetworkStepId;

function sequence(d: ProviderDraft): StepId[] {
  const ids: StepId[] = d.editing ? [] : ['type'];
  ids.push('name', 'baseUrl');
  if (d.type === 'azure-openai') ids.push('apiVersion');
  if (d.type === 'bedrock') {
    ids.push('region', 'awsMethod');
    if (d.aws?.method === 'profile') ids.push('awsProfile');
    if (d.aws?.method === 'accessKey') ids.push('awsKeyId');
  }
  if (needsKeyStep(d)) ids.push('key');
  ids.push('agents');
  // Editing ends on Save, or branches into the network settings, so the common edit stays short.
  if (d.editing) ids.push('finish', ...(d.editNetwork ? networkStepIds : []));
  return ids;
}

function needsKeyStep(d: ProviderDraft): boolean {
  if (!d.type) return true; // Most types ask for a key; count it before the type is known.
  if (d.type === 'codex') return false; // Codex signs in with ChatGPT instead.
  return !(d.type === 'bedrock' && d.aws?.method === 'profile');
}

const validator =
  (schema: z.ZodType) =>
  (value: string): string | undefined => {
    const result = schema.safeParse(value);
    return result.success ? undefined : firstMessage(result.error);
  };

function header(d: ProviderDraft, id: StepId) {
  const ids = sequence(d);
  const label = d.type ? providerType(d.type).label : 'provider';
  return {
    title: d.editing ? `Edit Provider: ${d.name ?? ''}` : `Add Provider${d.type ? ` (${label})` : ''}`,
    step: ids.indexOf(id) + 1,
    totalSteps: ids.length,
  };
}

/** The step after `id`, computed after the current answer, since answers change the sequence. */
function next(d: ProviderDraft, id: StepId): Step<ProviderDraft> | undefined {
  const ids = sequence(d);
  const following = ids[ids.indexOf(id) + 1];
  return following ? steps[following] : undefined;
}

const steps: Record<StepId, Step<ProviderDraft>> = {
  async type(input, d) {
    const items = providerTypes.map((t) => ({ label: t.label, description: t.defaultBaseUrl ?? t.baseUrlHint, id: t.id }));
    const picked = await input.pick({ ...header(d, 'type'), items, active: items.find((i) => i.id === d.type), placeholder: 'Choose the provider type' });
    if (picked.id !== d.type) Object.assign(d, { type: picked.id, baseUrl: undefined, aws: undefined });
    return next(d, 'type');
  },

  async name(input, d) {
    const taken = new Set(d.otherNames.map((n) => n.toLowerCase()));
    const label = providerType(d.type!).label;
    let suggested = d.name ?? label;
    for (let n = 2; taken.has(suggested.toLowerCase()) && n < 100; n++) suggested = `${label} ${n}`;
    d.name = (
      await input.input({
        ...header(d, 'name'),
        value: suggested,
        prompt: 'A name for this provider, shown in the picker (for example "Work OpenAI")',
        validate: (v) => validator(providerNameSchema)(v) ?? (taken.has(v.trim().toLowerCase()) ? `A provider named “${v.trim()}” exists already.` : undefined),
      })
    ).trim();
    return next(d, 'name');
  },

  async baseUrl(input, d) {
    const type = providerType(d.type!);
    const optional = !type.baseUrlRequired;
    d.baseUrl = (
      await input.input({
        ...header(d, 'baseUrl'),
        value: d.baseUrl ?? type.defaultBaseUrl ?? '',
        placeholder: type.defaultBaseUrl ?? type.baseUrlHint,
        prompt: optional ? `Base URL; leave empty for ${type.defaultBaseUrl ?? 'the default'}` : `Base URL of the ${type.label} endpoint (required)`,
        validate: (v) => (v.trim() === '' ? (optional ? undefined : `${type.label} needs a base URL.`) : validator(baseUrlSchema)(v)),
      })
    ).trim();
    return next(d, 'baseUrl');
  },

  async apiVersion(input, d) {
    d.apiVersion = (
      await input.input({
        ...header(d, 'apiVersion'),
        value: d.apiVersion ?? '2024-10-21',
        prompt: 'Azure OpenAI api-version (model ids are your deployment names)',
        validate: validator(azureApiVersionSchema),
      })
    ).trim();
    return next(d, 'apiVersion');
  },

  async region(input, d) {
    d.region = (await input.input({ ...header(d, 'region'), value: d.region ?? 'us-east-1', prompt: 'AWS region of Bedrock', validate: validator(awsRegionSchema) })).trim();
    return next(d, 'region');
  },

  async awsMethod(input, d) {
    const items = [
      { label: 'AWS profile', detail: 'Use a named profile from ~/.aws/config', method: 'profile' as const },
      { label: 'Access key', detail: 'An access key id, plus a secret access key kept in secret storage', method: 'accessKey' as const },
      { label: 'Bedrock API key', detail: 'A Bedrock API key kept in secret storage', method: 'apiKey' as const },
    ];
    const picked = await input.pick({ ...header(d, 'awsMethod'), items, active: items.find((i) => i.method === d.aws?.method), placeholder: 'How Bedrock signs in' });
    if (picked.method !== d.aws?.method) d.aws = { method: picked.method };
    return next(d, 'awsMethod');
  },

  async awsProfile(input, d) {
    const current = d.aws?.method === 'profile' ? d.aws.profile : undefined;
    const profile = await input.input({ ...header(d, 'awsProfile'), value: current ?? 'default', prompt: 'AWS profile name', validate: (v) => awsAuthMessage({ method: 'profile', profile: v }) });
    d.aws = { method: 'profile', profile: profile.trim() };
    return next(d, 'awsProfile');
  },

  async awsKeyId(input, d) {
    const current = d.aws?.method === 'accessKey' ? d.aws.accessKeyId : undefined;
    const accessKeyId = await input.input({ ...header(d, 'awsKeyId'), value: current ?? '', prompt: 'AWS access key id (the secret access key comes next)', validate: (v) => awsAuthMessage({ method: 'accessKey', accessKeyId: v.trim() }) });
    d.aws = { method: 'accessKey', accessKeyId: accessKeyId.trim() };
    return next(d, 'awsKeyId');
  },

  async key(input, d) {
    const what = d.type === 'bedrock' ? (d.aws?.method === 'accessKey' ? 'AWS secret access key' : 'Bedrock API key') : 'API key';
    const keyless = keyIsOptional(d.type!, d.baseUrl || undefined);
    const keep = d.editing?.hasKey;
    const prompt = keep
      ? `${what}: a key is set; leave empty to keep it, or type a new one`
      : keyless
        ? `${what} (optional for this server; press Enter to skip). Kept in VS Code's secret storage.`
        : `${what}. Kept in VS Code's secret storage, never in settings.`;
    d.key = (
      await input.input({
        ...header(d, 'key'),
        value: d.key ?? '',
        password: true,
        prompt,
        validate: (v) => (v === '' ? (keep || keyless ? undefined : `Enter the ${what}.`) : validator(apiKeySchema)(v)),
      })
    ).trim();
    return next(d, 'key');
  },

  async agents(input, d) {
    const items = agentIds.map((id) => ({ label: agentLabel(id), id }));
    const chosen = new Set(d.agents ?? []);
    const picked = await input.pickMany({ ...header(d, 'agents'), items, selected: items.filter((i) => chosen.has(i.id)), placeholder: 'Which agents use this provider? (Space toggles, Enter confirms)' });
    d.agents = picked.map((i) => i.id);
    return next(d, 'agents');
  },

  async finish(input, d) {
    const items = [
      { label: '$(check) Save', edit: false },
      { label: '$(globe) Edit network settings…', description: networkSummary(d.network ?? {}), detail: 'Proxy, no-proxy hosts, CA file, timeout, invalid certificates', edit: true },
    ];
    const picked = await input.pick({ ...header(d, 'finish'), items, active: items[d.editNetwork ? 1 : 0], placeholder: 'Save the provider, or edit its network settings first' });
    d.editNetwork = picked.edit;
    return next(d, 'finish');
  },

  ...networkSteps<ProviderDraft>({ network: (d) => (d.network ??= {}), header, next }),
};

function awsAuthMessage(value: unknown): string | undefined {
  const result = bedrockAuthSchema.safeParse(value);
  return result.success ? undefined : firstMessage(result.error);
}

/** Walks the user through the steps; resolves false on Escape, with the draft unsaved. */
export function runProviderSteps(d: ProviderDraft): Promise<boolean> {
  return MultiStepInput.run(steps[sequence(d)[0]], d);
}
