/**
 * When the cached catalog is good enough: fresh for the TTL, then stale (served while a
 * refresh runs in the background), and missing until a first download succeeds. Pure, with
 * the clock passed in, so the policy is tested without waiting.
 */

export const defaultCatalogUrl = 'https://models.dev/api.json';
export const defaultTtlMinutes = 120;
/** After a failed refresh, serve the stale copy this long before trying the network again. */
export const retryAfterFailureMs = 60_000;
/** A timestamp this far in the future means the clock moved back: treat the copy as stale. */
const clockSkewMs = 5 * 60_000;

/** Stored beside the cached body. */
export interface CatalogCacheMeta {
  /** The URL the body came from; a cache of another URL is stale at once. */
  readonly url: string;
  /** Epoch ms of the download. */
  readonly fetchedAt: number;
  readonly bytes: number;
}

export type CacheState = 'missing' | 'fresh' | 'stale';

/** The TTL setting as minutes: a negative, non-numeric or absurd value falls back to the default. */
export function ttlMinutesOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 525_600 ? value : defaultTtlMinutes;
}

export function cacheState(meta: CatalogCacheMeta | undefined, url: string, now: number, ttlMinutes: number): CacheState {
  if (!meta) return 'missing';
  if (meta.url !== url) return 'stale';
  const age = now - meta.fetchedAt;
  if (age < -clockSkewMs) return 'stale';
  return age < ttlMinutes * 60_000 ? 'fresh' : 'stale';
}

/** Whether a stale copy should be refreshed now, given the last failure (epoch ms) if any. */
export function shouldRefresh(state: CacheState, now: number, lastFailureAt?: number): boolean {
  if (state === 'fresh') return false;
  if (state === 'missing') return true;
  return lastFailureAt === undefined || now - lastFailureAt >= retryAfterFailureMs || now < lastFailureAt;
}

/** "3 minutes", "2 hours", "5 days": how old the copy being served is. */
export function describeAge(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 1) return 'less than a minute';
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}
