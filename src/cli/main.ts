/**
 * dist/cli.js: Switchboard for scripts, dotfiles and CI machines with no VS Code.
 *   node dist/cli.js <validate|plan|apply|revert|link> [options]   (see usage.ts)
 */
import * as os from 'node:os';
import type { CliIo } from './io';
import { runCli } from './run';

const maxStdin = 64 * 1024;

/** Stdin, bounded: a key is short, and a command never waits on more than it needs. */
function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > maxStdin) reject(new Error('stdin holds more than a key.'));
    });
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', reject);
  });
}

const io: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin,
  env: process.env,
  home: os.homedir(),
  cwd: process.cwd(),
};

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`switchboard: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
