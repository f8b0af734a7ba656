/**
 * Everything behind the activation shell: the store, the command flows and the status bar.
 * Bundled apart from extension.js and loaded just after activation, so that zod and the
 * schemas never count against activation time.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommandId } from './commandIds';
import { AgentSwitch } from './agentSwitch';
import { assignModelCommand } from './commands/assignModel';
import { CatalogHost } from './catalog/catalogHost';
import { addModelCommand } from './commands/addModel';
import { addProviderCommand } from './commands/addProvider';
import { editProviderCommand } from './commands/editProvider';
import { removeModelCommand } from './commands/removeModel';
import { removeProviderCommand } from './commands/removeProvider';
import { plaintextKeysCommand } from './commands/plaintextKeys';
import { refreshModelsCommand } from './commands/refreshModels';
import { selectModelCommand } from './commands/selectModel';
import { setApiKeyCommand } from './commands/setApiKey';
import { setDefaultModelCommand } from './commands/setDefaultModel';
import { setEmbeddingModelCommand } from './commands/setEmbeddingModel';
import { readChatGptSettings } from './signin/chatgptSettings';
import { signInWithChatGptCommand } from './signin/signInCommand';
import { SignInService } from './signin/signInService';
import { signOutOfChatGptCommand } from './signin/signOutCommand';
import { testConnectionCommand } from './commands/testConnection';
import { KeyHelperHost } from './keyHelperHost';
import { reportError } from './log';
import { ModelSwitch } from './modelSwitch';
import { announceRecovery } from './recovery';
import type { Services } from './services';
import { SettingsPanel } from './panel/settingsPanel';
import { ModelStatusBar } from './statusBar';
import { CrossWindowSignal } from './store/crossWindow';
import { Store } from './store/store';
import { TeamHost } from './team/teamHost';
import { testingApi, type TestingApi } from './testingApi';

type Handler = (services: Services, ...args: never[]) => unknown;

const commands: Record<CommandId, Handler> = {
  'switchboard.addProvider': addProviderCommand,
  'switchboard.editProvider': editProviderCommand,
  'switchboard.removeProvider': removeProviderCommand,
  'switchboard.setApiKey': setApiKeyCommand,
  'switchboard.addModel': addModelCommand,
  'switchboard.addModelFromCatalog': (services, providerId?: string, pick?: Parameters<CatalogHost['addModelFromCatalog']>[2]) => services.catalog.addModelFromCatalog(services, providerId, pick),
  'switchboard.removeModel': removeModelCommand,
  'switchboard.setDefaultModel': setDefaultModelCommand,
  'switchboard.setEmbeddingModel': setEmbeddingModelCommand,
  'switchboard.selectModel': selectModelCommand,
  'switchboard.manageProviders': (services) => void SettingsPanel.show(services),
  'switchboard.showLog': ({ log }) => log.show(),
  'switchboard.assignModelToAgent': assignModelCommand,
  'switchboard.revertAgentConfigs': ({ agentSwitch }) => agentSwitch.revert.all(),
  'switchboard.plaintextKeys': plaintextKeysCommand,
  'switchboard.signInWithChatGpt': signInWithChatGptCommand,
  'switchboard.signOutOfChatGpt': signOutOfChatGptCommand,
  'switchboard.testConnection': testConnectionCommand,
  'switchboard.refreshModels': refreshModelsCommand,
};

export interface Core {
  /** Runs a contributed command; errors are shown to the user, never thrown. */
  run(id: string, args: unknown[]): Promise<unknown>;
  /** Takes over a settings panel that VS Code restored after a window reload. */
  revivePanel(panel: vscode.WebviewPanel): void;
  readonly testing?: TestingApi;
}

export async function start(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<Core> {
  const store = new Store(context.globalState, context.secrets, log);
  const modelSwitch = new ModelSwitch(store);
  const signIn = new SignInService({ store, log, settings: readChatGptSettings });
  const keyHelper = new KeyHelperHost(store, log, context, signIn);
  const agentSwitch = new AgentSwitch({ store, log, modelSwitch }, context, keyHelper);
  const catalog = CatalogHost.forContext(context, log);
  const team = new TeamHost(store, { storageDir: path.join(context.globalStorageUri.fsPath, 'team'), log, applyToAgents: (choice) => modelSwitch.select(choice) });
  const services: Services = { store, log, modelSwitch, agentSwitch, signIn, catalog, team, extensionUri: context.extensionUri };
  context.subscriptions.push(store, modelSwitch, signIn, keyHelper, agentSwitch, catalog, team, store.onDidRecover((copy) => void announceRecovery(copy)));

  await team.prepare();
  await store.load();
  // The team source arrives after activation; the status bar and the panel follow the store.
  void team.reload();
  const statusBar = new ModelStatusBar(store);
  const signal = new CrossWindowSignal(context.globalStorageUri.fsPath, () => void store.load());
  context.subscriptions.push(statusBar, signal, store.onDidChange((c) => c.kind === 'document' && !c.external && signal.announce()));
  log.info(`Loaded ${store.document.providers.length} provider(s).`);

  return {
    async run(id, args) {
      const handler = commands[id as CommandId];
      try {
        if (!handler) throw new Error(`Unknown command ${id}`);
        return await handler(services, ...(args as never[]));
      } catch (error) {
        reportError(log, id, error);
        return undefined;
      }
    },
    revivePanel: (panel) => void SettingsPanel.revive(panel, services),
    testing: process.env.SWITCHBOARD_TEST === '1' ? testingApi(services, statusBar, context) : undefined,
  };
}
