/** Form #6: olleh bizmeka 콜센터서비스 담당자 연락처 — roles and people, from a list HQ maintains. */
import type { Block, Cell } from './blocks';
import type { Contact } from './inputs';
import { versionKeyOf, type FormDocument } from './model';

const FORM6_TITLE = 'olleh bizmeka 콜센터서비스 담당자 연락처';

export interface Form6Content {
  rows: Contact[];
}

function form6Content(contacts: readonly Contact[]): Form6Content {
  return { rows: contacts.map((c) => ({ ...c })) };
}

const L = (text: string): Cell => ({ text, label: true });

function form6Blocks(c: Form6Content): Block[] {
  return [
    { type: 'tagLine', left: '양식 #6' },
    { type: 'title', text: '콜센터서비스 담당자 연락처' },
    { type: 'spacer', height: 6 },
    {
      type: 'table',
      columns: [0.27, 0.19, 0.18, 0.18, 0.18],
      header: [[L('회 사 명'), L('담당업무'), L('담당자'), L('Mobile'), L('Tel')]],
      rows: c.rows.map((r) => [
        { text: r.company },
        { text: r.role, align: 'center' },
        { text: r.person, align: 'center' },
        { text: r.mobile ?? '', align: 'center' },
        { text: r.tel ?? '', align: 'center' },
      ]),
      minRowHeight: 24,
    },
  ];
}

export function buildForm6(contacts: readonly Contact[]): FormDocument<Form6Content> {
  const content = form6Content(contacts);
  return {
    form: '6',
    code: '양식 #6',
    title: FORM6_TITLE,
    content,
    versionKey: versionKeyOf('6', content),
    signatureAreas: [],
    blocks: form6Blocks(content),
  };
}
