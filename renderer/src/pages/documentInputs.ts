/**
 * The per-form inputs the rep fills on the 서류 tab (#4 change request, #5 delivery, the
 * settlement request): which fields each form takes, how the form's string values become the
 * inputs JSON the core stores (`documents.saveInputs`), and back. Validation is the shared
 * schema's own (shared/forms/inputs.ts, shared/forms/settlement.ts), so the screen and the core
 * refuse the same things with the same Korean messages.
 */
import { z } from 'zod';
import { changeRequestSchema, deliverySchema } from '../../../shared/forms/inputs';
import { settlementInputSchema } from '../../../shared/forms/settlement';
import { formatAmount } from '../../../shared/money';

type InputKind = 'text' | 'textarea' | 'date' | 'month' | 'money';

export interface InputField {
  /** Dotted path in the inputs JSON (and in the form values): `development.amount`. */
  path: string;
  kind: InputKind;
}

interface InputGroup {
  /** i18n key under docs.inputs.groups. */
  id: string;
  fields: InputField[];
}

export interface InputSpec {
  groups: InputGroup[];
  /** #5 has item rows (품명, 규격, 수량, 비고). */
  rows: boolean;
  schema: z.ZodType;
}

const f = (path: string, kind: InputKind = 'text'): InputField => ({ path, kind });

/** The forms that take inputs on this screen, and their fields, in the order they print. */
export const INPUT_SPECS: Record<string, InputSpec> = {
  '4': {
    rows: false,
    schema: changeRequestSchema,
    groups: [{ id: 'change', fields: [f('reason', 'textarea'), f('requestedDate', 'date'), f('billingStartDate', 'date')] }],
  },
  '5': {
    rows: true,
    schema: deliverySchema,
    groups: [
      { id: 'delivery', fields: [f('description'), f('location'), f('date', 'date')] },
      { id: 'parties', fields: [f('handover.company'), f('handover.person'), f('receiver.company'), f('receiver.person')] },
    ],
  },
  settlement: {
    rows: false,
    schema: settlementInputSchema,
    groups: [
      {
        id: 'settlementBasics',
        fields: [
          f('requestDate', 'date'),
          f('customerName'),
          f('contractStart', 'date'),
          f('contractEnd', 'date'),
          f('aspContract', 'textarea'),
          f('seller'),
          f('billingOffice'),
          f('notes', 'textarea'),
        ],
      },
      {
        id: 'development',
        fields: [
          f('development.startDate', 'date'),
          f('development.endDate', 'date'),
          f('development.amount', 'money'),
          f('development.content', 'textarea'),
          f('development.partner'),
          f('development.partnerAmount', 'money'),
          f('development.billingAmount', 'money'),
          f('development.billingAccount'),
          f('development.taxInvoiceDate', 'date'),
          f('development.dueDate', 'date'),
          f('development.settlementAmount', 'money'),
          f('development.budgetAccount'),
          f('development.paymentDate', 'date'),
        ],
      },
      {
        id: 'staffing',
        fields: [
          f('staffing.contract', 'textarea'),
          f('staffing.partner'),
          f('staffing.month', 'month'),
          f('staffing.monthlyBilling', 'money'),
          f('staffing.billingAccount'),
          f('staffing.settlementAmount', 'money'),
          f('staffing.settlementDate'),
          f('staffing.budgetAccount'),
        ],
      },
    ],
  },
};

export const takesInputs = (form: string): boolean => form in INPUT_SPECS;

/** What the inputs hold in the form: text everywhere (money as typed, "260,000"), rows as text too. */
export interface RowValues {
  name: string;
  spec: string;
  quantity: string;
  note: string;
}
export type InputValues = Record<string, unknown> & { rows?: RowValues[] };

const getPath = (obj: unknown, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);

function setPath(obj: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
  o[keys.at(-1)!] = value;
}

/** Whole 원 as typed: "260,000", "260000원", " 260 000 " → 260000; anything else → NaN (the schema says why). */
export function parseWon(text: string): number {
  const cleaned = text.replace(/[,\s원₩]/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return Number.NaN;
  return Number(cleaned);
}

/** The way money reads on screen and paper: 260000 → "260,000" (the field shows 원 beside it). */
export function wonText(text: string): string {
  const n = parseWon(text);
  return Number.isInteger(n) && n >= 0 ? formatAmount(n) : text;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** Form values → the inputs JSON: blanks are left out (the form prints its default or a blank to fill by hand). */
export function toInputs(form: string, values: InputValues): Record<string, unknown> {
  const spec = INPUT_SPECS[form]!;
  const out: Record<string, unknown> = {};
  for (const field of spec.groups.flatMap((g) => g.fields)) {
    const raw = text(getPath(values, field.path));
    if (raw === '') continue;
    setPath(out, field.path, field.kind === 'money' ? parseWon(raw) : raw);
  }
  if (spec.rows) {
    const rows = (values.rows ?? [])
      .map((r) => ({ name: text(r.name), spec: text(r.spec), quantity: text(r.quantity), note: text(r.note) }))
      .filter((r) => r.name || r.spec || r.quantity || r.note)
      .map((r) => ({
        name: r.name,
        ...(r.spec ? { spec: r.spec } : {}),
        ...(r.quantity ? { quantity: parseWon(r.quantity) } : {}),
        ...(r.note ? { note: r.note } : {}),
      }));
    if (rows.length > 0) out.rows = rows;
  }
  return out;
}

/** Saved inputs JSON → form values (every field present, as text). */
export function toValues(form: string, inputs: Record<string, unknown> | null): InputValues {
  const spec = INPUT_SPECS[form]!;
  const values: Record<string, unknown> = {};
  for (const field of spec.groups.flatMap((g) => g.fields)) {
    const v = getPath(inputs, field.path);
    setPath(values, field.path, typeof v === 'number' ? (field.kind === 'money' ? formatAmount(v) : String(v)) : typeof v === 'string' ? v : '');
  }
  if (spec.rows) {
    const rows = (getPath(inputs, 'rows') as Record<string, unknown>[] | undefined) ?? [];
    values.rows = rows.map((r) => ({
      name: text(r.name),
      spec: text(r.spec),
      quantity: typeof r.quantity === 'number' ? String(r.quantity) : typeof r.quantity === 'string' ? r.quantity : '',
      note: text(r.note),
    }));
  }
  return values;
}

/** What the zod resolver validates: the form values mapped to the inputs JSON first. */
export const inputsFormSchema = (form: string) => z.preprocess((v) => toInputs(form, v as InputValues), INPUT_SPECS[form]!.schema);

/** The inputs JSON for a row set from the application's items (품명 and 수량), for "청약 품목으로 채우기". */
export const rowValue = (name = '', quantity = ''): RowValues => ({ name, spec: '', quantity, note: '' });
