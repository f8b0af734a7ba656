import type * as vscode from 'vscode';
import type { AgentSwitch } from './agentSwitch';
import type { CatalogHost } from './catalog/catalogHost';
import type { GatewayHost } from './gateway/gatewayHost';
import type { ModelSwitch } from './modelSwitch';
import type { SignInService } from './signin/signInService';
import type { Store } from './store/store';
import type { TeamHost } from './team/teamHost';

/** What every command flow is handed by activate. */
export interface Services {
  readonly store: Store;
  readonly log: vscode.LogOutputChannel;
  readonly modelSwitch: ModelSwitch;
  /** Where dist/ and media/ are, for the settings panel. */
  readonly extensionUri: vscode.Uri;
  /** Pushes picks into the agents' own configs. */
  readonly agentSwitch: AgentSwitch;
  /** ChatGPT sign-in for Codex providers, and live access tokens for them. */
  readonly signIn: SignInService;
  /** The models.dev catalog, loaded on first use. */
  readonly catalog: CatalogHost;
  /** The local gateway, started when an agent or VS Code's chat needs it. */
  readonly gateway: GatewayHost;
  /** Team mode: the managed catalog from switchboard.team.source. */
  readonly team: TeamHost;
}
