/**
 * One gateway per machine: the first window serves, others stand by on the same port and see
 * its usage; when the serving window closes, reloads or is killed, a stand-by window takes the
 * port over, so agents written with that port keep working. Real gateways, a real upstream
 * double, and a real separate process killed with SIGKILL.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { createGateway } from '../../src/gateway/server';
import { translator } from '../../src/gateway/translate';
import { startUpstream, type Upstream } from '../upstreams/server';
import { call, chatBody } from './gatewayFixture';
import { openWindow, windowToken, type TestWindow } from './gatewaySharedWindow';

async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('shared gateway (one per machine, windows stand by)', function () {
  this.timeout(30_000);
  let up: Upstream;
  const windows: TestWindow[] = [];
  const others: { close(): Promise<void> }[] = [];
  let child: ChildProcess | undefined;

  const open = async (name: string, port: number, windowsToken?: string) => {
    const w = await openWindow(name, port, up.url, windowsToken);
    windows.push(w);
    return w;
  };
  const ask = (port: number) => call(port, { path: '/a/codex/openai/v1/chat/completions', body: chatBody('anything') });

  before(async () => {
    up = await startUpstream({ reply: 'pong' });
  });
  afterEach(async () => {
    child?.kill('SIGKILL');
    child = undefined;
    await Promise.all(windows.splice(0).map((w) => w.shared.close()));
    await Promise.all(others.splice(0).map((o) => o.close()));
  });
  after(async () => up.close());

  it('serves in the first window; a second stands by on the same port, its requests answered, and it sees the usage live', async () => {
    const a = await open('a', 0);
    assert.equal(a.shared.serving, true);
    const b = await open('b', a.shared.port);
    assert.equal(b.shared.serving, false);
    assert.equal(b.shared.origin, a.shared.origin);
    const reply = await ask(b.shared.port);
    assert.equal(reply.status, 200, reply.text);
    assert.equal(up.requests.at(-1)?.model, 'model-of-a', 'the serving window routed it');
    await until('the stand-by window has the record', () => b.usage.size === 1);
    assert.deepEqual(b.usage.records(), a.usage.records());
    assert.ok(b.logs.some((l) => l.includes('standing by')), b.logs.join('\n'));
  });

  it('takes the port over when the serving window closes; agents on that port keep working, usage kept', async () => {
    const a = await open('a', 0);
    const port = a.shared.port;
    assert.equal((await ask(port)).status, 200);
    const b = await open('b', port);
    await until('b has the history', () => b.usage.size === 1);
    await a.shared.close({ graceMs: 100 });
    await until('b serves', () => b.shared.serving, 3000);
    assert.equal(b.shared.port, port, 'the same port');
    const reply = await ask(port);
    assert.equal(reply.status, 200, reply.text);
    assert.equal(up.requests.at(-1)?.model, 'model-of-b');
    assert.equal(b.usage.size, 2, 'the earlier record and the new one');
    // The window that closed comes back (a reload): it now stands by on b.
    const again = await open('a-reloaded', port);
    assert.equal(again.shared.serving, false);
    await until('the reloaded window has b’s history', () => again.usage.size === 2);
  });

  it('takes the port over from a window whose process was killed (SIGKILL)', async () => {
    const script = path.join(__dirname, 'gatewaySharedWindow.js');
    child = spawn(process.execPath, [script, '0', up.url], { stdio: ['ignore', 'pipe', 'inherit'] });
    const first = await new Promise<string>((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child!.once('exit', (code) => reject(new Error(`the serving process exited (${code})`)));
      setTimeout(() => reject(new Error('the serving process never said its port')), 10_000).unref();
    });
    const [portText, serving] = first.split(' ');
    assert.equal(serving, 'true');
    const port = Number(portText);
    const b = await open('b', port);
    assert.equal(b.shared.serving, false);
    assert.equal((await ask(port)).status, 200);
    assert.equal(up.requests.at(-1)?.model, 'model-of-child');
    child.kill('SIGKILL');
    await until('b serves', () => b.shared.serving, 3000);
    const reply = await ask(port);
    assert.equal(reply.status, 200, reply.text);
    assert.equal(up.requests.at(-1)?.model, 'model-of-b');
  });

  it('two stand-by windows race for the port: exactly one serves, the other stands by on it, nothing counted twice', async () => {
    const a = await open('a', 0);
    const port = a.shared.port;
    for (let i = 0; i < 3; i++) assert.equal((await ask(port)).status, 200);
    const b = await open('b', port);
    const c = await open('c', port);
    await until('b and c have the history', () => b.usage.size === 3 && c.usage.size === 3);
    await a.shared.close();
    await until('one of them serves', () => b.shared.serving || c.shared.serving, 3000);
    await Promise.all([b.shared.settled(), c.shared.settled()]);
    assert.equal([b, c].filter((w) => w.shared.serving).length, 1);
    assert.equal(b.shared.port, port);
    assert.equal(c.shared.port, port);
    assert.equal((await ask(port)).status, 200);
    await until('both see the new record once', () => b.usage.size === 4 && c.usage.size === 4);
  });

  it('never takes a port that something else holds: serves on another port, and says so', async () => {
    const foreign = http.createServer((_req, res) => res.writeHead(404).end('not a gateway'));
    await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', () => r()));
    others.push({ close: () => new Promise((r) => foreign.close(() => r())) });
    const taken = (foreign.address() as AddressInfo).port;
    const w = await open('w', taken);
    assert.equal(w.shared.serving, true);
    assert.notEqual(w.shared.port, taken);
    assert.equal((await ask(w.shared.port)).status, 200);
    assert.ok(w.logs.some((l) => l.includes(`port ${taken} is used by something other`)), w.logs.join('\n'));
  });

  it('does not stand by on another install’s gateway (a different windows\' token): serves on its own port', async () => {
    const otherInstall = createGateway({ translator, token: () => 'another-install-token', windowToken: () => 'another-install-windows-token', key: async () => undefined, resolveRoute: () => undefined });
    const { port } = await otherInstall.start();
    others.push({ close: () => otherInstall.stop() });
    const w = await open('w', port);
    assert.equal(w.shared.serving, true);
    assert.notEqual(w.shared.port, port);
  });

  it('a stand-by window that closes leaves the serving one alone', async () => {
    const a = await open('a', 0);
    const b = await open('b', a.shared.port);
    await b.shared.close();
    assert.equal(a.shared.serving, true);
    assert.equal((await ask(a.shared.port)).status, 200);
  });

  it('the standby feed needs the windows\' token: agents\' token, none or a guess get 401, a browser Origin 403', async () => {
    const a = await open('a', 0);
    assert.equal((await ask(a.shared.port)).status, 200, 'agents are answered with their token');
    const agents = await call(a.shared.port, { path: '/switchboard/v1/standby' });
    assert.equal(agents.status, 401, 'an agent cannot read every agent’s usage');
    assert.doesNotMatch(agents.text, /model-of-a|codex/);
    const none = await call(a.shared.port, { path: '/switchboard/v1/standby', token: null });
    assert.equal(none.status, 401);
    const wrong = await call(a.shared.port, { path: '/switchboard/v1/standby', token: 'guess' });
    assert.equal(wrong.status, 401);
    const browser = await call(a.shared.port, { path: '/switchboard/v1/standby', token: windowToken, headers: { origin: 'https://evil.example' } });
    assert.equal(browser.status, 403);
    const post = await call(a.shared.port, { path: '/switchboard/v1/standby', token: windowToken, body: {} });
    assert.equal(post.status, 405);
  });

  it('a gateway with no windows\' token serves no feed at all', async () => {
    const bare = createGateway({ translator, token: () => 'agents-token', key: async () => undefined, resolveRoute: () => undefined });
    const { port } = await bare.start();
    others.push({ close: () => bare.stop() });
    assert.equal((await call(port, { path: '/switchboard/v1/standby', token: 'agents-token' })).status, 401);
  });
});
