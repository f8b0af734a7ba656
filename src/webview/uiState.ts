/**
 * The UI state that survives the panel being hidden and restored (vscode.setState).
 * It holds only what the user typed into non-secret fields: there is no key field here,
 * by construction, so a key can never be persisted by accident.
 */

export const tabs = ['providers', 'models', 'agents'] as const;
export type TabId = (typeof tabs)[number];

/** What the key field will do on save; not persisted (it is only meaningful with a typed key). */
export type KeyMode = 'keep' | 'replace' | 'clear';

export type AwsMethod = 'profile' | 'accessKey' | 'apiKey';

export interface HeaderRow {
  name: string;
  value: string;
}

/** The provider form's editable values, as text, exactly as typed. */
export interface ProviderFormValues {
  type: string;
  name: string;
  baseUrl: string;
  apiVersion: string;
  region: string;
  awsMethod: AwsMethod;
  awsProfile: string;
  awsAccessKeyId: string;
  agents: string[];
  headers: HeaderRow[];
  /** Network settings, as typed (absent in UI state saved by older versions). */
  proxy?: string;
  noProxy?: string;
  caBundlePath?: string;
  /** Seconds. */
  timeout?: string;
  allowInvalidCertificate?: boolean;
}

export interface ProviderFormState {
  /** Absent while adding. */
  id?: string;
  /** The etag the form was opened with, sent back to detect edits from other windows. */
  etag?: string;
  values: ProviderFormValues;
}

/** Model form values by field key ("contextLimit", "options.effort"); '' means unset. */
export type ModelFormValues = Record<string, string>;

export interface ModelFormState {
  providerId: string;
  /** The model id being edited; absent while adding. */
  originalId?: string;
  etag?: string;
  values: ModelFormValues;
}

export interface PersistedUi {
  tab: TabId;
  search: string;
  providerForm?: ProviderFormState;
  modelForm?: ModelFormState;
}

export function initialUi(saved: PersistedUi | undefined): PersistedUi {
  const tab = saved && (tabs as readonly string[]).includes(saved.tab) ? saved.tab : 'providers';
  return { tab, search: typeof saved?.search === 'string' ? saved.search : '', providerForm: saved?.providerForm, modelForm: saved?.modelForm };
}
