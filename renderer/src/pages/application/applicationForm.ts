import { z } from 'zod';
import { applicationInputSchema, type ApplicationInput, type ApplicationRecord, type Term } from '../../../../shared/domain/application';
import { sellerDefaultsSchema } from '../../../../shared/domain/settings';
import { deviceSettings, saveDeviceSettings } from '../../app/deviceSettings';
import { todayIso } from '../../../../shared/format/date';

/** The form's own values: what inputs hold (strings, NaN for empty numbers, a billing toggle). */
export interface ApplicationFormValues {
  kind: 'new' | 'change' | 'termination';
  date: string;
  serviceNumber: string;
  customer: { name: string; businessNumber: string; corporateNumber: string; representative: string; address: string; phone: string; mobile: string };
  billingSame: boolean;
  billing: { name: string; businessNumber: string; address: string; phone: string };
  term: Term;
  termEnd: string;
  items: { code: string; quantity: number; unitPrice: number }[];
  seller: { team: string; name: string; phone: string; opportunityCode: string };
}

const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);
const num = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? undefined : v);

/** Form values → the application JSON: empty optional fields are left out, not sent as "". */
export function toApplicationInput(v: ApplicationFormValues): ApplicationInput {
  return {
    kind: v.kind,
    customer: {
      name: v.customer.name,
      businessNumber: v.customer.businessNumber,
      ...(blank(v.customer.corporateNumber) ? { corporateNumber: v.customer.corporateNumber } : {}),
      representative: v.customer.representative,
      address: v.customer.address,
      phone: v.customer.phone,
      ...(blank(v.customer.mobile) ? { mobile: v.customer.mobile } : {}),
    },
    ...(v.billingSame ? {} : { billing: { ...v.billing } }),
    term: v.term,
    ...(v.term === 'none' && blank(v.termEnd) ? { termEnd: v.termEnd } : {}),
    items: v.items.map((item) => ({
      code: item.code,
      quantity: item.quantity,
      ...(num(item.unitPrice) !== undefined ? { unitPrice: item.unitPrice } : {}),
    })),
    seller: {
      team: v.seller.team,
      name: v.seller.name,
      phone: v.seller.phone,
      ...(blank(v.seller.opportunityCode) ? { opportunityCode: v.seller.opportunityCode } : {}),
    },
    ...(blank(v.serviceNumber) ? { serviceNumber: v.serviceNumber.trim() } : {}),
    date: v.date,
  };
}

/** What the zod resolver validates: the form values mapped to the application JSON first. */
export const applicationFormSchema = z.preprocess((v) => toApplicationInput(v as ApplicationFormValues), applicationInputSchema);

/** The seller block of the application just saved becomes this device's default (kept in the store). */
export function rememberSeller(seller: ApplicationFormValues['seller']): void {
  const parsed = sellerDefaultsSchema.safeParse({ team: seller.team, name: seller.name, phone: seller.phone });
  if (parsed.success) saveDeviceSettings({ seller: parsed.data });
}

function lastSeller(): ApplicationFormValues['seller'] {
  const saved = deviceSettings().seller;
  return saved ? { team: saved.team, name: saved.name, phone: saved.phone, opportunityCode: '' } : { team: '', name: '', phone: '', opportunityCode: '' };
}

export function emptyForm(): ApplicationFormValues {
  return {
    kind: 'new',
    date: todayIso(),
    serviceNumber: '',
    customer: { name: '', businessNumber: '', corporateNumber: '', representative: '', address: '', phone: '', mobile: '' },
    billingSame: true,
    billing: { name: '', businessNumber: '', address: '', phone: '' },
    term: '36m',
    termEnd: '',
    items: [{ code: 'asp-basic', quantity: 10, unitPrice: Number.NaN }],
    seller: lastSeller(),
  };
}

export function formFromRecord(r: ApplicationRecord): ApplicationFormValues {
  return {
    kind: r.kind,
    date: r.date,
    serviceNumber: r.serviceNumber ?? '',
    customer: {
      name: r.customer.name,
      businessNumber: r.customer.businessNumber,
      corporateNumber: r.customer.corporateNumber ?? '',
      representative: r.customer.representative,
      address: r.customer.address,
      phone: r.customer.phone,
      mobile: r.customer.mobile ?? '',
    },
    billingSame: !r.billing,
    billing: r.billing ?? { name: '', businessNumber: '', address: '', phone: '' },
    term: r.term,
    termEnd: r.termEnd ?? '',
    items: r.items.map((i) => ({ code: i.code, quantity: i.quantity, unitPrice: i.unitPrice ?? Number.NaN })),
    seller: { team: r.seller.team, name: r.seller.name, phone: r.seller.phone, opportunityCode: r.seller.opportunityCode ?? '' },
  };
}
