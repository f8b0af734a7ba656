/**
 * keyhelper.curlrc: what the launcher's curl needs to ask the serving window for a key (the
 * socket, the token as a bearer header), in curl's config syntax, since curl cannot read
 * keyhelper.json. Written beside it, 0600, by the window that serves; it holds the token, so it
 * is as private as the JSON file.
 */
import type { Rendezvous } from './layout';

/** A double-quoted curl config value: backslash escapes, as curl reads them. */
function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

export function curlConfig(rendezvous: Rendezvous): string {
  return [
    '# Switchboard key helper: written by VS Code for the launcher\'s curl. Private: it holds the token.',
    `unix-socket = ${quoted(rendezvous.socket)}`,
    `header = ${quoted(`Authorization: Bearer ${rendezvous.token}`)}`,
    // The request never leaves the socket: no proxy from the environment applies.
    'noproxy = "*"',
    '',
  ].join('\n');
}
