/**
 * One undici dispatcher per provider and network settings (keep-alive pools, reused across
 * requests). When a provider's settings change, its old dispatchers close gracefully: requests
 * already on them finish, the next ones use the new settings. All close when the gateway stops.
 */
import * as tls from 'node:tls';
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import { planDispatcher, type ResolvedNetwork } from '../providers/network/dispatcherOptions';

/** How long an idle upstream connection is kept for the next request. */
const keepAliveTimeoutMs = 30_000;

export class DispatcherCache {
  private readonly byKey = new Map<string, Dispatcher>();
  /** The same dispatchers by provider, fingerprint and origin: the per-request lookup. */
  private readonly byOrigin = new Map<string, Dispatcher>();
  /** providerId → the fingerprint its dispatchers were made with. */
  private readonly current = new Map<string, string>();

  get(providerId: string, fingerprint: string, network: ResolvedNetwork, origin: string): Dispatcher {
    const fast = this.byOrigin.get(`${providerId}\n${fingerprint}\n${origin}`);
    if (fast) return fast;
    const previous = this.current.get(providerId);
    if (previous !== fingerprint) {
      if (previous !== undefined) this.retire(`${providerId}\n${previous}\n`);
      this.current.set(providerId, fingerprint);
    }
    const plan = planDispatcher(network, origin, network.caPem !== undefined ? tls.rootCertificates : []);
    const key = `${providerId}\n${fingerprint}\n${plan.kind}`;
    let found = this.byKey.get(key);
    if (!found) {
      found = plan.kind === 'proxy' ? new ProxyAgent({ ...plan.options, keepAliveTimeout: keepAliveTimeoutMs }) : new Agent({ ...plan.options, keepAliveTimeout: keepAliveTimeoutMs });
      this.byKey.set(key, found);
    }
    this.byOrigin.set(`${providerId}\n${fingerprint}\n${origin}`, found);
    return found;
  }

  /** Closes (gracefully) every dispatcher whose key starts with `prefix`. */
  private retire(prefix: string): void {
    for (const key of this.byOrigin.keys()) if (key.startsWith(prefix)) this.byOrigin.delete(key);
    for (const [key, dispatcher] of this.byKey) {
      if (!key.startsWith(prefix)) continue;
      this.byKey.delete(key);
      void dispatcher.close().catch(() => undefined);
    }
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Closes every dispatcher; `force` cuts requests still running. */
  async closeAll(force: boolean): Promise<void> {
    const all = [...this.byKey.values()];
    this.byKey.clear();
    this.byOrigin.clear();
    this.current.clear();
    await Promise.all(all.map((d) => (force ? d.destroy() : d.close()).catch(() => undefined)));
  }
}
