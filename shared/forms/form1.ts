/**
 * Form #1: olleh bizmeka 콜센터 서비스(□신규 □해지 □변경)신청서, followed by the two privacy
 * consents (수집·이용 및 취급위탁 / 제3자 제공), each signed on its own.
 */
import type { Application } from '../domain/application';
import { formatAmount } from '../money';
import { checkText, type Block, type Cell, type Check } from './blocks';
import {
  billingFields,
  customerFields,
  customerTableRows,
  CUSTOMER_TABLE_COLUMNS,
  dateText,
  itemLines,
  kindChecks,
  seatCount,
  sizeTierChecks,
  termChecks,
  type FormOptions,
  type ItemLine,
} from './common';
import { versionKeyOf, type Field, type FormDocument, type SignatureArea } from './model';
import { APPLICATION_ATTACHMENTS, APPLICATION_NOTES, CONSENT_ADDRESSEE, CONSENT_DOCUMENT_TITLE, CONSENT_POLICY_NOTE, type ConsentText } from './texts';
import { CONSENT_TEXTS_V1, type ConsentTextVersion } from '../privacy/consent';

const FORM1_TITLE = 'olleh bizmeka 콜센터서비스 신청서';

interface ConsentSection {
  area: SignatureArea;
  text: ConsentText;
  date: string;
}

export interface Form1Content {
  kind: Check[];
  serviceNumber: string;
  customer: Field[];
  billing: Field[];
  items: ItemLine[];
  term: Check[];
  seats: number | null;
  sizeTier: Check[];
  attachments: readonly string[];
  notes: readonly string[];
  seller: Field[];
  date: string;
  applicant: SignatureArea;
  consents: ConsentSection[];
  consentVersion?: number;
  consentPolicyNote: string;
}

function form1Content(app: Application, options: FormOptions, consentTexts: ConsentTextVersion): Form1Content {
  const date = dateText(app.date);
  const rep = app.customer.representative;
  return {
    kind: kindChecks(app),
    // A new subscription is signed before HQ assigns its number: printing it later must not void the signatures.
    serviceNumber: app.kind === 'new' ? '' : (app.serviceNumber ?? ''),
    customer: customerFields(app),
    billing: billingFields(app),
    items: itemLines(app, options),
    term: termChecks(app),
    seats: seatCount(app),
    sizeTier: sizeTierChecks(app),
    attachments: APPLICATION_ATTACHMENTS,
    notes: APPLICATION_NOTES,
    seller: [
      { key: 'seller.team', label: '소속', value: app.seller.team },
      { key: 'seller.name', label: '성명', value: app.seller.name },
      { key: 'seller.phone', label: 'TEL', value: app.seller.phone },
      { key: 'seller.opportunityCode', label: '영업기회 Code', value: app.seller.opportunityCode ?? '' },
    ],
    date,
    applicant: { id: 'applicant', role: '신청인', signer: rep },
    consents: [
      { area: { id: 'consent-collection', role: '신청인(본인)', signer: rep }, text: consentTexts.texts.collection, date },
      { area: { id: 'consent-third-party', role: '신청인(본인)', signer: rep }, text: consentTexts.texts.third_party, date },
    ],
    // Version 1 (the 2014 texts) prints exactly as it always has (and keeps the version key of
    // forms signed before versions existed); a later version names itself.
    ...(consentTexts.version > 1 ? { consentVersion: consentTexts.version } : {}),
    consentPolicyNote: CONSENT_POLICY_NOTE,
  };
}

const L = (text: string, extra: Partial<Cell> = {}): Cell => ({ text, label: true, ...extra });

function form1Blocks(c: Form1Content): Block[] {
  const customerName = c.customer.find((f) => f.key === 'customer.name')?.value ?? '';
  const title = `olleh bizmeka 콜센터 서비스(${c.kind.map((k) => checkText(k).replace(' ', '')).join(' ')})신청서`;
  const seller = (key: string) => c.seller.find((f) => f.key === `seller.${key}`)!;
  const itemRows: Cell[][] = c.items.length
    ? c.items.map((i, n) => [{ text: String(n + 1), align: 'center' }, { text: i.name }, { text: formatAmount(i.quantity), align: 'right' }])
    : [[{ text: '' }, { text: '(신청 상품 없음)' }, { text: '' }]];
  const blocks: Block[] = [
    { type: 'tagLine', left: '양식 #1', right: c.serviceNumber ? `서비스번호 : ${c.serviceNumber}` : undefined },
    { type: 'title', text: title },
    { type: 'heading', text: '1. 고객사항' },
    { type: 'table', columns: CUSTOMER_TABLE_COLUMNS, rows: customerTableRows(c.customer, c.billing) },
    { type: 'heading', text: '2. 신청서비스' },
    {
      type: 'table',
      columns: [0.08, 0.72, 0.2],
      header: [[L('번호'), L('서비스'), L('수량')]],
      rows: itemRows,
    },
    { type: 'heading', text: '3. 약정기간' },
    { type: 'table', columns: [0.16, 0.84], rows: [[L('약정기간'), { checks: c.term }]] },
    { type: 'heading', text: '4. 신청규모' },
    {
      type: 'table',
      columns: [0.16, 0.84],
      rows: [[L('신청규모'), { checks: c.sizeTier, text: c.seats === null ? undefined : `(기본서비스 ${formatAmount(c.seats)}석)` }]],
    },
    { type: 'heading', text: '5. 첨부서류' },
    ...c.attachments.map((t): Block => ({ type: 'paragraph', text: t, indent: 1, hanging: true })),
    {
      type: 'keep',
      blocks: [{ type: 'heading', text: '6. 기  타' }, ...c.notes.map((t): Block => ({ type: 'paragraph', text: t, indent: 1, hanging: true }))],
    },
    { type: 'spacer', height: 6 },
    {
      // The seller block and the applicant's signature stay on the page of the last section.
      type: 'keep',
      keepWithPrevious: true,
      blocks: [
        {
          type: 'table',
          columns: [0.12, 0.14, 0.3, 0.16, 0.28],
          rows: [
            [L('판매자', { rowSpan: 2 }), L(seller('team').label), { text: seller('team').value }, L(seller('name').label), { text: seller('name').value }],
            [L(seller('phone').label), { text: seller('phone').value }, L(seller('opportunityCode').label), { text: seller('opportunityCode').value }],
          ],
        },
        { type: 'spacer', height: 4 },
        { type: 'paragraph', text: `신청일: ${c.date}`, align: 'right', size: 10 },
        { type: 'signatureLine', area: 'applicant', role: `신청인: ${customerName}  대표자`, signer: c.applicant.signer, align: 'right' },
        { type: 'paragraph', text: 'KT 귀중', size: 13, bold: true, align: 'left' },
      ],
    },
  ];
  c.consents.forEach((consent, n) => {
    // Each consent on a page of its own, signed on its own.
    blocks.push(
      { type: 'pageBreak' },
      { type: 'tagLine', left: '양식 #1 (붙임)', right: c.consentVersion !== undefined ? `동의서 문안 버전 ${c.consentVersion}` : undefined },
      { type: 'title', text: CONSENT_DOCUMENT_TITLE },
      { type: 'heading', text: `[${consent.text.title}]` },
      { type: 'paragraph', text: consent.text.intro, gapBefore: 2 },
      ...consent.text.lines.map((line): Block => ({ type: 'paragraph', text: line.text, indent: line.level, hanging: true, bold: line.level === 0, gapBefore: line.level === 0 ? 5 : 0 })),
      { type: 'paragraph', text: consent.text.closing, gapBefore: 8, bold: true },
      ...(n === 0 ? [{ type: 'paragraph', text: c.consentPolicyNote, muted: true, gapBefore: 4 } as Block] : []),
      { type: 'spacer', height: 10 },
      {
        type: 'signatureLine',
        area: consent.area.id,
        before: consent.date,
        role: `${consent.area.role}:`,
        signer: consent.area.signer,
        after: '대리인:                (인)',
        align: 'right',
      },
      { type: 'paragraph', text: CONSENT_ADDRESSEE, size: 12, bold: true, gapBefore: 6 },
    );
  });
  return blocks;
}

export function buildForm1(app: Application, options: FormOptions = {}, consentTexts: ConsentTextVersion = CONSENT_TEXTS_V1): FormDocument<Form1Content> {
  const content = form1Content(app, options, consentTexts);
  return {
    form: '1',
    code: '양식 #1',
    title: FORM1_TITLE,
    content,
    versionKey: versionKeyOf('1', content),
    signatureAreas: [content.applicant, ...content.consents.map((x) => x.area)],
    blocks: form1Blocks(content),
  };
}
