/** Which FieldDescriptors make up the model form for a provider: the general ones plus its type's option family. */
import type { FieldDescriptor, StateMessage } from '../protocol/messages';
import { findProvider, findType } from './lookups';

/** Fallback only: a model always has an id, so the form has one even if a descriptor set lacks it. */
const idField: FieldDescriptor = { key: 'id', label: 'Model id', control: 'text', required: true, description: 'Sent to the provider exactly as typed.' };

export interface ModelFields {
  general: FieldDescriptor[];
  options: FieldDescriptor[];
  all: FieldDescriptor[];
  /** "Anthropic options" etc., for the options section heading. */
  optionsTitle: string;
  /** What a model id means for this type ("deployment name"), when it is not the vendor's name. */
  idMeaning?: string;
}

export function modelFieldsFor(host: StateMessage, providerId: string): ModelFields {
  const provider = findProvider(host, providerId);
  const type = provider ? findType(host, provider.type) : undefined;
  const general = host.modelForm.fields.some((f) => f.key === 'id') ? host.modelForm.fields : [idField, ...host.modelForm.fields];
  const options = type ? (host.optionForms[type.optionFamily]?.fields ?? []) : [];
  return { general, options, all: [...general, ...options], optionsTitle: `${type?.label ?? 'Provider'} options`, idMeaning: type?.modelIdMeaning };
}
