/** One parser and one editor per config format, chosen by the caller's `format`. */
import type { ConfigFormat, KeyEdit } from './editTypes';
import { editJson, parseJson } from './jsonEdit';
import { editToml, parseToml } from './tomlEdit';
import { editYaml, parseYaml } from './yamlEdit';

export interface FormatEditor {
  /** The parsed document (undefined or {} when empty); throws ConfigParseError. */
  parse(text: string, file: string): unknown;
  /** The edited text, or the same string when nothing changes; throws on a bad file or edit. */
  edit(text: string, edits: readonly KeyEdit[], file: string): string;
}

export const formatEditors: Readonly<Record<ConfigFormat, FormatEditor>> = {
  json: { parse: parseJson, edit: editJson },
  yaml: { parse: parseYaml, edit: editYaml },
  toml: { parse: parseToml, edit: editToml },
};
