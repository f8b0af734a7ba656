/**
 * The vocabulary shared by the format editors: what an edit is, and the two ways an edit can
 * be refused. Refusing is always preferred to writing a file we are not sure about.
 */

/** The config-file formats the agents use. */
export type ConfigFormat = 'json' | 'yaml' | 'toml';

/** One path segment: an object key, or an index into an array. */
export type PathSegment = string | number;

/**
 * The item of a list that Switchboard owns, found by content because its index is the user's
 * to change: the first object whose `key` is a string starting with `prefix`. When no item
 * matches, it addresses the slot after the last item, so a set appends.
 */
export interface ItemMatch {
  readonly key: string;
  readonly prefix: string;
}

/** A segment of an edit's path: a key, an index, or a list item found by content. */
export type EditSegment = PathSegment | ItemMatch;

/**
 * One change to a key Switchboard owns. `value: undefined` deletes the key (a missing key is
 * already deleted, so that is a no-op). Missing parent objects are created on set.
 */
export interface KeyEdit {
  readonly path: readonly EditSegment[];
  readonly value: unknown;
  /** A default rather than an owned value: set only when the path holds nothing yet. */
  readonly ifMissing?: boolean;
}

/**
 * Plaintext keys in Switchboard's entries for providers other than the current one, removed
 * whenever the file is written: an opt-in covers the key in use, and a provider switched
 * away from, or an opt-in withdrawn, must leave no key behind.
 */
export interface StaleKeys {
  /** The object holding one entry per provider, e.g. ['provider']. */
  readonly under: readonly string[];
  /** Switchboard's entries other than the current provider's. */
  readonly owned: (name: string) => boolean;
  /** Where an entry holds its key ([] when the entry is the key). */
  readonly at: readonly string[];
  /** Whether a value there is a key in plaintext, not a reference to one. */
  readonly isKey: (value: unknown) => boolean;
}

/** An edit whose path has been resolved against the file: keys and indexes only. */
export interface ResolvedEdit extends KeyEdit {
  readonly path: readonly PathSegment[];
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

/** A path shown to a person, e.g. `model_providers.switchboard.base_url`, `list[2]` or `models[name^="Switchboard"]`. */
export function formatPath(path: readonly EditSegment[]): string {
  const one = (s: EditSegment, i: number) => (typeof s === 'number' ? `[${s}]` : typeof s === 'object' ? `[${s.key}^=${JSON.stringify(s.prefix)}]` : i === 0 ? s : `.${s}`);
  return path.map(one).join('');
}
