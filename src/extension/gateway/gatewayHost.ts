/**
 * Switchboard's local gateway as this window sees it: joined lazily when an agent is routed
 * through it (or VS Code's chat sends a request), on the configured port or the last one any
 * window had. One window serves and the others stand by, taking the port over when the
 * serving window goes (src/gateway/sharedGateway.ts). The serving window reads routes from its
 * store per request, so a pick in any window reaches the next request (the store and the
 * agents' pick are shared); keys are read from SecretStorage per request.
 */
import * as vscode from 'vscode';
import { gatewayNeeded, gatewayProviderId, type GatewayOffer } from '../../agents/gatewayMode';
import { isAgentId } from '../../providers/agentCatalog';
import { resolveNetwork, type ResolvedNetwork } from '../../providers/network/dispatcherOptions';
import type { StoredDocument } from '../../providers/document';
import { gatewayRoute, routeFor } from '../../gateway/routeTable';
import type { GatewayRoute } from '../../gateway/route';
import type { SharedGateway } from '../../gateway/sharedGateway';
import type { Gateway } from '../../gateway/server';
import { UsageLog, type UsageRecord } from '../../gateway/usage';
import { agentsBundle } from '../agentsBundle';
import { gatewayBundle } from '../gatewayBundle';
import type { GatewayPort } from '../agentSwitch';
import type { KeyHelperHost } from '../keyHelperHost';
import type { SignInService } from '../signin/signInService';
import type { MementoPort } from '../store/ports';
import type { Store } from '../store/store';
import { AwsCredentialCache } from './awsCredentialCache';
import { readGatewaySettings } from './gatewaySettings';
import type { GatewayToken } from './gatewayToken';

const lastPortKey = 'switchboard.gateway.lastPort';
/** The network bundle (dist/connect.js), for the AWS SDK's credential chain. */
const connectBundle = (): typeof import('../connectRuntime') => require('./connect');

export class GatewayHost implements GatewayPort, vscode.Disposable {
  private running: Promise<SharedGateway> | undefined;
  /** Per provider, its network settings with the CA file read; refreshed when providers change. */
  private networks = new Map<string, ResolvedNetwork>();
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly usage = new UsageLog();
  /** Bedrock profiles' credentials, resolved by the AWS SDK in the network bundle. */
  private readonly awsCredentials = new AwsCredentialCache({
    profileOf: (providerId) => {
      const p = this.store.provider(providerId);
      return p?.type === 'bedrock' && p.aws.method === 'profile' ? { profile: p.aws.profile, region: p.region } : undefined;
    },
    // The SDK's SSO and STS calls go through the provider's proxy and CA file, as its Bedrock calls do.
    resolve: (profile, region, providerId) => connectBundle().resolveAwsProfile(profile, region, this.networkOf(providerId)),
  });
  private readonly usageChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeUsage = this.usageChanged.event;
  private readonly moved = new vscode.EventEmitter<string>();
  /** The gateway listens at a new origin after switchboard.gateway.port changed: agents pointed at the old one need re-pointing. */
  readonly onDidMove = this.moved.event;

  constructor(
    private readonly store: Store,
    private readonly tokens: GatewayToken,
    /** The windows' own token for the standby feed. */
    private readonly windowTokens: GatewayToken,
    private readonly keyHelper: KeyHelperHost,
    private readonly signIn: SignInService,
    /** This machine's state, seen by every window at once (a MachineFile): the port is a machine resource. */
    private readonly machineState: MementoPort,
    private readonly log: vscode.LogOutputChannel,
    /** The document as agents see it: with workspace scope, their model is the last pick in any window. */
    private readonly agentsDocument: () => StoredDocument = () => store.document,
  ) {
    // Team catalogs bring providers too, with their own proxy and CA; a proxy password may change from any window.
    this.subscriptions.push(
      store.onDidChange((c) => (c.kind === 'document' || c.kind === 'team' || c.kind === 'proxy-password') && this.running && void this.loadNetworks()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('switchboard.gateway.port') && void this.move()),
    );
  }

  /** The offer an agent switch plans with: only when some agent goes through the gateway, which is then started. */
  async offer(doc: StoredDocument): Promise<GatewayOffer | undefined> {
    const { routedAgents } = readGatewaySettings();
    if (!gatewayNeeded(doc, routedAgents, agentsBundle().adapterFor)) return undefined;
    const [{ origin, token }, helper] = await Promise.all([this.ensureRunning(), this.keyHelper.offer()]);
    return { origin, routedAgents, token, ...(helper ? { helper: helper(gatewayProviderId) } : {}) };
  }

  token(): Promise<string> {
    return this.tokens.get();
  }

  /** Starts the gateway unless it runs; its origin and token. A failure to start is thrown, and the next call tries again. */
  async ensureRunning(): Promise<{ origin: string; token: string }> {
    this.running ??= this.start().catch((error: unknown) => {
      this.running = undefined;
      throw error;
    });
    const [shared, token] = await Promise.all([this.running, this.tokens.get()]);
    return { origin: shared.origin, token };
  }

  private async start(): Promise<SharedGateway> {
    const { joinSharedGateway } = gatewayBundle();
    const settings = readGatewaySettings();
    const wanted = settings.port || (this.machineState.get<number>(lastPortKey) ?? 0);
    await Promise.all([this.tokens.get(), this.windowTokens.get(), this.loadNetworks()]);
    return joinSharedGateway({
      port: wanted,
      windowToken: () => this.windowTokens.get(),
      create: (port) => this.createGateway(port),
      onHistory: (records) => {
        this.usage.clear();
        for (const r of records) this.usage.add(r);
        this.usageChanged.fire();
      },
      onRecord: (record) => this.addUsage(record),
      onChange: ({ port, serving }) => {
        void this.machineState.update(lastPortKey, port);
        if (settings.port && port !== settings.port) this.log.warn(`Gateway: port ${settings.port} is taken; listening on ${port}. Agents routed through the gateway are re-pointed on the next pick.`);
        this.log.info(serving ? `Gateway listening on http://127.0.0.1:${port}` : `Gateway: another VS Code window serves it on http://127.0.0.1:${port}; this window stands by and takes over if that window closes.`);
      },
      log: (line) => this.log.debug(line),
    });
  }

  /**
   * switchboard.gateway.port changed while the gateway runs: listen there now rather than after
   * a reload. The new port is opened first; requests in flight finish on the old one, which then
   * closes (other windows standing by on it move too: they see the same setting). 0 keeps the
   * current port.
   */
  private async move(): Promise<void> {
    const before = this.running;
    const old = await before?.catch(() => undefined);
    const wanted = readGatewaySettings().port;
    if (!before || this.running !== before || (old && (wanted === 0 || wanted === old.port))) return;
    this.running = undefined;
    try {
      const { origin } = await this.ensureRunning();
      this.moved.fire(origin);
    } catch (error) {
      this.log.warn(`Gateway: could not move to port ${wanted}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      void old?.close({ graceMs: 1000 });
    }
  }

  private addUsage(record: UsageRecord): void {
    this.usage.add(record);
    this.usageChanged.fire();
  }

  private createGateway(port: number): Gateway {
    const { createGateway, translator } = gatewayBundle();
    return createGateway({
      port,
      translator,
      token: () => this.tokens.peek(),
      key: (providerId) => this.keyOf(providerId),
      // A rotated key in the vault: the next request runs the key command again.
      keyRejected: (providerId) => void this.store.secrets.keyRejected(providerId),
      awsCredentials: (providerId) => this.awsCredentials.get(providerId),
      resolveRoute: (agentId) => this.route(agentId, undefined),
      routeForRef: (ref, agentId) => this.route(agentId, ref),
      models: () => this.store.document.providers.flatMap((p) => p.models.filter((m) => m.kind === 'chat').map((m) => ({ ref: `${p.id}/${m.id}`, name: m.displayName ?? m.id }))),
      onUsage: (record) => this.addUsage(record),
      usageHistory: () => this.usage.records(),
      windowToken: () => this.windowTokens.peek(),
      recordPrompts: () => readGatewaySettings().recordPrompts,
      log: (line) => this.log.debug(line),
    });
  }

  private route(agentId: string | undefined, requested: string | undefined): GatewayRoute | undefined {
    // The agent id comes from the request's path: only a known one selects an agent's route.
    if (agentId !== undefined && !isAgentId(agentId)) {
      this.log.warn(`Gateway: no agent “${agentId}”; routes are /a/<agent>/…`);
      return undefined;
    }
    const agent = agentId;
    const found = routeFor(this.agentsDocument(), this.store.isUsable, agent, requested);
    if (!found.ok) {
      this.log.warn(`Gateway: ${found.message}`);
      return undefined;
    }
    const { provider } = found.target;
    return gatewayRoute(found.target, this.networks.get(provider.id) ?? resolveNetwork(provider.network));
  }

  /** The provider's network settings as loaded (CA file read, proxy password), else as stored, as routes get them. */
  private networkOf(providerId: string): ResolvedNetwork {
    return this.networks.get(providerId) ?? resolveNetwork(this.store.provider(providerId)?.network);
  }

  /** A typed key (or its command's), else a ChatGPT sign-in's live access token; a failed key command rejects with its reason. */
  private async keyOf(providerId: string): Promise<string | undefined> {
    const key = await this.store.secrets.keyForCall(providerId);
    if (key !== undefined || this.store.provider(providerId)?.type !== 'codex') return key;
    return this.signIn.getAccessToken(providerId).catch(() => undefined);
  }

  private async loadNetworks(): Promise<void> {
    const { loadNetwork } = gatewayBundle();
    const entries = await Promise.all(
      this.store.document.providers.map(async (p) => {
        try {
          const password = p.network?.proxy ? await this.store.secrets.readProxyPassword(p.id, p.network.proxy) : undefined;
          return [p.id, await loadNetwork(p.network, password)] as const;
        } catch (error) {
          this.log.warn(`Gateway: ${p.name}: ${error instanceof Error ? error.message : String(error)}`);
          return [p.id, resolveNetwork(p.network)] as const;
        }
      }),
    );
    this.networks = new Map(entries);
  }

  /** A new token: agents holding the old one are refused until re-applied; the key helper serves the new one at once. */
  rotate(): Promise<string> {
    return this.tokens.rotate();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.usageChanged.dispose();
    this.moved.dispose();
    void this.running?.then((shared) => shared.close({ graceMs: 1000 }), () => undefined);
  }
}
