/**
 * dist/keyHelper.js, the command agents run for a key:
 *   <node> keyHelper.js --dir <storage dir> <provider id>
 * Success: exactly the key and one "\n" on stdout (Claude Code's apiKeyHelper and Codex's
 * auth.command both trim it), nothing on stderr, exit 0. Failure: one sentence on stderr,
 * nothing on stdout, exit 1. Spawned on every key request, so it stays tiny: Node built-ins
 * only, no zod.
 */
import { failureMessage, requestKey } from './client';
import { limits, providerIdPattern } from './layout';

const usage = 'Switchboard key helper: usage: keyHelper.js --dir <storage dir> <provider id>';

function parseArgs(argv: readonly string[]): { dir: string; provider: string } | undefined {
  const rest = [...argv];
  const at = rest.indexOf('--dir');
  if (at < 0 || at + 1 >= rest.length) return undefined;
  const [dir] = rest.splice(at, 2).slice(1);
  return rest.length === 1 && dir !== '' && providerIdPattern.test(rest[0]) ? { dir, provider: rest[0] } : undefined;
}

function fail(line: string): void {
  process.stderr.write(line + '\n');
  process.exitCode = 1;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!args) return fail(usage);
  // requestKey settles by the deadline; this backstop covers anything that would not.
  setTimeout(() => {
    fail(failureMessage('timeout', args.provider));
    process.exit(1);
  }, limits.helperTimeoutMs + 500).unref();
  const outcome = await requestKey(args.dir, args.provider);
  if (outcome.ok) process.stdout.write(outcome.key + '\n');
  else fail(failureMessage(outcome.failure, args.provider));
}

main().catch((error: unknown) => fail(`Switchboard key helper: ${(error as Error)?.message ?? String(error)}`));
