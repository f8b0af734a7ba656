/**
 * Runs an extensionTestsPath module (the @vscode/test-electron `run()` contract) inside the
 * real extension host of code-server: the workbench is opened in headless Chromium with the
 * `payload` URL parameter, and VS Code's smoke-test driver reports back through two functions
 * exposed on the page: codeAutomationLog (the host's console) and codeAutomationExit.
 * Used by the integration tier and by the bench runner.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import { launchBrowser, type Browser } from './browser';
import { startCodeServer, type CodeServer } from './codeServer';
import { makeRunDir, repoRoot } from './paths';
import { hostOutputTag } from './results';
import { createSampleWorkspace } from './workspace';

export interface PayloadRunOptions {
  /** Run folder label, e.g. 'integration'. */
  label: string;
  /** Absolute path of the compiled index module exporting run(). */
  testsPath: string;
  /** Where the forwarded log goes (besides stdout). */
  logFile: string;
  /** Extra environment for the extension host; SWITCHBOARD_TEST=1 is always set. */
  env?: Record<string, string>;
  /** Upper bound for the whole run. */
  timeoutMs?: number;
  /** Echo the in-host mocha report to stdout (default true). Workbench noise only goes to the file. */
  echo?: boolean;
}

export interface PayloadRunResult {
  /** The extension host's exit code; undefined when it never reported one (timeout, crash). */
  exitCode: number | undefined;
  /** Every line codeAutomationLog delivered, in order (the in-host report lines keep their tag). */
  lines: string[];
  durationMs: number;
  runDir: string;
  /** Why the run could not complete, if it could not. */
  error?: string;
}

interface VsCodeLogFile {
  relativePath: string;
  contents: string;
}

/** The workbench URL that loads `extensionDir` as a development extension and runs `testsPath`. */
export function payloadUrl(server: CodeServer, workspace: string, extensionDir: string, testsPath: string): string {
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionDir)],
    ['extensionTestsPath', remote(testsPath)],
  ];
  const query = new URLSearchParams({ folder: workspace, payload: JSON.stringify(payload) });
  return `${server.url}/?${query.toString()}`;
}

export async function runExtensionTests(options: PayloadRunOptions): Promise<PayloadRunResult> {
  const started = Date.now();
  const runDir = makeRunDir(options.label);
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = fs.createWriteStream(options.logFile);
  const lines: string[] = [];
  const emit = (text: string): void => {
    // A message's first line carries the tag; its continuation lines (stack traces) belong to it.
    const show = options.echo !== false && (text.startsWith(hostOutputTag) || text.startsWith('[harness]'));
    for (const line of text.replace(/\n$/, '').split('\n')) {
      lines.push(line);
      log.write(line + '\n');
      if (show) console.log(`  | ${line.startsWith(hostOutputTag) ? line.slice(hostOutputTag.length) : line}`);
    }
  };

  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const result: PayloadRunResult = { exitCode: undefined, lines, durationMs: 0, runDir };
  try {
    if (!fs.existsSync(options.testsPath)) throw new Error(`${options.testsPath} missing: run npm run compile-tests`);
    const workspace = createSampleWorkspace(path.join(runDir, 'workspace'));
    server = await startCodeServer({
      workspace,
      runDir,
      smokeTestDriver: true,
      claudeCodeStandIn: true,
      zooCodeStandIn: true,
      // SWITCHBOARD_GREP narrows a local run to matching tests (never set by CI).
      env: { SWITCHBOARD_TEST: '1', ...(process.env.SWITCHBOARD_GREP ? { SWITCHBOARD_GREP: process.env.SWITCHBOARD_GREP } : {}), ...options.env },
    });
    emit(`[harness] code-server ${server.url}, run dir ${runDir}`);
    browser = await launchBrowser(runDir);

    let reportExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (reportExit = resolve));
    // Registered before goto: the workbench looks these up on window.
    await browser.context.exposeFunction('codeAutomationLog', (level: string, message: unknown) => {
      // The host's console arguments arrive as an array: format them as console.log would.
      const text = Array.isArray(message) ? util.format(...(message as unknown[])) : String(message);
      emit(level === 'info' ? text : `[${level}] ${text}`);
    });
    await browser.context.exposeFunction('codeAutomationExit', (code: number, logs?: VsCodeLogFile[]) => {
      saveVsCodeLogs(runDir, logs);
      reportExit(code);
    });
    browser.page.on('pageerror', (error) => log.write(`[pageerror] ${error.message}\n`));

    await browser.page.goto(payloadUrl(server, workspace, repoRoot, options.testsPath));
    const timeoutMs = options.timeoutMs ?? 10 * 60_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
    result.exitCode = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (result.exitCode === undefined) result.error = `no codeAutomationExit within ${timeoutMs} ms`;
  } catch (error) {
    result.error = (error as Error).message;
  } finally {
    await browser?.close();
    await server?.stop();
    if (result.error) emit(`[harness] ERROR: ${result.error}`);
    result.durationMs = Date.now() - started;
    await new Promise((resolve) => log.end(resolve));
  }
  return result;
}

/** VS Code hands its own log files to codeAutomationExit; keep them beside the run for triage. */
function saveVsCodeLogs(runDir: string, logs: VsCodeLogFile[] | undefined): void {
  for (const entry of logs ?? []) {
    const file = path.join(runDir, 'vscode-logs', entry.relativePath);
    if (!file.startsWith(path.join(runDir, 'vscode-logs'))) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, entry.contents);
  }
}
