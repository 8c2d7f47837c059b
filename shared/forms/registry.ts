/**
 * One entry per printable form: how to build its document from the inputs. Adding a form (#3
 * price table, the quote) = a content builder + a template (blocks) + an entry here.
 */
import type { Application } from '../domain/application';
import { AppError } from '../contract/errors';
import type { FormOptions } from './common';
import { buildForm1 } from './form1';
import { buildForm2 } from './form2';
import { buildForm4 } from './form4';
import { buildForm5 } from './form5';
import { buildForm6 } from './form6';
import type { ChangeRequest, Contact, DeliveryInput } from './inputs';
import type { FormDocument, FormId } from './model';

/** Everything the forms are built from, already validated. */
export interface FormInputs extends FormOptions {
  application: Application;
  /** #4: the application as it was before the change (`application` is the state after). */
  before?: Application;
  change?: ChangeRequest;
  delivery?: DeliveryInput;
  /** #6: the contact list (the core loads resources/contacts/default.json when none is given). */
  contacts?: readonly Contact[];
}

export const FORM_REGISTRY: Record<FormId, { title: string; build: (inputs: FormInputs) => FormDocument }> = {
  '1': { title: '신청서', build: (i) => buildForm1(i.application, i) },
  '2': { title: '이용약관', build: (i) => buildForm2(i.application) },
  '4': {
    title: '변경신청서',
    build: (i) => {
      if (!i.before) {
        throw new AppError('INVALID_INPUT', '변경신청서(양식 #4)에는 변경 전 청약이 필요합니다. 변경 전 청약 JSON을 지정하세요 (CLI: --before).', {
          issues: [{ path: 'before', message: '변경 전 청약이 필요합니다.' }],
        });
      }
      return buildForm4(i.before, i.application, i.change, i);
    },
  },
  '5': { title: '납품 확인서', build: (i) => buildForm5(i.application, i.delivery, i) },
  '6': {
    title: '담당자 연락처',
    build: (i) => {
      if (!i.contacts) {
        throw new AppError('INVALID_INPUT', '담당자 연락처(양식 #6)에 쓸 연락처 목록이 없습니다.', { issues: [{ path: 'contacts', message: '연락처 목록이 필요합니다.' }] });
      }
      return buildForm6(i.contacts);
    },
  },
};

export function buildForm(form: FormId, inputs: FormInputs): FormDocument {
  return FORM_REGISTRY[form].build(inputs);
}
