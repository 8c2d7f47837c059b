/**
 * What the forms need beyond the application itself: the change request of #4, the delivery of
 * #5 and the contact list of #6. Schemas word their errors in Korean like the application's.
 */
import { z } from 'zod';
import { businessNumber, count, isoDate, optionalText, requiredText } from '../domain/fields';

/** #4 변경신청서: why and when. Missing values print as blanks (reason is summarised from the diff). */
export const changeRequestSchema = z.strictObject({
  reason: optionalText('변경 사유', 200, { lines: true }),
  requestedDate: isoDate('변경 요청일자').optional(),
  billingStartDate: isoDate('서비스개시 및 과금일자').optional(),
});
export type ChangeRequest = z.output<typeof changeRequestSchema>;

const deliveryParty = z.strictObject({
  company: optionalText('상호명', 100),
  person: optionalText('담당자', 50),
});

const deliveryRowSchema = z.strictObject({
  name: requiredText('품명', 100),
  spec: optionalText('규격', 100),
  quantity: count('수량', 0, 1_000_000).optional(),
  note: optionalText('비고', 100),
});

/** #5 납품 확인서. Rows default to the application's items; parties to KT and the customer. */
export const deliverySchema = z.strictObject({
  description: optionalText('납품 내용', 200),
  location: optionalText('설치위치', 300),
  date: isoDate('납품일자').optional(),
  rows: z.array(deliveryRowSchema).max(40, { error: '납품 품목은 40줄까지 입력할 수 있습니다.' }).optional(),
  handover: deliveryParty.optional(),
  receiver: deliveryParty.optional(),
});
export type DeliveryInput = z.output<typeof deliverySchema>;

/** #6 담당자 연락처: one row per role. Maintained by HQ; shipped with placeholder people only. */
const contactSchema = z.strictObject({
  company: requiredText('회사명', 100),
  role: requiredText('담당업무', 100),
  person: requiredText('담당자', 50),
  mobile: optionalText('Mobile', 30),
  tel: optionalText('Tel', 30),
});
export type Contact = z.output<typeof contactSchema>;

export const contactsSchema = z
  .array(contactSchema, { error: '담당자 연락처는 배열로 입력하세요.' })
  .min(1, { error: '담당자 연락처가 한 줄 이상 필요합니다.' })
  .max(100, { error: '담당자 연락처는 100줄까지 입력할 수 있습니다.' });

/**
 * 공급자 (the supplier block of the quote and the contract): KT's company facts as HQ publishes
 * them (`hq publish-supplier`, pulled by sync). Until HQ has, the block prints 미설정 — the app
 * ships no placeholder that could print as if it were real.
 */
export const supplierSchema = z.strictObject({
  name: requiredText('공급자 상호', 100),
  businessNumber: businessNumber('공급자 사업자등록번호'),
  representative: requiredText('공급자 대표자', 50),
  address: requiredText('공급자 주소', 300),
  businessType: optionalText('업태', 100),
  businessItem: optionalText('종목', 100),
});
export type Supplier = z.output<typeof supplierSchema>;

/** What an unpublished supplier field prints. */
export const SUPPLIER_UNSET = '미설정';
export const SUPPLIER_UNSET_NOTE = '※ 공급자 정보가 아직 본사에서 게시되지 않아 “미설정”으로 인쇄되었습니다. 동기화로 본사의 공급자 정보를 받은 뒤 다시 인쇄하세요.';

/** The 공급자 rows of the quote (미설정 until HQ published the supplier). */
export function supplierFields(supplier: Supplier | null): { key: string; label: string; value: string }[] {
  const v = (value: string | undefined) => (supplier ? (value ?? '') : SUPPLIER_UNSET);
  return [
    { key: 'supplier.businessNumber', label: '등록번호', value: v(supplier?.businessNumber) },
    { key: 'supplier.name', label: '상호', value: v(supplier?.name) },
    { key: 'supplier.representative', label: '대표자', value: v(supplier?.representative) },
    { key: 'supplier.address', label: '주소', value: v(supplier?.address) },
    ...(supplier && (supplier.businessType || supplier.businessItem)
      ? [{ key: 'supplier.business', label: '업태/종목', value: [supplier.businessType, supplier.businessItem].filter(Boolean).join(' / ') }]
      : []),
  ];
}
