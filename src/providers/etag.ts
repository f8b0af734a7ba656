/**
 * A short fingerprint of a stored value, for spotting that something changed between the
 * moment a form opened and the moment it was saved. FNV-1a over the JSON text: not a
 * security measure, only change detection, and it runs anywhere without crypto.
 */
export function etagOf(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${hash.toString(16)}-${text.length.toString(16)}`;
}
