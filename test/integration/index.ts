/**
 * Entry point VS Code loads as extensionTestsPath: the @vscode/test-electron contract
 * (export run(): Promise<void>, reject on failure), so the same suite runs in code-server here
 * and in desktop VS Code wherever that can be downloaded.
 */
import { runMochaInHost } from '../harness/hostMocha';

export function run(): Promise<void> {
  return runMochaInHost({ root: __dirname, suffix: '.test.js', timeoutMs: 30_000 });
}
