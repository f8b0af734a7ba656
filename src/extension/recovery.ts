import * as vscode from 'vscode';
import type { RecoveredCopy } from './store/store';

/** Tells the user that part of the stored data could not be read, and shows the kept copy on request. */
export async function announceRecovery(copy: RecoveredCopy): Promise<void> {
  const count = copy.problems.length;
  const action = await vscode.window.showWarningMessage(
    `Switchboard could not read part of its saved providers (${count} problem${count === 1 ? '' : 's'}). The rest loaded, and a copy of the original was kept.`,
    'Show Details',
  );
  if (!action) return;
  const content = JSON.stringify({ problems: copy.problems, savedAt: copy.savedAt, original: copy.raw }, null, 2);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'json', content }));
}
