/**
 * The helper's side: read the rendezvous file, ask the serving window for one key, and put
 * any failure in a sentence. Node built-ins only (it also runs under Electron with
 * ELECTRON_RUN_AS_NODE=1), and no zod: the reply is small enough to check by hand.
 */
import * as net from 'node:net';
import { limits, readRendezvous, type Rendezvous } from './layout';
import type { KeyErrorCode } from './protocol';

export type KeyFailure = 'not-running' | 'timeout' | 'bad-reply' | KeyErrorCode;
export type KeyOutcome = { readonly ok: true; readonly key: string } | { readonly ok: false; readonly failure: KeyFailure };

/** Asks for `provider`'s key; settles by `deadline` (a Date.now() value) whatever the server does. */
export async function requestKey(dir: string, provider: string, deadline = Date.now() + limits.helperTimeoutMs): Promise<KeyOutcome> {
  const first = readRendezvous(dir);
  if (!first) return { ok: false, failure: 'not-running' };
  const outcome = await ask(first, provider, deadline);
  // The token rotates when another window takes over; one re-read covers that moment.
  if (!outcome.ok && outcome.failure === 'unauthorized') {
    const second = readRendezvous(dir);
    if (second && second.token !== first.token) return ask(second, provider, deadline);
  }
  return outcome;
}

function ask(rendezvous: Rendezvous, provider: string, deadline: number): Promise<KeyOutcome> {
  return new Promise((resolve) => {
    const socket = net.createConnection(rendezvous.socket);
    let reply = '';
    let settled = false;
    const settle = (outcome: KeyOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => settle({ ok: false, failure: 'timeout' }), Math.max(0, deadline - Date.now()));
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(JSON.stringify({ token: rendezvous.token, provider }) + '\n'));
    socket.on('data', (chunk: string) => {
      reply += chunk;
      const newline = reply.indexOf('\n');
      if (newline >= 0) settle(parseReply(reply.slice(0, newline)));
      else if (reply.length > limits.maxReplyBytes) settle({ ok: false, failure: 'bad-reply' });
    });
    socket.on('end', () => settle(parseReply(reply)));
    // No listener (ECONNREFUSED) or no socket (ENOENT): the window that published it is gone.
    socket.on('error', (error: NodeJS.ErrnoException) => settle({ ok: false, failure: error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? 'not-running' : 'bad-reply' }));
  });
}

const errorCodes: readonly string[] = ['unauthorized', 'bad-request', 'no-key', 'lookup-failed'] satisfies KeyErrorCode[];

export function parseReply(line: string): KeyOutcome {
  let value: { readonly [K in 'ok' | 'key' | 'error']?: unknown };
  try {
    value = JSON.parse(line) ?? {};
  } catch {
    return { ok: false, failure: 'bad-reply' };
  }
  if (value.ok === true && typeof value.key === 'string' && value.key !== '' && !/[\r\n]/.test(value.key)) return { ok: true, key: value.key };
  if (value.ok === false && typeof value.error === 'string' && errorCodes.includes(value.error)) return { ok: false, failure: value.error as KeyErrorCode };
  return { ok: false, failure: 'bad-reply' };
}

/** The one line the helper prints on stderr; agents show it to the user as is. */
export function failureMessage(failure: KeyFailure, provider: string): string {
  const prefix = 'Switchboard key helper: ';
  const who = `“${provider}”`;
  switch (failure) {
    case 'not-running':
      return `${prefix}VS Code with Switchboard is not running, so the key for ${who} is unavailable. Open VS Code and try again.`;
    case 'no-key':
      return `${prefix}Switchboard has no key for ${who}: set it with “Switchboard: Set API Key”.`;
    case 'timeout':
      return `${prefix}VS Code with Switchboard did not answer in time, so the key for ${who} is unavailable. Try again.`;
    case 'unauthorized':
      return `${prefix}VS Code with Switchboard refused the request for ${who}: its token changed. Try again.`;
    case 'lookup-failed':
      return `${prefix}Switchboard could not read the key for ${who} from VS Code’s secret storage. Try again.`;
    case 'bad-request':
    case 'bad-reply':
      return `${prefix}the request for the key for ${who} failed; this helper and the running Switchboard may be different versions. Reload VS Code and try again.`;
  }
}
