/**
 * Complaint (VOC) and fault tickets of a subscription: what the rep records on the device and HQ
 * works. The SLA clock is never stored: `slaClock` computes it from the event log and now.
 *
 * Ownership — one rule, enforced by the device (repos/tickets.ts) and again by HQ on every pushed
 * event (server/sync/push.ts), and read by the screens (`deviceMayRecord`, `deviceEventRefusal`):
 * the rep creates complaints and faults (their 'received' event), adds notes and waiting/resumed,
 * resolves, reopens and closes a complaint (with the customer's satisfaction); assignment (the
 * ticket's `assignee` and the 'assigned' event) and the resolving, reopening and closing of a fault
 * are HQ's. HQ may record every event and create tickets too; they reach the device at pull.
 *
 * Tickets and their events sync as the entities `ticket` (content fixed once created, `assignee`
 * HQ's) and `ticket_event` (append-only at both ends). The log is read in time order (`at`): an
 * event the rep recorded offline may land between HQ's. HQ takes a device's event only if the whole
 * log, with it, still follows the steps of shared/service/sla.ts; otherwise it is refused with the
 * reason and the rep sees it as refused (the sync screen and the ticket), never counted.
 */
import { z } from 'zod';
import { optionalText, recordId, requiredText } from '../domain/fields';
import { outageWindowSchema } from './outages';
import { checkEventLog, EVENT_LABELS, TICKET_EVENT_TYPES, type ClockEvent, type SlaClock, type TicketEventType } from './sla';
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
    description: requiredText('내용', 2000, { lines: true }),
    receivedBy: requiredText('접수자', 100),
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

export const SATISFACTION = ['satisfied', 'dissatisfied', 'no-answer'] as const;

export const ticketEventInputSchema = z
  .strictObject({
    ticketId: recordId('접수 건 ID'),
    type: z.enum(TICKET_EVENT_TYPES, { error: `처리 단계(type)는 ${TICKET_EVENT_TYPES.join(', ')} 중 하나입니다.` }),
    /** Default: now. */
    at: instant('처리 시각').optional(),
    note: optionalText('메모', 2000, { lines: true }),
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

/** May a device send this event? The 'received' that opens a ticket it created, and REP_EVENTS. */
export function deviceMayRecord(kind: TicketKind, type: TicketEventType): boolean {
  return type === 'received' || REP_EVENTS[kind].includes(type);
}

/** Why HQ refuses a device's event: not the rep's to record, or it does not fit the log. */
export interface EventRefusal {
  reason: 'hq_owned' | 'out_of_order' | 'satisfaction';
  message: string;
}

/** What the rep is told when a fault's step is HQ's (device and HQ say the same). */
export function hqOwnedMessage(kind: TicketKind, type: TicketEventType): string {
  const what = EVENT_LABELS[type];
  return kind === 'fault'
    ? `장애 건의 '${what}'은(는) 본사(컨설팅지원담당)가 기록합니다. 기기에서는 메모, 고객 대기, 처리 재개만 기록할 수 있습니다.`
    : `민원의 '${what}'은(는) 본사가 기록합니다. 기기에서는 메모, 고객 대기, 처리 재개, 해결, 재처리, 종결을 기록할 수 있습니다.`;
}

/**
 * Can a device's event join the ticket's log as HQ holds it? `log` is every event HQ holds for the
 * ticket (any order); the incoming one is placed by its time (after events of the same time).
 * Null when it may; otherwise the refusal the device shows. `now` bounds how far ahead it may be.
 */
export function deviceEventRefusal(
  ticket: { kind: TicketKind; openedAt: string },
  log: readonly ClockEvent[],
  incoming: ClockEvent & { satisfaction?: string | null },
  now?: number,
): EventRefusal | null {
  if (!deviceMayRecord(ticket.kind, incoming.type)) return { reason: 'hq_owned', message: hqOwnedMessage(ticket.kind, incoming.type) };
  if (incoming.type === 'closed' && ticket.kind === 'complaint' && (incoming.satisfaction === undefined || incoming.satisfaction === null)) {
    return { reason: 'satisfaction', message: '민원을 종결하려면 고객 만족도(satisfaction)를 기록하세요 (만족/불만족/무응답).' };
  }
  const t = Date.parse(incoming.at);
  const merged = [
    ...log
      .map((e, i) => ({ e, i, t: Date.parse(e.at) }))
      .sort((a, b) => a.t - b.t || a.i - b.i)
      .map((x) => x.e),
  ];
  const at = merged.findIndex((e) => Date.parse(e.at) > t);
  merged.splice(at < 0 ? merged.length : at, 0, incoming);
  try {
    checkEventLog(Date.parse(ticket.openedAt), merged, now);
    return null;
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return {
      reason: 'out_of_order',
      message: `'${EVENT_LABELS[incoming.type]}' 기록이 본사가 가진 처리 기록과 맞지 않아 받지 않았습니다 (${detail}). 고객 응대 화면에서 최신 처리 단계를 확인하고 필요하면 다시 기록하세요.`,
    };
  }
}

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
  /** In time order; `refused`: HQ did not take it (or it does not fit the log) — shown, not counted. */
  events: z.array(z.object({ id: z.string(), at: z.string(), type: z.enum(TICKET_EVENT_TYPES), note: z.string().nullable(), by: z.string(), refused: z.string().nullable() })),
  clock: clockSchema,
});
export type TicketView = z.output<typeof ticketViewSchema>;

export function categoryOf(kind: TicketKind, category: string): TicketCategory {
  return CATEGORIES_OF[kind].find((c) => c === category) ?? CATEGORIES_OF[kind][0]!;
}

/**
 * What is wrong with a ticket record as a device sends it (its fields are checked one by one by
 * shared/sync/shapes.ts; this is the rule across them): the category must be one of its kind's,
 * an outage window only on a fault, whole (start and end), end after start.
 */
export function ticketRecordIssue(fields: Readonly<Record<string, unknown>>): { path: string; message: string } | null {
  const kind = fields.kind;
  const category = fields.category;
  if ((kind === 'complaint' || kind === 'fault') && typeof category === 'string' && !(CATEGORIES_OF[kind] as readonly string[]).includes(category)) {
    return { path: 'fields.category', message: `${kind === 'complaint' ? '민원' : '장애'} 유형 '${category}'은(는) 없습니다.` };
  }
  const start = fields.outageStart ?? null;
  const end = fields.outageEnd ?? null;
  if (start === null && end === null) return null;
  if (kind !== 'fault') return { path: 'fields.outageStart', message: '장애 시간은 장애 건에만 기록합니다.' };
  if (typeof start !== 'string' || typeof end !== 'string') return { path: 'fields.outageEnd', message: '장애 시간은 시작과 종료를 함께 기록합니다.' };
  const r = outageWindowSchema.safeParse({ start, end });
  if (!r.success) return { path: 'fields.outageEnd', message: r.error.issues[0]?.message ?? '장애 시간을 확인하세요.' };
  return null;
}
