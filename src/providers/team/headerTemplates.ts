/**
 * Per-developer headers from the team file: `X-User: ${env:USER}` becomes the developer's
 * own value on their machine. Only `${env:NAME}` is expanded; any other placeholder
 * (`${secret:…}`, `${key}`) is an error when the file loads, so a template can never pull a
 * secret into a header, a config file or a log. Messages name headers and variables, never
 * an expanded value.
 */

const placeholder = /\$\{([^}]*)\}/g;
const envPlaceholder = /^env:([A-Za-z_][A-Za-z0-9_]{0,127})$/;

/** How a rejected placeholder is named: its kind at most, since its text could be anything (even a pasted key). */
function nameOf(inner: string): string {
  const kind = /^([A-Za-z]{1,16}):/.exec(inner)?.[1];
  return kind ? `\${${kind}:…}` : '${…}';
}

/** Why a header value cannot be a template, or undefined when it can. */
export function templateProblem(value: string): string | undefined {
  for (const match of value.matchAll(placeholder)) {
    if (!envPlaceholder.test(match[1])) return `${nameOf(match[1])} is not allowed: a team file may use only \${env:NAME} in headers.`;
  }
  if (value.replace(placeholder, '').includes('${')) return 'A “${” is not closed: write ${env:NAME}.';
  return undefined;
}

/** The environment variables a header value reads. */
export function variablesOf(value: string): string[] {
  return [...value.matchAll(placeholder)].map((m) => envPlaceholder.exec(m[1])?.[1]).filter((v): v is string => v !== undefined);
}

export interface HeaderWarning {
  readonly header: string;
  readonly message: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The headers with `${env:NAME}` replaced from `env`. A header whose variable is unset, or
 * whose value would break the header (a line break), is left out with a warning, so one
 * developer's missing variable never costs them the whole team catalog. Call templateProblem first.
 */
export function expandHeaders(headers: Readonly<Record<string, string>>, env: Env): { headers: Record<string, string>; warnings: HeaderWarning[] } {
  const out: Record<string, string> = {};
  const warnings: HeaderWarning[] = [];
  for (const [header, template] of Object.entries(headers)) {
    const unset = variablesOf(template).filter((name) => !env[name]);
    if (unset.length) {
      warnings.push({ header, message: `${unset.map((v) => `$${v}`).join(' and ')} ${unset.length === 1 ? 'is' : 'are'} not set on this machine; the header is left out.` });
      continue;
    }
    const value = template.replace(placeholder, (_all, inner: string) => env[envPlaceholder.exec(inner)![1]] ?? '');
    if (/[\r\n]/.test(value) || value.length > 8192) {
      warnings.push({ header, message: `the value of ${variablesOf(template).map((v) => `$${v}`).join(' and ')} has a line break or is too long for a header; the header is left out.` });
      continue;
    }
    out[header] = value;
  }
  return { headers: out, warnings };
}
