import type { DocumentStatusView } from '../../../../shared/domain/documents';
import { word } from '../../app/format';
import type { SigningStep } from '../../components/SigningSession';

/**
 * A form's name as a rep reads it: "양식 #5 납품 확인서", but "견적서" (not "견적서 견적서") and
 * "청구/정산 요청서" (its code "내부 문서" is a kind, not a number, and shows as a tag).
 */
export function docLabel(doc: Pick<DocumentStatusView, 'form' | 'code' | 'title'>): string {
  const ko = /#\d/.test(doc.code) && !doc.title.includes(doc.code) ? `${doc.code} ${doc.title}` : doc.title;
  return word(`form.${doc.form}`, ko);
}
/** An area's label within its form's row: "견적서 고객 확인" under 견적서 reads "고객 확인". */
export function areaLabel(doc: Pick<DocumentStatusView, 'title'>, area: { id: string; label: string }): string {
  const [first, ...rest] = area.label.split(' ');
  return word(`area.${area.id}`, rest.length > 0 && first && doc.title.startsWith(first) ? rest.join(' ') : area.label);
}
export const docTag = (doc: Pick<DocumentStatusView, 'code' | 'title'>) =>
  /#\d/.test(doc.code) || doc.code === doc.title ? null : doc.code === '내부 문서' ? word('form.internal', doc.code) : doc.code;

/** The signing steps of a form: its areas still to sign (from `from` on, when given), each with who signs it. */
export function signingSteps(doc: DocumentStatusView, representative: string, from?: string): SigningStep[] {
  const open = doc.areas.filter((a) => !a.current);
  const start = from
    ? Math.max(
        0,
        open.findIndex((a) => a.id === from),
      )
    : 0;
  return open.slice(start).map((a) => ({ form: doc.form, area: a.id, title: `${docLabel(doc)} — ${areaLabel(doc, a)}`, signer: a.signer || representative }));
}
