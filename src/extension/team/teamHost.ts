/**
 * Team mode on this machine: reads the team source named by switchboard.team.source (a file,
 * watched; or a URL, downloaded over its network settings and again when its copy goes
 * stale), keeps the last good copy on disk, and hands the store the managed catalog. Updates
 * apply without a reload. A source that cannot be reached leaves the cached copy in use, with
 * a warning; a malformed one changes nothing, with an error naming the field.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cacheState, describeAge, retryAfterFailureMs } from '../../providers/catalog/cachePolicy';
import { SwitchboardError } from '../../providers/errors';
import type { NetworkSettings } from '../../providers/network/settings';
import type { ModelChoice } from '../../providers/modelOrder';
import type { Env } from '../../providers/team/headerTemplates';
import { parseTeamText } from '../../providers/team/parseTeam';
import { describeFallThrough, fallThrough } from '../../providers/team/teamChanges';
import { contactText, type TeamLayer } from '../../providers/team/teamLayer';
import { maxTeamFileBytes, type TeamSource } from '../../providers/team/teamSource';
import { readDiskCopy, writeDiskCopy, type DiskCopy } from '../cache/diskCopy';
import type { Store } from '../store/store';
import { readTeamSettings, teamSection, type TeamSettings } from './teamSettings';

// The network bundle, loaded on the first download (see connect.ts).
const runtime = (): typeof import('../connectRuntime') => require('./connect');

type Loadable = Extract<TeamSource, { kind: 'file' | 'url' }>;

export interface TeamNotice {
  readonly kind: 'error' | 'warning' | 'info';
  readonly text: string;
}

export interface TeamHostOptions {
  /** A folder of its own in global storage, for the last good copy. */
  readonly storageDir: string;
  readonly log: vscode.LogOutputChannel;
  /** Points the agents at the model that took over from a removed one ("Apply to Agents"). */
  readonly applyToAgents?: (choice: ModelChoice) => unknown;
  /** Injectable for tests. */
  readonly settings?: () => TeamSettings;
  readonly env?: () => Env;
  readonly now?: () => number;
  readonly fetchText?: (url: string, network: NetworkSettings | undefined, signal: AbortSignal) => Promise<string>;
}

const bodyName = 'team.json';

/** Team mode before (or without) a first good copy: no managed providers, stored refs kept. */
function waitingLayer(settings: TeamSettings, source: string): TeamLayer {
  return { source, allowPersonalProviders: settings.allowPersonalProviders, providers: [], auth: new Map() };
}

function labelOf(source: TeamSource): string {
  return source.kind === 'file' || source.kind === 'url' ? source.label : 'switchboard.team.source';
}

export class TeamHost implements vscode.Disposable {
  /** Every notification shown, oldest first (the integration tests read it). */
  readonly notices: TeamNotice[] = [];
  /** Why the source is not in effect as configured (unreachable, malformed); undefined when all is well. */
  problem?: string;
  private applied?: { readonly key: string; readonly text: string; readonly allowPersonal: boolean };
  private watcher?: { readonly file: string; readonly handle: fs.FSWatcher };
  private debounce?: NodeJS.Timeout;
  private refreshTimer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private queued?: { refetch: boolean; done: Promise<void> };
  private lastNotice?: string;
  private readonly abort = new AbortController();
  private readonly subscription: vscode.Disposable;
  private readonly settings: () => TeamSettings;
  private readonly env: () => Env;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    private readonly options: TeamHostOptions,
  ) {
    this.settings = options.settings ?? readTeamSettings;
    this.env = options.env ?? (() => process.env);
    this.now = options.now ?? Date.now;
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(teamSection) && void this.reload(true));
  }

  /** Called before the store loads: in team mode, refs the developer stored to managed models must survive that load. */
  async prepare(): Promise<void> {
    const settings = this.settings();
    if (settings.source.kind !== 'none') await this.store.setTeam(waitingLayer(settings, labelOf(settings.source)));
  }

  /** Reads the source again; `refetch` downloads a URL even when its copy is fresh. Triggers that arrive meanwhile share one run. */
  reload(refetch = false): Promise<void> {
    if (this.queued) {
      this.queued.refetch ||= refetch;
      return this.queued.done;
    }
    const queued = { refetch, done: Promise.resolve() };
    queued.done = this.running.then(async () => {
      this.queued = undefined;
      await this.load(queued.refetch).catch((error: unknown) => this.options.log.error(`Team: ${error instanceof Error ? error.message : String(error)}`));
      await this.publishProblem();
    });
    this.queued = queued;
    this.running = queued.done;
    return queued.done;
  }

  private async load(refetch: boolean): Promise<void> {
    clearTimeout(this.refreshTimer);
    const settings = this.settings();
    const { source } = settings;
    this.watch(source);
    if (source.kind === 'none') {
      this.applied = undefined;
      this.problem = undefined;
      if (this.store.teamLayer) {
        await this.store.setTeam(undefined);
        this.options.log.info('Team: switchboard.team.source is not set; team mode is off.');
      }
      return;
    }
    if (source.kind === 'invalid') return this.cannotLoad(settings, source.message);
    const key = sourceKey(source);
    const cached = await readDiskCopy(this.options.storageDir, bodyName, (m) => this.options.log.warn(`Team: ignoring the cached copy: ${m}`)).then((c) => (c?.meta.url === key ? c : undefined));
    if (source.kind === 'url' && !refetch && cached && cacheState(cached.meta, key, this.now(), settings.ttlMinutes) === 'fresh') {
      await this.use(settings, source, cached.text, 'cache');
      this.scheduleRefresh(cached.meta.fetchedAt + settings.ttlMinutes * 60_000 - this.now());
      return;
    }
    // A stale copy serves at once while the download runs; a fresh download replaces it.
    if (source.kind === 'url' && cached && this.applied?.key !== key) await this.use(settings, source, cached.text, 'cache');
    let text: string;
    try {
      text = await this.read(source, settings);
    } catch (error) {
      if (source.kind === 'url') this.scheduleRefresh(retryAfterFailureMs);
      return this.unreachable(settings, source, cached, describeFailure(error));
    }
    if (source.kind === 'url') this.scheduleRefresh(settings.ttlMinutes * 60_000);
    await this.use(settings, source, text, 'source', cached);
  }

  /** The panel shows the source's problem beside the managed providers. */
  private async publishProblem(): Promise<void> {
    const layer = this.store.teamLayer;
    if (layer && layer.problem !== this.problem) await this.store.setTeam({ ...layer, ...(this.problem ? { problem: this.problem } : { problem: undefined }) });
  }

  private async read(source: Loadable, settings: TeamSettings): Promise<string> {
    if (source.kind === 'file') {
      const stat = await fsp.stat(source.path);
      if (stat.size > maxTeamFileBytes) throw new Error(`the file is larger than ${maxTeamFileBytes / 1024 / 1024} MiB`);
      return fsp.readFile(source.path, 'utf8');
    }
    if (!settings.network.ok) throw new Error(settings.network.message);
    const fetchText = this.options.fetchText ?? ((url, network, signal) => runtime().fetchTeamText(url, network, signal));
    return fetchText(source.url, settings.network.value, this.abort.signal);
  }

  /** Applies a copy of the team file, unless it is malformed: then nothing changes but the error. */
  private async use(settings: TeamSettings, source: Loadable, text: string, from: 'source' | 'cache', cached?: DiskCopy): Promise<void> {
    const key = sourceKey(source);
    const parsed = parseTeamText(text, this.env());
    if (!parsed.ok) {
      for (const error of parsed.errors) this.options.log.error(`Team: ${source.label}: ${error}`);
      const shown = parsed.errors.slice(0, 3).join(' · ') + (parsed.errors.length > 3 ? ` (and ${parsed.errors.length - 3} more in the log)` : '');
      const fallback = !this.applied && cached && cached.text !== text;
      const outcome = this.applied ? 'Nothing changed: the last good version stays in use.' : fallback ? `Using the last good copy, from ${describeAge(this.now() - cached.meta.fetchedAt)} ago.` : `No team models are available until it is fixed; contact ${contactText(this.store.teamLayer?.contact)}.`;
      this.problem = `The team file ${source.label} is not valid: ${shown}${/[.!?)]$/.test(shown) ? '' : '.'} ${outcome}`;
      this.notify('error', this.problem);
      if (fallback) return this.use(settings, source, cached.text, 'cache');
      if (!this.store.teamLayer) await this.store.setTeam(waitingLayer(settings, source.label));
      return;
    }
    if (from === 'source') this.problem = undefined;
    if (from === 'source') await writeDiskCopy(this.options.storageDir, bodyName, { text, meta: { url: key, fetchedAt: this.now(), bytes: Buffer.byteLength(text) } }).catch((e: unknown) => this.options.log.warn(`Team: could not keep a copy in ${this.options.storageDir}: ${(e as Error).message}`));
    const same = this.applied?.key === key && this.applied.text === text && this.applied.allowPersonal === settings.allowPersonalProviders;
    if (same) return;
    const before = this.applied?.key === key ? this.store.document : undefined;
    await this.store.setTeam({ ...parsed.catalog, source: source.label, allowPersonalProviders: settings.allowPersonalProviders });
    this.applied = { key, text, allowPersonal: settings.allowPersonalProviders };
    const models = parsed.catalog.providers.reduce((n, p) => n + p.models.length, 0);
    this.options.log.info(`Team: ${parsed.catalog.providers.length} provider(s) and ${models} model(s) from ${source.label}${from === 'cache' ? ' (cached copy)' : ''}.`);
    for (const warning of parsed.warnings) this.options.log.warn(`Team: ${source.label}: ${warning}`);
    if (parsed.warnings.length) this.notify('warning', `The team file ${source.label}: ${parsed.warnings.join(' · ')}`);
    const { collisions } = this.store.hiddenByTeam;
    if (collisions.length) this.notify('warning', `Your team's ${source.label} defines ${collisions.map((id) => `“${id}”`).join(', ')}, like your own provider${collisions.length === 1 ? '' : 's'}: the team's is used, and yours is kept but hidden.`);
    if (before) this.announceFallThrough(before);
    if (!before) this.askForTokens();
  }

  private announceFallThrough(before: Store['document']): void {
    const change = fallThrough(before, this.store.document, this.store.isUsable);
    if (!change) return;
    const text = describeFallThrough(change, contactText(this.store.teamLayer?.contact));
    const now = change.now;
    this.notify('info', text, now && this.options.applyToAgents ? { 'Apply to Agents': () => this.options.applyToAgents!(now) } : {});
  }

  /** Managed providers that wait for the developer's own token: say so once, with the way to enter it. */
  private askForTokens(): void {
    const waiting = (this.store.teamLayer?.providers ?? []).filter((p) => this.store.teamAuth(p.id)?.kind === 'personalToken' && !this.store.isUsable(p));
    if (!waiting.length) return;
    const first = waiting[0];
    this.notify('info', `Your team's models are here. Enter your personal token for “${first.name}” to use them${waiting.length > 1 ? ` (and for ${waiting.length - 1} more provider${waiting.length > 2 ? 's' : ''})` : ''}.`, {
      'Enter Token': () => vscode.commands.executeCommand('switchboard.setApiKey', first.id),
    });
  }

  private async unreachable(settings: TeamSettings, source: Loadable, cached: DiskCopy | undefined, cause: string): Promise<void> {
    this.options.log.warn(`Team: could not read ${source.label}: ${cause}`);
    if (cached) {
      await this.use(settings, source, cached.text, 'cache');
      this.problem = `Switchboard could not reach the team source ${source.label} (${cause}). Using the copy from ${describeAge(this.now() - cached.meta.fetchedAt)} ago.`;
      this.notify('warning', this.problem);
      return;
    }
    const key = sourceKey(source);
    if (this.applied?.key === key) {
      this.problem = `Switchboard could not reach the team source ${source.label} (${cause}). The version read earlier stays in use.`;
      this.notify('warning', this.problem);
      return;
    }
    // Another source than the one in effect: the old one's catalog must not stay under the new setting.
    const contact = contactText(this.store.teamLayer?.contact);
    if (this.applied) {
      this.applied = undefined;
      await this.store.setTeam(waitingLayer(settings, source.label));
    }
    await this.cannotLoad(settings, `Switchboard could not read the team source ${source.label} (${cause}), and has no copy of it yet. Contact ${contact}.`);
  }

  private async cannotLoad(settings: TeamSettings, message: string): Promise<void> {
    this.problem = message;
    this.options.log.error(`Team: ${message}`);
    this.notify('error', message);
    if (!this.store.teamLayer) await this.store.setTeam(waitingLayer(settings, labelOf(settings.source)));
  }

  /** Watches the folder of a file source (editors replace files by renaming), so a saved change applies at once. */
  private watch(source: TeamSource): void {
    const file = source.kind === 'file' ? source.path : undefined;
    if (this.watcher?.file === file) return;
    this.watcher?.handle.close();
    this.watcher = undefined;
    if (!file) return;
    try {
      const handle = fs.watch(path.dirname(file), (_event, name) => {
        if (name && name.toString() !== path.basename(file)) return;
        clearTimeout(this.debounce);
        // Several events arrive per save; settle first.
        this.debounce = setTimeout(() => void this.reload(), 100);
      });
      handle.on('error', () => undefined);
      this.watcher = { file, handle };
    } catch (error) {
      this.options.log.warn(`Team: cannot watch ${path.dirname(file)} (${(error as Error).message}); changes apply on the next start or settings change.`);
    }
  }

  private scheduleRefresh(ms: number): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.reload(true), Math.max(1000, Math.min(ms, 2 ** 31 - 1)));
    this.refreshTimer.unref?.();
  }

  /** Records a refusal of a team-mode rule and returns it to throw; the command runner shows it. */
  refused(message: string): SwitchboardError {
    this.notices.push({ kind: 'error', text: message });
    return new SwitchboardError(message);
  }

  /** Shows a notification; the same text twice in a row is shown once (a source that stays unreachable). */
  private notify(kind: TeamNotice['kind'], text: string, actions: Record<string, () => unknown> = {}): void {
    this.notices.push({ kind, text });
    if (text === this.lastNotice) return;
    this.lastNotice = text;
    const show = kind === 'error' ? vscode.window.showErrorMessage : kind === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(text, ...Object.keys(actions), 'Show Log').then((picked) => {
      if (picked === 'Show Log') this.options.log.show();
      else if (picked) void actions[picked]?.();
    });
  }

  dispose(): void {
    this.abort.abort();
    clearTimeout(this.debounce);
    clearTimeout(this.refreshTimer);
    this.watcher?.handle.close();
    this.subscription.dispose();
  }
}

function describeFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'the file does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  return error instanceof Error ? error.message : String(error);
}

/**
 * What names a source in the cache and in what was applied: the file's path, or a digest of the
 * URL, which may carry a signed query that must not be written to disk.
 */
function sourceKey(source: Loadable): string {
  return source.kind === 'file' ? source.path : `sha256:${createHash('sha256').update(source.url).digest('hex')}`;
}
