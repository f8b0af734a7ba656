/**
 * The one way Switchboard sends HTTP to a provider: undici's fetch over an Agent or a
 * ProxyAgent built from the provider's network settings, refusing redirects to other hosts.
 * The openai and anthropic SDKs get this fetch as their `fetch` option; Bedrock gets it
 * through a small smithy request handler. Node only; reached through dist/connect.js.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { Agent, ProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { planDispatcher, resolveNetwork, type DispatcherPlan, type ResolvedNetwork } from '../network/dispatcherOptions';
import { ConnectError } from '../network/errors';
import type { NetworkSettings } from '../network/settings';

/** The WHATWG fetch signature, as the SDKs declare it. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface Transport {
  readonly fetch: FetchLike;
  readonly network: ResolvedNetwork;
  /** Which dispatcher requests to the base URL use. */
  readonly plan: DispatcherPlan;
  /** Closes the connections; in-flight requests are cut when `force`. */
  close(force?: boolean): Promise<void>;
}

const maxRedirects = 5;

/** Reads the CA file (a leading ~ is the home folder); a missing or non-PEM file is a ConnectError. */
export async function readCaFile(file: string): Promise<string> {
  const full = file.startsWith('~') ? path.join(os.homedir(), file.slice(1)) : file;
  let text: string;
  try {
    text = await fs.readFile(full, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConnectError('ca-file', code === 'ENOENT' ? `The CA file ${file} does not exist.` : `The CA file ${file} cannot be read (${code ?? 'error'}).`, file);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new ConnectError('ca-file', `The CA file ${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----).`, file);
  return text;
}

/** The settings with the CA file read, and the proxy password the caller read from SecretStorage. */
export async function loadNetwork(settings: NetworkSettings | undefined, proxyPassword?: string): Promise<ResolvedNetwork> {
  return resolveNetwork(settings, settings?.caBundlePath ? await readCaFile(settings.caBundlePath) : undefined, proxyPassword);
}

function dispatcherFor(plan: DispatcherPlan): Dispatcher {
  return plan.kind === 'proxy' ? new ProxyAgent(plan.options) : new Agent(plan.options);
}

function urlOf(input: string | URL | Request): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

/**
 * A transport for one provider. Requests whose host is on the no-proxy list go direct,
 * the rest through the proxy, so one transport serves every URL of the provider.
 */
export function createTransport(network: ResolvedNetwork, baseUrl: string): Transport {
  const roots = network.caPem !== undefined ? tls.rootCertificates : [];
  const dispatchers = new Map<string, Dispatcher>();
  const dispatcher = (url: URL) => {
    const plan = planDispatcher(network, url, roots);
    const key = plan.kind;
    let found = dispatchers.get(key);
    if (!found) dispatchers.set(key, (found = dispatcherFor(plan)));
    return found;
  };

  const guarded: FetchLike = async (input, init) => {
    let url = new URL(urlOf(input));
    const method = (init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET')).toUpperCase();
    for (let hop = 0; ; hop++) {
      const response = (await undiciFetch(url, { ...(init as object), redirect: 'manual', dispatcher: dispatcher(url) } as never)) as unknown as Response;
      const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
      if (!location) return response;
      await response.body?.cancel().catch(() => undefined);
      const next = new URL(location, url);
      const sameHost = next.hostname === url.hostname && !(url.protocol === 'https:' && next.protocol !== 'https:');
      if (!sameHost) throw new ConnectError('redirect', `Redirected to ${next.origin}.`, next.origin);
      if ((method !== 'GET' && method !== 'HEAD') || hop >= maxRedirects) throw new ConnectError('redirect', `Too many redirects, or a redirect of a ${method}.`, next.href);
      url = next;
    }
  };

  return {
    fetch: guarded,
    network,
    plan: planDispatcher(network, baseUrl, roots),
    async close(force = false) {
      const all = [...dispatchers.values()];
      dispatchers.clear();
      await Promise.all(all.map((d) => (force ? d.destroy() : d.close()).catch(() => undefined)));
    },
  };
}

/** The body of a 2xx answer as JSON, or ConnectError('not-json'). */
export async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    const type = response.headers.get('content-type') ?? 'no content type';
    throw new ConnectError('not-json', `Not JSON (${type}).`, type.split(';')[0]);
  }
}
