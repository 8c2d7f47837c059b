/**
 * HQ's side of complaints and faults (issue 16): the admin API `cli hq tickets …` calls and the
 * console's 고객 응대 board use the same shapes. HQ owns assignment and the closing of faults
 * (shared/service/tickets.ts); every HQ action on a ticket is audited.
 */
import { z } from 'zod';
import { optionalText, requiredText } from '../domain/fields';
import { requiredCleanText } from '../domain/text';
import { kstMonth } from './outages';
import { TICKET_EVENT_TYPES } from './sla';
import { SATISFACTION, ticketViewSchema } from './tickets';
import { serviceTargetsSchema } from './targets';

export const TICKET_ADMIN_PATHS = {
  /** GET ?state=open|all&branch=…: the board; POST: a ticket made at HQ. */
  tickets: '/admin/tickets',
  assign: (id: string) => `/admin/tickets/${id}/assign`,
  events: (id: string) => `/admin/tickets/${id}/events`,
  close: (id: string) => `/admin/tickets/${id}/close`,
  /** GET ?month=YYYY-MM[&branch=…]: SLA met %, satisfaction %, justified per 10,000, against the targets. */
  figures: '/admin/service-figures',
  /** GET: the targets in force (published or shipped); POST: publish new targets (serviceTargetsPublishSchema). */
  targets: '/admin/service-targets',
} as const;

const instant = (label: string) =>
  z
    .string({ error: `${label}은(는) ISO 8601 일시로 쓰세요.` })
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, { error: `${label}은(는) 시간대가 붙은 ISO 8601 일시로 쓰세요 (예: 2026-12-02T09:00:00+09:00).` })
    .refine((v) => !Number.isNaN(Date.parse(v)), { error: `${label}이(가) 없는 날짜입니다.` });

export const ticketBoardQuerySchema = z.strictObject({
  state: z.enum(['open', 'all'], { error: 'state는 open(처리 중인 건) 또는 all(전체)입니다.' }).optional(),
  branch: requiredCleanText('지사 이름', 100).optional(),
});

export const ticketAssignSchema = z.strictObject({
  assignee: requiredText('담당자', 100),
  note: optionalText('메모', 2000, { lines: true }),
});

/** Events HQ records by hand ('received' opens a ticket; assignment has its own call). */
export const HQ_EVENT_TYPES = TICKET_EVENT_TYPES.filter((t) => t !== 'received' && t !== 'assigned');

export const hqTicketEventSchema = z
  .strictObject({
    type: z.enum(HQ_EVENT_TYPES as [string, ...string[]], { error: `처리 단계(type)는 ${HQ_EVENT_TYPES.join(', ')} 중 하나입니다.` }),
    at: instant('처리 시각').optional(),
    note: optionalText('메모', 2000, { lines: true }),
    satisfaction: z.enum(SATISFACTION, { error: '만족도는 satisfied(만족), dissatisfied(불만족), no-answer(무응답) 중 하나입니다.' }).optional(),
    justified: z.boolean({ error: '귀책 여부(justified)는 true 또는 false입니다.' }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'note' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: '메모 내용을 쓰세요.' });
    if (v.type !== 'closed' && (v.satisfaction !== undefined || v.justified !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['satisfaction'], message: '만족도와 귀책 여부는 종결(closed)할 때만 기록합니다.' });
    }
  });
export type HqTicketEventInput = z.output<typeof hqTicketEventSchema>;

export const ticketCloseSchema = z.strictObject({
  note: optionalText('메모', 2000, { lines: true }),
  satisfaction: z.enum(SATISFACTION, { error: '만족도는 satisfied(만족), dissatisfied(불만족), no-answer(무응답) 중 하나입니다.' }).optional(),
  justified: z.boolean({ error: '귀책 여부(justified)는 true 또는 false입니다.' }).optional(),
});
export type TicketCloseInput = z.output<typeof ticketCloseSchema>;

/** A ticket on HQ's board: the device's view plus where it comes from. */
export const boardTicketSchema = ticketViewSchema.extend({
  branch: z.string(),
  serviceNumber: z.string().nullable(),
});
export type BoardTicket = z.output<typeof boardTicketSchema>;

const isMonth = (v: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(v);

export const figuresQuerySchema = z.strictObject({
  month: z.string({ error: '월(month)을 YYYY-MM으로 주세요 (예: 2026-12).' }).refine(isMonth, { error: '월(month)은 YYYY-MM 형식의 실제 월입니다 (예: 2026-12).' }).optional(),
  branch: requiredCleanText('지사 이름', 100).optional(),
});

const ratio = z.object({ count: z.number().int(), of: z.number().int(), percent: z.number().nullable() });
const monthFiguresSchema = z.object({
  month: z.string(),
  /** Tickets whose clock ended (resolved) in the month, or ran out while open: met within the time. */
  slaMet: ratio,
  /** Complaints closed in the month with an answer: satisfied (no-answer not counted). */
  satisfaction: ratio,
  /** Complaints closed in the month found justified, per 10,000 live subscriptions. */
  justified: z.object({ count: z.number().int(), subscriptions: z.number().int(), per10000: z.number().nullable() }),
});
export type MonthFigures = z.output<typeof monthFiguresSchema>;

export const figuresResponseSchema = z.object({
  branch: z.string().nullable(),
  /** The months shown, oldest first; the last is the month asked for. */
  months: z.array(monthFiguresSchema),
  targets: z.object({ slaMetPercent: z.number(), satisfactionAbovePercent: z.number(), justifiedPer10000Below: z.number() }),
});
export type FiguresResponse = z.output<typeof figuresResponseSchema>;

/** The targets in force at HQ: the last published (with when), or the shipped defaults (version 0). */
export const serviceTargetsViewSchema = z.object({ targets: serviceTargetsSchema, publishedAt: z.string().nullable() });
export type ServiceTargetsView = z.output<typeof serviceTargetsViewSchema>;

/** This KST month, 'YYYY-MM'. */
export const currentMonthKst = (now = Date.now()) => kstMonth(now);
