/**
 * The `sla` CLI contract (issue 16): stdin {"kind","category","openedAt","events":[{"at","type"}],
 * "now",["targets"]} → {"dueAt","state","remainingMinutes"}. Bad input is AppError('INVALID_INPUT')
 * (exit 2, Korean message); nothing is stored.
 */
import { z } from 'zod';
import { parseOrThrow } from '../contract/errors';
import { slaClock, TICKET_EVENT_TYPES } from './sla';
import { CATEGORIES_OF, CATEGORY_LABELS, DEFAULT_SERVICE_TARGETS, serviceTargetsSchema, TICKET_KINDS } from './targets';

const when = (label: string) => z.string({ error: `${label}은(는) ISO 8601 일시 글자로 쓰세요 (예: 2026-12-02T09:00:00+09:00).` }).max(40);

const slaInputSchema = z
  .strictObject({
    kind: z.enum(TICKET_KINDS, { error: '구분(kind)은 complaint(민원) 또는 fault(장애)입니다.' }),
    category: z.string({ error: '유형(category)을 쓰세요.' }).max(20),
    openedAt: when('접수 시각(openedAt)'),
    events: z
      .array(
        z.strictObject({
          at: when('이벤트 시각(at)'),
          type: z.enum(TICKET_EVENT_TYPES, { error: `이벤트 종류(type)는 ${TICKET_EVENT_TYPES.join(', ')} 중 하나입니다.` }),
        }),
        { error: '이벤트(events)는 {"at","type"}의 배열로 쓰세요.' },
      )
      .max(1000, { error: '이벤트는 1,000개까지 받습니다.' })
      .default([]),
    now: when('현재 시각(now)'),
    /** HQ-published targets; the shipped defaults when absent. */
    targets: serviceTargetsSchema.optional(),
  })
  .superRefine((v, ctx) => {
    const allowed = CATEGORIES_OF[v.kind];
    if (!(allowed as readonly string[]).includes(v.category)) {
      ctx.addIssue({
        code: 'custom',
        path: ['category'],
        message: `${v.kind === 'complaint' ? '민원' : '장애'} 유형(category) '${v.category}'은(는) 없습니다. ${allowed.map((c) => `${c}(${CATEGORY_LABELS[c]})`).join(', ')} 중에서 고르세요.`,
      });
    }
  });

const slaOutputSchema = z.strictObject({
  dueAt: z.string(),
  state: z.enum(['open', 'met', 'breached']),
  remainingMinutes: z.number().int(),
});
export type SlaOutput = z.output<typeof slaOutputSchema>;

export function slaCommand(input: unknown): SlaOutput {
  const req = parseOrThrow(slaInputSchema, input, 'SLA 입력');
  const clock = slaClock({ kind: req.kind, category: req.category as never, openedAt: req.openedAt, events: req.events, now: req.now }, req.targets ?? DEFAULT_SERVICE_TARGETS);
  // The CLI's answer is a contract too: checked on the way out.
  return slaOutputSchema.parse({ dueAt: clock.dueAt, state: clock.state, remainingMinutes: clock.remainingMinutes });
}
