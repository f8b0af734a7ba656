import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeProblem } from '../../providers/portable/problems';
import { maxFileBytes, readExportFile } from '../../providers/portable/readExportFile';
import { runImport, type ImportResult } from '../portable/importFlow';
import { vscodeImportUi, type ImportUi } from '../portable/importUi';
import type { Services } from '../services';

/**
 * Switchboard: Import Providers — reads a file from "Export Providers" (or `source`), shows
 * what it adds, changes and conflicts with, merges it by provider id in one transaction, then
 * asks for the keys that are missing. A file that does not validate changes nothing, and the
 * message names its first problem and where.
 */
export async function importProvidersCommand(services: Services, source?: vscode.Uri, ui: ImportUi = vscodeImportUi): Promise<ImportResult | undefined> {
  const uri = source ?? (await pickFile());
  if (!uri) return undefined;
  const name = path.basename(uri.fsPath);
  const refuse = (detail: string): ImportResult => {
    const message = `Nothing was imported from ${name}: ${detail}`;
    services.log.warn(message);
    void vscode.window.showErrorMessage(message);
    return { status: 'refused', message, keysSet: [], keysSkipped: [] };
  };
  let bytes: Uint8Array;
  try {
    if ((await vscode.workspace.fs.stat(uri)).size > maxFileBytes) return refuse(`it is larger than ${maxFileBytes / 1024 / 1024} MiB.`);
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    return refuse(error instanceof Error ? error.message : String(error));
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refuse('it is not UTF-8 text.');
  }
  const read = readExportFile(text);
  if (!read.ok) return refuse(describeProblem(read.problem));
  return runImport(services, read.value, name, ui);
}

async function pickFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Import Switchboard Providers',
    canSelectMany: false,
    filters: { 'Switchboard providers': ['json'] },
    openLabel: 'Import',
  });
  return picked?.[0];
}
