/**
 * Downloads a team file over the network settings the administrator gave for it (proxy,
 * no-proxy hosts, CA file, timeout), with the catalog's guards: bounded in time and size,
 * redirects only on the same host. Reached through dist/connect.js, since it loads undici.
 */
import { fetchCatalogText } from '../catalog/fetchCatalog';
import { createTransport, loadNetwork } from '../connect/transport';
import type { NetworkSettings } from '../network/settings';
import { maxTeamFileBytes } from './teamSource';

export async function fetchTeamText(url: string, network: NetworkSettings | undefined, signal?: AbortSignal): Promise<string> {
  const resolved = await loadNetwork(network);
  const transport = createTransport(resolved, url);
  try {
    const fetched = await fetchCatalogText(url, { fetch: transport.fetch, timeoutMs: resolved.timeoutMs, maxBytes: maxTeamFileBytes, what: 'the team file', ...(signal ? { signal } : {}) });
    return fetched.text;
  } finally {
    await transport.close(true);
  }
}
