/**
 * What VS Code's chat model picker lists: every usable chat model the gateway can reach, with
 * its limits and capabilities. The id is the model's ref, which the gateway routes by.
 */
import type * as vscode from 'vscode';
import { gatewayReaches } from '../../agents/gatewayMode';
import { availableModels, type UsableTest } from '../../providers/modelOrder';
import { modelLabel } from '../../providers/model';
import { providerType } from '../../providers/providerTypes';
import type { StoredDocument } from '../../providers/document';

/** Output tokens assumed when a model names no limit: enough for a long answer, small beside any context. */
const defaultOutput = 8_192;

export function chatModelInformation(doc: StoredDocument, usable: UsableTest): vscode.LanguageModelChatInformation[] {
  return availableModels(doc, usable)
    .filter(({ provider, model }) => gatewayReaches(provider, model.id))
    .map(({ provider, model, ref }) => {
      const maxOutputTokens = Math.min(model.maxOutputTokens ?? defaultOutput, Math.floor(model.contextLimit / 2));
      return {
        id: ref,
        name: modelLabel(model),
        family: model.id,
        version: provider.name,
        detail: provider.name,
        tooltip: `${modelLabel(model)} from ${provider.name} (${providerType(provider.type).label}), through Switchboard's gateway`,
        maxInputTokens: model.contextLimit - maxOutputTokens,
        maxOutputTokens,
        capabilities: { toolCalling: true, imageInput: model.modalities?.input?.includes('image') ?? false },
      };
    });
}
