/**
 * Links that open in VS Code and reach Switchboard:
 *   vscode://switchboard.switchboard/import?provider=<base64url JSON of one provider>
 * (see src/providers/portable/shareLink.ts for the format). A link is untrusted input: it is
 * parsed strictly, never carries a key, and nothing is added before the user confirms.
 */
import * as vscode from 'vscode';
import { exportFormat, exportVersion, type ExportFile } from '../providers/portable/exportFile';
import { describeProblem } from '../providers/portable/problems';
import { parseShareLink } from '../providers/portable/shareLink';
import { runImport, type ImportResult } from './portable/importFlow';
import { vscodeImportUi, type ImportUi } from './portable/importUi';
import type { Services } from './services';

/** Handles one link; returns what happened, for tests. */
export async function handleLink(services: Pick<Services, 'store' | 'log'>, uri: vscode.Uri, ui: ImportUi = vscodeImportUi): Promise<ImportResult> {
  const parsed = parseShareLink(uri.path, uri.query);
  if (!parsed.ok) {
    // The link's text is not logged: it may hold what the user should not have pasted.
    const message = `Switchboard did not import the link. ${describeProblem(parsed.problem)}`;
    services.log.warn(message);
    void vscode.window.showErrorMessage(message);
    return { status: 'refused', message, keysSet: [], keysSkipped: [] };
  }
  const file: ExportFile = { format: exportFormat, version: exportVersion, providers: [parsed.value], assignments: {} };
  return runImport(services, file, 'a link', ui);
}

export function registerLinkHandler(services: Pick<Services, 'store' | 'log'>): vscode.Disposable {
  return vscode.window.registerUriHandler({
    handleUri: (uri) =>
      void handleLink(services, uri).catch((error: unknown) => {
        services.log.error('Importing a link failed', error);
        void vscode.window.showErrorMessage(`Switchboard could not import the link: ${error instanceof Error ? error.message : String(error)}`);
      }),
  });
}
