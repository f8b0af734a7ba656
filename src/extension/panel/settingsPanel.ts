/**
 * The settings panel host: one panel at a time, revived after a reload by its serializer.
 * The page carries the state it was built with, so the first render waits on no round trip.
 * The host posts nothing until the webview says it is ready; then it sends the state if it
 * differs from the page's (a panel hidden and shown again reloads the page as first built),
 * and again after every store change, whichever window or flow made it.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ToWebview } from '../../protocol/messages';
import { AgentStatus } from '../agentStatus';
import type { Services } from '../services';
import { previewAgent, revertAgent, routeThroughGateway } from './agentActions';
import { readGatewaySettings } from '../gateway/gatewaySettings';
import { keyCommandFromPanel, refreshFromPanel, testFromPanel } from './connectionActions';
import type { PanelContext } from './context';
import { routeMessage } from './router';
import { buildState, type AgentFacts } from './state';

export const settingsViewType = 'switchboard.settings';

export class SettingsPanel implements vscode.Disposable {
  private static current: SettingsPanel | undefined;
  private ready = false;
  /** The state as the page carries it, to skip posting it again on `ready`. */
  private readonly pageState: string;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly context: PanelContext;
  private readonly postState: () => void;
  /** Saves running now, and whether a state was held back for them. */
  private saving = 0;
  private heldState = false;

  /** Opens the panel, or brings the open one to the front. */
  static show(services: Services): SettingsPanel {
    if (SettingsPanel.current) {
      SettingsPanel.current.panel.reveal();
      return SettingsPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(settingsViewType, 'Switchboard', vscode.ViewColumn.Active, { retainContextWhenHidden: false });
    return new SettingsPanel(panel, services);
  }

  /** Called by the serializer with a panel VS Code restored after a window reload. */
  static revive(panel: vscode.WebviewPanel, services: Services): SettingsPanel {
    SettingsPanel.current?.dispose();
    return new SettingsPanel(panel, services);
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    services: Services,
  ) {
    SettingsPanel.current = this;
    const { extensionUri } = services;
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist, vscode.Uri.joinPath(extensionUri, 'media')] };
    const { store, log, agentSwitch } = services;
    const status = new AgentStatus(agentSwitch);
    const agentFacts = (): AgentFacts => ({ runs: agentSwitch.runs.all(), gatewayRouted: readGatewaySettings().routedAgents, ...(status.current ? { found: status.current } : {}) });
    this.pageState = JSON.stringify(buildState(store, agentFacts()));
    panel.webview.html = pageHtml(panel.webview, dist, this.pageState);
    this.context = {
      store,
      log,
      agentsDocument: () => services.modelSwitch.scope.agentsDocument(),
      agentFacts,
      applyAgent: (agent, ref) => agentSwitch.applyAgent(agent, ref),
      previewAgent: (agent, ref) => previewAgent(services, agent, ref),
      revertAgent: (agent) => revertAgent(services, agent),
      routeThroughGateway: (agent, on) => routeThroughGateway(services, agent, on),
      testConnection: (provider, secret, embeddingModel, proxyPassword) => testFromPanel(services, provider, secret, embeddingModel, proxyPassword),
      refreshModels: (providerId) => refreshFromPanel(services, providerId),
      useKeyCommand: (providerId) => keyCommandFromPanel(services, providerId),
    };
    const postState = () => {
      if (!this.ready) return;
      // While a save runs, its changes (document, key, proxy password) go out as one state.
      if (this.saving > 0) this.heldState = true;
      else void this.post(buildState(store, agentFacts()));
    };
    this.postState = postState;
    this.disposables.push(
      status,
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw, status)),
      store.onDidChange(postState),
      status.onDidChange(postState),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('switchboard.gateway.agents') && postState()),
      // An apply or revert changes the record now, and which files have backups: look again.
      agentSwitch.runs.onDidChange(() => {
        postState();
        void status.refresh();
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private async receive(raw: unknown, status: AgentStatus): Promise<void> {
    // A provider's save is several store changes; between them its row would read "Key needed".
    const saving = (raw as { type?: unknown } | null)?.type === 'saveProvider';
    if (saving) this.saving++;
    let reply: ToWebview | undefined;
    try {
      reply = await routeMessage(raw, this.context);
    } finally {
      if (saving) this.saving--;
      // Before the reply, as before: the webview reads the saved provider from the state.
      if (this.saving === 0 && this.heldState) {
        this.heldState = false;
        this.postState();
      }
    }
    if (!reply) return;
    // The answer to `ready` is often what the page already rendered.
    if (reply.type !== 'state' || JSON.stringify(reply) !== this.pageState) await this.post(reply);
    // The first state renders at once; detection follows in a second state when it is done.
    if (reply.type === 'state') {
      this.ready = true;
      void status.refresh();
    }
  }

  private post(message: ToWebview): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (SettingsPanel.current === this) SettingsPanel.current = undefined;
    this.disposables.splice(0).forEach((d) => d.dispose());
    this.panel.dispose();
  }
}

/**
 * A strict CSP: scripts only with this page's nonce, nothing remote, resources from dist only.
 * `state` is the first state as JSON, in a data block the webview reads before mounting;
 * `<` is escaped so no text in it can close the element.
 */
function pageHtml(webview: vscode.Webview, dist: vscode.Uri, state: string): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(dist, ...path)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    // vscode-elements (Lit) adopts its styles at run time.
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="preload" href="${asset('codicons', 'codicon.ttf')}" as="font" type="font/ttf" crossorigin>
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${asset('codicons', 'codicon.css')}">
<link rel="stylesheet" href="${asset('webview.css')}">
<title>Switchboard</title>
</head>
<body>
<div id="app"></div>
<script type="application/json" id="initial-state" nonce="${nonce}">${state.replace(/</g, '\\u003c')}</script>
<script nonce="${nonce}" src="${asset('webview.js')}"></script>
</body>
</html>`;
}
