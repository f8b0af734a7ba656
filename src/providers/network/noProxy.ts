/**
 * NO_PROXY matching, the way curl and Go read the list (no CIDR ranges):
 *   `*`                 every host
 *   `example.com`       example.com and every subdomain of it
 *   `.example.com`      subdomains only (so does `*.example.com`)
 *   `10.0.0.1`, `[::1]` that address exactly
 *   any of these with `:port`   only that port (the URL's port, or 80/443 by scheme)
 * Host names compare case-insensitively, without a trailing dot.
 */

export interface NoProxyRule {
  /** Lower-case host or suffix, without brackets; '' with `all`. */
  readonly host: string;
  readonly subdomainsOnly: boolean;
  readonly all: boolean;
  readonly port?: number;
}

export interface ParsedNoProxy {
  readonly rules: NoProxyRule[];
  /** One message per entry that could not be read. */
  readonly problems: string[];
}

const hostChars = /^[a-z0-9._-]+$/;
const ipv6Chars = /^[0-9a-f:.]+$/;

function parseEntry(raw: string): NoProxyRule | string {
  let entry = raw.trim().toLowerCase();
  if (entry === '*') return { host: '', subdomainsOnly: false, all: true };
  let port: number | undefined;
  let host: string;
  if (entry.startsWith('[')) {
    const close = entry.indexOf(']');
    if (close < 0) return `“${raw}”: an IPv6 address needs a closing ].`;
    host = entry.slice(1, close);
    const rest = entry.slice(close + 1);
    if (rest && !/^:\d+$/.test(rest)) return `“${raw}”: after ] only :port may follow.`;
    if (rest) port = Number(rest.slice(1));
    if (!ipv6Chars.test(host)) return `“${raw}” is not an IPv6 address.`;
  } else {
    const colons = entry.split(':').length - 1;
    if (colons > 1) {
      // A bare IPv6 address.
      if (!ipv6Chars.test(entry)) return `“${raw}” is not an IPv6 address.`;
      return { host: entry, subdomainsOnly: false, all: false };
    }
    if (colons === 1) {
      const at = entry.lastIndexOf(':');
      const portText = entry.slice(at + 1);
      if (!/^\d+$/.test(portText)) return `“${raw}”: the port is not a number.`;
      port = Number(portText);
      entry = entry.slice(0, at);
    }
    let subdomainsOnly = false;
    if (entry.startsWith('*.')) {
      entry = entry.slice(2);
      subdomainsOnly = true;
    } else if (entry.startsWith('.')) {
      entry = entry.slice(1);
      subdomainsOnly = true;
    }
    host = entry.replace(/\.$/, '');
    if (!host) return `“${raw}” names no host.`;
    if (host.includes('*')) return `“${raw}”: a wildcard may only start the entry, as *.example.com.`;
    if (host.includes('/')) return `“${raw}”: address ranges (CIDR) are not supported; list the hosts.`;
    if (!hostChars.test(host)) return `“${raw}” is not a host name.`;
    if (port !== undefined && (port < 1 || port > 65535)) return `“${raw}”: a port is 1–65535.`;
    return { host, subdomainsOnly, all: false, ...(port !== undefined ? { port } : {}) };
  }
  if (port !== undefined && (port < 1 || port > 65535)) return `“${raw}”: a port is 1–65535.`;
  return { host, subdomainsOnly: false, all: false, ...(port !== undefined ? { port } : {}) };
}

/** Splits a typed list on commas, semicolons and white space, dropping empty entries. */
export function splitNoProxy(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function parseNoProxy(entries: string | readonly string[]): ParsedNoProxy {
  const list = typeof entries === 'string' ? splitNoProxy(entries) : entries.flatMap(splitNoProxy);
  const rules: NoProxyRule[] = [];
  const problems: string[] = [];
  for (const entry of list) {
    const parsed = parseEntry(entry);
    if (typeof parsed === 'string') problems.push(parsed);
    else rules.push(parsed);
  }
  return { rules, problems };
}

function defaultPort(protocol: string): number {
  return protocol === 'https:' ? 443 : protocol === 'http:' ? 80 : 0;
}

/** Whether a request to `target` goes around the proxy. Unreadable entries never match. */
export function bypassesProxy(target: string | URL, noProxy: string | readonly string[] | undefined): boolean {
  if (!noProxy || noProxy.length === 0) return false;
  let url: URL;
  try {
    url = typeof target === 'string' ? new URL(target) : target;
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  const port = url.port ? Number(url.port) : defaultPort(url.protocol);
  return parseNoProxy(noProxy).rules.some((rule) => {
    if (rule.all) return true;
    if (rule.port !== undefined && rule.port !== port) return false;
    if (host === rule.host) return !rule.subdomainsOnly;
    return host.endsWith(`.${rule.host}`);
  });
}
