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

/** One model, or several in catalog order; most keys have one, so no array for them. */
type Bucket = CatalogModel | CatalogModel[];

export class CatalogIndex {
  /**
   * One map per match level, built on the first match: listing sections (Add Model from
   * Catalog) never needs it. A model is filed only at the levels where its key changes
   * (most ids carry no decoration, so one key serves every level); a lookup at level L
   * therefore reads the maps of levels 0..L.
   */
  private levelMaps?: Map<string, Bucket>[];
  private readonly sections: ReadonlyMap<string, CatalogProvider>;

  constructor(readonly catalog: Catalog) {
    this.sections = catalog.providers;
  }

  private get levels(): Map<string, Bucket>[] {
    return (this.levelMaps ??= fileByLevel(this.sections));
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
    const levels = this.levels;
    for (let level = 0; level < keys.length; level++) {
      const found: CatalogModel[] = [];
      for (let filed = 0; filed <= level; filed++) {
        const bucket = levels[filed].get(keys[level]);
        if (bucket === undefined) continue;
        if (Array.isArray(bucket)) found.push(...bucket);
        else found.push(bucket);
      }
      if (found.length) return { model: this.best(found, options.section, vendor), level: matchLevels[level] };
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
    // Ties keep the first found: the strictest-filed, then catalog order.
    let best = candidates[0];
    let bestRank = rank(best);
    for (const m of candidates.slice(1)) {
      const r = rank(m);
      if (r < bestRank) {
        best = m;
        bestRank = r;
      }
    }
    return best;
  }
}

function fileByLevel(sections: ReadonlyMap<string, CatalogProvider>): Map<string, Bucket>[] {
  const levels: Map<string, Bucket>[] = matchLevels.map(() => new Map());
  // Half the catalog's ids repeat in other sections (gateways, clouds): their keys once.
  const keysOf = new Map<string, ReturnType<typeof matchKeys>>();
  for (const provider of sections.values()) {
    for (const model of provider.models) {
      let keys = keysOf.get(model.id);
      if (keys === undefined) keysOf.set(model.id, (keys = matchKeys(model.id)));
      for (let level = 0; level < keys.length; level++) {
        if (level > 0 && keys[level] === keys[level - 1]) continue;
        const map = levels[level];
        const bucket = map.get(keys[level]);
        if (bucket === undefined) map.set(keys[level], model);
        else if (Array.isArray(bucket)) bucket.push(model);
        else map.set(keys[level], [bucket, model]);
      }
    }
  }
  return levels;
}
