/**
 * The command agents are given: a small POSIX script in global storage. Its path survives
 * extension updates, it is owned by the user (OpenClaw's exec provider insists), and it runs
 * the helper with VS Code's own executable as Node (ELECTRON_RUN_AS_NODE=1; harmless under
 * plain Node, as in code-server).
 */
import { shellQuote } from '../agents/shellQuote';
import { keyHelperArgs } from './layout';

export function launcherScript(runtime: string, script: string, dir: string): string {
  // keyHelperArgs ends with the provider id; the launcher passes on its own arguments there.
  const fixed = [runtime, ...keyHelperArgs(script, dir, '').slice(0, -1)].map(shellQuote).join(' ');
  return `#!/bin/sh\n# Switchboard's key helper: prints the key of the provider named by $1, asked of VS Code.\nELECTRON_RUN_AS_NODE=1 exec ${fixed} "$@"\n`;
}
