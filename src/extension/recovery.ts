import * as vscode from 'vscode';
import type { MergeNote } from '../providers/merge';
import { joinAnd } from '../providers/wording';
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

/** Names what a merge of synced or other-window data could not keep; the log has the reasons. */
export async function announceLosses(notes: readonly MergeNote[], log: vscode.LogOutputChannel): Promise<void> {
  const action = await vscode.window.showWarningMessage(
    `Switchboard merged providers changed elsewhere (Settings Sync or another window) but could not keep ${joinAnd(notes.map((n) => n.what))}.`,
    'Show Log',
  );
  if (action) log.show();
}
