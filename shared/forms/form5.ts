/** Form #5: 납품 확인서 — delivered items, install location and date, both parties signed. */
import type { Application } from '../domain/application';
import { formatAmount } from '../money';
import type { Block, Cell } from './blocks';
import { dateText, type FormOptions } from './common';
import type { DeliveryInput } from './inputs';
import { itemName } from './items';
import { versionKeyOf, type FormDocument, type SignatureArea } from './model';

const FORM5_TITLE = '납품 확인서';
/** The seed prints 11 item lines; blank ones are left for handwriting. */
const DELIVERY_MIN_ROWS = 10;
const KT_COMPANY_NAME = '주식회사 케이티';

interface DeliveryLine {
  name: string;
  spec: string;
  quantity: number | null;
  note: string;
}

interface DeliveryParty {
  company: string;
  person: string;
  area: SignatureArea;
}

export interface Form5Content {
  customerName: string;
  representative: string;
  description: string;
  location: string;
  deliveryDate: string;
  rows: DeliveryLine[];
  handover: DeliveryParty;
  receiver: DeliveryParty;
}

function form5Content(app: Application, delivery: DeliveryInput = {}, options: FormOptions = {}): Form5Content {
  const rows: DeliveryLine[] = delivery.rows
    ? delivery.rows.map((r) => ({ name: r.name, spec: r.spec ?? '', quantity: r.quantity ?? null, note: r.note ?? '' }))
    : app.items.map((i) => ({ name: itemName(i.code, options.itemNames), spec: '', quantity: i.quantity, note: '' }));
  const handoverPerson = delivery.handover?.person ?? app.seller.name;
  const receiverPerson = delivery.receiver?.person ?? '';
  return {
    customerName: app.customer.name,
    representative: app.customer.representative,
    description: delivery.description ?? 'olleh bizmeka 콜센터서비스',
    location: delivery.location ?? app.customer.address,
    deliveryDate: dateText(delivery.date),
    rows,
    handover: {
      company: delivery.handover?.company ?? KT_COMPANY_NAME,
      person: handoverPerson,
      area: { id: 'delivery-handover', role: '인계자 담당자', signer: handoverPerson },
    },
    receiver: {
      company: delivery.receiver?.company ?? app.customer.name,
      person: receiverPerson,
      area: { id: 'delivery-receiver', role: '인수자 담당자', signer: receiverPerson },
    },
  };
}

const L = (text: string, extra: Partial<Cell> = {}): Cell => ({ text, label: true, ...extra });

function form5Blocks(c: Form5Content): Block[] {
  const lines: Cell[][] = c.rows.map((r) => [{ text: r.name }, { text: r.spec }, { text: r.quantity === null ? '' : formatAmount(r.quantity), align: 'right' }, { text: r.note }]);
  while (lines.length < DELIVERY_MIN_ROWS) lines.push([{ text: '' }, { text: '' }, { text: '' }, { text: '' }]);
  return [
    { type: 'tagLine', left: '양식 #5' },
    { type: 'title', text: '납 품 확 인 서', size: 20 },
    { type: 'spacer', height: 6 },
    {
      type: 'table',
      columns: [0.16, 0.34, 0.16, 0.34],
      rows: [
        [L('고객사(상호)'), { text: c.customerName }, L('대표자'), { text: c.representative }],
        [L('내  용'), { text: c.description, colSpan: 3 }],
        [L('설치위치'), { text: c.location, colSpan: 3 }],
        [L('납품일자'), { text: c.deliveryDate, colSpan: 3 }],
      ],
      minRowHeight: 22,
    },
    { type: 'spacer', height: 10 },
    {
      type: 'table',
      columns: [0.36, 0.26, 0.12, 0.26],
      header: [[L('품명'), L('규격'), L('수량'), L('비고')]],
      rows: lines,
      minRowHeight: 20,
    },
    { type: 'spacer', height: 14 },
    {
      type: 'table',
      columns: [0.12, 0.38, 0.12, 0.38],
      header: [[L('구분'), L('인계자'), L('구분'), L('인수자')]],
      rows: [
        [L('상호명'), { text: c.handover.company }, L('상호명'), { text: c.receiver.company }],
        [L('담당자'), { text: c.handover.person, signature: c.handover.area.id }, L('담당자'), { text: c.receiver.person, signature: c.receiver.area.id }],
      ],
      // Tall enough for a seal over "(인)".
      minRowHeight: 34,
      keepTogether: true,
    },
  ];
}

export function buildForm5(app: Application, delivery: DeliveryInput = {}, options: FormOptions = {}): FormDocument<Form5Content> {
  const content = form5Content(app, delivery, options);
  return {
    form: '5',
    code: '양식 #5',
    title: FORM5_TITLE,
    content,
    versionKey: versionKeyOf('5', content),
    signatureAreas: [content.handover.area, content.receiver.area],
    blocks: form5Blocks(content),
  };
}
