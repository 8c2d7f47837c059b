/**
 * One entry per printable form: how to build its document from the inputs. Adding a form (#3
 * price table, the quote) = a content builder + a template (blocks) + an entry here.
 */
import type { Application } from '../domain/application';
import { priceQuote } from '../catalog/engine';
import type { Catalog } from '../catalog/schema';
import { AppError } from '../contract/errors';
import type { FormOptions } from './common';
import { buildContract, type ContractInput } from './contract';
import { buildForm1 } from './form1';
import { buildForm2 } from './form2';
import { buildForm3 } from './form3';
import { buildForm4 } from './form4';
import { buildForm5 } from './form5';
import { buildForm6 } from './form6';
import type { ChangeRequest, Contact, DeliveryInput, Supplier } from './inputs';
import type { FormDocument, FormId } from './model';
import { buildQuote, quoteSourceFromApplication, type QuoteSource } from './quote';
import { buildSettlement, creditMonthOf, mergeSettlement, outageFeeOf, settlementDefaults, settlementOutageCredit, type SettlementInput } from './settlement';
import type { OutageWindow } from '../service/outages';
import type { ConsentTextVersion } from '../privacy/consent';

/** Everything the forms are built from, already validated. */
export interface FormInputs extends FormOptions {
  application: Application;
  /** #4: the application as it was before the change (`application` is the state after). */
  before?: Application;
  change?: ChangeRequest;
  delivery?: DeliveryInput;
  /** #6: the contact list (the core loads resources/contacts/default.json when none is given). */
  contacts?: readonly Contact[];
  /** #3: the price list printed; also prices the quote when no saved version is given. */
  catalog?: Catalog;
  /** The quote (견적서, settlement, contract): a saved version, used exactly as stored. */
  quote?: QuoteSource;
  /** 공급자 of the quote and the contract, as HQ published it; null or absent: not published (prints 미설정). */
  supplier?: Supplier | null;
  /** Form #1: the consent text version it prints (frozen with its first signature); absent: version 1, the 2014 texts. */
  consentTexts?: ConsentTextVersion;
  /** The settlement request: what the rep filled in, over `settlementDefaults`. */
  settlement?: SettlementInput;
  /** The settlement request: the application's recorded outage windows (fault tickets); art. 10 credits them. */
  outages?: readonly OutageWindow[];
  /** Service opening date (YYYY-MM-DD): start of the contract period on the settlement request. */
  openDate?: string;
  /** The contract draft: dates, periods, court, special terms. */
  contract?: ContractInput;
}

function missing(what: string, path: string, message: string): AppError {
  return new AppError('INVALID_INPUT', message, { issues: [{ path, message: `${what}이(가) 필요합니다.` }] });
}

/**
 * The quote the quote, settlement and contract print: the saved version when given, else the
 * catalog's price of the application's items as version 1 dated the application's date.
 */
function quoteSourceOf(i: FormInputs): QuoteSource {
  if (i.quote) return i.quote;
  if (!i.catalog) throw missing('가격표', 'catalog', '견적을 계산할 가격표가 없습니다. 저장된 견적 버전이나 가격표를 지정하세요.');
  if (i.application.items.length === 0) {
    throw new AppError('INVALID_INPUT', '견적서를 만들려면 청약에 상품이 한 줄 이상 있어야 합니다. 청약의 items에 상품을 넣으세요 (예: {"code":"asp-basic","quantity":10}).', {
      issues: [{ path: 'items', message: '상품을 한 줄 이상 넣으세요.' }],
    });
  }
  return quoteSourceFromApplication(i.application, priceQuote(i.catalog, { term: i.application.term, items: i.application.items }));
}

function supplierOf(i: FormInputs): Supplier | null {
  return i.supplier ?? null;
}

export const FORM_REGISTRY: Record<FormId, { title: string; build: (inputs: FormInputs) => FormDocument }> = {
  '1': { title: '신청서', build: (i) => buildForm1(i.application, i, i.consentTexts) },
  '2': { title: '이용약관', build: (i) => buildForm2(i.application) },
  '3': {
    title: '이용요금표',
    build: (i) => {
      if (!i.catalog) throw missing('가격표', 'catalog', '이용요금표(양식 #3)에 쓸 가격표가 없습니다. 가격표를 지정하세요.');
      return buildForm3(i.catalog);
    },
  },
  quote: { title: '견적서', build: (i) => buildQuote(i.application, quoteSourceOf(i), supplierOf(i), i.catalog) },
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
  settlement: {
    title: '청구/정산 요청서',
    build: (i) => {
      // Without a saved quote or a catalog, the request is prefilled from the application alone.
      const source = i.quote ?? (i.catalog && i.application.items.length ? quoteSourceOf(i) : undefined);
      const input = mergeSettlement(settlementDefaults(i.application, source?.quote, i.openDate), i.settlement);
      const currency = source?.quote.currency ?? 'KRW';
      const credit = i.outages?.length ? settlementOutageCredit(creditMonthOf(input, input.requestDate ?? i.application.date), i.outages, outageFeeOf(source?.quote), currency) : null;
      return buildSettlement(i.application, input, currency, credit);
    },
  },
  contract: { title: '계약서 초안', build: (i) => buildContract(i.application, quoteSourceOf(i), supplierOf(i), i.contract) },
};

export function buildForm(form: FormId, inputs: FormInputs): FormDocument {
  return FORM_REGISTRY[form].build(inputs);
}
