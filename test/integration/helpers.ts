/** Reaches the running extension's testing handles (SWITCHBOARD_TEST=1 only). */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SwitchboardExports } from '../../src/extension/extension';
import type { TestingApi } from '../../src/extension/testingApi';
import { emptyDocument } from '../../src/providers/document';
import { documentKey, keyCommandSecretKeyFor, proxyPasswordSecretKeyFor, secretKeyFor, signInSecretKeyFor } from '../../src/extension/store/store';
import { agentsPickKey, machineStateFile, workspaceLastUsedKey } from '../../src/extension/activeModelScope';
import { MachineFile } from '../../src/extension/store/machineFile';

export async function switchboard(): Promise<TestingApi> {
  const extension = vscode.extensions.getExtension<SwitchboardExports>('switchboard.switchboard');
  assert.ok(extension, 'the extension is installed');
  const exports = await extension.activate();
  const core = await exports.core;
  assert.ok(core.testing, 'SWITCHBOARD_TEST=1 exposes the testing handles');
  return core.testing;
}

/** Clears the real globalState and SecretStorage between tests, through the same APIs the extension uses. */
export async function resetStore(api: TestingApi): Promise<void> {
  for (const p of api.services.store.document.providers) {
    await api.context.secrets.delete(secretKeyFor(p.id));
    await api.context.secrets.delete(keyCommandSecretKeyFor(p.id));
    await api.context.secrets.delete(signInSecretKeyFor(p.id));
    await api.context.secrets.delete(proxyPasswordSecretKeyFor(p.id));
  }
  await api.context.globalState.update(documentKey, emptyDocument());
  await api.context.globalState.update('switchboard.recovered', undefined);
  await machineState(api).update(agentsPickKey, undefined);
  await api.context.workspaceState.update(workspaceLastUsedKey, undefined);
  // An outside write is merged by id, not taken as is: a reset says it discards this window's copy.
  await api.services.store.reloadDiscardingLocal();
}

/** This machine's file the extension keeps the agents' pick in (what every window reads). */
export function machineState(api: TestingApi): MachineFile {
  return new MachineFile(path.join(api.context.globalStorageUri.fsPath, machineStateFile));
}

/** Waits, bounded, until `check` holds. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/**
 * The InputBoxes the extension creates from now on. The extension host cannot press keys, so a
 * test types the way the extension reads typing: it sets the value of the flow's own box (the
 * workbench shows the new text). The tests and the extension share one `vscode` API object.
 */
export function watchInputBoxes(): { shown(prompt: RegExp): Promise<vscode.InputBox>; dispose(): void } {
  const window = vscode.window as { createInputBox: typeof vscode.window.createInputBox };
  const create = window.createInputBox;
  const boxes: vscode.InputBox[] = [];
  window.createInputBox = () => {
    const box = create.call(vscode.window);
    boxes.push(box);
    return box;
  };
  const find = (prompt: RegExp) => boxes.filter((b) => prompt.test(b.prompt ?? '')).at(-1);
  return {
    async shown(prompt) {
      await eventually(() => find(prompt) !== undefined, `the step asking ${prompt}`);
      return find(prompt)!;
    },
    dispose: () => (window.createInputBox = create),
  };
}
