/**
 * The command agents are given: a small POSIX script in global storage. Its path survives
 * extension updates, and it is owned by the user (OpenClaw's exec provider insists).
 *
 * Fast path: curl asks the serving window over the key socket with keyhelper.curlrc (socket and
 * token; curlConfig.ts), about 10 ms where starting Node takes 40. `-q` first, so no ~/.curlrc
 * applies; the key is printed only once curl has all of it, and only on a 200.
 *
 * Otherwise (no curl, no config, no window, a token another window just replaced, a refusal)
 * it runs the Node helper, which asks again and says why in a sentence: with VS Code's own
 * executable as Node (ELECTRON_RUN_AS_NODE=1; harmless under plain Node, as in code-server),
 * and without NODE_OPTIONS and NODE_EXTRA_CA_CERTS: the helper only talks to a local socket,
 * and an agent's environment may carry either (a debugger's --require preload, a corporate CA
 * bundle that Node 20 reads at every start, ~45 ms). A slow answer (curl's time ran out, or the
 * key store did not answer in time) is said at once: asking again would outlast the agents' own
 * limits (Codex waits 5 s).
 */
import { shellQuote } from '../agents/shellQuote';
import { failureMessage } from './client';
import { keyHost, keyPathPrefix } from './httpDialect';
import { curlConfigFileName, keyHelperArgs, limits } from './layout';

/** curl's exit status when --max-time ran out. */
const curlTimedOut = 28;

/** printf arguments that print the helper's sentence for `failure` about the provider in $1. */
function sentence(failure: 'timeout' | 'lookup-failed'): string {
  const [before, after] = failureMessage(failure, '\0').split('\0').map(shellQuote);
  return `printf '%s%s%s\\n' ${before} "$1" ${after} >&2; exit 1`;
}

export function launcherScript(runtime: string, script: string, dir: string): string {
  // keyHelperArgs ends with the provider id; the launcher passes on its own arguments there.
  const fixed = [runtime, ...keyHelperArgs(script, dir, '').slice(0, -1)].map(shellQuote).join(' ');
  const config = shellQuote(`${dir}/${curlConfigFileName}`);
  const seconds = (limits.helperTimeoutMs / 1000).toFixed(1);
  return [
    '#!/bin/sh',
    "# Switchboard's key helper: prints the key of the provider named by $1, asked of VS Code.",
    `config=${config}`,
    'if [ "$#" -eq 1 ] && [ -r "$config" ] && command -v curl >/dev/null 2>&1; then',
    // The status follows the body after a space: the key is what comes before the last one.
    `  out=$(curl -q -s -g --max-time ${seconds} -K "$config" -w ' %{http_code}' "http://${keyHost}${keyPathPrefix}$1" 2>/dev/null)`,
    '  case "$?:${out##* }" in',
    '    0:200) key=${out% *}; if [ -n "$key" ]; then printf \'%s\\n\' "$key"; exit 0; fi ;;',
    `    ${curlTimedOut}:*) ${sentence('timeout')} ;;`,
    `    0:503) ${sentence('lookup-failed')} ;;`,
    '  esac',
    'fi',
    'unset NODE_OPTIONS NODE_EXTRA_CA_CERTS',
    `ELECTRON_RUN_AS_NODE=1 exec ${fixed} "$@"`,
    '',
  ].join('\n');
}
