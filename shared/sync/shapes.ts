import { z } from 'zod';
import { APPLICATION_KINDS, TERMS, applicationItemSchema, billingPartySchema, customerInputSchema, sellerSchema, serviceNumberSchema } from '../domain/application';
import { customerNameChangeSchema } from '../domain/customer';
import { documentFactsSchema } from '../forms/facts';
import { ATTACHMENT_PURPOSES, formIdSchema } from '../domain/documents';
import { businessNumber, corporateNumber, isoDate, phoneNumber, recordId, requiredText } from '../domain/fields';
import { cleanText } from '../domain/text';
import { APPLICATION_STATUSES } from '../domain/status';
import type { DeviceEntity } from './ownership';
import { TICKET_EVENT_TYPES } from '../service/sla';
import { COMPLAINT_CATEGORIES, FAULT_CATEGORIES, TICKET_KINDS } from '../service/targets';
import { SATISFACTION, TICKET_CHANNELS } from '../service/tickets';
import { CONSENT_ACTIONS, CONSENT_PURPOSES } from '../privacy/consent';

/**
 * What a device may send for each synced entity: every field, with the value it must hold. HQ
 * checks each mutation against it (unknown fields and wrong values are refused, field by field)
 * and a new record must carry every required field — so a bad or hand-made push can never store
 * a record that other devices of the branch cannot take. The fields are those of the device's
 * tables (electron/core/sync/entities.ts; test/unit/sync/shapes.test.ts keeps the two equal).
 */
const timestamp = z.iso.datetime({
  offset: true,
  error: (issue) => (issue.code === 'invalid_type' ? '시각은 글자로 보냅니다.' : '시각은 ISO 8601 형식입니다 (예: 2026-11-22T09:00:00Z).'),
});
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, { error: 'SHA-256은 16진수 64자입니다.' });
/** Free text under the one text rule (shared/domain/text.ts); `lines` for notes and reasons. */
const text = (label: string, max: number, options: { lines?: boolean; min?: number } = {}) => cleanText(label, max, options);
/**
 * A JSON object field (workflow, document inputs, a priced result). Its keys and strings follow
 * the text rule too: `checkMutationFields` (merge.ts) checks every field's JSON before these shapes.
 */
const jsonObject = (_label: string) => z.record(z.string(), z.unknown(), { error: 'JSON 객체로 보냅니다.' });

export interface EntityShape {
  /** Every field a device may send, with its value schema. */
  fields: Record<string, z.ZodType>;
  /** Fields a new record must carry (the NOT NULL columns of the device's table; a device fills createdAt itself when missing). */
  required: readonly string[];
}

const shape = (fields: Record<string, z.ZodType>, required: readonly string[]): EntityShape => ({ fields, required });

export const DEVICE_SHAPES: Record<DeviceEntity, EntityShape> = {
  customer: shape(
    {
      name: requiredText('법인명(상호)', 100),
      businessNumber: businessNumber('사업자등록번호'),
      corporateNumber: corporateNumber('법인등록번호').nullable(),
      representative: requiredText('대표자명', 50),
      address: requiredText('주소', 300),
      phone: phoneNumber('전화번호'),
      mobile: phoneNumber('이동전화').nullable(),
      createdAt: timestamp,
      nameHistory: z.array(customerNameChangeSchema).max(100).nullable(),
    },
    ['name', 'businessNumber', 'representative', 'address', 'phone'],
  ),
  application: shape(
    {
      customerId: recordId('고객 ID'),
      kind: z.enum(APPLICATION_KINDS),
      billing: billingPartySchema.nullable(),
      term: z.enum(TERMS),
      termEnd: isoDate('무약정 종료일').nullable(),
      items: z.array(applicationItemSchema).max(50),
      seller: sellerSchema,
      serviceNumber: serviceNumberSchema.nullable(),
      date: isoDate('신청일'),
      status: z.enum(APPLICATION_STATUSES),
      workflow: jsonObject('진행 관리').nullable(),
      createdAt: timestamp,
      statusReason: text('상태 변경 사유', 1000, { lines: true }).nullable(),
      statusChangedAt: timestamp.nullable(),
      /** The customer block as this application applied with it (null on applications made before it existed). */
      customer: customerInputSchema.nullable(),
    },
    ['customerId', 'kind', 'term', 'items', 'seller', 'date'],
  ),
  quote: shape({ applicationId: recordId('청약 ID'), latestVersion: z.number().int().min(1), createdAt: timestamp }, ['applicationId', 'latestVersion']),
  quote_version: shape(
    {
      quoteId: recordId('견적 ID'),
      version: z.number().int().min(1),
      catalogId: text('카탈로그 ID', 100, { min: 1 }),
      catalogVersion: text('카탈로그 버전', 100, { min: 1 }),
      currency: z.string().regex(/^[A-Z]{3}$/, { error: '통화는 ISO 4217 세 글자입니다 (예: KRW).' }),
      term: z.enum(TERMS),
      items: z.array(applicationItemSchema).max(50),
      result: jsonObject('견적 계산 결과'),
      monthlyTotal: z.number().int().min(0),
      approvalRequired: z.boolean(),
      notes: text('견적 비고', 2000, { lines: true }).nullable(),
      validUntil: isoDate('유효기간'),
      createdAt: timestamp,
      approvalStatus: z.enum(['not_required', 'pending', 'approved', 'refused']),
      approvalReason: text('승인/반려 사유', 1000, { lines: true }).nullable(),
      approvalDecidedAt: timestamp.nullable(),
    },
    ['quoteId', 'version', 'catalogId', 'catalogVersion', 'currency', 'term', 'items', 'result', 'monthlyTotal', 'approvalRequired', 'validUntil'],
  ),
  document: shape(
    {
      applicationId: recordId('청약 ID'),
      form: formIdSchema,
      inputs: jsonObject('서류 입력 내용').nullable(),
      signedPdfSha256: sha256.nullable(),
      signedVersionKey: text('서명한 판 키', 200).nullable(),
      createdAt: timestamp,
      facts: documentFactsSchema.nullable(),
    },
    ['applicationId', 'form'],
  ),
  signature: shape(
    {
      documentId: recordId('서류 ID'),
      area: text('서명 위치', 100, { min: 1 }),
      versionKey: text('서명한 판 키', 200, { min: 1 }),
      mark: z.enum(['signature', 'seal']),
      signerName: text('서명하는 분의 이름', 100, { min: 1 }),
      signedAt: timestamp,
      device: text('서명한 기기', 200),
      appVersion: text('앱 버전', 50),
      imageSha256: sha256,
      createdAt: timestamp,
    },
    ['documentId', 'area', 'versionKey', 'mark', 'signerName', 'signedAt', 'device', 'appVersion', 'imageSha256'],
  ),
  application_attachment: shape({ applicationId: recordId('청약 ID'), purpose: z.enum(ATTACHMENT_PURPOSES), sha256, fileName: text('첨부파일 이름', 255, { min: 1 }), createdAt: timestamp }, [
    'applicationId',
    'purpose',
    'sha256',
    'fileName',
  ]),
  ticket: shape(
    {
      applicationId: recordId('청약 ID'),
      kind: z.enum(TICKET_KINDS),
      category: z.enum([...COMPLAINT_CATEGORIES, ...FAULT_CATEGORIES]),
      channel: z.enum(TICKET_CHANNELS),
      description: text('내용', 2000, { lines: true, min: 1 }),
      receivedBy: text('접수자', 100, { min: 1 }),
      assignee: text('담당자', 100).nullable(),
      openedAt: timestamp,
      outageStart: timestamp.nullable(),
      outageEnd: timestamp.nullable(),
      createdAt: timestamp,
    },
    ['applicationId', 'kind', 'category', 'channel', 'description', 'receivedBy', 'openedAt'],
  ),
  ticket_event: shape(
    {
      ticketId: recordId('접수 건 ID'),
      type: z.enum(TICKET_EVENT_TYPES),
      at: timestamp,
      note: text('메모', 2000, { lines: true }).nullable(),
      by: text('기록한 사람', 100, { min: 1 }),
      satisfaction: z.enum(SATISFACTION).nullable(),
      justified: z.boolean().nullable(),
      createdAt: timestamp,
    },
    ['ticketId', 'type', 'at', 'by'],
  ),
  consent_event: shape(
    {
      customerId: recordId('고객 ID'),
      applicationId: recordId('청약 ID'),
      purpose: z.enum(CONSENT_PURPOSES),
      action: z.enum(CONSENT_ACTIONS),
      textVersion: z.number().int().min(1).max(1_000_000),
      signatureId: recordId('서명 ID').nullable(),
      at: timestamp,
      by: text('기록한 사람', 100, { min: 1 }),
      createdAt: timestamp,
    },
    ['customerId', 'applicationId', 'purpose', 'action', 'textVersion', 'at', 'by'],
  ),
  // Issue 17 item 3: a destruction on the device, recorded without the destroyed data (its texts
  // refuse a resident registration number, so a forged entry cannot carry one into HQ).
  destruction_entry: shape(
    {
      at: timestamp,
      ruleId: requiredText('규칙 ID', 40),
      basis: requiredText('근거', 200),
      action: z.enum(['erase_personal', 'destroy_record']),
      subjectKind: z.enum(['application', 'prospect_list']),
      subjectId: recordId('대상 ID'),
      fieldsErased: z.number().int().min(0).max(1_000_000),
      recordsRemoved: z.number().int().min(0).max(1_000_000),
      filesRemoved: z.number().int().min(0).max(1_000_000),
      confirmedBy: requiredText('확인한 사람', 100),
      device: requiredText('기기', 200),
      backupsGoneBy: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      createdAt: timestamp,
    },
    ['at', 'ruleId', 'basis', 'action', 'subjectKind', 'subjectId', 'confirmedBy', 'device', 'backupsGoneBy'],
  ),
};

/** The record ids a record refers to (its parents), by field: HQ sends a parent no later than its child. */
export const REFERENCES: Partial<Record<DeviceEntity, readonly { field: string; entity: DeviceEntity }[]>> = {
  application: [{ field: 'customerId', entity: 'customer' }],
  quote: [{ field: 'applicationId', entity: 'application' }],
  quote_version: [{ field: 'quoteId', entity: 'quote' }],
  document: [{ field: 'applicationId', entity: 'application' }],
  signature: [{ field: 'documentId', entity: 'document' }],
  application_attachment: [{ field: 'applicationId', entity: 'application' }],
  ticket: [{ field: 'applicationId', entity: 'application' }],
  ticket_event: [{ field: 'ticketId', entity: 'ticket' }],
  consent_event: [
    { field: 'customerId', entity: 'customer' },
    { field: 'applicationId', entity: 'application' },
  ],
};
