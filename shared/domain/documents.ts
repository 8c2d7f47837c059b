import { z } from 'zod';
import { msgSchema } from '../i18n/messages';
import { FORM_IDS } from '../forms/model';
import { recordId, requiredText } from './fields';
import { fileNameText } from './text';

/** Binary content on the wire (JSON over HTTP, structured clone over IPC): base64 text. */
const base64Schema = z
  .string({ error: '파일 내용이 비어 있습니다.' })
  .max(28_000_000, { error: '파일이 너무 큽니다. 20MB 이하로 줄이세요.' })
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: '파일 내용(base64)이 올바르지 않습니다.' });

export const formIdSchema = z.enum(FORM_IDS, { error: `양식은 ${FORM_IDS.join(', ')} 중 하나입니다.` });

const signatureView = z.object({
  id: z.string(),
  mark: z.enum(['signature', 'seal']),
  signerName: z.string(),
  signedAt: z.string(),
  device: z.string(),
  versionKey: z.string(),
});

/**
 * Warnings a form carries until HQ has published what it prints: the supplier block of the quote
 * and the contract, the contact list of #6. The screen shows them and asks before printing.
 */
const DOCUMENT_NOTICE_CODES = ['supplier_unset', 'contacts_unset'] as const;
export type DocumentNoticeCode = (typeof DOCUMENT_NOTICE_CODES)[number];
const documentNoticeSchema = z.object({ code: z.enum(DOCUMENT_NOTICE_CODES), message: z.string() });
export type DocumentNotice = z.output<typeof documentNoticeSchema>;

export const DOCUMENT_NOTICE_MESSAGES: Record<DocumentNoticeCode, string> = {
  supplier_unset: '공급자 정보(상호·대표자·주소)가 아직 본사에서 게시되지 않아 “미설정”으로 인쇄됩니다. 동기화로 본사의 공급자 정보를 받은 뒤 인쇄하세요.',
  contacts_unset: '담당자 연락처가 아직 본사에서 게시되지 않아 모든 줄이 “(담당자 미지정)”으로 인쇄됩니다. 동기화로 본사의 연락처를 받은 뒤 인쇄하세요.',
};

const documentStatusSchema = z.object({
  form: z.string(),
  code: z.string(),
  title: z.string(),
  docId: z.string(),
  versionKey: z.string(),
  areas: z.array(z.object({ id: z.string(), label: z.string(), role: z.string(), signer: z.string(), current: signatureView.nullable(), void: z.array(signatureView) })),
  complete: z.boolean(),
  unavailable: z.string().nullable(),
  /** What the rep saved for this form with `documents.saveInputs` (null: nothing yet, defaults print). */
  inputs: z.record(z.string(), z.unknown()).nullable(),
  /** When those inputs were last saved (ISO), or null. */
  inputsSavedAt: z.string().nullable(),
  /** Why the form may not be signed right now (the quote while HQ approval is pending or refused), or null. */
  signBlocked: z.string().nullable(),
  signBlockedMsg: msgSchema.nullable(),
  /** What to know before printing it (a block HQ has not published yet prints 미설정); ask before printing. */
  notices: z.array(documentNoticeSchema),
});
export type DocumentStatusView = z.output<typeof documentStatusSchema>;

export const ATTACHMENT_PURPOSES = ['businessRegistration', 'signedContract', 'other'] as const;

const applicationAttachmentSchema = z.object({
  id: z.string(),
  purpose: z.enum(ATTACHMENT_PURPOSES),
  fileName: z.string(),
  sha256: z.string(),
  mime: z.string(),
  bytes: z.number().int(),
  createdAt: z.string(),
});

/** One attachment of an application, named by both (an id from another application is not found). */
export const attachmentRefSchema = z.strictObject({ applicationId: recordId('청약 ID'), id: recordId('첨부 ID') });

/** An attachment's bytes, to view it (an image in a lightbox, a PDF in the viewer). */
export const attachmentFileSchema = z.object({ id: z.string(), fileName: z.string(), mime: z.string(), base64: z.string() });

export const documentsStatusOutputSchema = z.object({
  documents: z.array(documentStatusSchema),
  attachments: z.array(applicationAttachmentSchema),
});

export const renderInputSchema = z.strictObject({
  applicationId: recordId('청약 ID'),
  forms: z.array(formIdSchema).min(1, { error: '만들 양식을 하나 이상 고르세요.' }).max(FORM_IDS.length),
  format: z.enum(['pdf', 'docx'], { error: '형식은 pdf 또는 docx입니다.' }).default('pdf'),
  packet: z.boolean().default(false),
});

export const renderedFileSchema = z.object({
  fileName: z.string(),
  mime: z.string(),
  base64: z.string(),
  sha256: z.string(),
  bytes: z.number().int(),
  pages: z.number().int().nullable(),
});

export const signInputSchema = z.strictObject({
  applicationId: recordId('청약 ID'),
  form: formIdSchema,
  area: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, { error: '서명 위치(area)는 양식이 정한 이름입니다. 화면을 새로 고친 뒤 다시 서명하세요.' }),
  mark: z.enum(['signature', 'seal'], { error: '서명(signature) 또는 직인(seal)을 고르세요.' }),
  signerName: requiredText('서명하는 분의 이름', 50),
  pngBase64: base64Schema,
});

export const attachInputSchema = z.strictObject({
  applicationId: recordId('청약 ID'),
  purpose: z.enum(ATTACHMENT_PURPOSES, { error: '첨부 종류를 고르세요.' }),
  fileName: fileNameText('첨부파일 이름', 200),
  base64: base64Schema,
});

const JOB_STATES = ['running', 'done', 'failed'] as const;
export const jobSchema = z.object({
  id: z.string(),
  state: z.enum(JOB_STATES),
  done: z.number().int(),
  total: z.number().int(),
  label: z.string(),
  result: renderedFileSchema.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
