/** Where in a team file something is, written the way an administrator reads JSON. */

/** ['providers', 0, 'models', 2, 'contextLimit'] → "providers[0].models[2].contextLimit". */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$-]*$/.test(part)) text += text ? `.${part}` : part;
    else text += `[${JSON.stringify(String(part))}]`;
  }
  return text || '(the file)';
}
