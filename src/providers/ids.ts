/** Stable provider ids generated from the name the user typed. */

const maxLength = 48;

/** Ids Switchboard itself goes by in agents' configs and key requests (the gateway). */
const reserved = ['gateway'];

/** "My Azure (EU) ☁︎" → "my-azure-eu". Falls back to "provider" when nothing is left. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
  return slug || 'provider';
}

/** The slug of `name`, suffixed -2, -3… until it is not in `taken`. */
export function uniqueProviderId(name: string, taken: Iterable<string>): string {
  const used = new Set([...reserved, ...taken]);
  const slug = slugify(name);
  if (!used.has(slug)) return slug;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = slug.slice(0, maxLength - suffix.length).replace(/-+$/g, '') + suffix;
    if (!used.has(candidate)) return candidate;
  }
}
