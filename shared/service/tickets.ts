/**
 * Complaint (VOC) and fault tickets of a subscription: what the rep records on the device and HQ
 * works. The SLA clock is never stored: `slaClock` computes it from the event log and now.
 *
 * Ownership on the device (HQ owns the rest, see shared/sync/README.md once tickets sync): the rep
 * creates complaints and faults, adds notes and waiting/resumed, resolves and closes a complaint
 * (with the customer's satisfaction); assignment and the resolving and closing of a fault are HQ's.
 */
import { z } from 'zod';
import { recordId } from '../domain/fields';
import { cleanText, requiredCleanText } from '../domain/text';
import { outageWindowSchema } from './outages';
import { TICKET_EVENT_TYPES, type SlaClock, type TicketEventType } from './sla';
import { CATEGORIES_OF, CATEGORY_LABELS, TICKET_KINDS, type TicketCategory, type TicketKind } from './targets';

/** How the customer reached us (접수 경로). */
export const TICKET_CHANNELS = ['phone', 'visit', 'email', 'carrier', 'other'] as const;

const instant = (label: string) =>
  z
    .string({ error: `${label}은(는) ISO 8601 일시로 쓰세요.` })
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, { error: `${label}은(는) 시간대가 붙은 ISO 8601 일시로 쓰세요 (예: 2026-12-02T09:00:00+09:00).` })
    .refine((v) => !Number.isNaN(Date.parse(v)), { error: `${label}이(가) 없는 날짜입니다.` });

export const ticketCreateSchema = z
  .strictObject({
    applicationId: recordId('청약 ID'),
    kind: z.enum(TICKET_KINDS, { error: '구분(kind)은 complaint(민원) 또는 fault(장애)입니다.' }),
    category: z.string({ error: '유형(category)을 고르세요.' }).max(20),
    channel: z.enum(TICKET_CHANNELS, { error: `접수 경로(channel)는 ${TICKET_CHANNELS.join(', ')} 중 하나입니다.` }),
    description: requiredCleanText('내용', 2000, { lines: true }),
    receivedBy: requiredCleanText('접수자', 100),
    /** When the customer reported it; default: now. Never in the future. */
    openedAt: instant('접수 시각').optional(),
    /** A fault's outage window (service stopped): art. 10 credits it on the settlement request. */
    outage: outageWindowSchema.optional(),
  })
  .superRefine((v, ctx) => {
    if (!(CATEGORIES_OF[v.kind] as readonly string[]).includes(v.category)) {
      ctx.addIssue({
        code: 'custom',
        path: ['category'],
        message: `${v.kind === 'complaint' ? '민원' : '장애'} 유형 '${v.category}'은(는) 없습니다. ${CATEGORIES_OF[v.kind].map((c) => `${c}(${CATEGORY_LABELS[c]})`).join(', ')} 중에서 고르세요.`,
      });
    }
    if (v.outage && v.kind !== 'fault') ctx.addIssue({ code: 'custom', path: ['outage'], message: '장애 시간(outage)은 장애 건에만 기록합니다.' });
  });
export type TicketCreateInput = z.output<typeof ticketCreateSchema>;

const SATISFACTION = ['satisfied', 'dissatisfied', 'no-answer'] as const;

export const ticketEventInputSchema = z
  .strictObject({
    ticketId: recordId('접수 건 ID'),
    type: z.enum(TICKET_EVENT_TYPES, { error: `처리 단계(type)는 ${TICKET_EVENT_TYPES.join(', ')} 중 하나입니다.` }),
    /** Default: now. */
    at: instant('처리 시각').optional(),
    note: cleanText('메모', 2000, { lines: true }).optional(),
    /** Closing a complaint: the customer's satisfaction with its handling. */
    satisfaction: z.enum(SATISFACTION, { error: '만족도는 satisfied(만족), dissatisfied(불만족), no-answer(무응답) 중 하나입니다.' }).optional(),
    /** Closing a complaint: whether it was justified (귀책 민원). */
    justified: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'note' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: '메모 내용을 쓰세요.' });
    if (v.type !== 'closed' && (v.satisfaction !== undefined || v.justified !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['satisfaction'], message: '만족도와 귀책 여부는 종결(closed)할 때만 기록합니다.' });
    }
  });
export type TicketEventInput = z.output<typeof ticketEventInputSchema>;

/** Events the rep may record on the device, by kind (HQ owns assignment, and resolving/closing a fault). */
export const REP_EVENTS: Record<TicketKind, readonly TicketEventType[]> = {
  complaint: ['waiting', 'resumed', 'resolved', 'reopened', 'closed', 'note'],
  fault: ['waiting', 'resumed', 'note'],
};

const clockSchema = z.object({
  dueAt: z.string(),
  state: z.enum(['open', 'met', 'breached']),
  remainingMinutes: z.number().int(),
  phase: z.enum(['running', 'waiting', 'resolved', 'closed']),
  elapsedMinutes: z.number().int(),
  targetMinutes: z.number().int(),
  paused: z.boolean(),
}) satisfies z.ZodType<SlaClock>;

export const ticketViewSchema = z.object({
  id: z.string(),
  applicationId: z.string(),
  customerName: z.string(),
  kind: z.enum(TICKET_KINDS),
  category: z.string(),
  channel: z.enum(TICKET_CHANNELS),
  description: z.string(),
  receivedBy: z.string(),
  assignee: z.string().nullable(),
  openedAt: z.string(),
  outage: z.object({ start: z.string(), end: z.string() }).nullable(),
  satisfaction: z.enum(SATISFACTION).nullable(),
  justified: z.boolean().nullable(),
  events: z.array(z.object({ id: z.string(), at: z.string(), type: z.enum(TICKET_EVENT_TYPES), note: z.string().nullable(), by: z.string() })),
  clock: clockSchema,
});
export type TicketView = z.output<typeof ticketViewSchema>;

export function categoryOf(kind: TicketKind, category: string): TicketCategory {
  return CATEGORIES_OF[kind].find((c) => c === category) ?? CATEGORIES_OF[kind][0]!;
}
