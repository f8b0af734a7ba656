/**
 * How an import asks the user: a modal preview, a QuickPick per conflict, and one password box
 * per missing key. Tests replace it (see testingApi.ts), since modals cannot be driven there.
 */
import * as vscode from 'vscode';
import { apiKeySchema, firstMessage } from '../../providers/fields';
import type { ProviderConflict } from '../../providers/portable/importPreview';
import type { ConflictDecision } from '../../providers/portable/mergeImport';
import type { Provider } from '../../providers/provider';

export interface ImportUi {
  /** Shows what the import would do (the preview's lines); true to go on. */
  confirm(title: string, lines: readonly string[]): Promise<boolean>;
  /** Keep, replace or rename for one conflict; undefined cancels the whole import. */
  resolve(conflict: ProviderConflict): Promise<ConflictDecision | undefined>;
  /** One provider's key: the key, 'skip' for this provider, or undefined to skip the rest. */
  askKey(provider: Provider, position: number, total: number): Promise<string | 'skip' | undefined>;
}

export const vscodeImportUi: ImportUi = {
  async confirm(title, lines) {
    const go = 'Import';
    return (await vscode.window.showInformationMessage(title, { modal: true, detail: lines.join('\n') }, go)) === go;
  },

  async resolve({ current, incoming, differences }) {
    type Item = vscode.QuickPickItem & { decision: ConflictDecision };
    const items: Item[] = [
      { label: 'Keep Mine', description: `leave your “${current.name}” as it is`, decision: 'keep' },
      { label: 'Replace', description: `with the imported “${incoming.name}”`, decision: 'replace' },
      { label: 'Import as a Copy', description: 'under a new id, beside yours', decision: 'rename' },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: `“${current.name}” (${current.id}) is already here, with another ${differences.join('; ')}`,
      placeHolder: 'Keep yours, replace it, or import a copy · Escape cancels the import',
      ignoreFocusOut: true,
    });
    return picked?.decision;
  },

  async askKey(provider, position, total) {
    const key = await vscode.window.showInputBox({
      title: `Key for “${provider.name}” (${position} of ${total})`,
      prompt: "Kept in VS Code's secret storage, never in settings. Leave empty to skip this provider; Escape skips the rest.",
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => {
        if (v === '') return undefined;
        const parsed = apiKeySchema.safeParse(v);
        return parsed.success ? undefined : firstMessage(parsed.error);
      },
    });
    if (key === undefined) return undefined;
    return key === '' ? 'skip' : key;
  },
};
