/**
 * Where the team file is, from the switchboard.team.source setting: a JSON file on this
 * machine, or an https URL. Plain http only reaches loopback (a local mirror, or tests):
 * anything else could be rewritten on the way, and the file decides where tokens are sent.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A team file is configuration, not data: anything bigger is a mistake (or an attack). */
export const maxTeamFileBytes = 4 * 1024 * 1024;

export type TeamSource =
  | { readonly kind: 'none' }
  | { readonly kind: 'file'; readonly path: string; readonly label: string }
  | { readonly kind: 'url'; readonly url: string; readonly label: string }
  | { readonly kind: 'invalid'; readonly message: string };

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function parseTeamSource(raw: unknown, home: string): TeamSource {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return { kind: 'none' };
  if (typeof raw !== 'string') return { kind: 'invalid', message: 'switchboard.team.source is a file path or an https URL.' };
  const value = raw.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return { kind: 'invalid', message: `switchboard.team.source: “${value.slice(0, 200)}” is not a URL.` };
    }
    if (url.protocol === 'file:') {
      const file = fileURLToPath(url);
      return { kind: 'file', path: file, label: file };
    }
    if (url.username || url.password) return { kind: 'invalid', message: 'switchboard.team.source: a URL with a user name or password would put a credential in settings; serve the team file without one.' };
    const label = `${url.origin}${url.pathname}`;
    if (url.protocol === 'https:') return { kind: 'url', url: url.href, label };
    if (url.protocol === 'http:' && loopbackHosts.has(url.hostname)) return { kind: 'url', url: url.href, label };
    if (url.protocol === 'http:') return { kind: 'invalid', message: `switchboard.team.source: use https for ${url.host}; plain http is only for 127.0.0.1 and localhost.` };
    return { kind: 'invalid', message: `switchboard.team.source: use a file path or an https URL, not ${url.protocol.replace(':', '')}.` };
  }
  if (value === '~' || value.startsWith('~/') || value.startsWith('~\\')) {
    const file = path.join(home, value.slice(1));
    return { kind: 'file', path: file, label: value };
  }
  if (!path.isAbsolute(value)) return { kind: 'invalid', message: `switchboard.team.source: “${value.slice(0, 200)}” is a relative path; give the full path of the team file (or one starting with ~/).` };
  return { kind: 'file', path: path.normalize(value), label: value };
}

/** The setting as a boolean: unset means "allowed" only when there is no team source. */
export function personalProvidersAllowed(setting: unknown, source: TeamSource): boolean {
  return typeof setting === 'boolean' ? setting : source.kind === 'none';
}
