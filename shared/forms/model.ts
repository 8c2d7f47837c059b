/**
 * Form content models: what each printable form says, as plain data (labels, filled values,
 * checkbox states, signature areas), before any layout. A form's version key is the SHA-256 of
 * its content in stable JSON: a signature is given to one version and is void for any other.
 */
import type { Block } from './blocks';
import type { SignatureAreaId } from './signature-areas';
import { sha256Hex } from './sha256';
import { stableJson } from '../stable-json';

/**
 * Forms this engine renders, in packet order: the subscription papers (#1 신청서, #2 이용약관, #3
 * 이용요금표, the quote 견적서), #4–#6, then the billing/settlement request and the contract draft,
 * which a packet holds only when asked for (see shared/forms/README.md to add one).
 */
export const FORM_IDS = ['1', '2', '3', 'quote', '4', '5', '6', 'settlement', 'contract'] as const;
export type FormId = (typeof FORM_IDS)[number];

/** Where a person signs or seals (signature-areas.ts, kept apart so blocks.ts need not import this module). */
export { SIGNATURE_AREA_IDS, type SignatureAreaId } from './signature-areas';

/** What each area is, for people (audit page, signing screen). */
export const SIGNATURE_AREA_LABELS: Record<SignatureAreaId, string> = {
  applicant: '신청서 신청인',
  'consent-collection': '개인정보 수집·이용 동의',
  'consent-third-party': '개인정보 제3자 제공 동의',
  'terms-confirmation': '이용약관 확인',
  'change-applicant': '변경신청서 신청인',
  'delivery-handover': '납품 인계자',
  'delivery-receiver': '납품 인수자',
  'quote-customer': '견적서 고객 확인',
  'settlement-requester': '청구/정산 요청자',
  'contract-customer': '계약서 고객사',
  'contract-kt': '계약서 케이티',
};

/** One labelled value of a form (an empty value prints as a blank to fill by hand). */
export interface Field {
  key: string;
  label: string;
  value: string;
}

/** A place to sign: who is expected to sign it and under which printed role. */
export interface SignatureArea {
  id: SignatureAreaId;
  /** Printed role, e.g. "신청인", "인계자 담당자". */
  role: string;
  /** The name printed in the area, as the application gives it ('' when unknown). */
  signer: string;
}

/**
 * Bump when a template changes what it prints for the same content in a way that matters to the
 * signer (e.g. new fixed text): every stored signature becomes void for the new version.
 */
const FORM_MODEL_VERSION = 1;

/** A form ready to render: its content, its version key and its layout blocks. */
export interface FormDocument<C = unknown> {
  form: FormId;
  /** "양식 #1" */
  code: string;
  /** Title used in file metadata, footers and the audit page. */
  title: string;
  content: C;
  /** SHA-256 (hex) of the content in stable JSON: the document version a signature belongs to. */
  versionKey: string;
  signatureAreas: readonly SignatureArea[];
  blocks: readonly Block[];
}

/** The version key of a form's content. */
export function versionKeyOf(form: FormId, content: unknown): string {
  return sha256Hex(stableJson({ form, modelVersion: FORM_MODEL_VERSION, content }));
}

/** What the store keeps of a signature, as far as validity is concerned. */
export interface SignatureVersionRef {
  form: FormId;
  area: SignatureAreaId;
  /** The version key of the document the signer saw. */
  versionKey: string;
}

export type SignatureValidity = { valid: true } | { valid: false; reason: 'content-changed' | 'wrong-form' | 'unknown-area' };

/**
 * Whether a stored signature still belongs to this document: same form, an area the document
 * has, and the same version key. A changed application gives a new version key, so the old
 * signature is void ("무효 (내용 변경됨)") and must be collected again.
 */
export function signatureValidity(signature: SignatureVersionRef, document: Pick<FormDocument, 'form' | 'versionKey' | 'signatureAreas'>): SignatureValidity {
  if (signature.form !== document.form) return { valid: false, reason: 'wrong-form' };
  if (!document.signatureAreas.some((a) => a.id === signature.area)) return { valid: false, reason: 'unknown-area' };
  if (signature.versionKey !== document.versionKey) return { valid: false, reason: 'content-changed' };
  return { valid: true };
}

export const VOID_SIGNATURE_LABEL = '무효 (내용 변경됨)';
