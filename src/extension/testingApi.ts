import type * as vscode from 'vscode';
import type { ModelStatusBar } from './statusBar';
import type { Services } from './services';
import { pickerItems, showModelPicker } from './ui/modelPicker';

/**
 * Handles for the integration tests and benchmarks, returned from activate only when the
 * extension host runs with SWITCHBOARD_TEST=1. Never exposed to other extensions otherwise.
 */
export interface TestingApi {
  readonly services: Services;
  readonly statusBar: ModelStatusBar;
  /** For asserting on the real globalState and SecretStorage. */
  readonly context: vscode.ExtensionContext;
  readonly pickerItems: typeof pickerItems;
  readonly showModelPicker: typeof showModelPicker;
}

export function testingApi(services: Services, statusBar: ModelStatusBar, context: vscode.ExtensionContext): TestingApi {
  return { services, statusBar, context, pickerItems, showModelPicker };
}
