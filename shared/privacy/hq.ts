import { z } from 'zod';
import { isoDate, requiredText } from '../domain/fields';
import { textProblem } from '../domain/text';
import { accessEntrySchema, type AccessEntry } from './access';

/**
 * The access log at HQ (issue 17): the devices' entries as they arrive over sync, HQ's own entries
 * (every console and admin-API access to personal data), how the console searches them, and the
 * monthly review's rules. Plain data and pure functions: HQ and the console both read them.
 */

// ── device → HQ ───────────────────────────────────────────────────────────────────────────────

/**
 * `POST /sync/access-log` (device token): the device's entries after the last one HQ
 * acknowledged, in seq order. A route of its own beside /sync/push — an older app never calls
 * it, and an older HQ answers 404, which the device takes as "not yet".
 */
export const ACCESS_LOG_SYNC_PATH = '/sync/access-log';
export const ACCESS_LOG_PUSH_MAX = 1000;

/** An entry as it travels: the device's own shape, with no control character or lone surrogate in any text. */
const travellingEntrySchema = accessEntrySchema.superRefine((e, ctx) => {
  const texts = [e.id, e.actor, e.device, e.channel, e.reason ?? '', ...e.subjects.map((s) => s.id)];
  if (texts.some((t) => textProblem(t, true) !== undefined)) {
    ctx.addIssue({ code: 'custom', message: `접속기록 ${e.seq}번에 쓸 수 없는 문자(제어 문자나 깨진 문자)가 있습니다. 앱을 업데이트한 뒤 다시 동기화하세요.` });
  }
});

export const accessLogPushSchema = z.strictObject({
  entries: z
    .array(travellingEntrySchema)
    .min(1, { error: '보낼 접속기록이 없습니다.' })
    .max(ACCESS_LOG_PUSH_MAX, { error: `접속기록은 한 번에 ${ACCESS_LOG_PUSH_MAX}건까지 보내세요.` })
    .refine((list) => list.every((e, i) => i === 0 || e.seq === list[i - 1]!.seq + 1), { error: '접속기록은 빠짐없이 순서대로(seq 1씩 증가) 보내세요.' }),
});

/** What HQ found wrong in a device's chain (`conflict`: HQ already holds another entry under that number). */
const breakSchema = z.object({ seq: z.number().int(), problem: z.enum(['hash', 'link', 'gap', 'conflict']), message: z.string() });
export type DeviceChainBreak = z.output<typeof breakSchema>;

export const accessLogPushResponseSchema = z.object({
  /** Entries stored now. */
  stored: z.number().int().min(0),
  /** Entries HQ already held, identical (a resend): nothing changed. */
  duplicate: z.number().int().min(0),
  /** The highest seq HQ now holds for this device: the device sends from the one after. */
  lastSeq: z.number().int().min(0),
  /** Breaks found in this batch (kept at HQ and shown on the console; the entries are kept too). */
  breaks: z.array(breakSchema),
});
export type AccessLogPushResponse = z.output<typeof accessLogPushResponseSchema>;

/** The admin API (`cli hq access-log verify`): HQ's chain and each device's as HQ holds it. */
export const ACCESS_ADMIN_PATHS = { verify: '/admin/access-log/verify' } as const;

// ── HQ's own entries ────────────────────────────────────────────────────────────────────────────

/** What makes HQ's `device` field: the address the console or admin call came from. */
export const hqDeviceOf = (ip: string | null | undefined): string => `ip:${ip ?? 'unknown'}`;

/** The reason an export needs: what people type, checked the way every reason is. */
export const exportReasonSchema = requiredText('내보내기 사유', 200).refine((v) => v.length >= 2, { error: '내보내기 사유를 2자 이상 구체적으로 적으세요 (예: 3월 월간 점검 보고).' });

export const EXPORT_REASON_MISSING = '내보내기 사유를 적으세요. 개인정보가 담긴 자료를 내보낼 때는 사유가 접속기록에 남아야 합니다 (예: 월간 점검 보고).';

// ── console: search, export, review ─────────────────────────────────────────────────────────

const ACCESS_SOURCES = ['all', 'hq', 'device'] as const;

const accessFilter = {
  /** Who: an HQ login or a rep's name (part of it). */
  person: z.string().trim().max(100, { error: '사람은 100자 이하로 입력하세요.' }).optional(),
  /** Whose data: a customer / application id, or a company name (part of it). */
  subject: z.string().trim().max(200, { error: '고객·청약은 200자 이하로 입력하세요.' }).optional(),
  /** KST days, inclusive. */
  from: isoDate('시작일').optional(),
  to: isoDate('종료일').optional(),
  source: z.enum(ACCESS_SOURCES, { error: 'source는 all, hq, device 중 하나입니다.' }).default('all'),
};

export const accessLogQuerySchema = z.strictObject({
  ...accessFilter,
  offset: z.coerce.number({ error: 'offset은 숫자입니다.' }).int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number({ error: 'limit은 숫자입니다.' }).int().min(1).max(200).default(50),
});
export type AccessLogQuery = z.output<typeof accessLogQuerySchema>;

/** The CSV export: the same filter and a required reason (kept in HQ's own log). */
export const accessLogExportSchema = z.strictObject({ ...accessFilter, reason: z.string().optional() });

export const reviewMonthSchema = z.strictObject({
  month: z.string({ error: '월을 YYYY-MM 형식으로 입력하세요.' }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '월을 YYYY-MM 형식으로 입력하세요 (예: 2026-11).' }),
});
export const reviewMarkSchema = z.strictObject({
  month: reviewMonthSchema.shape.month,
  note: z.string().max(500).optional(),
});

/** One row of the 접속기록 page (an HQ entry or a device's). */
export interface AccessLogRow {
  source: 'hq' | 'device';
  /** HQ's seq, or the device's own seq. */
  seq: number;
  at: string;
  /** HQ login, or the rep's name. */
  actor: string;
  actorName: string;
  branch: string | null;
  /** The device's name, or the caller's address at HQ. */
  device: string;
  channel: string;
  action: AccessEntry['action'];
  subjects: AccessEntry['subjects'];
  reason: string | null;
}

export interface ChainStatus {
  source: 'hq' | 'device';
  deviceId: string | null;
  deviceName: string | null;
  entries: number;
  broken: DeviceChainBreak | null;
}

export interface AccessLogPage {
  items: AccessLogRow[];
  total: number;
  /** Chains with a break (HQ's own and each device's as HQ holds it): empty when every link holds. */
  breaks: ChainStatus[];
}

// ── the monthly review ──────────────────────────────────────────────────────────────────────────

/**
 * The patterns the monthly review lists, as data (the standard expects someone to look at the
 * log every month; these say where to look first).
 */
export interface ReviewRules {
  /** One person touching more than `count` distinct records of `kinds` within `windowMinutes`. */
  manySubjects: { count: number; windowMinutes: number; kinds: readonly string[] };
  /** Access outside working hours in KST: before `startHour`, from `endHour` on, and on weekends. */
  hours: { startHour: number; endHour: number; weekends: boolean };
  /** Times listed per finding (the rest are counted). */
  examples: number;
}
export const REVIEW_RULES: ReviewRules = {
  manySubjects: { count: 50, windowMinutes: 60, kinds: ['customer', 'application'] },
  hours: { startHour: 8, endHour: 20, weekends: true },
  examples: 5,
};

export interface ReviewEntry {
  /** Who, as one key: `hq:<login>` or `rep:<branch>/<name>`. */
  person: string;
  personName: string;
  at: string;
  subjects: AccessEntry['subjects'];
}

export interface ManySubjectsFinding {
  person: string;
  personName: string;
  /** The busiest window of the burst: its first and last entry, and how many distinct records it touched. */
  from: string;
  to: string;
  distinct: number;
}

export interface OutsideHoursFinding {
  person: string;
  personName: string;
  count: number;
  examples: string[];
}

export interface MonthlyReview {
  month: string;
  entries: number;
  manySubjects: ManySubjectsFinding[];
  outsideHours: OutsideHoursFinding[];
  reviewed: { by: string; byName: string; at: string; note: string | null } | null;
}

const KST_MS = 9 * 3_600_000;

/** Whether an instant falls outside working hours in KST (early, late or a weekend). */
export function outsideHours(at: string, rules: ReviewRules['hours'] = REVIEW_RULES.hours): boolean {
  const k = new Date(Date.parse(at) + KST_MS);
  const day = k.getUTCDay();
  if (rules.weekends && (day === 0 || day === 6)) return true;
  const h = k.getUTCHours();
  return h < rules.startHour || h >= rules.endHour;
}

/** The KST month [start, end) of `YYYY-MM` as instants. */
export function kstMonthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1, 1) - KST_MS).toISOString();
  const to = new Date(Date.UTC(y, m, 1) - KST_MS).toISOString();
  return { from, to };
}

/**
 * The review's findings over a month of entries (any order): for each person, each burst in
 * which the distinct records touched within the window went over the limit (one finding per
 * burst, at its busiest window), and how often they worked outside hours.
 */
export function findUnusualAccess(entries: readonly ReviewEntry[], rules: ReviewRules = REVIEW_RULES): { manySubjects: ManySubjectsFinding[]; outsideHours: OutsideHoursFinding[] } {
  const byPerson = new Map<string, ReviewEntry[]>();
  for (const e of entries) {
    const list = byPerson.get(e.person) ?? [];
    list.push(e);
    byPerson.set(e.person, list);
  }
  const many: ManySubjectsFinding[] = [];
  const late: OutsideHoursFinding[] = [];
  const windowMs = rules.manySubjects.windowMinutes * 60_000;
  const kinds = new Set(rules.manySubjects.kinds);
  for (const [person, list] of [...byPerson].sort(([a], [b]) => a.localeCompare(b))) {
    list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const personName = list[0]!.personName;
    // A sliding window over time with a count per distinct record.
    const counts = new Map<string, number>();
    const keysOf = (e: ReviewEntry) => [...new Set(e.subjects.filter((s) => kinds.has(s.kind)).map((s) => `${s.kind}:${s.id}`))];
    let start = 0;
    let burst: ManySubjectsFinding | null = null;
    list.forEach((e) => {
      for (const k of keysOf(e)) counts.set(k, (counts.get(k) ?? 0) + 1);
      while (Date.parse(e.at) - Date.parse(list[start]!.at) > windowMs) {
        for (const k of keysOf(list[start]!)) {
          const n = (counts.get(k) ?? 0) - 1;
          if (n <= 0) counts.delete(k);
          else counts.set(k, n);
        }
        start += 1;
      }
      const distinct = counts.size;
      if (distinct > rules.manySubjects.count) {
        if (burst === null) {
          burst = { person, personName, from: list[start]!.at, to: e.at, distinct };
          many.push(burst);
        } else if (distinct > burst.distinct) {
          burst.from = list[start]!.at;
          burst.to = e.at;
          burst.distinct = distinct;
        }
      } else if (burst !== null && Date.parse(e.at) - Date.parse(burst.to) > windowMs) {
        burst = null;
      }
    });
    const outside = list.filter((e) => outsideHours(e.at, rules.hours));
    if (outside.length > 0) late.push({ person, personName, count: outside.length, examples: outside.slice(0, rules.examples).map((e) => e.at) });
  }
  return { manySubjects: many, outsideHours: late };
}
