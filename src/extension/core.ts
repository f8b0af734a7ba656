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
import { exportProvidersCommand } from './commands/exportProviders';
import { importProvidersCommand } from './commands/importProviders';
import { removeModelCommand } from './commands/removeModel';
import { removeProviderCommand } from './commands/removeProvider';
import { plaintextKeysCommand } from './commands/plaintextKeys';
import { refreshModelsCommand } from './commands/refreshModels';
import { selectModelCommand } from './commands/selectModel';
import { setApiKeyCommand } from './commands/setApiKey';
import { setKeyCommandCommand } from './commands/setKeyCommand';
import { setProxyPasswordCommand } from './commands/setProxyPassword';
import { setDefaultModelCommand } from './commands/setDefaultModel';
import { setEmbeddingModelCommand } from './commands/setEmbeddingModel';
import { readChatGptSettings } from './signin/chatgptSettings';
import { signInWithChatGptCommand } from './signin/signInCommand';
import { SignInService } from './signin/signInService';
import { signOutOfChatGptCommand } from './signin/signOutCommand';
import { testConnectionCommand } from './commands/testConnection';
import { ActiveModelScope } from './activeModelScope';
import { KeyHelperHost } from './keyHelperHost';
import { SwitchboardChatProvider } from './chat/chatProvider';
import { GatewayHost } from './gateway/gatewayHost';
import { GatewayToken, windowTokenSecret } from './gateway/gatewayToken';
import { rotateGatewayTokenCommand } from './gateway/rotateToken';
import { exportUsage, showUsage, UsageView } from './gateway/usageView';
import { KeyNeededPrompt } from './keyPrompt';
import { reportError } from './log';
import { ModelSwitch } from './modelSwitch';
import { announceLosses, announceRecovery } from './recovery';
import type { Services } from './services';
import { SettingsPanel } from './panel/settingsPanel';
import { ModelStatusBar } from './statusBar';
import { CrossWindowSignal } from './store/crossWindow';
import { MachineFile } from './store/machineFile';
import { Store } from './store/store';
import { watchForSync } from './syncWatch';
import { TeamHost } from './team/teamHost';
import { testingApi, type TestingApi } from './testingApi';
import { registerLinkHandler } from './uriHandler';
import { WalkthroughProgress } from './walkthrough';

type Handler = (services: Services, ...args: never[]) => unknown;

const commands: Record<CommandId, Handler> = {
  'switchboard.addProvider': addProviderCommand,
  'switchboard.editProvider': editProviderCommand,
  'switchboard.removeProvider': removeProviderCommand,
  'switchboard.setApiKey': setApiKeyCommand,
  'switchboard.setKeyCommand': setKeyCommandCommand,
  'switchboard.setProxyPassword': setProxyPasswordCommand,
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
  'switchboard.rotateGatewayToken': rotateGatewayTokenCommand,
  'switchboard.showUsage': () => showUsage(),
  'switchboard.exportUsage': ({ gateway }) => exportUsage(gateway),
  'switchboard.exportProviders': exportProvidersCommand,
  'switchboard.importProviders': importProvidersCommand,
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
  let signal: CrossWindowSignal | undefined;
  const scope = ActiveModelScope.forContext(context, store, log, () => signal?.announce());
  const modelSwitch = new ModelSwitch(scope);
  const signIn = new SignInService({ store, log, settings: readChatGptSettings });
  const gatewayToken = new GatewayToken(context.secrets);
  const windowToken = new GatewayToken(context.secrets, windowTokenSecret);
  const keyHelper = new KeyHelperHost(store, log, context, signIn, () => gatewayToken.get());
  const gateway = new GatewayHost(store, gatewayToken, windowToken, keyHelper, signIn, new MachineFile(path.join(context.globalStorageUri.fsPath, 'gateway.json')), log, () => scope.agentsDocument());
  const agentSwitch = new AgentSwitch({ store, log, modelSwitch }, context, keyHelper, gateway);
  const catalog = CatalogHost.forContext(context, log);
  const team = new TeamHost(store, { storageDir: path.join(context.globalStorageUri.fsPath, 'team'), log, applyToAgents: (choice) => modelSwitch.select(choice) });
  const services: Services = { store, log, modelSwitch, agentSwitch, signIn, catalog, gateway, team, extensionUri: context.extensionUri };
  context.subscriptions.push(
    store,
    modelSwitch,
    signIn,
    keyHelper,
    agentSwitch,
    catalog,
    gatewayToken,
    windowToken,
    gateway,
    team,
    new UsageView(gateway),
    store.onDidRecover((copy) => void announceRecovery(copy)),
    store.onDidLose((notes) => void announceLosses(notes, log)),
  );
  // VS Code's chat: absent from VS Code builds without the language-model API.
  if (typeof vscode.lm?.registerLanguageModelChatProvider === 'function') {
    const chat = new SwitchboardChatProvider(store, gateway);
    context.subscriptions.push(chat, vscode.lm.registerLanguageModelChatProvider('switchboard', chat));
  }

  await team.prepare();
  await store.load();
  // The team source arrives after activation; the status bar and the panel follow the store.
  void team.reload();
  const statusBar = new ModelStatusBar(store, scope);
  const keyPrompt = new KeyNeededPrompt(services, context.globalState);
  signal = new CrossWindowSignal(context.globalStorageUri.fsPath, () => void store.load());
  const announce = signal;
  // VS Code holds links that arrive before this point and hands them over on registration.
  context.subscriptions.push(registerLinkHandler(services));
  context.subscriptions.push(
    statusBar,
    keyPrompt,
    signal,
    new WalkthroughProgress(store, scope),
    watchForSync(store, log),
    // Other windows re-read after this one wrote, or wrote back a merge.
    store.onDidChange((c) => c.kind === 'document' && (!c.external || c.rewritten) && announce.announce()),
  );
  void keyPrompt.checkQuietly();
  log.info(`Loaded ${store.document.providers.length} provider(s).`);
  // Agents already pointed at the gateway need it after a reload, before the next pick.
  if (Object.values(agentSwitch.runs.all()).some((run) => run?.applied?.gateway)) {
    gateway.ensureRunning().catch((error: unknown) => log.warn(`Gateway did not start: ${error instanceof Error ? error.message : String(error)}`));
  }

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
    testing: process.env.SWITCHBOARD_TEST === '1' ? testingApi(services, statusBar, context, keyPrompt) : undefined,
  };
}
