/**
 * A team file is shared with every developer, so it must never carry a credential. Before
 * any schema runs, the whole file is searched for fields whose name says "key" and for
 * headers that carry one; each is reported by where it is, never by its value.
 */
import { isCredentialHeader } from '../portable/credentials';
import { formatPath } from './teamPaths';

/**
 * Field names that hold a credential, compared without case, dashes or underscores. Not
 * portable/credentials' list: a team file's own `auth` field says how developers sign in.
 * Headers use the shared rule (Authorization, X-Api-Key, X-Auth-Token…): the team's `auth` says
 * where a developer's token comes from instead, so no header may carry one, even from ${env:…}.
 */
const keyNames = new Set(['apikey', 'key', 'token', 'accesstoken', 'apitoken', 'authtoken', 'bearertoken', 'secret', 'clientsecret', 'secretaccesskey', 'sessiontoken', 'password', 'privatekey']);

const normalize = (name: string) => name.toLowerCase().replace(/[-_]/g, '');

/** Where the file holds a credential field, as paths like `providers[0].apiKey`; empty when none. */
export function findKeyFields(value: unknown, path: (string | number)[] = []): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => findKeyFields(item, [...path, i]));
  if (typeof value !== 'object' || value === null) return [];
  const found: string[] = [];
  const inHeaders = path.at(-1) === 'headers';
  for (const [name, child] of Object.entries(value)) {
    if (keyNames.has(normalize(name)) || (inHeaders && isCredentialHeader(name))) found.push(formatPath([...path, name]));
    else found.push(...findKeyFields(child, [...path, name]));
  }
  return found;
}
