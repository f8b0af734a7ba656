/**
 * `which` for detection: the first executable file named `name` in the PATH folders. On
 * Windows it tries each PATHEXT extension (claude.cmd, codex.exe) and has no executable bit.
 */
import { constants, promises as fsp } from 'node:fs';
import * as path from 'node:path';

export interface PathEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
}

async function isExecutableFile(file: string, windows: boolean): Promise<boolean> {
  try {
    if (!(await fsp.stat(file)).isFile()) return false;
    if (!windows) await fsp.access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The names to try in each folder: as is, then with each PATHEXT extension on Windows. */
export function candidateNames(name: string, { env, platform }: PathEnvironment): string[] {
  if (platform !== 'win32') return [name];
  const extensions = (env.PATHEXT ?? env.Pathext ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean);
  return [name, ...extensions.map((ext) => name + ext.toLowerCase())];
}

export async function findOnPath(name: string, environment: PathEnvironment = { env: process.env, platform: process.platform }): Promise<string | undefined> {
  const windows = environment.platform === 'win32';
  const { env } = environment;
  // Windows keeps the variable as "Path".
  const folders = (env.PATH ?? env.Path ?? '').split(windows ? ';' : ':').filter(Boolean);
  const join = windows ? path.win32.join : path.posix.join;
  for (const folder of folders) {
    for (const candidate of candidateNames(name, environment)) {
      const file = join(folder, candidate);
      if (await isExecutableFile(file, windows)) return file;
    }
  }
  return undefined;
}
