import { z } from 'zod';
import { applicationInputSchema, applicationRecordSchema, applicationSummarySchema, applicationExportSchema, APPLICATION_KINDS } from '../domain/application';
import { CUSTOMER_NAME_ANSWERS, customerDetailSchema, customerSummarySchema } from '../domain/customer';
import { APPLICATION_STATUSES } from '../domain/status';
import { isoDate, optionalText, recordId } from '../domain/fields';
import { cleanText, requiredCleanText } from '../domain/text';
import { hqUrlSchema } from '../sync/hq-url';
import { enrollmentCodeText } from '../sync/protocol';
import { channel } from './define';
import { noPersonalData, type PersonalAccess, type PersonalAction, type Subject } from '../privacy/access';
import { catalogSchema } from '../catalog/schema';
import { commissionPlanSchema } from '../commission/schema';
import { myCommissionSchema } from '../commission/statement';
import { quoteDetailSchema, quoteSaveInputSchema, quoteSummarySchema } from '../domain/quote';
import {
  attachInputSchema,
  attachmentFileSchema,
  attachmentRefSchema,
  documentsStatusOutputSchema,
  formIdSchema,
  jobSchema,
  renderedFileSchema,
  renderInputSchema,
  signInputSchema,
} from '../domain/documents';
import { workflowPatchSchema, workflowViewSchema } from '../lifecycle/workflow';
import { dashboardSchema } from '../lifecycle/dashboard';
import { LIFECYCLE_EVENTS } from '../lifecycle/machine';
import { conflictViewSchema, syncStatusSchema } from '../sync/client-view';
import { refusedChangeSchema, waitingListSchema } from '../sync/device-state';
import { ticketCreateSchema, ticketEventInputSchema, ticketViewSchema } from '../service/tickets';
import { outageCreditsViewSchema } from '../service/outages';
import { consentRecordInputSchema, consentsGetInputSchema, consentsViewSchema, consentWithdrawInputSchema } from '../privacy/consent';
import { backupIdSchema, backupInfoSchema, storeRecoverySchema, storeStatusSchema } from '../store/recovery';
import { deviceSettingsPatchSchema, deviceSettingsSchema } from '../domain/settings';
import { entryRefSchema, entryResultSchema, handoutRefSchema, myHandoutSchema } from '../prospects/protocol';
import { destructionEntrySchema, retentionDestroyInputSchema, retentionDestroyResultSchema, retentionDueViewSchema } from '../privacy/retention';

/** Lists answer `total` exactly up to 1,000 matches; past that `totalCapped` is true ("1,000건 이상"). */
const page = {
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).default(0),
};

/**
 * The rep's answer when the business number is known under another company name (the core asks
 * with CONFIRM_REQUIRED, details.reason 'customer_name'): renamed, or typed by mistake.
 */
const nameChange = z.enum(CUSTOMER_NAME_ANSWERS, { error: "상호가 바뀐 것이면 'renamed', 잘못 입력한 것이면 'mistake'로 답하세요." }).optional();

/**
 * The signatures the rep agreed to void (the core asks with CONFIRM_REQUIRED, details.reason
 * 'voids_signatures', naming them): the change is saved only when every one it voids is listed.
 */
const confirmVoids = z.array(recordId('서명 ID')).max(200).optional();

/** Free text a rep types into a search box: a company name or a business-number prefix. */
const searchQuery = cleanText('검색어', 100).optional();

/**
 * How a channel touches personal data (issue 17): the dispatcher writes an access-log entry with
 * the action and the subjects these functions find in the call's input and output.
 */
function access<In, Out>(action: PersonalAction, subjects: (input: In, output: Out) => Subject[]): PersonalAccess<In, Out> {
  return { action, subjects };
}
const customer = (id: string): Subject => ({ kind: 'customer', id });
const application = (id: string): Subject => ({ kind: 'application', id });
const quote = (id: string): Subject => ({ kind: 'quote', id });
/** The rep's own 판매자 block kept on this device (its phone is personal data too). */
const prospectList = (id: string): Subject => ({ kind: 'prospect_list', id });
const deviceSeller: Subject = { kind: 'seller', id: 'device' };
/** A synced record named in a conflict, when it may hold personal data (a customer, an application, a quote). */
function recordSubject(entity: string, id: string): Subject[] {
  if (entity === 'customer') return [customer(id)];
  if (entity === 'application') return [application(id)];
  if (entity === 'quote') return [quote(id)];
  return [];
}

const hostKinds = ['electron', 'web', 'cli', 'test'] as const;

/**
 * The one contract between the renderer (and the CLI) and the core. Each channel names its
 * input and output schema; the dispatcher validates both sides, and `invoke` is typed from it.
 */
/** Ids of refused changes (outbox mutation ids, or file:<sha256> for a refused file). */
const refusedIdsSchema = z.strictObject({
  ids: z
    .array(z.string().regex(/^(?:[0-9a-f-]{36}|file:[0-9a-f]{64})$/, { error: '거절된 변경의 ID가 올바르지 않습니다. 동기화 화면을 새로 고친 뒤 다시 고르세요.' }))
    .min(1, { error: '다시 보내거나 버릴 변경을 고르세요.' })
    .max(500, { error: '한 번에 500건까지 고를 수 있습니다.' }),
});

export const contract = {
  'app.info': channel(
    'query',
    z.strictObject({}),
    z.object({
      version: z.string(),
      host: z.enum(hostKinds),
      dataDir: z.string(),
      device: z.string(),
      schemaVersion: z.number().int(),
    }),
    noPersonalData,
  ),

  'customers.list': channel(
    'query',
    z.strictObject({ query: searchQuery, ...page }),
    z.object({ total: z.number().int(), totalCapped: z.boolean(), items: z.array(customerSummarySchema) }),
    access('view', (_i, o) => o.items.map((c) => customer(c.id))),
  ),

  'customers.get': channel(
    'query',
    z.strictObject({ id: recordId('고객 ID') }),
    customerDetailSchema,
    access('view', (_i, o) => [customer(o.id)]),
  ),

  'applications.list': channel(
    'query',
    z
      .strictObject({
        query: searchQuery,
        kind: z.enum(APPLICATION_KINDS).optional(),
        status: z.enum(APPLICATION_STATUSES).optional(),
        /** 신청일 from (inclusive), YYYY-MM-DD. */
        dateFrom: isoDate('시작일').optional(),
        /** 신청일 to (inclusive), YYYY-MM-DD. */
        dateTo: isoDate('종료일').optional(),
        ...page,
      })
      .refine((f) => !f.dateFrom || !f.dateTo || f.dateFrom <= f.dateTo, { error: '시작일이 종료일보다 늦습니다. 기간을 바르게 고르세요.', path: ['dateTo'] }),
    z.object({ total: z.number().int(), totalCapped: z.boolean(), items: z.array(applicationSummarySchema) }),
    access('view', (_i, o) => o.items.map((a) => application(a.id))),
  ),

  'applications.get': channel(
    'query',
    z.strictObject({ id: recordId('청약 ID') }),
    applicationRecordSchema,
    access('view', (_i, o) => [application(o.id), customer(o.customerId)]),
  ),

  /**
   * The application as export JSON (CLI `applications export`). Taking personal data out of the
   * app is an export: it needs a reason, which the access log keeps with the entry.
   */
  'applications.export': channel('query', z.strictObject({ id: recordId('청약 ID'), reason: requiredCleanText('내보내는 사유', 200) }), applicationExportSchema, {
    ...access('export', (_i, o: { id: string }) => [application(o.id)]),
    reasonField: 'reason',
  }),

  'applications.create': channel(
    'write',
    applicationInputSchema.safeExtend({ nameChange }),
    applicationRecordSchema,
    access('change', (_i, o) => [application(o.id), customer(o.customerId)]),
  ),

  'applications.update': channel(
    'write',
    z.strictObject({
      id: recordId('청약 ID'),
      /** The revision the rep edited; a newer stored revision means someone else saved first. */
      revision: z.number().int().min(1),
      application: applicationInputSchema,
      nameChange,
      confirmVoids,
    }),
    applicationRecordSchema,
    access('change', (_i, o) => [application(o.id), customer(o.customerId)]),
  ),

  /**
   * Deletes a draft (작성 중) the rep no longer wants, with its unsigned form inputs and
   * attachment links; recorded in the outbox and sent to HQ as deletions. Refused past draft.
   */
  'applications.discard': channel(
    'write',
    z.strictObject({ id: recordId('청약 ID'), revision: z.number().int().min(1) }),
    z.object({ id: z.string(), deleted: z.literal(true) }),
    access('change', (i) => [application(i.id)]),
  ),

  'catalog.list': channel(
    'query',
    z.strictObject({}),
    z.array(z.object({ id: z.string(), title: z.string(), version: z.string(), currency: z.string(), effectiveDate: z.string(), isDefault: z.boolean() })),
    noPersonalData,
  ),

  /** The whole price list, so the renderer prices quotes live and offline with the shared engine. */
  'catalog.get': channel('query', z.strictObject({ id: requiredCleanText('카탈로그 ID', 100).optional() }), catalogSchema, noPersonalData),

  /** The commission plan written for a catalog (shipped, or the newest HQ published), null when there is none. For the rep's preview only. */
  'commission.plan': channel('query', z.strictObject({ catalogId: requiredCleanText('카탈로그 ID', 100) }), commissionPlanSchema.nullable(), noPersonalData),

  /** 내 실적: this month's and next month's expected commission from the rep's live subscriptions. */
  'commission.mine': channel('query', z.strictObject({}), myCommissionSchema, noPersonalData),

  /**
   * Saves a quote version (never changes afterwards) and puts its term and items on the
   * application. Refused once the application is submitted (a change is its own application).
   */
  'quotes.save': channel(
    'write',
    quoteSaveInputSchema.safeExtend({ confirmVoids }),
    quoteDetailSchema,
    access('change', (_i, o) => [quote(o.quoteId), application(o.applicationId)]),
  ),

  'quotes.get': channel(
    'query',
    z.strictObject({ quoteId: recordId('견적 ID'), version: z.number().int().min(1).optional() }),
    quoteDetailSchema,
    access('view', (_i, o) => [quote(o.quoteId), application(o.applicationId)]),
  ),

  'quotes.list': channel(
    'query',
    z.strictObject({ applicationId: recordId('청약 ID').optional(), query: searchQuery, ...page }),
    z.object({ total: z.number().int(), items: z.array(quoteSummarySchema) }),
    access('view', (_i, o) => o.items.map((q) => application(q.applicationId))),
  ),

  /** The forms of an application with their signature areas (current and void signatures) and attachments. */
  'documents.status': channel(
    'query',
    z.strictObject({ applicationId: recordId('청약 ID') }),
    documentsStatusOutputSchema,
    access('view', (i) => [application(i.applicationId)]),
  ),

  /** One form, or the packet of several, as PDF (with signatures and audit page) or DOCX. */
  'documents.render': channel(
    'query',
    renderInputSchema,
    renderedFileSchema,
    access('print', (i) => [application(i.applicationId)]),
  ),

  /** Starts rendering a packet in the background; poll `jobs.get` for progress and the file. */
  'documents.packet': channel(
    'write',
    renderInputSchema.safeExtend({ packet: z.literal(true).default(true) }),
    z.object({ jobId: z.string() }),
    access('print', (i) => [application(i.applicationId)]),
  ),

  'jobs.get': channel(
    'query',
    z.strictObject({ jobId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: '작업 번호가 올바르지 않습니다. 문서 만들기를 다시 시작하세요.' }) }),
    jobSchema,
    access('print', (_i, o) => (o.result ? [{ kind: 'document', id: `job:${o.id}` }] : [])),
  ),

  /** Signs or seals one area of the current version of a form. */
  'documents.sign': channel(
    'write',
    signInputSchema,
    documentsStatusOutputSchema,
    access('change', (i) => [application(i.applicationId)]),
  ),

  /** What the rep fills in for one form only (#4 change details, #5 delivery rows, …). */
  'documents.saveInputs': channel(
    'write',
    z.strictObject({ applicationId: recordId('청약 ID'), form: formIdSchema, inputs: z.record(z.string(), z.unknown()), confirmVoids }),
    documentsStatusOutputSchema,
    access('change', (i) => [application(i.applicationId)]),
  ),

  /** Attaches a scan or photo (business registration copy, signed contract) to an application. */
  'attachments.add': channel(
    'write',
    attachInputSchema,
    documentsStatusOutputSchema,
    access('change', (i) => [application(i.applicationId)]),
  ),

  /** An attachment's bytes, to open it (an ID copy or a signed contract: viewing it is logged). */
  'attachments.get': channel(
    'query',
    attachmentRefSchema,
    attachmentFileSchema,
    access('view', (i) => [application(i.applicationId)]),
  ),

  /**
   * Removes an attachment from an application before submission (the editing rule; after it the
   * attachment stays as HQ received it). Recorded as a deletion in the outbox, so HQ drops it too.
   */
  'attachments.remove': channel(
    'write',
    attachmentRefSchema,
    documentsStatusOutputSchema,
    access('delete', (i) => [application(i.applicationId)]),
  ),

  /** Lifecycle, checklist, provisioning tracker, term dates and penalty of an application. */
  'workflow.get': channel(
    'query',
    z.strictObject({ applicationId: recordId('청약 ID') }),
    workflowViewSchema,
    access('view', (i) => [application(i.applicationId)]),
  ),

  /** Saves the settlement request (청구/정산 요청서) fields and records the request. */
  'workflow.settlement': channel(
    'write',
    z.strictObject({ applicationId: recordId('청약 ID'), inputs: z.record(z.string(), z.unknown()), confirmVoids }),
    workflowViewSchema,
    access('change', (i) => [application(i.applicationId)]),
  ),

  /** Starts a change (#4) or a termination (#1 해지) of a subscription, pre-filled from it. */
  'applications.derive': channel(
    'write',
    z.strictObject({
      fromId: recordId('청약 ID'),
      kind: z.enum(['change', 'termination'], { error: '변경(change) 또는 해지(termination)를 고르세요.' }),
      reason: optionalText('변경·해지 사유', 200, { lines: true }),
    }),
    applicationRecordSchema,
    access('change', (i, o) => [application(i.fromId), application(o.id), customer(o.customerId)]),
  ),

  /** The rep's day: pipeline by stage, due and overdue tasks, renewals, recent activity. */
  'dashboard.get': channel('query', z.strictObject({}), dashboardSchema, noPersonalData),

  'workflow.update': channel(
    'write',
    z.strictObject({ applicationId: recordId('청약 ID'), patch: workflowPatchSchema }),
    workflowViewSchema,
    access('change', (i) => [application(i.applicationId)]),
  ),

  /** A rep's lifecycle step (submit, start provisioning, open, …); refused with what is missing. */
  'workflow.transition': channel(
    'write',
    z.strictObject({ applicationId: recordId('청약 ID'), event: z.enum(LIFECYCLE_EVENTS, { error: '알 수 없는 단계입니다.' }) }),
    workflowViewSchema,
    access('change', (i) => [application(i.applicationId)]),
  ),

  /** Sync state for the always-visible indicator and the sync screen. */
  'sync.status': channel('query', z.strictObject({}), syncStatusSchema, noPersonalData),

  /** Enrolls this device with HQ using a one-time code, then syncs. */
  'sync.enroll': channel(
    'write',
    z.strictObject({
      serverUrl: hqUrlSchema,
      code: enrollmentCodeText,
      deviceName: requiredCleanText('기기 이름', 100).optional(),
    }),
    syncStatusSchema,
    noPersonalData,
  ),

  /** "지금 동기화": starts a sync in the background and answers the status at once. */
  'sync.now': channel('write', z.strictObject({}), syncStatusSchema, noPersonalData),

  'sync.conflicts': channel(
    'query',
    z.strictObject({ unseenOnly: z.boolean().default(false) }),
    z.array(conflictViewSchema),
    access('view', (_i, o) => o.flatMap((c) => recordSubject(c.entity, c.entityId))),
  ),

  'sync.conflictsSeen': channel('write', z.strictObject({ ids: z.array(z.string().max(100)).max(1000) }), z.object({ count: z.number().int() }), noPersonalData),

  /** What is waiting to go to HQ, one line per record (oldest first, up to 200). */
  'sync.waiting': channel('query', z.strictObject({}), waitingListSchema, noPersonalData),

  /** Changes and files HQ refused, with HQ's reasons, for the rep to fix and resend, or discard. */
  'sync.refused': channel('query', z.strictObject({}), z.array(refusedChangeSchema), noPersonalData),

  /** Sends the records of these refused changes again, whole (after the rep fixed them). */
  'sync.resendRefused': channel('write', refusedIdsSchema, z.object({ resent: z.number().int() }), noPersonalData),

  /** Drops these refused changes: HQ keeps its copy, this device keeps its own. */
  'sync.discardRefused': channel('write', refusedIdsSchema, z.object({ discarded: z.number().int() }), noPersonalData),

  /** 고객 응대: complaints and faults of one application (or every one), newest first, each with its SLA clock at now. */
  'tickets.list': channel(
    'query',
    z.strictObject({ applicationId: recordId('청약 ID').optional() }),
    z.array(ticketViewSchema),
    access('view', (_i, o) => [...new Set(o.map((t) => t.applicationId))].map(application)),
  ),

  /** The art. 10 credit of a subscription per KST month from its faults' outage windows, with the outage list. */
  'tickets.credits': channel(
    'query',
    z.strictObject({ applicationId: recordId('청약 ID') }),
    outageCreditsViewSchema,
    access('view', (i) => [application(i.applicationId)]),
  ),

  /** Records a complaint (VOC) or a fault received from the customer (with a fault's outage window). */
  'tickets.create': channel(
    'write',
    ticketCreateSchema,
    ticketViewSchema,
    access('change', (i) => [application(i.applicationId)]),
  ),

  /** Appends one step to a ticket's log (note, waiting/resumed; a complaint's resolve/reopen/close). The whole log must stay in order. */
  'tickets.event': channel(
    'write',
    ticketEventInputSchema,
    ticketViewSchema,
    access('change', (_i, o) => [application(o.applicationId)]),
  ),

  /** 고객 동의: the customer's consent per purpose (동의/미동의/철회 with version, date, signature) and every decision, seen from one application. */
  'consents.get': channel(
    'query',
    consentsGetInputSchema,
    consentsViewSchema,
    access('view', (_i, o) => [customer(o.customerId), application(o.applicationId)]),
  ),

  /** Records a refusal, or an agreement to a purpose form #1 has no signature area for (marketing); form #1's consents are given by signing. */
  'consents.record': channel(
    'write',
    consentRecordInputSchema,
    consentsViewSchema,
    access('change', (_i, o) => [customer(o.customerId), application(o.applicationId)]),
  ),

  /** Records the customer's withdrawal of a consent in force (an event: nothing is deleted); synced to HQ. */
  'consents.withdraw': channel(
    'write',
    consentWithdrawInputSchema,
    consentsViewSchema,
    access('change', (_i, o) => [customer(o.customerId), application(o.applicationId)]),
  ),

  /** The store's keeping: encrypted or not, the backups kept, and the last recovery until it is read. */
  'store.status': channel('query', z.strictObject({}), storeStatusSchema, noPersonalData),

  /** This device's settings (UI language, the seller block a new application starts with), kept in the store. */
  'settings.get': channel(
    'query',
    z.strictObject({}),
    deviceSettingsSchema,
    access('view', (_i, o) => (o.seller ? [deviceSeller] : [])),
  ),

  /** Changes the keys given (null clears one); answers the settings as stored. */
  'settings.set': channel(
    'write',
    deviceSettingsPatchSchema,
    deviceSettingsSchema,
    access('change', (i) => (i.seller !== undefined ? [deviceSeller] : [])),
  ),

  /** "지금 백업": a backup of the store as it is now. */
  'store.backup': channel('write', z.strictObject({}), backupInfoSchema, noPersonalData),

  /** Restores a chosen backup: the current store is backed up, moved aside (kept), and replaced. */
  'store.restore': channel('write', z.strictObject({ backup: backupIdSchema }), storeRecoverySchema, noPersonalData),

  /** The rep has read the recovery notice: stop showing it. */
  'store.recoverySeen': channel('write', z.strictObject({}), storeStatusSchema, noPersonalData),

  /** 내 명단 (issue 17 item 5): the prospect lists HQ handed to this rep, numbers masked. There is no export or copy channel. */
  'prospects.mine': channel(
    'query',
    z.strictObject({}),
    z.array(myHandoutSchema),
    access('view', (_i, o) => o.map((h) => prospectList(h.listId))),
  ),

  /** One number in full, for the call: logged with the entry. */
  'prospects.reveal': channel(
    'query',
    entryRefSchema,
    z.object({ handoutId: z.string(), entryId: z.string(), phone: z.string() }),
    access('view', (i) => [{ kind: 'prospect_entry', id: i.entryId }]),
  ),

  /** The rep confirms receipt of a hand-out (sent to HQ on the next sync). */
  'prospects.acknowledge': channel(
    'write',
    handoutRefSchema,
    myHandoutSchema,
    access('change', (_i, o) => [prospectList(o.listId)]),
  ),

  /** The rep's result for one number (called, no answer, interested, refused, do-not-call). */
  'prospects.result': channel(
    'write',
    entryResultSchema,
    myHandoutSchema,
    access('change', (i) => [{ kind: 'prospect_entry', id: i.entryId }]),
  ),

  /** The rep returns the hand-out: its numbers leave this device on the next sync. */
  'prospects.checkIn': channel(
    'write',
    handoutRefSchema,
    myHandoutSchema,
    access('change', (_i, o) => [prospectList(o.listId)]),
  ),

  /** A watermarked PDF of the hand-out (rep, KST time, list number on every page): logged as a print. */
  'prospects.print': channel(
    'query',
    handoutRefSchema,
    renderedFileSchema.extend({ listId: z.string(), watermark: z.string() }),
    access('print', (_i, o) => [prospectList(o.listId)]),
  ),

  /**
   * 파기 예정 (issue 17 item 3): what has come due under the rules the rep confirms, with the rule's
   * basis and what holds each. The list names the records (company, status): logged as a view.
   */
  'retention.due': channel(
    'query',
    z.strictObject({}),
    retentionDueViewSchema,
    access('view', (_i, o) => o.items.map((i) => application(i.subjectId))),
  ),

  /** The rep confirms the chosen items: each is re-checked now (a hold or a change since the list refuses it) and destroyed. */
  'retention.destroy': channel(
    'write',
    retentionDestroyInputSchema,
    retentionDestroyResultSchema,
    access('delete', (_i, o) => o.results.filter((r) => r.destroyed).map((r) => application(r.subjectId))),
  ),

  /** The destruction log: rule, basis, subject id, counts, who, when — no destroyed personal data. */
  'retention.log': channel('query', z.strictObject({ limit: z.number().int().min(1).max(1000).default(500) }), z.array(destructionEntrySchema), noPersonalData),
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;

/** The one typed call the renderer gets: resolves with the output or rejects with ContractError. */
export type Invoke = <C extends Channel>(channel: C, input: ChannelInput<C>) => Promise<ChannelOutput<C>>;
