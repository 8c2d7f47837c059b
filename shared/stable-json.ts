/**
 * JSON with object keys sorted at every level, so the same data always gives the same text (and
 * the same hash) whatever order its fields were built in. `undefined` fields are dropped, as
 * JSON.stringify does; non-finite numbers are refused because they have no JSON form.
 */
export function stableJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('stableJson: 숫자가 유한하지 않습니다.');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableJson(v))).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`stableJson: ${typeof value} 값은 JSON으로 쓸 수 없습니다.`);
}
