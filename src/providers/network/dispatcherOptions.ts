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
  readonly noProxy?: readonly string[];
  /** PEM text of the CA file, when one is set. */
  readonly caPem?: string;
  readonly allowInvalidCertificate: boolean;
  readonly timeoutMs: number;
}

export function resolveNetwork(settings: NetworkSettings | undefined, caPem?: string): ResolvedNetwork {
  return {
    ...(settings?.proxy ? { proxy: settings.proxy } : {}),
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
    uri: string;
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
    return {
      kind: 'proxy',
      options: { uri: net.proxy, requestTls: { ...t, timeout }, proxyTls: { ...t, timeout }, headersTimeout: timeout, bodyTimeout: timeout },
    };
  }
  return { kind: 'direct', options: { connect: { ...t, timeout }, headersTimeout: timeout, bodyTimeout: timeout } };
}
