/**
 * The core's handle on the catalog: holds nothing but paths until first use, then loads
 * dist/catalog.js and creates the one CatalogService of this window. Type-only imports here,
 * so the catalog code stays out of dist/core.js.
 */
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { CatalogMatch } from '../../providers/catalog/catalogIndex';
import type { ProviderTypeId } from '../../providers/providerTypes';
import type { Services } from '../services';
import type { CatalogService, CatalogServiceOptions } from './catalogService';
import type { CatalogPick } from './addModelFromCatalog';

type Runtime = typeof import('./catalogRuntime');
// A plain require of the separate bundle (next to dist/core.js), as for dist/agents.js.
const runtime = (): Runtime => require('./catalog');

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

  /** The service, created (and the bundle loaded) on first call. */
  service(): CatalogService {
    this.instance ??= new (runtime().CatalogService)({ storageDir: this.storageDir, log: this.log, ...this.overrides });
    return this.instance;
  }

  /** A service of its own on another folder, for tests and benches; the caller disposes it. */
  newService(options: Pick<CatalogServiceOptions, 'storageDir'> & Partial<CatalogServiceOptions>): CatalogService {
    return new (runtime().CatalogService)({ log: this.log, ...this.overrides, ...options });
  }

  /** The catalog entry for a model id, preferring the provider type's own section. */
  async lookup(modelId: string, type?: ProviderTypeId): Promise<CatalogMatch | undefined> {
    const snapshot = await this.service().get();
    return snapshot.index.match(modelId, { section: type ? runtime().catalogSections[type] : undefined });
  }

  addModelFromCatalog(services: Services, providerId?: string, pick?: CatalogPick) {
    return runtime().addModelFromCatalogCommand(services, this.service(), providerId, pick);
  }

  dispose(): void {
    this.instance?.dispose();
  }
}
