/**
 * Service targets after the sale (PRODUCT.md "Complaints", "Faults"), as data HQ may publish
 * (like the contact list): how long each ticket category may stay unresolved, and the monthly
 * quality targets. The app ships `DEFAULT_SERVICE_TARGETS`; an HQ publication replaces it whole.
 */
import { z } from 'zod';

/** 민원(VOC) and 장애: the two kinds of ticket. */
export const TICKET_KINDS = ['complaint', 'fault'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

/** Complaint categories (단순/일반/복합) and fault categories (소프트웨어/하드웨어). */
export const COMPLAINT_CATEGORIES = ['simple', 'general', 'complex'] as const;
export const FAULT_CATEGORIES = ['software', 'hardware'] as const;
type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
type FaultCategory = (typeof FAULT_CATEGORIES)[number];
export type TicketCategory = ComplaintCategory | FaultCategory;

export const CATEGORIES_OF: Readonly<Record<TicketKind, readonly TicketCategory[]>> = {
  complaint: COMPLAINT_CATEGORIES,
  fault: FAULT_CATEGORIES,
};

export const CATEGORY_LABELS: Record<TicketCategory, string> = {
  simple: '단순',
  general: '일반',
  complex: '복합',
  software: '소프트웨어',
  hardware: '하드웨어',
};

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: '시각은 HH:MM (예: 09:00)으로 쓰세요.' });
const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '휴일은 YYYY-MM-DD (예: 2026-12-25)로 쓰세요.' });

/**
 * A business calendar in Korean time (KST, no daylight saving): the clock runs only on
 * `weekdays` (0 = Sunday … 6 = Saturday) between `start` and `end`, never on `holidays`.
 */
const businessCalendarSchema = z
  .strictObject({
    weekdays: z.array(z.number().int().min(0).max(6), { error: '근무 요일(weekdays)은 0(일)~6(토)의 배열입니다.' }).min(1).max(7),
    start: hhmm,
    end: hhmm,
    holidays: z.array(ymd).max(400).default([]),
  })
  .refine((c) => c.start < c.end, { error: '근무 종료 시각(end)은 시작 시각(start)보다 늦어야 합니다.', path: ['end'] });
export type BusinessCalendar = z.output<typeof businessCalendarSchema>;

/** A limit in minutes, 0 (at once) up to 31 days. */
const minutes = (label: string) =>
  z
    .number({ error: `${label}은(는) 분 단위 정수로 쓰세요.` })
    .int({ error: `${label}은(는) 분 단위 정수로 쓰세요.` })
    .min(0, { error: `${label}은(는) 0분 이상이어야 합니다.` })
    .max(31 * 24 * 60, { error: `${label}은(는) 31일(44,640분) 이하로 쓰세요.` });

export const serviceTargetsSchema = z.strictObject({
  /** Version of the publication (HQ increments it); the shipped defaults are version 0. */
  version: z.number().int().min(0),
  /** Minutes to resolution per category. */
  complaint: z.strictObject({ simple: minutes('단순 민원 처리 기한'), general: minutes('일반 민원 처리 기한'), complex: minutes('복합 민원 처리 기한') }),
  fault: z.strictObject({ software: minutes('소프트웨어 장애 처리 기한'), hardware: minutes('하드웨어 장애 처리 기한') }),
  /** 'always': real time, 24/7 (complaints are taken round the clock); else a business calendar. */
  calendar: z.union([z.literal('always'), businessCalendarSchema]),
  /** Customer satisfaction with complaint handling must be ABOVE this percentage. */
  satisfactionAbovePercent: z.number().min(0).max(100),
  /** Justified complaints must stay UNDER this many per 10,000 subscriptions. */
  justifiedPer10000Below: z.number().min(0).max(10_000),
});
export type ServiceTargets = z.output<typeof serviceTargetsSchema>;

/**
 * PRODUCT.md: simple complaints "at once", general within 8 h, complex within 48 h; software
 * faults within 4 h, hardware within 24 h; satisfaction above 95 %; justified complaints under
 * 3 in 10,000. "At once" is read as within the first hour (the rep records the answer after the
 * call); HQ may publish another figure.
 */
export const DEFAULT_SERVICE_TARGETS: ServiceTargets = {
  version: 0,
  complaint: { simple: 60, general: 8 * 60, complex: 48 * 60 },
  fault: { software: 4 * 60, hardware: 24 * 60 },
  calendar: 'always',
  satisfactionAbovePercent: 95,
  justifiedPer10000Below: 3,
};

export function targetMinutes(targets: ServiceTargets, kind: TicketKind, category: TicketCategory): number {
  if (kind === 'complaint') return targets.complaint[category as ComplaintCategory];
  return targets.fault[category as FaultCategory];
}

// ── publication: HQ publishes the targets as one record every device pulls (like the contacts) ──

/** The sync entity and record id of HQ's published targets. */
export const SERVICE_TARGETS_ENTITY = 'service_targets';
export const HQ_SERVICE_TARGETS_ID = 'hq-service-targets';

/** What HQ publishes: the targets without a version (HQ numbers each publication). */
export const serviceTargetsPublishSchema = serviceTargetsSchema.omit({ version: true });
export type ServiceTargetsPublish = z.output<typeof serviceTargetsPublishSchema>;

/**
 * The targets in force, from the fields of HQ's published record (`{targetsVersion, targets}`), or
 * the shipped defaults while HQ has published none. A record that does not pass the schema (a
 * newer HQ's shape) is ignored rather than half-used: the clocks keep the last targets they knew.
 */
export function targetsFromRecord(fields: Readonly<Record<string, unknown>> | null | undefined): ServiceTargets {
  if (!fields) return DEFAULT_SERVICE_TARGETS;
  const parsed = serviceTargetsSchema.safeParse({ ...(fields.targets as object), version: fields.targetsVersion });
  return parsed.success ? parsed.data : DEFAULT_SERVICE_TARGETS;
}
