/**
 * The places on paper where a person signs or seals. Its own module so that blocks.ts (the layout
 * vocabulary) and model.ts (the forms) can both name them without importing each other.
 */
export const SIGNATURE_AREA_IDS = [
  'applicant', // #1 신청인
  'consent-collection', // #1 개인정보 수집·이용 동의
  'consent-third-party', // #1 개인정보 제3자 제공 동의
  'terms-confirmation', // #2 고객사 대표이사 확인
  'change-applicant', // #4 신청인
  'delivery-handover', // #5 인계자
  'delivery-receiver', // #5 인수자
  'quote-customer', // 견적서 고객 확인 (날인)
  'settlement-requester', // 청구/정산 요청서 요청자 (판매자)
  'contract-customer', // 계약서 고객사 대표자
  'contract-kt', // 계약서 케이티 대표자
] as const;
export type SignatureAreaId = (typeof SIGNATURE_AREA_IDS)[number];
