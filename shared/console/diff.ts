/**
 * What changed between two JSON documents (a price table before and after an upload), as a
 * list of paths with their old and new values. Arrays of objects with a `code` (products) or a
 * `from` (tiers) are matched by that key, so inserting a product does not show every later one
 * as changed.
 */
export interface JsonChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

function keyOf(item: Json): string | undefined {
  if (!isObject(item)) return undefined;
  if (typeof item.code === 'string') return `code=${item.code}`;
  if (typeof item.from === 'number') return `from=${item.from}`;
  return undefined;
}

export function jsonDiff(before: Json, after: Json, limit = 500): { changes: JsonChange[]; truncated: boolean } {
  const changes: JsonChange[] = [];
  let truncated = false;
  const push = (c: JsonChange) => {
    if (changes.length >= limit) truncated = true;
    else changes.push(c);
  };
  const walk = (a: Json, b: Json, path: string) => {
    if (truncated) return;
    if (isObject(a) && isObject(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
        const p = path ? `${path}.${k}` : k;
        if (!(k in b)) push({ path: p, kind: 'removed', before: a[k] });
        else if (!(k in a)) push({ path: p, kind: 'added', after: b[k] });
        else walk(a[k], b[k], p);
      }
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const xs: unknown[] = a;
      const ys: unknown[] = b;
      const keyed = [...xs, ...ys].every((x) => keyOf(x) !== undefined);
      if (keyed) {
        const am = new Map(xs.map((x) => [keyOf(x)!, x]));
        const bm = new Map(ys.map((x) => [keyOf(x)!, x]));
        for (const k of new Set([...am.keys(), ...bm.keys()])) {
          const p = `${path}[${k}]`;
          if (!bm.has(k)) push({ path: p, kind: 'removed', before: am.get(k) });
          else if (!am.has(k)) push({ path: p, kind: 'added', after: bm.get(k) });
          else walk(am.get(k), bm.get(k), p);
        }
        return;
      }
      const n = Math.max(xs.length, ys.length);
      for (let i = 0; i < n; i++) {
        const p = `${path}[${i}]`;
        if (i >= ys.length) push({ path: p, kind: 'removed', before: xs[i] });
        else if (i >= xs.length) push({ path: p, kind: 'added', after: ys[i] });
        else walk(xs[i], ys[i], p);
      }
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) push({ path: path || '(전체)', kind: 'changed', before: a, after: b });
  };
  walk(before, after, '');
  return { changes, truncated };
}
