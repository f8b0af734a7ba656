/**
 * The command agents are given: a small POSIX script in global storage. Its path survives
 * extension updates, and it is owned by the user (OpenClaw's exec provider insists).
 *
 * Fast path, when VS Code found curl (its absolute path is written in, so an agent's PATH
 * cannot swap it): curl asks the serving window over the key socket with keyhelper.curlrc
 * (socket and token; curlConfig.ts), about 10 ms where starting Node takes 40. `-q` first, so
 * no ~/.curlrc applies; `LC_ALL=C`, so older curls read the decimal --max-time; only an id the
 * Node helper would accept, sent with --path-as-is, so curl cannot turn `x/../openai` into
 * another provider. The key is printed only once curl has all of it, and only on a 200.
 *
 * Otherwise (no curl, no config, no window, a token another window just replaced, a bad id)
 * it runs the Node helper, which asks again and says why in a sentence: with VS Code's own
 * executable as Node (ELECTRON_RUN_AS_NODE=1; harmless under plain Node, as in code-server),
 * and without NODE_OPTIONS and NODE_EXTRA_CA_CERTS: the helper only talks to a local socket,
 * and an agent's environment may carry either (a debugger's --require preload, a corporate CA
 * bundle that Node 20 reads at every start, ~45 ms). An answer the server gave (no key, the key
 * store did not answer in time) or curl's time running out is said at once: asking again would
 * only repeat it, or outlast the agents' own limits (Codex waits 5 s).
 */
import { shellQuote } from '../agents/shellQuote';
import { failureMessage, type KeyFailure } from './client';
import { keyHost, keyPathPrefix } from './httpDialect';
import { curlConfigFileName, keyHelperArgs, limits } from './layout';

/** curl's exit status when --max-time ran out. */
const curlTimedOut = 28;

/** A shell command printing the helper's sentence for `failure` about the provider in $1, then exit 1. */
function sentence(failure: KeyFailure): string {
  const parts = failureMessage(failure, '\0').split('\0');
  if (parts.length !== 2) throw new Error(`the ${failure} sentence must name the provider once`);
  const [before, after] = parts.map(shellQuote);
  return `printf '%s%s%s\\n' ${before} "$1" ${after} >&2; exit 1`;
}

export function launcherScript(runtime: string, script: string, dir: string, curl?: string): string {
  // keyHelperArgs ends with the provider id; the launcher passes on its own arguments there.
  const fixed = [runtime, ...keyHelperArgs(script, dir, '').slice(0, -1)].map(shellQuote).join(' ');
  const seconds = (limits.helperTimeoutMs / 1000).toFixed(1);
  const fast = curl
    ? [
        `config=${shellQuote(`${dir}/${curlConfigFileName}`)}`,
        // providerIdPattern (layout.ts) as shell patterns: a first letter or digit, then no other character.
        'case "$#:$1" in 1:[A-Za-z0-9]*) case "$1" in *[!A-Za-z0-9._-]*) ;; *) if [ -r "$config" ]; then',
        // The status follows the body after a space: the key is what comes before the last one.
        `  out=$(LC_ALL=C ${shellQuote(curl)} -q -s -g --path-as-is --max-time ${seconds} -K "$config" -w ' %{http_code}' "http://${keyHost}${keyPathPrefix}$1" 2>/dev/null)`,
        '  case "$?:${out##* }" in',
        '    0:200) key=${out% *}; if [ -n "$key" ]; then printf \'%s\\n\' "$key"; exit 0; fi ;;',
        `    0:404) ${sentence('no-key')} ;;`,
        `    0:503) ${sentence('lookup-failed')} ;;`,
        `    ${curlTimedOut}:*) ${sentence('timeout')} ;;`,
        '  esac',
        'fi ;; esac ;; esac',
      ]
    : [];
  return [
    '#!/bin/sh',
    "# Switchboard's key helper: prints the key of the provider named by $1, asked of VS Code.",
    ...fast,
    'unset NODE_OPTIONS NODE_EXTRA_CA_CERTS',
    `ELECTRON_RUN_AS_NODE=1 exec ${fixed} "$@"`,
    '',
  ].join('\n');
}
