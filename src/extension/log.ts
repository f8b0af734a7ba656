import * as vscode from 'vscode';
import { SwitchboardError } from '../providers/errors';

export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Switchboard', { log: true });
}

/** Shows a failed command to the user; unexpected errors also go to the log with their stack. */
export function reportError(log: vscode.LogOutputChannel, command: string, error: unknown): void {
  if (error instanceof SwitchboardError) {
    log.warn(`${command}: ${error.message}`);
    void vscode.window.showErrorMessage(error.message);
    return;
  }
  log.error(`${command} failed`, error);
  const message = error instanceof Error ? error.message : String(error);
  void vscode.window.showErrorMessage(`Switchboard: ${command} failed: ${message}`, 'Show Log').then((a) => a && log.show());
}
