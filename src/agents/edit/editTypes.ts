/**
 * The vocabulary shared by the format editors: what an edit is, and the two ways an edit can
 * be refused. Refusing is always preferred to writing a file we are not sure about.
 */

/** The config-file formats the agents use. */
export type ConfigFormat = 'json' | 'yaml' | 'toml';

/** One path segment: an object key, or an index into an array. */
export type PathSegment = string | number;

/**
 * One change to a key Switchboard owns. `value: undefined` deletes the key (a missing key is
 * already deleted, so that is a no-op). Missing parent objects are created on set.
 */
export interface KeyEdit {
  readonly path: readonly PathSegment[];
  readonly value: unknown;
}

/** The file does not parse; we never edit (and so never damage) a file we cannot read. */
export class ConfigParseError extends Error {
  constructor(
    readonly file: string,
    /** 1-based line of the first problem. */
    readonly line: number,
    /** 1-based column of the first problem. */
    readonly column: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}:${column}: cannot parse: ${detail}`);
    this.name = 'ConfigParseError';
  }
}

/** The edit cannot be expressed in this file (e.g. a key below a string, or null in TOML). */
export class ConfigEditError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`${file}: cannot edit: ${detail}`);
    this.name = 'ConfigEditError';
  }
}

/** A path shown to a person, e.g. `model_providers.switchboard.base_url` or `list[2]`. */
export function formatPath(path: readonly PathSegment[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}
