/**
 * Finds a model id's catalog entry, whatever decoration a gateway added (see matchKeys).
 * When several sections carry the same model, the provider's own section wins, then the
 * vendor the id's prefix names, then the first-party vendors and the big gateways, then
 * catalog order.
 */
import type { CatalogModel, CatalogProvider } from './catalogSchema';
import { idPrefix, matchKeys, matchLevels, type MatchLevel } from './matchKeys';
import type { Catalog } from './parseCatalog';

export interface CatalogMatch {
  readonly model: CatalogModel;
  /** How much decoration had to go: 'exact' is the id as given, case aside. */
  readonly level: MatchLevel;
}

export interface MatchOptions {
  /** The models.dev section to prefer, e.g. "openrouter" for an OpenRouter provider. */
  readonly section?: string;
}

/** Gateway prefixes that are not the vendor's models.dev section id. */
const prefixSections: Record<string, string> = {
  'deepseek-ai': 'deepseek',
  'meta-llama': 'llama',
  meta: 'llama',
  mistralai: 'mistral',
  'x-ai': 'xai',
  qwen: 'alibaba',
  'z-ai': 'zai',
  'zai-org': 'zai',
  thudm: 'zhipuai',
  moonshot: 'moonshotai',
  'google-vertex': 'google',
  gemini: 'google',
};

/** The vendors' own sections, whose figures are the reference when no section is preferred. */
const firstParty = ['anthropic', 'openai', 'google', 'deepseek', 'xai', 'mistral', 'zai', 'moonshotai', 'alibaba', 'minimax', 'llama', 'cohere', 'perplexity', 'groq'];
/** Then the big gateways, whose ids carry the vendor prefix (`openai/gpt-5`). */
const gateways = ['openrouter', 'vercel'];
const preferredRank = new Map([...firstParty, ...gateways].map((id, i) => [id, i]));

export class CatalogIndex {
  /** One map per match level: key → entries in catalog order. */
  private readonly levels: Map<string, CatalogModel[]>[] = matchLevels.map(() => new Map());
  private readonly sections: ReadonlyMap<string, CatalogProvider>;
  private readonly order = new Map<CatalogModel, number>();

  constructor(readonly catalog: Catalog) {
    this.sections = catalog.providers;
    let n = 0;
    for (const provider of catalog.providers.values()) {
      for (const model of provider.models) {
        this.order.set(model, n++);
        const keys = matchKeys(model.id);
        for (let level = 0; level < keys.length; level++) {
          const map = this.levels[level];
          const list = map.get(keys[level]);
          if (list) list.push(model);
          else map.set(keys[level], [model]);
        }
      }
    }
  }

  section(id: string): CatalogProvider | undefined {
    return this.sections.get(id);
  }

  /** Every section, in catalog order. */
  allSections(): CatalogProvider[] {
    return [...this.sections.values()];
  }

  get(sectionId: string, modelId: string): CatalogModel | undefined {
    return this.sections.get(sectionId)?.models.find((m) => m.id === modelId);
  }

  match(id: string, options: MatchOptions = {}): CatalogMatch | undefined {
    if (!id || id.length > 1000) return undefined;
    const keys = matchKeys(id);
    const prefix = idPrefix(id);
    const vendor = prefix === undefined ? undefined : (prefixSections[prefix] ?? prefix);
    for (let level = 0; level < keys.length; level++) {
      const found = this.levels[level].get(keys[level]);
      if (found?.length) return { model: this.best(found, options.section, vendor), level: matchLevels[level] };
    }
    return undefined;
  }

  private best(candidates: CatalogModel[], section: string | undefined, vendor: string | undefined): CatalogModel {
    if (candidates.length === 1) return candidates[0];
    const rank = (m: CatalogModel): number => {
      if (m.providerId === section) return 0;
      if (m.providerId === vendor) return 1;
      return 2 + (preferredRank.get(m.providerId) ?? preferredRank.size);
    };
    let best = candidates[0];
    let bestRank = rank(best);
    for (const m of candidates.slice(1)) {
      const r = rank(m);
      if (r < bestRank || (r === bestRank && this.order.get(m)! < this.order.get(best)!)) {
        best = m;
        bestRank = r;
      }
    }
    return best;
  }
}
