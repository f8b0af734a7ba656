/**
 * The narrow file-system surface the config editor needs. Adapters and tests receive it as a
 * parameter, so the edit layer runs against the real disk or an in-memory fake alike.
 * Paths are absolute; every method is async because the real one is.
 */
export interface FileSystemPort {
  /** The file's bytes, or undefined when it does not exist (any other failure throws). */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /**
   * Replaces the file's whole content so a reader (or a crash) sees either the old bytes or
   * the new ones, never a mix. Keeps the existing file's permission bits unless `mode` is
   * given (e.g. 0o600 for a file that holds credentials). The parent folder must exist.
   * Through a symlink it writes the link's target (creating it if the link dangles), never
   * replacing the link.
   */
  writeFileAtomic(path: string, data: Uint8Array, options?: { mode?: number }): Promise<void>;
  /** Renames a file, replacing `to` if it exists. */
  rename(from: string, to: string): Promise<void>;
  /** Deletes a file (through a symlink, its target, keeping the link); a missing file is not an error. */
  remove(path: string): Promise<void>;
  exists(path: string): Promise<boolean>;
  /** Creates the folder and its missing parents; an existing folder is not an error. */
  mkdirp(path: string): Promise<void>;
  /** Permission bits (e.g. 0o644) of an existing file, or undefined when it is missing. */
  statMode(path: string): Promise<number | undefined>;
  /** Names (not paths) of the entries in a folder; empty when the folder is missing. */
  readDir(path: string): Promise<string[]>;
}
