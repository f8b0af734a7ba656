/** Converts between a ProviderView, the provider form's text values and the ProviderForm sent to the host. */
import type { ProviderForm, ProviderTypeView, ProviderView } from '../protocol/messages';
import { proxyPasswordAction, proxyUserOf } from '../providers/network/proxyPassword';
import type { AwsMethod, ProviderFormValues } from './uiState';

/** The one type with an api-version; ProviderTypeView does not describe type-specific fields. */
export const azureTypeId = 'azure-openai';

export function needsApiVersion(type: ProviderTypeView | undefined): boolean {
  return type?.id === azureTypeId;
}

export function isAws(type: ProviderTypeView | undefined): boolean {
  return type?.auth === 'aws';
}

/** Whether the form shows a key input for this type and AWS method. */
export function takesKey(type: ProviderTypeView | undefined, awsMethod: AwsMethod): boolean {
  if (!type || type.auth === 'oauth') return false;
  return type.auth !== 'aws' || awsMethod !== 'profile';
}

export function emptyProviderValues(typeId: string, typeLabel: string): ProviderFormValues {
  return { type: typeId, name: typeLabel, baseUrl: '', apiVersion: '', region: '', awsMethod: 'profile', awsProfile: '', awsAccessKeyId: '', agents: [], headers: [] };
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export function providerValuesFromView(view: ProviderView): ProviderFormValues {
  const aws = (view.typeFields.aws ?? {}) as Record<string, unknown>;
  const method = text(aws.method);
  return {
    type: view.type,
    name: view.name,
    baseUrl: view.baseUrl ?? '',
    apiVersion: text(view.typeFields.apiVersion),
    region: text(view.typeFields.region),
    awsMethod: method === 'accessKey' || method === 'apiKey' ? method : 'profile',
    awsProfile: text(aws.profile),
    awsAccessKeyId: text(aws.accessKeyId),
    agents: [...view.agents],
    headers: Object.entries(view.headers).map(([name, value]) => ({ name, value })),
    proxy: view.network?.proxy ?? '',
    noProxy: (view.network?.noProxy ?? []).join(', '),
    caBundlePath: view.network?.caBundlePath ?? '',
    timeout: view.network?.timeoutMs !== undefined ? String(view.network.timeoutMs / 1000) : '',
    allowInvalidCertificate: view.network?.allowInvalidCertificate === true,
  };
}

/** The user name in the proxy URL as typed: the password field shows only with one (the host reads it the same way). */
export function proxyUser(proxy: string | undefined): string | undefined {
  return proxyUserOf(proxy?.trim());
}

/**
 * Whether the stored proxy password goes with the proxy URL as typed: the host keeps it only for
 * the host and user it was set for, so after an edit to either the field reads as empty.
 */
export function storedPasswordApplies(view: Pick<ProviderView, 'proxyPasswordSet' | 'network'> | undefined, typedProxy: string): boolean {
  return view?.proxyPasswordSet === true && proxyPasswordAction(typedProxy.trim(), { action: 'keep' }, view.network?.proxy).action === 'keep';
}

/** Whether any network setting is filled in (the Advanced section then starts open). */
export function hasNetwork({ proxy, noProxy, caBundlePath, timeout, allowInvalidCertificate }: ProviderFormValues): boolean {
  return !!(proxy || noProxy || caBundlePath || timeout || allowInvalidCertificate);
}

/**
 * Builds what saveProvider submits. Empty optional text is omitted (an empty base URL means
 * the type's default); the host validates the rest with the domain schemas.
 */
export function toProviderForm(values: ProviderFormValues, type: ProviderTypeView | undefined): ProviderForm {
  const form: ProviderForm = { name: values.name.trim(), type: values.type, agents: [...values.agents] };
  const baseUrl = values.baseUrl.trim();
  if (baseUrl) form.baseUrl = baseUrl;
  const headers: Record<string, string> = {};
  for (const row of values.headers) if (row.name.trim()) headers[row.name.trim()] = row.value;
  // Always sent, even empty, so removing the last header on edit removes it on the host too.
  form.headers = headers;
  // Likewise the network fields: empty ones clear the stored settings.
  const { proxy, noProxy, caBundlePath, timeout, allowInvalidCertificate } = values;
  form.network = { proxy, noProxy, caBundlePath, timeout, allowInvalidCertificate };
  if (needsApiVersion(type)) form.apiVersion = values.apiVersion.trim();
  if (isAws(type)) {
    form.region = values.region.trim();
    if (values.awsMethod === 'profile') form.aws = { method: 'profile', profile: values.awsProfile.trim() };
    else if (values.awsMethod === 'accessKey') form.aws = { method: 'accessKey', accessKeyId: values.awsAccessKeyId.trim() };
    else form.aws = { method: 'apiKey' };
  }
  return form;
}

/** A header row with a value but no name would be dropped silently; say so instead. */
export function headerProblem(values: ProviderFormValues): string | undefined {
  return values.headers.some((row) => !row.name.trim() && row.value.trim()) ? 'A header with a value needs a name.' : undefined;
}
