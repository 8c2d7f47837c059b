/**
 * Less on screen (issue 17 item 4): phone numbers, addresses and names as lists and search results
 * show them (the record's own page shows them whole). Pure; the core, HQ and the screens use these.
 */

/**
 * A phone number as lists and search results show it: the middle group masked, the first and
 * last kept (010-1234-5432 → 010-****-5432; 02-123-4567 → 02-***-4567). Text that is not a phone
 * number keeps only its last four digits visible.
 */
export function maskPhone(phone: string): string {
  const parts = phone.split('-');
  if (parts.length === 3 && parts.every((p) => /^\d+$/.test(p))) return `${parts[0]!}-${'*'.repeat(parts[1]!.length)}-${parts[2]!}`;
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(phone.length);
  let toHide = digits.length - 4;
  return phone.replace(/\d/g, (d) => (toHide-- > 0 ? '*' : d));
}

/**
 * An address as lists show it: the region (시·도 and 시·군·구, the first two words) kept, the rest
 * masked ('서울특별시 강남구 테헤란로 1, 3층' → '서울특별시 강남구 ***').
 */
export function maskAddress(address: string): string {
  const words = address
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  if (words.length === 0) return '';
  if (words.length <= 2) return `${words[0]!} ***`;
  return `${words.slice(0, 2).join(' ')} ***`;
}

/** A person's name in a list: the first character kept, the rest masked except the last of three or more (홍길동 → 홍*동, 김철 → 김*). */
export function maskPersonName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]!}*`;
  return `${chars[0]!}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]!}`;
}

/** Fields whose values are phone numbers or addresses wherever they appear (a sync conflict names its field). */
const PHONE_FIELDS = new Set(['phone', 'mobile', 'contactPhone', 'tel']);
const ADDRESS_FIELDS = new Set(['address']);

/** A field's value as a list shows it: a phone number or address masked, anything else as it is. */
export function maskField(field: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (PHONE_FIELDS.has(field)) return maskPhone(value);
  if (ADDRESS_FIELDS.has(field)) return maskAddress(value);
  return value;
}

/** Fields holding a person's name where records carry one (대표자). */
const PERSON_FIELDS = new Set(['representative']);
const MAX_MASK_DEPTH = 32;

/**
 * A record's values as a list shows them (an audit entry's before → after): every phone number,
 * address and 대표자 at any depth masked with the functions above; everything else as it is.
 * The entry opened on its own shows them whole.
 */
export function maskRecordValues(value: unknown, depth = 0): unknown {
  if (depth > MAX_MASK_DEPTH) return null;
  if (Array.isArray(value)) return value.map((v) => maskRecordValues(v, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') out[key] = PERSON_FIELDS.has(key) ? maskPersonName(v) : maskField(key, v);
    else out[key] = maskRecordValues(v, depth + 1);
  }
  return out;
}
