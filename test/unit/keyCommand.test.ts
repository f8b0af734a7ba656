/** A provider's key from the user's command: real processes in a POSIX shell, and the cache with a fake run. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KeyCommandCache, keyCommandSchema, runKeyCommand, type KeyCommandResult } from '../../src/providers/keyCommand';

const node = (script: string) => `${JSON.stringify(process.execPath)} -e ${JSON.stringify(script)}`;

function message(result: KeyCommandResult): string {
  assert.equal(result.ok, false, 'expected a failure');
  return result.ok ? '' : result.message;
}

const posix = process.platform !== 'win32';

(posix ? describe : describe.skip)('runKeyCommand', () => {
  it('returns the line a command prints', async () => {
    assert.deepEqual(await runKeyCommand(`printf 'sk-abc\\n'`), { ok: true, key: 'sk-abc' });
  });

  it('handles CRLF, and takes the first non-empty line as `pass show` prints it', async () => {
    assert.deepEqual(await runKeyCommand(`printf 'sk-crlf\\r\\nmore\\r\\n'`), { ok: true, key: 'sk-crlf' });
    assert.deepEqual(await runKeyCommand(`printf '\\n  \\n sk-pass \\nlogin: me\\nurl: example.com\\n'`), { ok: true, key: 'sk-pass' });
  });

  it('runs the command in the shell, so its syntax works', async () => {
    assert.deepEqual(await runKeyCommand('echo sk-$((1+1))x'), { ok: true, key: 'sk-2x' });
    assert.deepEqual(await runKeyCommand(`printf 'sk-z\\n' | tr z y`), { ok: true, key: 'sk-y' });
  });

  it('says the exit code and the last line of stderr, never stdout', async () => {
    const text = message(await runKeyCommand(`printf 'sk-leaked\\n'; printf 'first problem\\n\\nvault is locked  \\n\\n' >&2; exit 3`));
    assert.equal(text, 'The key command exited with code 3: vault is locked');
    assert.ok(!text.includes('sk-leaked'));
    assert.equal(message(await runKeyCommand('exit 4')), 'The key command exited with code 4.');
  });

  it('shortens a long stderr line', async () => {
    const text = message(await runKeyCommand(node(`process.stderr.write('e'.repeat(1000)); process.exit(1)`)));
    assert.ok(text.length < 260, text);
    assert.ok(text.endsWith('…'));
  });

  it('reports a missing program as its exit code', async () => {
    assert.match(message(await runKeyCommand('sb-no-such-program-xyz')), /^The key command exited with code 127: .*sb-no-such-program-xyz/);
  });

  it('says when the command printed nothing', async () => {
    assert.equal(message(await runKeyCommand(`printf '\\n \\n'`)), 'The key command printed nothing; it should print the key.');
    assert.equal(message(await runKeyCommand('true')), 'The key command printed nothing; it should print the key.');
  });

  it('refuses a first line that is not a key, without repeating it', async () => {
    const text = message(await runKeyCommand(`printf 'not a key\\n'`));
    assert.equal(text, 'The key command’s output is not a valid key: A key has no spaces or line breaks.');
    assert.ok(!text.includes('not a key'));
    const long = message(await runKeyCommand(node(`console.log('sk-' + 'q'.repeat(5000))`)));
    assert.match(long, /not a valid key: A key has at most 4096 characters\.$/);
    assert.ok(!long.includes('sk-q'));
  });

  it('refuses a command the schema refuses, without running it', async () => {
    assert.equal(message(await runKeyCommand('  ')), 'Enter a command that prints the key.');
  });

  it('stops a command that does not finish in time, with what it started', async () => {
    for (const command of ['sleep 5', 'sleep 5 & wait', 'sh -c "sleep 5"']) {
      const started = Date.now();
      const text = message(await runKeyCommand(command, { timeoutMs: 300 }));
      assert.equal(text, 'The key command did not finish within 0.3 s; it was stopped.');
      assert.ok(Date.now() - started < 2_000, `${command} took ${Date.now() - started} ms`);
    }
  });

  it('does not wait long for a background process that keeps the output open', async () => {
    const started = Date.now();
    assert.deepEqual(await runKeyCommand(`sh -c 'sleep 3' & printf 'sk-bg\\n'`), { ok: true, key: 'sk-bg' });
    assert.ok(Date.now() - started < 2_500, `took ${Date.now() - started} ms`);
  });

  it('reads huge output to the end without keeping it', async () => {
    const result = await runKeyCommand(node(`process.stdout.write('sk-big\\n' + 'x'.repeat(1 << 20) + '\\n')`), { timeoutMs: 10_000 });
    assert.deepEqual(result, { ok: true, key: 'sk-big' });
    const noisy = await runKeyCommand(node(`process.stderr.write('y'.repeat(1 << 20) + '\\nthe end\\n'); process.exitCode = 2`), { timeoutMs: 10_000 });
    assert.equal(message(noisy), 'The key command exited with code 2: the end');
  });

  it('runs with the given environment and folder', async () => {
    const env = { ...process.env, SB_TEST_KEY: 'sk-env' };
    assert.deepEqual(await runKeyCommand(`printf '%s\\n' "$SB_TEST_KEY"`, { env }), { ok: true, key: 'sk-env' });
    const tmp = os.tmpdir();
    assert.deepEqual(await runKeyCommand(node(`console.log('sk-' + require('path').basename(process.cwd()))`), { cwd: tmp }), {
      ok: true,
      key: `sk-${path.basename(fs.realpathSync(tmp))}`,
    });
  });

  it('stops the command when cancelled, with what it started', async () => {
    const abort = new AbortController();
    const started = Date.now();
    const marker = path.join(os.tmpdir(), `sb-keycmd-abort-${process.pid}`);
    fs.rmSync(marker, { force: true });
    const running = runKeyCommand(`sh -c 'sleep 1; touch ${marker}' & wait`, { signal: abort.signal });
    setTimeout(() => abort.abort(), 100);
    assert.equal(message(await running), 'The key command was cancelled.');
    assert.ok(Date.now() - started < 900, `took ${Date.now() - started} ms`);
    await new Promise((r) => setTimeout(r, 1_300));
    assert.equal(fs.existsSync(marker), false, 'what it started was stopped too');
    assert.equal(message(await runKeyCommand(`printf 'sk-a\\n'`, { signal: AbortSignal.abort() })), 'The key command was cancelled.');
  });

  it('never repeats a key pasted as the command, while paths in the tool\'s message stay', async () => {
    const pasted = 'sk-proj-AbC123dEf456gHi789jKl';
    const text = message(await runKeyCommand(pasted));
    assert.match(text, /^The key command exited with code 127: .*…: .*not found$/);
    assert.ok(!text.includes('AbC123'), text);
    const item = message(await runKeyCommand(`echo "vault: no item op://Private/OpenAI9/credential" >&2; exit 4`));
    assert.equal(item, 'The key command exited with code 4: vault: no item op://Private/OpenAI9/credential');
  });

  it('says when the command cannot start', async () => {
    const missing = path.join(os.tmpdir(), 'sb-no-such-folder-9f3a', 'x');
    assert.equal(message(await runKeyCommand(`printf 'sk-a\\n'`, { cwd: missing })), `The key command could not start: the folder ${missing} does not exist.`);
  });
});

describe('keyCommandSchema', () => {
  it('trims and accepts a normal command', () => {
    assert.equal(keyCommandSchema.parse('  op read op://Private/OpenAI/credential \n'), 'op read op://Private/OpenAI/credential');
    assert.equal(keyCommandSchema.parse(`security find-generic-password -w -s 'open ai'`), `security find-generic-password -w -s 'open ai'`);
  });

  it('refuses an empty, multi-line, NUL or overlong command with a sentence', () => {
    const error = (value: string) => {
      const r = keyCommandSchema.safeParse(value);
      assert.equal(r.success, false);
      return r.error?.issues[0]?.message;
    };
    assert.equal(error(''), 'Enter a command that prints the key.');
    assert.equal(error('   '), 'Enter a command that prints the key.');
    assert.equal(error('pass show a\npass show b'), 'A key command is one line.');
    assert.equal(error('pass show a\rb'), 'A key command is one line.');
    assert.match(error('pass\0show') ?? '', /NUL/);
    assert.equal(error('x'.repeat(5000)), 'A key command has at most 4096 characters.');
    assert.equal(keyCommandSchema.parse('x'.repeat(4096)).length, 4096);
  });
});

describe('KeyCommandCache', () => {
  function fake(answers: Record<string, KeyCommandResult> = {}) {
    let now = 1_000_000;
    const runs: string[] = [];
    const pending: (() => void)[] = [];
    let hold = false;
    const run = (command: string): Promise<KeyCommandResult> => {
      runs.push(command);
      const answer = answers[command] ?? { ok: true as const, key: `sk-${runs.length}` };
      if (!hold) return Promise.resolve(answer);
      return new Promise((resolve) => pending.push(() => resolve(answer)));
    };
    const cache = new KeyCommandCache(run, 60_000, () => now);
    return {
      cache,
      runs,
      advance: (ms: number) => (now += ms),
      hold: () => (hold = true),
      release: () => pending.splice(0).forEach((f) => f()),
    };
  }

  it('keeps a key for the ttl, then serves it while the command runs again in the background', async () => {
    const f = fake();
    assert.deepEqual(await f.cache.get('openai', 'pass show openai'), { ok: true, key: 'sk-1' });
    f.advance(59_999);
    assert.deepEqual(await f.cache.get('openai', 'pass show openai'), { ok: true, key: 'sk-1' });
    assert.equal(f.runs.length, 1);
    f.advance(1);
    f.hold();
    assert.deepEqual(await f.cache.get('openai', 'pass show openai'), { ok: true, key: 'sk-1' }, 'the last key at once, a slow unlock waits for nobody');
    assert.deepEqual(await f.cache.get('openai', 'pass show openai'), { ok: true, key: 'sk-1' });
    assert.equal(f.runs.length, 2, 'one run in the background');
    f.release();
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(await f.cache.get('openai', 'pass show openai'), { ok: true, key: 'sk-2' });
  });

  it('keeps the last key when a background run fails, and tries again after the retry time', async () => {
    const answers: Record<string, KeyCommandResult> = {};
    const f = fake(answers);
    await f.cache.get('openai', 'c');
    answers.c = { ok: false, message: 'The key command exited with code 1: locked' };
    f.advance(60_000);
    assert.deepEqual(await f.cache.get('openai', 'c'), { ok: true, key: 'sk-1' });
    await new Promise((r) => setImmediate(r));
    assert.equal(f.cache.problem('openai'), 'The key command exited with code 1: locked');
    await f.cache.get('openai', 'c');
    assert.equal(f.runs.length, 2, 'not again within the retry time');
    f.advance(30_000);
    await f.cache.get('openai', 'c');
    assert.equal(f.runs.length, 3);
  });

  it('keeps a key primed by the caller without running the command', async () => {
    const f = fake();
    f.cache.prime('openai', 'c', 'sk-primed');
    assert.deepEqual(await f.cache.get('openai', 'c'), { ok: true, key: 'sk-primed' });
    assert.equal(f.runs.length, 0);
  });

  it('shares one run between concurrent gets', async () => {
    const f = fake();
    f.hold();
    const both = Promise.all([f.cache.get('openai', 'c'), f.cache.get('openai', 'c')]);
    f.release();
    const [a, b] = await both;
    assert.deepEqual(a, { ok: true, key: 'sk-1' });
    assert.deepEqual(b, a);
    assert.equal(f.runs.length, 1);
  });

  it('remembers a failure for the retry time, then runs again', async () => {
    const f = fake({ bad: { ok: false, message: 'The key command exited with code 1.' } });
    assert.equal((await f.cache.get('openai', 'bad')).ok, false);
    assert.deepEqual(await f.cache.get('openai', 'bad'), { ok: false, message: 'The key command exited with code 1.' });
    assert.equal(f.runs.length, 1, 'a locked vault is not asked by every request');
    assert.equal(f.cache.problem('openai'), 'The key command exited with code 1.');
    f.advance(30_000);
    await f.cache.get('openai', 'bad');
    assert.equal(f.runs.length, 2);
  });

  it('runs again for a different command, which replaces the provider’s key', async () => {
    const f = fake();
    await f.cache.get('openai', 'a');
    assert.deepEqual(await f.cache.get('openai', 'b'), { ok: true, key: 'sk-2' });
    assert.deepEqual(await f.cache.get('openai', 'a'), { ok: true, key: 'sk-3' }, 'b replaced a');
    assert.deepEqual(await f.cache.get('anthropic', 'a'), { ok: true, key: 'sk-4' }, 'per provider');
  });

  it('forgets one provider, or all', async () => {
    const f = fake();
    await f.cache.get('openai', 'a');
    await f.cache.get('anthropic', 'a');
    f.cache.forget('openai');
    await f.cache.get('openai', 'a');
    await f.cache.get('anthropic', 'a');
    assert.deepEqual(f.runs.length, 3, 'only openai ran again');
    f.cache.forget();
    await f.cache.get('openai', 'a');
    await f.cache.get('anthropic', 'a');
    assert.equal(f.runs.length, 5);
  });

  it('announces a problem when it appears, changes or clears, never for a run that works as before', async () => {
    const answers: Record<string, KeyCommandResult> = {};
    const f = fake(answers);
    const heard: string[] = [];
    const listening = f.cache.onDidChangeProblem((id) => heard.push(`${id}: ${f.cache.problem(id) ?? 'none'}`));
    await f.cache.get('openai', 'c');
    f.advance(60_000);
    await f.cache.get('openai', 'c');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(heard, [], 'two runs that work');
    answers.c = { ok: false, message: 'The key command exited with code 1: locked' };
    f.cache.reject('openai', { retry: true });
    await f.cache.get('openai', 'c', { retry: true });
    answers.c = { ok: false, message: 'The key command exited with code 2.' };
    await f.cache.get('openai', 'c', { retry: true });
    delete answers.c;
    await f.cache.get('openai', 'c', { retry: true });
    assert.deepEqual(heard, ['openai: The key command exited with code 1: locked', 'openai: The key command exited with code 2.', 'openai: none'], 'the same failure twice is one change');
    answers.c = { ok: false, message: 'locked' };
    f.cache.reject('openai', { retry: true });
    await f.cache.get('openai', 'c');
    f.cache.forget('openai');
    assert.deepEqual(heard.slice(3), ['openai: locked', 'openai: none'], 'forgetting a failing command clears its problem');
    listening.dispose();
    await f.cache.get('openai', 'c');
    assert.equal(heard.length, 5);
  });

  it('drops a refused key so the next get runs the command again, unless the command just printed it', async () => {
    const f = fake();
    assert.deepEqual(await f.cache.get('openai', 'c'), { ok: true, key: 'sk-1' });
    assert.equal(f.cache.reject('openai'), false, 'printed just now: running it again would print the same');
    assert.deepEqual(await f.cache.get('openai', 'c'), { ok: true, key: 'sk-1' });
    f.advance(30_000);
    assert.equal(f.cache.reject('openai'), true);
    assert.deepEqual(await f.cache.get('openai', 'c'), { ok: true, key: 'sk-2' }, 'the rotated key, at once');
    assert.equal(f.cache.reject('openai', { retry: true }), true, 'a user’s own action drops it whatever its age');
    assert.deepEqual(await f.cache.get('openai', 'c'), { ok: true, key: 'sk-3' });
    assert.equal(f.cache.reject('anthropic'), false, 'nothing kept, nothing to drop');
    assert.equal(f.runs.length, 3);
  });

  it('turns a run that throws into a failure', async () => {
    const cache = new KeyCommandCache(() => {
      throw new Error('boom');
    });
    assert.deepEqual(await cache.get('p', 'c'), { ok: false, message: 'The key command could not run: boom' });
  });
});
