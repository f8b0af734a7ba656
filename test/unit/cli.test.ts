/**
 * The CLI as a script run by a shell: bundled as scripts/build.mjs bundles dist/cli.js, run as
 * a child process on a temporary HOME, judged by its exit code, stdout, stderr and the files
 * it leaves. Keys reach it only through the environment or stdin, and never come back out.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from '../harness/paths';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const key = 'sk-lab-CLI-NEVER-PRINTED-9f2';

const providersFile = {
  format: 'switchboard.providers',
  version: 1,
  providers: [
    { id: 'lab', name: 'Lab', type: 'openai', baseUrl: 'http://127.0.0.1:9/v1', agents: ['codex', 'opencode'], models: [{ id: 'gpt-lab', contextLimit: 128_000 }] },
    { id: 'claude', name: 'Claude', type: 'anthropic', baseUrl: 'http://127.0.0.1:9/v1', agents: ['claude-code'], models: [{ id: 'claude-lab', contextLimit: 200_000 }] },
  ],
  defaultRef: 'lab/gpt-lab',
  assignments: { 'claude-code': 'claude/claude-lab' },
  keyEnv: { lab: 'LAB_KEY' },
};

/** What a user already had in Codex's config: comments, order and their own keys. */
const userCodexConfig = '# my settings\napproval_policy = "never"   # keep\n\n[tui]\nnotifications = true\n';

describe('CLI: dist/cli.js as a child process', function () {
  this.timeout(60_000);
  let bundleDir = '';
  let script = '';
  let home = '';
  let work = '';

  before(async () => {
    bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-cli-bundle-'));
    script = path.join(bundleDir, 'cli.js');
    await esbuild.build({ entryPoints: [path.join(repoRoot, 'src', 'cli', 'main.ts')], outfile: script, bundle: true, platform: 'node', format: 'cjs', target: 'node20', mainFields: ['module', 'main'], logLevel: 'silent' });
  });
  after(() => fs.rmSync(bundleDir, { recursive: true, force: true }));
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-cli-home-'));
    work = path.join(home, 'work');
    fs.mkdirSync(work);
    fs.writeFileSync(path.join(work, 'providers.json'), JSON.stringify(providersFile, null, 2));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  function cli(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<Run> {
    return new Promise((resolve, reject) => {
      // Nothing inherited but PATH: HOME and XDG_* are the temporary home's.
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_STATE_HOME: path.join(home, '.local', 'state'), XDG_CONFIG_HOME: path.join(home, '.config'), ...options.env };
      const child = spawn(process.execPath, [script, ...args], { cwd: work, env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      child.stdin.end(options.input ?? '');
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`cli ${args.join(' ')} still running after 20 s`));
      }, 20_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        const run = { code, stdout, stderr };
        assert.doesNotMatch(stdout + stderr, /NEVER-PRINTED/, `the key is never printed (${args.join(' ')})`);
        resolve(run);
      });
    });
  }

  const codexConfig = () => path.join(home, '.codex', 'config.toml');
  const claudeSettings = () => path.join(home, '.claude', 'settings.json');
  const openCodeConfig = () => path.join(home, '.config', 'opencode', 'opencode.json');

  it('prints help for the CLI and every subcommand, exit 0', async () => {
    for (const command of ['validate', 'plan', 'apply', 'revert', 'link']) {
      for (const flag of ['--help', '-h']) {
        const run = await cli([command, flag]);
        assert.equal(run.code, 0, `${command} ${flag}`);
        assert.match(run.stdout, new RegExp(`^Usage: switchboard ${command}`));
      }
    }
    const main = await cli(['--help']);
    assert.equal(main.code, 0);
    assert.match(main.stdout, /Commands:[\s\S]*validate[\s\S]*plan[\s\S]*apply[\s\S]*revert/);
    assert.equal((await cli(['help', 'apply'])).stdout.split('\n')[0], 'Usage: switchboard apply (--agent <id>… | --all) [options] <file>');
  });

  it('exits 2 on a bad invocation, naming what is wrong and where to find usage', async () => {
    const cases: [string[], RegExp][] = [
      [[], /Usage: switchboard <command>/],
      [['frobnicate'], /Unknown command “frobnicate”\.\nRun "switchboard --help"/],
      [['apply', '--bogus', 'providers.json'], /Unknown option '--bogus'\.\nRun "switchboard apply --help" for usage\./],
      [['apply', '--all'], /Missing the providers file\./],
      [['apply', '--all', 'a.json', 'b.json'], /Unexpected argument “b\.json”/],
      [['apply', 'providers.json'], /Say which agents: --agent <id> \(repeatable\) or --all\./],
      [['apply', '--all', '--agent', 'codex', 'providers.json'], /Give --agent or --all, not both\./],
      [['apply', '--agent', 'vim', 'providers.json'], /--agent vim: not an agent Switchboard knows\./],
      [['apply', '--agent'], /argument missing/],
      [['apply', '--all', '--key-env', 'lab', 'providers.json'], /--key-env lab: write it as <provider id>=<VARIABLE NAME>/],
      [['apply', '--all', '--key-env', `lab=${key}`, 'providers.json'], /--key-env lab=…: write it as/],
      [['apply', '--all', '--key-stdin', 'lab', '--key-stdin', 'claude', 'providers.json'], /--key-stdin can be given once/],
      [['revert'], /Say which agents/],
      [['revert', 'extra'], /Unexpected argument “extra”/],
      [['link', 'providers.json'], /Say which provider: --provider <id>\./],
      [['validate', '--all', 'providers.json'], /Unknown option '--all'/],
    ];
    for (const [args, expected] of cases) {
      const run = await cli(args);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr + run.stdout, expected, args.join(' '));
    }
  });

  it('validate: exit 0 with a summary; exit 1 naming the first problem with its path', async () => {
    const ok = await cli(['validate', 'providers.json']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^providers\.json: a valid Switchboard providers file[\s\S]*lab: Lab, 1 model, for Codex CLI, OpenCode, key in \$LAB_KEY[\s\S]*default model: lab\/gpt-lab[\s\S]*Claude Code: claude\/claude-lab/);

    const bad = structuredClone(providersFile);
    (bad.providers[1].models[0] as { contextLimit: unknown }).contextLimit = 'lots';
    fs.writeFileSync(path.join(work, 'bad.json'), JSON.stringify(bad));
    const refused = await cli(['validate', 'bad.json']);
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr, 'switchboard: bad.json: providers[1].models[0].contextLimit: Enter a whole number of tokens.\n');

    const withKey = structuredClone(providersFile) as unknown as { providers: Record<string, unknown>[] };
    withKey.providers[0].apiKey = key;
    fs.writeFileSync(path.join(work, 'key.json'), JSON.stringify(withKey));
    const keyed = await cli(['validate', 'key.json']);
    assert.equal(keyed.code, 1);
    assert.match(keyed.stderr, /providers\[0\]\.apiKey: Keys are never read from a file/);

    const missing = await cli(['validate', 'nope.json']);
    assert.deepEqual([missing.code, missing.stderr], [1, 'switchboard: Cannot read nope.json: no such file.\n']);
  });

  it('plan shows the edits as a diff and writes nothing', async () => {
    fs.mkdirSync(path.dirname(codexConfig()), { recursive: true });
    fs.writeFileSync(codexConfig(), userCodexConfig);
    const run = await cli(['plan', '--agent', 'codex', 'providers.json']);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.deepEqual(lines.slice(0, 5), [`--- a${codexConfig()}`, `+++ b${codexConfig()}`, '@@ -1,5 +1,10 @@', ' # my settings', ' approval_policy = "never"   # keep']);
    assert.ok(lines.includes('+model = "gpt-lab"'));
    assert.match(run.stdout, /\n\+.*env_key = "LAB_KEY"/);
    assert.equal(lines.filter((l) => l.startsWith('-') && !l.startsWith('---')).length, 0, 'the user’s lines are all kept');
    assert.match(run.stderr, /Codex CLI \(lab\/gpt-lab\): would change 1 file; reads the key from \$LAB_KEY; note: \$LAB_KEY is not set in this shell/);
    assert.equal(fs.readFileSync(codexConfig(), 'utf8'), userCodexConfig, 'plan writes nothing');
    assert.equal(fs.existsSync(path.join(home, '.local', 'state', 'switchboard')), false);
  });

  it('revert keeps what changed since apply, and leaves a file that no longer parses as it is, with exit code 1', async () => {
    fs.mkdirSync(path.dirname(codexConfig()), { recursive: true });
    fs.writeFileSync(codexConfig(), userCodexConfig);
    assert.equal((await cli(['apply', '--agent', 'codex', '--agent', 'opencode', 'providers.json'], { env: { LAB_KEY: key } })).code, 0);
    // `codex mcp add` writes its server; the user breaks OpenCode's file while editing it.
    fs.appendFileSync(codexConfig(), '\n[mcp_servers.docs]\ncommand = "docs-mcp"\n');
    fs.writeFileSync(openCodeConfig(), fs.readFileSync(openCodeConfig(), 'utf8').replace(/}\s*$/, ''));
    const run = await cli(['revert', '--all']);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, `Codex CLI: undid Switchboard's keys in ${codexConfig()}, keeping the changes made to it since\nReverted 1 file.\n`);
    assert.match(run.stderr, /OpenCode: left .*opencode\.json as it is: it changed since Switchboard wrote it and does not parse \(.*\); fix it and revert again/);
    assert.equal(fs.readFileSync(codexConfig(), 'utf8'), `${userCodexConfig}\n[mcp_servers.docs]\ncommand = "docs-mcp"\n`);
    assert.equal(fs.readdirSync(path.join(home, '.local', 'state', 'switchboard', 'agent-backups')).length, 1, 'the broken file keeps its backup');
  });

  it('apply points the agents at the variable, keeps the user’s file, and revert restores the exact bytes', async () => {
    fs.mkdirSync(path.dirname(codexConfig()), { recursive: true });
    fs.writeFileSync(codexConfig(), userCodexConfig, { mode: 0o640 });
    const run = await cli(['apply', '--all', 'providers.json'], { env: { LAB_KEY: key } });
    // Claude Code's provider has no key source: it gets the variable it reads, and the exit code stays 0.
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Codex CLI: lab\/gpt-lab, uses it once restarted; reads the key from \$LAB_KEY/);
    assert.match(run.stdout, /Claude Code: claude\/claude-lab, uses it in new sessions; reads the key from \$ANTHROPIC_AUTH_TOKEN: set it where the agent runs, or use --inline-key claude-code/);
    assert.match(run.stdout, /Applied to 3 agents\./);
    const codex = fs.readFileSync(codexConfig(), 'utf8');
    assert.ok(codex.includes('approval_policy = "never"   # keep'), 'the user’s lines stay as written');
    assert.match(codex, /env_key = "LAB_KEY"/);
    assert.doesNotMatch(codex, /NEVER-PRINTED/);
    assert.match(fs.readFileSync(openCodeConfig(), 'utf8'), /"apiKey": "\{env:LAB_KEY\}"/);
    const backups = fs.readdirSync(path.join(home, '.local', 'state', 'switchboard', 'agent-backups'));
    assert.equal(backups.length, 3);

    const again = await cli(['apply', '--all', 'providers.json'], { env: { LAB_KEY: key } });
    assert.equal(again.code, 0);
    assert.match(again.stdout, /Codex CLI: already up to date/);

    const revertOne = await cli(['revert', '--agent', 'codex']);
    assert.equal(revertOne.code, 0, revertOne.stderr);
    assert.equal(revertOne.stdout, `Codex CLI: restored ${codexConfig()}\nReverted 1 file.\n`);
    assert.equal(fs.readFileSync(codexConfig(), 'utf8'), userCodexConfig, 'the exact bytes');
    assert.equal(fs.statSync(codexConfig()).mode & 0o777, 0o640, 'and the mode');
    assert.ok(fs.existsSync(openCodeConfig()), 'other agents keep their change');

    const revertAll = await cli(['revert', '--all']);
    assert.equal(revertAll.code, 0);
    assert.match(revertAll.stdout, /deleted \(it did not exist before\)[\s\S]*Reverted 2 files\./);
    assert.equal(fs.existsSync(openCodeConfig()), false);
    assert.equal(fs.existsSync(claudeSettings()), false);
    const nothing = await cli(['revert', '--all']);
    assert.deepEqual([nothing.code, nothing.stdout], [0, 'Nothing to revert: the CLI has not changed the config of any agent.\n']);
  });

  it('--inline-key writes the key in plain text (0600) with a warning; plan masks it', async () => {
    const plan = await cli(['plan', '--agent', 'claude-code', '--key-stdin', 'claude', '--inline-key', 'claude-code', 'providers.json'], { input: `${key}\n` });
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /"ANTHROPIC_AUTH_TOKEN": "••••••••"/);
    const run = await cli(['apply', '--agent', 'claude-code', '--key-stdin', 'claude', '--inline-key', 'claude-code', 'providers.json'], { input: `${key}\n` });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`^warning: Claude Code: the key of “claude” is written in plain text to ${claudeSettings()} \\(mode 0600\\)`));
    const settings = JSON.parse(fs.readFileSync(claudeSettings(), 'utf8'));
    assert.equal(settings.env.ANTHROPIC_AUTH_TOKEN, key);
    assert.equal(settings.env.ANTHROPIC_MODEL, 'claude-lab');
    assert.equal(fs.statSync(claudeSettings()).mode & 0o777, 0o600);
  });

  it('exits 1 with a clear message when a key or an agent cannot be served', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['apply', '--agent', 'codex', '--inline-key', 'codex', 'providers.json'], {}, /--inline-key codex: Codex CLI cannot keep a key in its config file; it reads it from a variable/],
      [['apply', '--agent', 'opencode', '--inline-key', 'opencode', 'providers.json'], {}, /\$LAB_KEY is not set, and it holds the key of provider “lab”\./],
      [['apply', '--agent', 'claude-code', '--inline-key', 'claude-code', 'providers.json'], {}, /No key for provider “claude”: name its variable with --key-env claude=<VAR>/],
      [['apply', '--agent', 'opencode', '--inline-key', 'opencode', 'providers.json'], { LAB_KEY: 'has a space' }, /The key of provider “lab” from \$LAB_KEY: A key has no spaces or line breaks\./],
      [['apply', '--agent', 'cline', 'providers.json'], {}, /Cline keeps its key only in its own config file: allow that with --inline-key cline\./],
      [['apply', '--agent', 'roo', 'providers.json'], {}, /Zoo\/Roo Code keeps its providers inside VS Code/],
      [['apply', '--agent', 'claude-code', '--model', 'lab/gpt-lab', 'providers.json'], {}, /Claude Code speaks only Anthropic Messages/],
      [['apply', '--agent', 'codex', '--model', 'lab/nope', 'providers.json'], {}, /--model lab\/nope: not a model in the file/],
      [['apply', '--all', '--key-env', 'ghost=GHOST_KEY', 'providers.json'], {}, /--key-env ghost=…: the file has no provider “ghost”\./],
      [['link', 'providers.json', '--provider', 'ghost'], {}, /has no provider “ghost”; it has lab, claude\./],
    ];
    for (const [args, env, expected] of cases) {
      const run = await cli(args, { env });
      assert.equal(run.code, 1, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, expected, args.join(' '));
    }
    assert.equal(fs.existsSync(codexConfig()), false, 'nothing was written');
    assert.equal(fs.existsSync(claudeSettings()), false);
  });

  it('link prints a share link for one provider', async () => {
    const run = await cli(['link', 'providers.json', '--provider', 'lab']);
    assert.equal(run.code, 0, run.stderr);
    const url = new URL(run.stdout.trim());
    assert.equal(`${url.protocol}//${url.host}${url.pathname}`, 'vscode://switchboard.switchboard/import');
    const provider = JSON.parse(Buffer.from(url.searchParams.get('provider')!, 'base64url').toString('utf8'));
    assert.equal(provider.id, 'lab');
    assert.equal(provider.baseUrl, 'http://127.0.0.1:9/v1');
  });
});
