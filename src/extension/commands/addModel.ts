import * as vscode from 'vscode';
import { contextLimitSchema, firstMessage, modelIdSchema, parseTokenCount } from '../../providers/fields';
import { defaultCompressionThreshold } from '../../providers/model';
import { addModel } from '../../providers/operations';
import { providerType } from '../../providers/providerTypes';
import type { ModelRef } from '../../providers/refs';
import type { Services } from '../services';
import { refuseManaged } from '../team/teamGuards';
import { MultiStepInput, type Step } from '../ui/multiStepInput';
import { pickProvider } from '../ui/pickers';

interface ModelDraft {
  id?: string;
  displayName?: string;
  contextLimit?: string;
}

/** Switchboard: Add Model — id, display name and context limit. */
export async function addModelCommand(services: Services, providerId?: string): Promise<ModelRef | undefined> {
  const { store } = services;
  const provider = providerId ? store.provider(providerId) : await pickProvider(store, 'Add Model');
  if (!provider) return undefined;
  refuseManaged(services, provider.id, 'get models added');
  const existing = new Set(provider.models.map((m) => m.id));
  const idMeaning = providerType(provider.type).modelIdMeaning;
  const title = `Add Model to “${provider.name}”`;

  const askId: Step<ModelDraft> = async (input, d) => {
    d.id = await input.input({
      title, step: 1, totalSteps: 3, value: d.id ?? '',
      prompt: `Model id, exactly as the provider expects it${idMeaning ? ` (the ${idMeaning})` : ''}, e.g. gpt-5 or anthropic/claude-sonnet-4.5`,
      validate: (v) => {
        const parsed = modelIdSchema.safeParse(v);
        if (!parsed.success) return v === '' ? 'Enter a model id.' : firstMessage(parsed.error);
        return existing.has(v) ? `“${provider.name}” already has “${v}”.` : undefined;
      },
    });
    return askName;
  };
  const askName: Step<ModelDraft> = async (input, d) => {
    d.displayName = (await input.input({ title, step: 2, totalSteps: 3, value: d.displayName ?? d.id!, prompt: 'Display name shown in the picker', validate: (v) => (v.trim().length > 256 ? 'At most 256 characters.' : undefined) })).trim();
    return askContext;
  };
  const askContext: Step<ModelDraft> = async (input, d) => {
    d.contextLimit = await input.input({
      title, step: 3, totalSteps: 3, value: d.contextLimit ?? '128000',
      prompt: 'Context limit in tokens (128000, 128k and 1m all work)',
      validate: (v) => {
        const n = parseTokenCount(v);
        if (n === undefined) return 'Enter a whole number of tokens, like 200000 or 200k.';
        const parsed = contextLimitSchema.safeParse(n);
        return parsed.success ? undefined : firstMessage(parsed.error);
      },
    });
    return undefined;
  };

  const draft: ModelDraft = {};
  if (!(await MultiStepInput.run(askId, draft))) return undefined;
  const contextLimit = parseTokenCount(draft.contextLimit!)!;
  const ref = await store.apply(
    addModel(provider.id, {
      id: draft.id!,
      contextLimit,
      compressionThreshold: defaultCompressionThreshold(contextLimit),
      ...(draft.displayName && draft.displayName !== draft.id ? { displayName: draft.displayName } : {}),
    }),
    `Added model ${provider.id}/${draft.id}.`,
  );
  void vscode.window.setStatusBarMessage(`Switchboard: added ${ref}`, 3000);
  return ref;
}
