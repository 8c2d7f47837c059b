import type { ApplicationKind } from '../domain/application';
import { messageText, msg, type Msg } from '../i18n/messages';

/** A consent the pack requires (shared/privacy/consent.ts: the required purposes). */
type PackConsent = 'collection';

/**
 * What must be signed, sealed and attached before an application can be submitted (청약시
 * 제출서류, PRODUCT.md and manual II.2.6), by transaction and deal type.
 */
export const PACK_DOCUMENTS = [
  'form1', // #1 신청서 — applicant signature
  'consentCollection', // #1 개인정보 수집·이용 동의 — its own signature
  'consentThirdParty', // #1 개인정보 제3자 제공 동의 — its own signature
  'form2', // #2 이용약관 — customer confirmation with seal
  'quote', // 견적서 — sealed
  'contract', // 계약서 — for build/development/staffing deals
  'form4', // #4 변경신청서
  'form1Termination', // #1 marked 해지
] as const;
export type PackDocument = (typeof PACK_DOCUMENTS)[number];

/** Where each pack document is signed: the form and its signature areas (shared/forms ids). */
export const PACK_SIGNATURES: Record<PackDocument, { form: string; areas: string[] }> = {
  form1: { form: '1', areas: ['applicant'] },
  consentCollection: { form: '1', areas: ['consent-collection'] },
  consentThirdParty: { form: '1', areas: ['consent-third-party'] },
  form2: { form: '2', areas: ['terms-confirmation'] },
  quote: { form: 'quote', areas: ['quote-customer'] },
  contract: { form: 'contract', areas: ['contract-customer'] },
  form4: { form: '4', areas: ['change-applicant'] },
  form1Termination: { form: '1', areas: ['applicant'] },
};

type PackAttachment = 'businessRegistration' | 'signedContract';

/** ASP only, or with build / development / agent staffing (then a separate contract is needed). */
export type DealType = 'asp' | 'withContract';

/** Product codes that make a deal "with build/development/staffing" (manual II.2.2). */
const CONTRACT_PRODUCT_CODES = ['agent'] as const;

export function dealTypeOf(items: readonly { code: string }[], oneOffCodes: readonly string[] = [], override?: DealType): DealType {
  if (override) return override;
  return items.some((i) => (CONTRACT_PRODUCT_CODES as readonly string[]).includes(i.code) || oneOffCodes.includes(i.code)) ? 'withContract' : 'asp';
}

export interface DocumentPack {
  documents: PackDocument[];
  attachments: PackAttachment[];
  /** 청약 전 고객사 네트워크 환경 사전검토 */
  networkPreReview: boolean;
  /**
   * Consents that must be in force (issue 17): given by signing their area of form #1, recorded
   * as consent events; a withdrawal takes it away again. Optional consents (third-party
   * provision, marketing) are never in the pack: refusing them never blocks the application.
   */
  consents: PackConsent[];
}

/** The document pack a transaction needs before it can be submitted. */
export function requiredPack(kind: ApplicationKind, deal: DealType): DocumentPack {
  switch (kind) {
    case 'new':
      return deal === 'asp'
        ? { documents: ['form1', 'form2', 'quote'], attachments: ['businessRegistration'], networkPreReview: true, consents: ['collection'] }
        : {
            documents: ['form1', 'form2', 'contract', 'quote'],
            attachments: ['businessRegistration', 'signedContract'],
            networkPreReview: true,
            consents: ['collection'],
          };
    case 'change':
      // 변경(증설 등) 신청시는 변경신청서와 해당 견적서를 송부한다.
      return { documents: ['form4', 'quote'], attachments: [], networkPreReview: false, consents: [] };
    case 'termination':
      return { documents: ['form1Termination'], attachments: [], networkPreReview: false, consents: [] };
  }
}

export interface PackState {
  signed: Partial<Record<PackDocument, boolean>>;
  attached: Partial<Record<PackAttachment, boolean>>;
  networkPreReviewDone: boolean;
  /** Consents in force for the customer (absent: none). */
  consents?: Partial<Record<PackConsent, boolean>>;
}

export interface ChecklistItem {
  key: string;
  /** In Korean; `msg` is the same as a message for the screens. */
  label: string;
  msg: Msg;
  done: boolean;
  kind: 'signature' | 'attachment' | 'review' | 'consent';
}

function item(key: 'networkPreReview' | PackDocument | PackAttachment | `consent.${PackConsent}`, done: boolean, kind: ChecklistItem['kind']): ChecklistItem {
  const m = msg(`pack.${key}`);
  return { key, label: messageText(m), msg: m, done, kind };
}

/** The pack as a checklist: every item with whether it is done, in the order a rep collects them. */
export function packChecklist(pack: DocumentPack, state: PackState): ChecklistItem[] {
  return [
    ...(pack.networkPreReview ? [item('networkPreReview', state.networkPreReviewDone, 'review')] : []),
    ...pack.documents.slice(0, 1).map((d) => item(d, state.signed[d] === true, 'signature')),
    // A required consent comes right after the form that carries it (#1).
    ...pack.consents.map((c) => item(`consent.${c}`, state.consents?.[c] === true, 'consent')),
    ...pack.documents.slice(1).map((d) => item(d, state.signed[d] === true, 'signature')),
    ...pack.attachments.map((a) => item(a, state.attached[a] === true, 'attachment')),
  ];
}

export function missingFromPack(pack: DocumentPack, state: PackState): ChecklistItem[] {
  return packChecklist(pack, state).filter((i) => !i.done);
}
