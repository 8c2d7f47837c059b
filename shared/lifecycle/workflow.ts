import { z } from 'zod';
import { msgSchema } from '../i18n/messages';
import { isoDate, optionalText } from '../domain/fields';
import { LIFECYCLE_EVENTS } from './machine';
import { PROVISIONING_STEP_KEYS } from './provisioning';
import { APPLICATION_STATUSES, STATUS_AT_HQ } from '../domain/status';

/**
 * What the rep tracks about an application besides its content (kept with the application and
 * synced with it): the checklist answers, the provisioning tracker, suspension, and history.
 */
// What is stored is read back leniently (a note saved by an older version under an older text
// rule must not make the whole workflow unreadable); what the rep sends (the patch) is checked.
const stepProgress = z.strictObject({
  done: z.boolean(),
  doneDate: isoDate('완료일').optional(),
  note: z.string().max(500).optional(),
});

const provisioningFields = {
  lineType: z.enum(['vpn', 'leased'], { error: '회선 종류는 vpn 또는 leased(전용회선)입니다.' }),
  lineInstallDate: isoDate('회선 설치일').optional(),
  scenarioReadyDate: isoDate('ARS 시나리오 접수일').optional(),
  acceptanceDate: isoDate('검수(오픈) 예정일').optional(),
  headsetsViaKt: z.boolean(),
};

const provisioningStateSchema = z.strictObject({
  ...provisioningFields,
  lineType: provisioningFields.lineType.default('vpn'),
  headsetsViaKt: provisioningFields.headsetsViaKt.default(false),
  steps: z.partialRecord(z.enum(PROVISIONING_STEP_KEYS), stepProgress).default({}),
});

const historyEntrySchema = z.object({
  at: z.string(),
  event: z.enum(LIFECYCLE_EVENTS),
  from: z.enum(APPLICATION_STATUSES),
  to: z.enum(APPLICATION_STATUSES),
  by: z.enum(['rep', 'hq']),
  note: z.string().optional(),
});

const workflowSchema = z.object({
  dealType: z.enum(['asp', 'withContract']).optional(),
  networkPreReview: z.strictObject({ done: z.boolean(), date: isoDate('사전검토일').optional(), note: z.string().max(1000).optional() }).optional(),
  provisioning: provisioningStateSchema.optional(),
  /** 일시정지 요청: start and 1–6 months (이용약관 제13조). */
  suspension: z.strictObject({ startDate: isoDate('정지 시작일'), months: z.number().int().min(1).max(6) }).optional(),
  /** 서비스 오픈일: the contract term runs from it. */
  openDate: isoDate('서비스 오픈일').optional(),
  /** When the settlement request (청구/정산 요청서) was generated. */
  settlementRequestedAt: z.string().optional(),
  history: z.array(historyEntrySchema).default([]),
});
export type Workflow = z.output<typeof workflowSchema>;

/** What the rep may change by hand on the workflow screen. */
export const workflowPatchSchema = z.strictObject({
  dealType: z.enum(['asp', 'withContract']).nullable().optional(),
  networkPreReview: z.strictObject({ done: z.boolean(), date: isoDate('사전검토일').optional(), note: optionalText('사전검토 메모', 1000, { lines: true }) }).optional(),
  // No defaults here: a patch that changes one date must not reset the line type.
  provisioning: z.strictObject(provisioningFields).partial().optional(),
  step: z.strictObject({ key: z.enum(PROVISIONING_STEP_KEYS), done: z.boolean(), doneDate: isoDate('완료일').optional(), note: optionalText('메모', 500, { lines: true }) }).optional(),
  suspension: z
    .strictObject({ startDate: isoDate('정지 시작일'), months: z.number().int().min(1, { error: '일시정지는 1개월 이상입니다.' }).max(6, { error: '일시정지는 6개월 이하입니다 (이용약관 제13조).' }) })
    .nullable()
    .optional(),
  openDate: isoDate('서비스 오픈일').optional(),
});
export type WorkflowPatch = z.output<typeof workflowPatchSchema>;

export function parseWorkflow(value: unknown): Workflow {
  const r = workflowSchema.safeParse(value ?? {});
  return r.success ? r.data : { history: [] };
}

const checklistItem = z.object({ key: z.string(), label: z.string(), msg: msgSchema, done: z.boolean(), kind: z.enum(['signature', 'attachment', 'review', 'consent']) });
const stepView = z.object({
  key: z.enum(PROVISIONING_STEP_KEYS),
  label: z.string(),
  owner: z.string(),
  ownerLabel: z.string(),
  due: z.string().nullable(),
  rule: z.string(),
  reminder: z.string().optional(),
  msgs: z.object({ label: msgSchema, owner: msgSchema, rule: msgSchema, reminder: msgSchema.optional() }),
  done: z.boolean(),
  doneDate: z.string().optional(),
  note: z.string().optional(),
  overdue: z.boolean(),
  beforeAcceptance: z.boolean(),
});

/** What the workflow screen shows for one application. */
export const workflowViewSchema = z.object({
  status: z.enum(APPLICATION_STATUSES),
  /** Whether HQ has this status yet (a submission it does not have reads 제출 대기, not 제출됨). */
  statusAtHq: z.enum(STATUS_AT_HQ),
  /** HQ's reason for its last status change (반려, 직권해지). */
  statusReason: z.string().nullable(),
  kind: z.enum(['new', 'change', 'termination']),
  serviceNumber: z.string().nullable(),
  deal: z.enum(['asp', 'withContract']),
  transitions: z.array(
    z.object({
      event: z.enum(LIFECYCLE_EVENTS),
      to: z.enum(APPLICATION_STATUSES),
      label: z.string(),
      labelMsg: msgSchema,
      by: z.enum(['rep', 'hq']),
      allowed: z.boolean(),
      reasons: z.array(z.string()),
      reasonMsgs: z.array(msgSchema),
    }),
  ),
  checklist: z.array(checklistItem),
  provisioning: z.array(stepView).nullable(),
  provisioningInput: provisioningStateSchema.nullable(),
  networkPreReview: z.object({ done: z.boolean(), date: z.string().optional(), note: z.string().optional() }).nullable(),
  suspension: z.object({ startDate: z.string(), months: z.number().int(), freeMonths: z.array(z.string()) }).nullable(),
  openDate: z.string().nullable(),
  term: z.object({ start: z.string(), end: z.string(), noticeFrom: z.string(), renewals: z.number().int(), renewalNotice: z.boolean() }).nullable(),
  penalty: z.object({ monthsUsed: z.number().int(), penalty: z.number().int(), perMonth: z.number().int() }).nullable(),
  subscriptionId: z.string().nullable(),
  settlementRequestedAt: z.string().nullable(),
  history: z.array(historyEntrySchema),
  related: z.array(z.object({ id: z.string(), kind: z.string(), status: z.enum(APPLICATION_STATUSES), date: z.string() })),
});
