/**
 * Prospect lists (issue 17 item 5): the shapes HQ's admin API (`cli hq prospects …`), its console
 * API (명단) and the device's own sync route (`POST /sync/prospects`) use. zod at every door.
 */
import { z } from 'zod';
import { freeText, optionalText, requiredText } from '../domain/fields';
import { cleanText, requiredCleanText } from '../domain/text';
import { ENTRY_RESULTS, HANDOUT_STATES } from './rules';

/**
 * The routes, the same under the admin API (`/admin`, the admin token: `cli hq prospects …`) and
 * the console API (`/console/api`, permission `prospects.manage`): `${prefix}${path}`.
 */
export const PROSPECT_PATHS = {
  /** GET: the lists with their hand-outs and requests; POST: import (JSON rows or CSV text), screened. */
  lists: '/prospects/lists',
  /** GET: one list with its entries, numbers masked. */
  list: (id: string) => `/prospects/lists/${id}`,
  /** POST: hand a part of the list to a named rep for a campaign. */
  handout: (id: string) => `/prospects/lists/${id}/handouts`,
  /** POST: archive the list (every hand-out returned or recalled). */
  archive: (id: string) => `/prospects/lists/${id}/archive`,
  /** POST: approve or refuse a second campaign on a list. */
  decide: (id: string) => `/prospects/requests/${id}/decide`,
  /** POST: take a hand-out back before the rep returns it. */
  recall: (id: string) => `/prospects/handouts/${id}/recall`,
} as const;

/** The device's route: pushes what the rep did, answers the hand-outs the device holds now. */
export const PROSPECT_SYNC_PATH = '/sync/prospects';

const PROSPECT_IMPORT_MAX_ROWS = 20_000;

const importRowSchema = z.strictObject({
  company: requiredText('회사명', 200),
  contact: freeText('담당자', 100),
  phone: z.string({ error: '전화번호는 글자로 쓰세요.' }).max(40, { error: '전화번호가 너무 깁니다.' }),
});

/** An import: rows as JSON, or CSV text with a header line `company,contact,phone` (or 회사명,담당자,전화번호). */
export const prospectImportSchema = z
  .strictObject({
    name: requiredCleanText('명단 이름', 200),
    source: cleanText('받은 곳', 200).optional(),
    rows: z
      .array(importRowSchema)
      .max(PROSPECT_IMPORT_MAX_ROWS, { error: `한 번에 ${PROSPECT_IMPORT_MAX_ROWS.toLocaleString('ko-KR')}건까지 가져올 수 있습니다.` })
      .optional(),
    csv: z
      .string()
      .max(4 * 1024 * 1024, { error: 'CSV가 너무 큽니다 (4 MiB까지).' })
      .optional(),
  })
  .refine((v) => (v.rows === undefined) !== (v.csv === undefined), { error: '가져올 명단을 rows(JSON) 또는 csv(CSV 글) 중 하나로 보내세요.' });
export type ProspectImport = z.output<typeof prospectImportSchema>;

const CSV_HEADERS: Record<string, 'company' | 'contact' | 'phone'> = {
  company: 'company',
  회사명: 'company',
  상호: 'company',
  contact: 'contact',
  담당자: 'contact',
  phone: 'phone',
  전화번호: 'phone',
};

function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((f) => f.trim());
}

/** CSV text → rows (a header line names the columns); an Error in Korean saying what to fix. */
export function parseProspectCsv(csv: string): z.input<typeof importRowSchema>[] {
  const lines = csv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = lines.shift();
  if (header === undefined) throw new Error('CSV가 비어 있습니다. 첫 줄에 company,contact,phone(회사명,담당자,전화번호) 머리글을 쓰세요.');
  const cols = csvFields(header).map((h) => CSV_HEADERS[h.toLowerCase()] ?? CSV_HEADERS[h]);
  for (const need of ['company', 'phone'] as const) {
    if (!cols.includes(need)) throw new Error(`CSV 머리글에 ${need === 'company' ? 'company(회사명)' : 'phone(전화번호)'} 열이 없습니다. 첫 줄을 company,contact,phone으로 쓰세요.`);
  }
  if (lines.length > PROSPECT_IMPORT_MAX_ROWS) throw new Error(`한 번에 ${PROSPECT_IMPORT_MAX_ROWS.toLocaleString('ko-KR')}건까지 가져올 수 있습니다.`);
  return lines.map((line) => {
    const f = csvFields(line);
    const row = { company: '', contact: '', phone: '' };
    cols.forEach((c, i) => {
      if (c) row[c] = f[i] ?? '';
    });
    return row;
  });
}

/** The rows of an import, checked: an Error names the first bad line. */
export function importRows(input: ProspectImport): z.output<typeof importRowSchema>[] {
  const raw = input.rows ?? parseProspectCsv(input.csv ?? '');
  return raw.map((r, i) => {
    const parsed = importRowSchema.safeParse(r);
    if (!parsed.success) throw new Error(`${i + 1}번째 줄: ${parsed.error.issues[0]?.message ?? '값을 확인하세요.'}`);
    return parsed.data;
  });
}

export const prospectHandoutSchema = z.strictObject({
  branch: requiredCleanText('지사', 100),
  rep: requiredCleanText('영업대표', 100),
  campaign: requiredCleanText('캠페인', 100),
  count: z.number({ error: '건수(count)는 숫자입니다.' }).int({ error: '건수는 정수입니다.' }).min(1, { error: '건수는 1 이상입니다.' }).max(5000, { error: '한 번에 5,000건까지 배부합니다.' }),
});
export type ProspectHandoutInput = z.output<typeof prospectHandoutSchema>;

export const prospectDecideSchema = z.strictObject({
  approve: z.boolean({ error: 'approve는 true(승인) 또는 false(거절)입니다.' }),
  note: optionalText('메모', 500),
});

export const prospectIdParam = z.strictObject({ id: z.uuid({ error: 'ID는 UUID입니다.' }) });

const handoutViewSchema = z.object({
  id: z.string(),
  listId: z.string(),
  listNumber: z.string(),
  branch: z.string(),
  rep: z.string(),
  campaign: z.string(),
  count: z.number(),
  state: z.enum(HANDOUT_STATES),
  handedAt: z.string(),
  handedBy: z.string(),
  acknowledgedAt: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  recalledAt: z.string().nullable(),
  archivedAt: z.string().nullable(),
  results: z.partialRecord(z.enum(ENTRY_RESULTS), z.number()),
});
export type HandoutView = z.output<typeof handoutViewSchema>;

const requestViewSchema = z.object({
  id: z.string(),
  listId: z.string(),
  campaign: z.string(),
  status: z.enum(['pending', 'approved', 'refused']),
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type CampaignRequestView = z.output<typeof requestViewSchema>;

export const prospectListViewSchema = z.object({
  id: z.string(),
  number: z.string(),
  name: z.string(),
  source: z.string().nullable(),
  importedAt: z.string(),
  importedBy: z.string(),
  entries: z.number(),
  available: z.number(),
  lastUsedAt: z.string(),
  keepUntil: z.string(),
  archivedAt: z.string().nullable(),
  handouts: z.array(handoutViewSchema),
  requests: z.array(requestViewSchema),
});
export type ProspectListView = z.output<typeof prospectListViewSchema>;

/** One list with its entries as the console shows them: numbers masked, the latest result of each. */
export const prospectListDetailSchema = prospectListViewSchema.extend({
  rows: z.array(z.object({ id: z.string(), seq: z.number(), company: z.string(), contact: z.string(), phone: z.string(), result: z.enum(ENTRY_RESULTS).nullable() })),
});
export type ProspectListDetail = z.output<typeof prospectListDetailSchema>;

export const prospectImportResultSchema = z.object({
  list: prospectListViewSchema,
  accepted: z.number(),
  /** Refused rows (phone masked) with the line and why. */
  rejected: z.array(z.object({ line: z.number(), company: z.string(), phone: z.string(), reason: z.string(), message: z.string() })),
});
export type ProspectImportResult = z.output<typeof prospectImportResultSchema>;

/** Answer to a hand-out: made (with how many were left out for withdrawn consent), or a second campaign waiting for HQ's approval (no hand-out made). */
export const prospectHandoutResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('handed_out'), handout: handoutViewSchema, excluded: z.number() }),
  z.object({ status: z.literal('needs_approval'), request: requestViewSchema }),
]);
export type ProspectHandoutResult = z.output<typeof prospectHandoutResultSchema>;

export const prospectRequestViewSchema = requestViewSchema;
export const prospectHandoutViewSchema = handoutViewSchema;

// ── the device's sync ───────────────────────────────────────────────────────────────────────

const instant = z.iso.datetime({ offset: true, error: '시각은 ISO 8601 일시입니다.' });

export const prospectSyncRequestSchema = z.strictObject({
  acknowledged: z.array(z.strictObject({ handoutId: z.uuid(), at: instant })).max(500),
  results: z.array(z.strictObject({ handoutId: z.uuid(), entryId: z.uuid(), result: z.enum(ENTRY_RESULTS), at: instant, note: cleanText('메모', 500).nullable() })).max(20_000),
  checkedIn: z.array(z.strictObject({ handoutId: z.uuid(), at: instant })).max(500),
});
export type ProspectSyncRequest = z.output<typeof prospectSyncRequestSchema>;

const syncedEntrySchema = z.strictObject({
  id: z.uuid(),
  seq: z.number().int(),
  company: z.string(),
  contact: z.string(),
  phone: z.string(),
  result: z.enum(ENTRY_RESULTS).nullable(),
  resultAt: z.string().nullable(),
  note: z.string().nullable(),
});

const syncedHandoutSchema = z.strictObject({
  id: z.uuid(),
  listId: z.uuid(),
  listNumber: z.string(),
  listName: z.string(),
  campaign: z.string(),
  state: z.enum(HANDOUT_STATES),
  handedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  entries: z.array(syncedEntrySchema),
});

/** HQ's answer: what it refused of the push (with why), and every hand-out the rep still holds. */
export const prospectSyncResponseSchema = z.strictObject({
  refused: z.array(z.strictObject({ handoutId: z.string(), entryId: z.string().nullable(), message: z.string() })),
  handouts: z.array(syncedHandoutSchema),
});
export type ProspectSyncResponse = z.output<typeof prospectSyncResponseSchema>;

// ── the device's channels (shared/contract/contract.ts) ─────────────────────────────────────

/** An entry as the rep's list shows it: the number masked (`prospects.reveal` shows one whole, logged). */
const myEntrySchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  company: z.string(),
  contact: z.string(),
  phoneMasked: z.string(),
  result: z.enum(ENTRY_RESULTS).nullable(),
  resultAt: z.string().nullable(),
  note: z.string().nullable(),
});

export const myHandoutSchema = z.object({
  id: z.string(),
  listId: z.string(),
  listNumber: z.string(),
  listName: z.string(),
  campaign: z.string(),
  state: z.enum(HANDOUT_STATES),
  handedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  /** Something the rep did here that HQ has not heard yet (the next sync sends it). */
  waiting: z.boolean(),
  entries: z.array(myEntrySchema),
});
export type MyHandout = z.output<typeof myHandoutSchema>;

const handoutRef = { handoutId: z.string({ error: '명단을 고르세요.' }).min(1).max(64) };
export const handoutRefSchema = z.strictObject(handoutRef);
export const entryRefSchema = z.strictObject({ ...handoutRef, entryId: z.string({ error: '번호를 고르세요.' }).min(1).max(64) });
export const entryResultSchema = z.strictObject({
  ...handoutRef,
  entryId: z.string().min(1).max(64),
  result: z.enum(ENTRY_RESULTS, { error: '결과는 통화함, 부재, 관심 있음, 거절, 연락 금지 중 하나입니다.' }),
  note: optionalText('메모', 500),
});
