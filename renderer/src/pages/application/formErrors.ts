/**
 * Reading react-hook-form's error tree the way the application form shows it: one field's message,
 * every field with one (in form order, for the summary at the top), their count, and the name a
 * rep reads beside each.
 */

/** The message of the field at `path` (items.0.quantity …), or of the array there (its root). */
export function errorAt(errors: unknown, path: string): string | undefined {
  let node: unknown = errors;
  for (const part of path.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  const message = (node as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string') return message;
  const root = (node as { root?: { message?: string } } | undefined)?.root?.message;
  return root;
}

/** The paths of the fields with a message (items.0.quantity …), in form order. */
export function errorPaths(errors: unknown, prefix = ''): string[] {
  if (!errors || typeof errors !== 'object') return [];
  if ('message' in errors && typeof errors.message === 'string') return [prefix.replace(/\.root$/, '')];
  return Object.entries(errors as Record<string, unknown>)
    .filter(([k]) => k !== 'ref')
    .flatMap(([k, v]) => errorPaths(v, prefix ? `${prefix}.${k}` : k));
}

/** What the rep reads beside the field: its label (or its accessible name), never the path. */
export function fieldName(path: string): string {
  const label = document.querySelector(`label[for="${CSS.escape(path)}"]`);
  const own = label?.firstChild?.textContent?.trim();
  if (own) return own;
  const aria = document.getElementById(path)?.getAttribute('aria-label');
  return aria ?? path;
}

/** How many fields have a message. */
export function countErrors(errors: unknown): number {
  if (!errors || typeof errors !== 'object') return 0;
  if ('message' in errors && typeof errors.message === 'string') return 1;
  return Object.entries(errors as Record<string, unknown>)
    .filter(([k]) => k !== 'ref')
    .reduce((n, [, v]) => n + countErrors(v), 0);
}
