/**
 * Which undici dispatcher a provider's requests use, and with which options, as plain data.
 * Pure: the CA file's text and Node's root certificates are passed in; the undici wiring
 * (new Agent / new ProxyAgent) lives in src/providers/connect/transport.ts.
 */
import { bypassesProxy } from './noProxy';
import { defaultTimeoutMs, type NetworkSettings } from './settings';

/** The settings with the CA file already read. */
export interface ResolvedNetwork {
  readonly proxy?: string;
  /**
   * The proxy's password, read from SecretStorage just before use; only with a user name in
   * the proxy URL. Never stored, never sent anywhere but the proxy.
   */
  readonly proxyPassword?: string;
  readonly noProxy?: readonly string[];
  /** PEM text of the CA file, when one is set. */
  readonly caPem?: string;
  readonly allowInvalidCertificate: boolean;
  readonly timeoutMs: number;
}

export function resolveNetwork(settings: NetworkSettings | undefined, caPem?: string, proxyPassword?: string): ResolvedNetwork {
  return {
    ...(settings?.proxy ? { proxy: settings.proxy } : {}),
    ...(settings?.proxy && proxyPassword ? { proxyPassword } : {}),
    ...(settings?.noProxy?.length ? { noProxy: settings.noProxy } : {}),
    ...(caPem !== undefined ? { caPem } : {}),
    allowInvalidCertificate: settings?.allowInvalidCertificate === true,
    timeoutMs: settings?.timeoutMs ?? defaultTimeoutMs,
  };
}

export interface TlsOptions {
  /** Node's roots plus the CA file; absent means Node's defaults. */
  ca?: string[];
  rejectUnauthorized: boolean;
}

export interface AgentPlan {
  readonly kind: 'direct';
  readonly options: { connect: TlsOptions & { timeout: number }; headersTimeout: number; bodyTimeout: number };
}

export interface ProxyPlan {
  readonly kind: 'proxy';
  readonly options: {
    /** The proxy URL without a user name. */
    uri: string;
    /** `Basic base64(user:password)`, undici's Proxy-Authorization; only with a user name and a password. */
    token?: string;
    /** TLS towards the provider, inside the tunnel. */
    requestTls: TlsOptions & { timeout: number };
    /** TLS towards an https proxy; the CA file may hold the proxy's certificate too. */
    proxyTls: TlsOptions & { timeout: number };
    headersTimeout: number;
    bodyTimeout: number;
  };
}

export type DispatcherPlan = AgentPlan | ProxyPlan;

function tls(net: ResolvedNetwork, rootCertificates: readonly string[]): TlsOptions {
  return {
    ...(net.caPem !== undefined ? { ca: [...rootCertificates, net.caPem] } : {}),
    rejectUnauthorized: !net.allowInvalidCertificate,
  };
}

/**
 * The dispatcher for requests to `target`: direct, unless a proxy is set and the target is
 * not on the no-proxy list. The connect timeout and the wait for headers and for each body
 * chunk all use the provider's timeout, so a stalled server fails within it.
 */
export function planDispatcher(net: ResolvedNetwork, target: string | URL, rootCertificates: readonly string[] = []): DispatcherPlan {
  const t = tls(net, rootCertificates);
  const timeout = net.timeoutMs;
  if (net.proxy && !bypassesProxy(target, net.noProxy)) {
    const { uri, token } = proxyCredentials(net.proxy, net.proxyPassword);
    return {
      kind: 'proxy',
      options: { uri, ...(token ? { token } : {}), requestTls: { ...t, timeout }, proxyTls: { ...t, timeout }, headersTimeout: timeout, bodyTimeout: timeout },
    };
  }
  return { kind: 'direct', options: { connect: { ...t, timeout }, headersTimeout: timeout, bodyTimeout: timeout } };
}

/**
 * The proxy URL without its user name, and the Basic credentials for Proxy-Authorization. A
 * user name without a password sends none: the proxy's 407 then says what is missing.
 */
export function proxyCredentials(proxy: string, password: string | undefined): { uri: string; token?: string } {
  const url = new URL(proxy);
  const user = decodeURIComponent(url.username);
  url.username = '';
  url.password = '';
  const uri = url.href.replace(/\/$/, '');
  if (!user || !password) return { uri };
  return { uri, token: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}` };
}
