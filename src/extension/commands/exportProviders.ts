import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportDocument, exportText } from '../../providers/portable/exportDocument';
import type { Services } from '../services';

const defaultName = 'switchboard-providers.json';

/**
 * Switchboard: Export Providers — writes providers, models, options, assignments and the
 * default to a JSON file chosen in a save dialog (or `target`). Never a key. Returns where.
 */
export async function exportProvidersCommand({ store, log }: Services, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  // The developer's own providers: a team's managed ones come from its source, not from exports.
  const doc = store.personalDocument;
  if (!doc.providers.length) {
    void vscode.window.showInformationMessage('Switchboard has no providers to export yet.');
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      title: 'Export Switchboard Providers (no keys)',
      defaultUri: vscode.Uri.joinPath(folder, defaultName),
      filters: { 'Switchboard providers': ['json'] },
      saveLabel: 'Export',
    }));
  if (!uri) return undefined;
  const { file, leftOut } = exportDocument(doc);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(exportText(file)));
  const n = file.providers.length;
  log.info(`Exported ${n} provider(s) to ${uri.fsPath}${leftOut.length ? `; left out the headers ${leftOut.join(', ')}` : ''}.`);
  const note = leftOut.length ? ` Left out ${leftOut.length === 1 ? 'a header that looks' : 'headers that look'} like a credential: ${leftOut.join(', ')}.` : '';
  void vscode.window.showInformationMessage(`Exported ${n} provider${n === 1 ? '' : 's'} to ${path.basename(uri.fsPath)}. Keys are not in the file.${note}`);
  return uri;
}
