/** Reading the providers file named on the command line, into the document the planners take. */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { emptyDocument, type StoredDocument } from '../providers/document';
import type { ExportFile } from '../providers/portable/exportFile';
import { mergeImport } from '../providers/portable/mergeImport';
import { describeProblem } from '../providers/portable/problems';
import { maxFileBytes, readExportFile } from '../providers/portable/readExportFile';
import { CliError, type CliIo } from './io';

export interface ProvidersFile {
  readonly file: ExportFile;
  /** The file as a stored document: what VS Code would hold after importing it into an empty store. */
  readonly doc: StoredDocument;
}

export async function readProvidersFile(name: string, io: Pick<CliIo, 'cwd'>): Promise<ProvidersFile> {
  const where = path.resolve(io.cwd, name);
  let text: string;
  try {
    const stat = await fsp.stat(where);
    if (!stat.isFile()) throw new CliError(`${name}: not a file.`);
    if (stat.size > maxFileBytes) throw new CliError(`${name}: larger than ${maxFileBytes / 1024 / 1024} MiB; not a Switchboard providers file.`);
    text = await fsp.readFile(where, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`Cannot read ${name}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}.`);
  }
  const read = readExportFile(text);
  if (!read.ok) throw new CliError(`${name}: ${describeProblem(read.problem)}`);
  const merged = mergeImport(emptyDocument(), read.value);
  if (!merged.ok) throw new CliError(`${name}: ${describeProblem(merged.problem)}`);
  return { file: read.value, doc: merged.value.doc };
}
