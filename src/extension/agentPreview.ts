/**
 * Preview diff: each config file as it is now beside what Switchboard would write, in VS
 * Code's diff editor. Both sides are read-only documents of Switchboard's own scheme, so
 * nothing on disk is touched, and a key never reaches them: a plaintext key is planned as a
 * mask, and any copy of the key already in the user's file is masked too.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileChange } from '../agents/applyPlan';
import { maskKey } from '../agents/agentAdapter';

export const previewScheme = 'switchboard-preview';

class PreviewDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private count = 0;

  constructor() {
    // Kept for the window's life: a diff editor may outlive the settings panel.
    vscode.workspace.registerTextDocumentContentProvider(previewScheme, this);
    vscode.workspace.onDidCloseTextDocument((document) => document.uri.scheme === previewScheme && this.texts.delete(document.uri.toString()));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** A fresh URI per preview, ending in the file's own name so the editor picks its language. */
  add(agent: string, side: 'now' | 'after', file: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: previewScheme, path: `/${agent}/${++this.count}/${side}/${path.basename(file)}` });
    this.texts.set(uri.toString(), text);
    return uri;
  }
}

let documents: PreviewDocuments | undefined;

/** Opens one diff per file; `key` is only used to mask it. */
export async function showAgentPreview(agent: string, label: string, changes: readonly FileChange[], key: string | undefined): Promise<void> {
  documents ??= new PreviewDocuments();
  for (const change of changes) {
    const now = documents.add(agent, 'now', change.file, maskKey(change.before, key));
    const after = documents.add(agent, 'after', change.file, maskKey(change.after, key));
    // Agents' .json files take comments (Switchboard keeps them): plain JSON would flag each one.
    if (change.file.endsWith('.json')) await Promise.all([now, after].map(async (uri) => vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), 'jsonc')));
    const title = `${label}: ${path.basename(change.file)} (Switchboard preview)`;
    await vscode.commands.executeCommand('vscode.diff', now, after, title, { preview: changes.length === 1 });
  }
}
