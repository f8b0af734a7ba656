/**
 * The command agents are given: a small POSIX script in global storage. Its path survives
 * extension updates, it is owned by the user (OpenClaw's exec provider insists), and it runs
 * the helper with VS Code's own executable as Node (ELECTRON_RUN_AS_NODE=1; harmless under
 * plain Node, as in code-server). It clears NODE_OPTIONS and NODE_EXTRA_CA_CERTS first: the
 * helper only talks to a local socket, and an agent's environment may carry either (a
 * debugger's --require preload, a corporate CA bundle that Node 20 reads at every start, ~45 ms).
 */
import { shellQuote } from '../agents/shellQuote';
import { keyHelperArgs } from './layout';

export function launcherScript(runtime: string, script: string, dir: string): string {
  // keyHelperArgs ends with the provider id; the launcher passes on its own arguments there.
  const fixed = [runtime, ...keyHelperArgs(script, dir, '').slice(0, -1)].map(shellQuote).join(' ');
  return `#!/bin/sh\n# Switchboard's key helper: prints the key of the provider named by $1, asked of VS Code.\nunset NODE_OPTIONS NODE_EXTRA_CA_CERTS\nELECTRON_RUN_AS_NODE=1 exec ${fixed} "$@"\n`;
}
