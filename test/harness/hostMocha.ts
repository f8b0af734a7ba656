/**
 * Runs mocha (bdd: describe/it) inside the VS Code extension host. Shared by the integration
 * index and the bench index, which differ only in the folder and file suffix they load.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';
import { formatMarker, hostOutputTag } from './results';

export interface HostMochaOptions {
  /** Compiled folder to search recursively. */
  root: string;
  /** File name suffix, e.g. '.test.js'. */
  suffix: string;
  timeoutMs?: number;
}

export function runMochaInHost(options: HostMochaOptions): Promise<void> {
  // VS Code forwards the host's console to the workbench log, which drops printf-style
  // arguments and mixes in its own lines: format here and tag each message so the runner can
  // tell the report apart from workbench noise.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(hostOutputTag + util.format(...args));
  // Colour codes would end up as noise in the forwarded log.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: options.timeoutMs ?? 20_000, ...(process.env.SWITCHBOARD_GREP ? { grep: process.env.SWITCHBOARD_GREP } : {}) });
  const files = (fs.readdirSync(options.root, { recursive: true }) as string[])
    .filter((file) => file.endsWith(options.suffix))
    .sort();
  for (const file of files) mocha.addFile(path.join(options.root, file));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats;
        const passed = stats?.passes ?? 0;
        // A run with zero tests proves nothing: count it as a failure.
        const failed = files.length === 0 ? 1 : (stats?.failures ?? failures);
        Mocha.reporters.Base.consoleLog(formatMarker({ passed, failed, pending: stats?.pending ?? 0 }));
        if (failed > 0) reject(new Error(files.length === 0 ? `no *${options.suffix} files under ${options.root}` : `${failed} test(s) failed`));
        else resolve();
      });
    } catch (error) {
      console.error(error);
      reject(error as Error);
    }
  });
}
