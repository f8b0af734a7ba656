/**
 * The models.dev catalog on this machine: a disk cache in the extension's global storage,
 * read and parsed on first use (never at activation), fresh for the TTL setting, then served
 * stale while a background download replaces it. A failed download keeps the last copy and
 * says why in a visible warning; with no copy at all, first use fails with an error that
 * says so. Never a silently empty list.
 */
import * as vscode from 'vscode';
import { SwitchboardError } from '../../providers/errors';
import { CatalogIndex } from '../../providers/catalog/catalogIndex';
import { cacheState, defaultCatalogUrl, describeAge, shouldRefresh, ttlMinutesOf, type CacheState, type CatalogCacheMeta } from '../../providers/catalog/cachePolicy';
import { describeFetchFailure, fetchCatalogText, type FetchLike } from '../../providers/catalog/fetchCatalog';
import { describeSkipped, parseCatalogText } from '../../providers/catalog/parseCatalog';
import { readCatalogCache, writeCatalogCache } from './catalogDiskCache';

export interface CatalogSettings {
  readonly url: string;
  readonly ttlMinutes: number;
}

export interface CatalogServiceOptions {
  /** A folder of its own, e.g. <globalStorage>/catalog. */
  readonly storageDir: string;
  readonly log: vscode.LogOutputChannel;
  /** Defaults to the switchboard.catalog.* settings. */
  readonly settings?: () => CatalogSettings;
  /** Injectable for tests. */
  readonly now?: () => number;
  readonly fetch?: FetchLike;
  readonly timeoutMs?: number;
  /** Shows a warning; defaults to a non-modal notification with "Show Log". */
  readonly warn?: (message: string) => void;
}

/** What a caller gets: the index and how current it is. */
export interface CatalogSnapshot {
  readonly index: CatalogIndex;
  readonly state: Exclude<CacheState, 'missing'>;
  readonly url: string;
  readonly fetchedAt: number;
  /** Entries left out as invalid, for the picker's placeholder; 0 when none. */
  readonly skippedCount: number;
}

interface Loaded {
  readonly meta: CatalogCacheMeta;
  readonly index: CatalogIndex;
}

export function catalogSettings(): CatalogSettings {
  const config = vscode.workspace.getConfiguration('switchboard.catalog');
  const url = config.get<unknown>('url');
  return { url: typeof url === 'string' && url.trim() ? url.trim() : defaultCatalogUrl, ttlMinutes: ttlMinutesOf(config.get<unknown>('ttlMinutes')) };
}

export class CatalogService implements vscode.Disposable {
  private loaded?: Loaded;
  /** Whether the disk copy was read this session; read once, lazily. */
  private diskRead?: Promise<void>;
  private refreshing?: Promise<Loaded>;
  private lastFailureAt?: number;
  private readonly abort = new AbortController();
  private readonly now: () => number;
  private readonly settings: () => CatalogSettings;
  /** Every warning shown, newest last (the integration tests read it). */
  readonly warnings: string[] = [];
  /** The latest background refresh, so tests and benches can wait for it. */
  backgroundRefresh?: Promise<void>;
  /** Which disk copy first use read: the validated compact copy, or the download validated in full. */
  cacheRead?: 'compact' | 'body';
  /** The latest cache write (after a download, or a compact copy after a full read); never rejects. */
  cacheWritten?: Promise<void>;

  constructor(private readonly options: CatalogServiceOptions) {
    this.now = options.now ?? Date.now;
    this.settings = options.settings ?? catalogSettings;
  }

  /** The catalog, downloading it first only when no copy exists; throws a SwitchboardError then if that fails. */
  async get(): Promise<CatalogSnapshot> {
    const { url, ttlMinutes } = this.settings();
    this.diskRead ??= this.readDisk();
    await this.diskRead;
    const now = this.now();
    const loaded = this.loaded;
    if (!loaded) {
      try {
        return this.snapshot(await this.refresh(url), 'fresh');
      } catch (error) {
        const cause = this.causeOf(error);
        this.options.log.error(`Catalog: no cached copy, and downloading ${url} failed: ${cause}`);
        throw new SwitchboardError(`Switchboard has no model catalog yet: downloading ${url} failed (${cause}), and there is no cached copy to fall back on. Check the network, or the switchboard.catalog.url setting.`);
      }
    }
    if (loaded.meta.url !== url) {
      // The user pointed the setting elsewhere: they expect that catalog now, not in the background.
      try {
        return this.snapshot(await this.refresh(url), 'fresh');
      } catch (error) {
        this.warnStale(url, loaded, error);
        return this.snapshot(loaded, 'stale');
      }
    }
    const state = cacheState(loaded.meta, url, now, ttlMinutes);
    if (state !== 'fresh' && !this.refreshing && shouldRefresh(state, now, this.lastFailureAt)) this.refreshInBackground(url, loaded);
    return this.snapshot(loaded, state === 'fresh' ? 'fresh' : 'stale');
  }

  /** Downloads now, replacing the cache on success; the copy in use stays on failure. */
  async refreshNow(): Promise<CatalogSnapshot> {
    return this.snapshot(await this.refresh(this.settings().url), 'fresh');
  }

  private snapshot(loaded: Loaded, state: Exclude<CacheState, 'missing'>): CatalogSnapshot {
    const { skipped } = loaded.index.catalog;
    return { index: loaded.index, state, url: loaded.meta.url, fetchedAt: loaded.meta.fetchedAt, skippedCount: skipped.models + skipped.providers };
  }

  private refreshInBackground(url: string, servedFrom: Loaded): void {
    this.backgroundRefresh = this.refresh(url).then(
      () => undefined,
      (error: unknown) => this.warnStale(url, servedFrom, error),
    );
  }

  private causeOf(error: unknown): string {
    return error instanceof SwitchboardError ? error.message : describeFetchFailure(error, this.options.timeoutMs ?? 15_000);
  }

  private warnStale(url: string, servedFrom: Loaded, error: unknown): void {
    const age = describeAge(this.now() - servedFrom.meta.fetchedAt);
    const from = servedFrom.meta.url === url ? '' : ` (of ${servedFrom.meta.url})`;
    this.showWarning(`Switchboard could not refresh the model catalog from ${hostOf(url)}: ${this.causeOf(error)}. Using the cached copy${from} from ${age} ago.`);
  }

  private refresh(url: string): Promise<Loaded> {
    this.refreshing ??= this.download(url).finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async download(url: string): Promise<Loaded> {
    const started = this.now();
    try {
      const fetched = await fetchCatalogText(url, { fetch: this.options.fetch, timeoutMs: this.options.timeoutMs, signal: this.abort.signal });
      const parsed = parseCatalogText(fetched.text);
      if (!parsed.ok) throw new SwitchboardError(`the catalog from ${url} is unusable: ${parsed.error}`);
      const meta: CatalogCacheMeta = { url, fetchedAt: this.now(), bytes: fetched.bytes };
      const loaded = { meta, index: new CatalogIndex(parsed.catalog) };
      this.loaded = loaded;
      this.lastFailureAt = undefined;
      this.logParsed(loaded, `downloaded from ${url} in ${this.now() - started} ms`);
      this.cacheWritten = writeCatalogCache(this.options.storageDir, { text: fetched.text, meta }, parsed.catalog).catch((error: unknown) => this.options.log.warn(`Catalog: could not write the cache in ${this.options.storageDir}: ${(error as Error).message}`));
      await this.cacheWritten;
      return loaded;
    } catch (error) {
      this.lastFailureAt = this.now();
      throw error;
    }
  }

  private logParsed(loaded: Loaded, how: string): void {
    const { catalog } = loaded.index;
    this.options.log.info(`Catalog: ${catalog.modelCount} models from ${catalog.providers.size} providers, ${how}.`);
    const { skipped } = catalog;
    if (skipped.models || skipped.providers) {
      this.options.log.warn(`Catalog: ${describeSkipped(skipped)}; for example ${skipped.examples.join('; ')}`);
    }
  }

  /** Reads the cached copy; a missing, unreadable or corrupt cache just leaves nothing loaded. */
  private async readDisk(): Promise<void> {
    const cached = readCatalogCache(this.options.storageDir, this.options.log);
    if (!cached) return;
    this.cacheWritten = cached.compactWritten;
    this.cacheRead = cached.via;
    // A download that finished meanwhile is newer than the disk.
    if (this.loaded) return;
    this.loaded = { meta: cached.meta, index: new CatalogIndex(cached.catalog) };
    const via = cached.via === 'compact' ? 'the validated copy' : 'the downloaded copy, validated in full';
    this.logParsed(this.loaded, `read from the cache (${via}, ${describeAge(this.now() - cached.meta.fetchedAt)} old)`);
  }

  private showWarning(message: string): void {
    this.warnings.push(message);
    this.options.log.warn(message);
    if (this.options.warn) this.options.warn(message);
    else void vscode.window.showWarningMessage(message, 'Show Log').then((a) => a && this.options.log.show());
  }

  dispose(): void {
    this.abort.abort();
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
