/**
 * Share links: one provider definition in a URL that VS Code hands to Switchboard.
 *
 *   vscode://switchboard.switchboard/import?provider=<base64url of the provider's JSON>
 *
 * The JSON is one provider exactly as in an export file (id, name, type, baseUrl, agents,
 * headers, network, models…), UTF-8, base64url without padding. The link has that one
 * parameter. Keys never travel in links: a key-like parameter (`key`, `apiKey`, `token`,
 * `secret`, …), a key-like field anywhere in the JSON, or a header that carries a credential
 * is refused with a message saying so; any other unknown parameter or field is refused too.
 */
import { providerSchema, type Provider } from '../provider';
import { isCredentialHeader, isKeyLikeName } from './credentials';
import { firstProblem, formatPath, type Parsed } from './problems';

export const shareLinkPath = '/import';
export const shareLinkParameter = 'provider';
/** Links longer than this are not what Switchboard makes; a guard against pasting a wrong one. */
export const maxEncodedLength = 64 * 1024;

const root = 'provider';
const keyAdvice = 'Links never carry keys; Switchboard asks for the key after the import.';

function fail(path: string, message: string): Parsed<never> {
  return { ok: false, problem: { path, message } };
}

/** Parses the path and query of a share link (as vscode.Uri splits them). */
export function parseShareLink(path: string, query: string): Parsed<Provider> {
  if (path !== shareLinkPath) return fail('', `Switchboard links start with ${shareLinkPath}, not “${path || '/'}”.`);
  const params = new URLSearchParams(query);
  const names = [...params.keys()];
  const keyLike = names.find(isKeyLikeName);
  if (keyLike !== undefined) return fail(keyLike, `${keyAdvice} Remove the “${keyLike}” parameter.`);
  const foreign = names.find((name) => name !== shareLinkParameter);
  if (foreign !== undefined) return fail(foreign, `Unknown parameter “${foreign}”: a Switchboard link has only ${shareLinkParameter}=….`);
  const values = params.getAll(shareLinkParameter);
  if (values.length !== 1) return fail(shareLinkParameter, values.length ? 'The link has more than one provider.' : `The link has no ${shareLinkParameter}=… parameter.`);
  const encoded = values[0];
  if (encoded.length > maxEncodedLength) return fail(shareLinkParameter, `The provider is longer than ${maxEncodedLength / 1024} KiB; it is not a Switchboard link.`);
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(encoded)) return fail(shareLinkParameter, 'The provider is not base64url text; the link may have been cut short.');
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return fail(shareLinkParameter, 'The provider is not valid JSON; the link may have been cut short.');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(root, 'The link holds no provider object.');
  const secret = findSecret(raw, []);
  if (secret) return fail(formatPath(secret.path, root), secret.message);
  const parsed = providerSchema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: firstProblem(parsed.error, root) };
}

/** The first key-like field, or credential header, anywhere in the JSON. */
function findSecret(value: unknown, path: (string | number)[]): { path: (string | number)[]; message: string } | undefined {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findSecret(item, [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [name, inner] of Object.entries(value)) {
    const at = [...path, name];
    if (path.at(-1) === 'headers' && path.length === 1) {
      if (isCredentialHeader(name)) return { path: at, message: `The header “${name}” carries a credential. ${keyAdvice}` };
      continue;
    }
    if (isKeyLikeName(name)) return { path: at, message: `${keyAdvice} Remove “${name}”.` };
    const found = findSecret(inner, at);
    if (found) return found;
  }
  return undefined;
}

/** The link that shares `provider`; refused when one of its headers carries a credential. */
export function shareLinkFor(provider: Provider, extensionId = 'switchboard.switchboard', scheme = 'vscode'): Parsed<string> {
  const header = Object.keys(provider.headers ?? {}).find(isCredentialHeader);
  if (header !== undefined) return fail(formatPath(['headers', header], root), `The header “${header}” carries a credential; a link cannot share it.`);
  const encoded = Buffer.from(JSON.stringify(provider), 'utf8').toString('base64url');
  return { ok: true, value: `${scheme}://${extensionId}${shareLinkPath}?${shareLinkParameter}=${encoded}` };
}
