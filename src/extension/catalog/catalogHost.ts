/**
 * The core's handle on the catalog: holds nothing but a path until first use, then creates
 * the one CatalogService of this window, which reads and parses the cache. The catalog code
 * is part of dist/core.js on purpose: a separate bundle would carry its own copy of zod and
 * the model schemas, and loading that cost more on first use (about 60 ms) than the whole
 * read, parse and index; in the core it shares what the core has already loaded.
 */
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { CatalogMatch } from '../../providers/catalog/catalogIndex';
import { catalogSections, metadataLookupOf } from '../../providers/catalog/catalogModel';
import { noMetadata, type ModelMetadataLookup } from '../../providers/modelList/listedModels';
import type { ProviderTypeId } from '../../providers/providerTypes';
import type { Services } from '../services';
import { addModelFromCatalogCommand, type CatalogPick } from './addModelFromCatalog';
import { CatalogService, type CatalogServiceOptions } from './catalogService';

export class CatalogHost implements vscode.Disposable {
  private instance?: CatalogService;

  constructor(
    private readonly storageDir: string,
    private readonly log: vscode.LogOutputChannel,
    /** Tests and benches swap the clock or the fetch before first use. */
    private readonly overrides: Partial<CatalogServiceOptions> = {},
  ) {}

  static forContext(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): CatalogHost {
    return new CatalogHost(path.join(context.globalStorageUri.fsPath, 'catalog'), log);
  }

  /** Whether first use has happened (activation must leave this false). */
  get started(): boolean {
    return this.instance !== undefined;
  }

  /** The service, created on first call; it reads the disk cache on its first get(). */
  service(): CatalogService {
    this.instance ??= new CatalogService({ storageDir: this.storageDir, log: this.log, ...this.overrides });
    return this.instance;
  }

  /** A service of its own on another folder, for tests and benches; the caller disposes it. */
  newService(options: Pick<CatalogServiceOptions, 'storageDir'> & Partial<CatalogServiceOptions>): CatalogService {
    return new CatalogService({ log: this.log, ...this.overrides, ...options });
  }

  /** The catalog entry for a model id, preferring the provider type's own section. */
  async lookup(modelId: string, type?: ProviderTypeId): Promise<CatalogMatch | undefined> {
    const snapshot = await this.service().get();
    return snapshot.index.match(modelId, { section: type ? catalogSections[type] : undefined });
  }

  /**
   * A synchronous lookup over the loaded catalog, for filling in listed models. Knows nothing
   * when the catalog is unavailable, or not there within `waitMs` (a first download keeps going
   * in the background for next time): the list should not wait on models.dev.
   */
  async metadataLookup(waitMs = 2000): Promise<ModelMetadataLookup> {
    let giveUp = (): void => undefined;
    const late = new Promise<undefined>((resolve) => (giveUp = () => resolve(undefined)));
    const timer = setTimeout(giveUp, waitMs);
    const snapshot = await Promise.race([this.service().get().catch(() => undefined), late]);
    clearTimeout(timer);
    return snapshot ? metadataLookupOf(snapshot.index) : noMetadata;
  }

  addModelFromCatalog(services: Services, providerId?: string, pick?: CatalogPick) {
    return addModelFromCatalogCommand(services, this.service(), providerId, pick);
  }

  dispose(): void {
    this.instance?.dispose();
  }
}
