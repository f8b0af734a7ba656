/**
 * `npm start`: the built extension in code-server on http://127.0.0.1:8080 (--auth none,
 * loopback only) on .vscode-test/sample-workspace, in the foreground until Ctrl+C.
 * State (settings, extension storage, HOME) persists in .vscode-test/start between starts;
 * the extension itself is re-copied from the current build each time.
 */
import * as path from 'node:path';
import { startCodeServer } from './codeServer';
import { cacheDir } from './paths';
import { createSampleWorkspace } from './workspace';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8080);
  const workspace = createSampleWorkspace(path.join(cacheDir, 'sample-workspace'));
  const server = await startCodeServer({
    workspace,
    port,
    runDir: path.join(cacheDir, 'start'),
    installExtension: true,
  });
  console.log(`Switchboard in VS Code: ${server.url}/?folder=${encodeURIComponent(workspace)}`);
  console.log(`  workspace  ${workspace}`);
  console.log(`  HOME       ${server.homeDir}  (agent config files land here, not in your real home)`);
  console.log(`  logs       ${server.logFile}, ${path.join(server.userDataDir, 'logs')}`);
  console.log('Ctrl+C stops it.');
  // Stays alive until a signal: codeServer.ts turns SIGINT/SIGTERM into an exit that kills
  // the server's whole process group. If whatever started us dies without passing a signal on
  // (npm does not always forward one), we are re-parented; take the server down with us.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 1_000);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
