import { z } from 'zod';
import { TERMS } from '../domain/application';
import { applicationItemSchema } from '../domain/application';
import { count } from '../domain/fields';
import { AppError, parseOrThrow } from '../contract/errors';
import { checkBusinessNumber } from '../format/bizno';
import { checkCorporateNumber } from '../format/corpno';
import { checkPhone } from '../format/phone';
import { amountInWords, amountInWordsFor } from '../format/words';
import type { CheckResult } from '../format/digits';
import { MAX_CALLS, MAX_CALL_SECONDS, priceQuote, type Quote } from './engine';
import { minorUnitText } from '../money';
import { compareTerms, earlyTerminationPenalty, outageDamages, penaltySchedule } from './calculators';
import { WARNING_CODES, type Catalog } from './schema';

/**
 * The CLI contracts of issue 3 (`salesdesk quote|penalty|damages|check|words`), as zod schemas
 * and pure functions. The host only reads stdin, calls one of these with the catalogs the core
 * loaded, and prints the result; an AppError('INVALID_INPUT') means exit 2 with its message on
 * stderr.
 */

export const DEFAULT_CATALOG_ID = 'kt-bizmeka-2014';

/** Catalogs by id, or a lookup function (the core loads resources/catalogs/*.json). */
export type CatalogSource = Readonly<Record<string, Catalog>> | ((id: string) => Catalog | undefined);

export function resolveCatalog(source: CatalogSource, id: string): Catalog {
  const catalog = typeof source === 'function' ? source(id) : Object.hasOwn(source, id) ? source[id] : undefined;
  if (!catalog) {
    const known = typeof source === 'function' ? '' : ` 사용할 수 있는 가격표: ${Object.keys(source).join(', ')}.`;
    const message = `가격표 '${id}'을(를) 찾을 수 없습니다.${known}`;
    throw new AppError('INVALID_INPUT', message, { issues: [{ path: 'catalog', message }] });
  }
  return catalog;
}

const catalogField = z.string({ error: '가격표(catalog)는 가격표 ID 글자로 입력하세요 (예: kt-bizmeka-2014).' }).min(1).default(DEFAULT_CATALOG_ID);
const termField = z.enum(TERMS, { error: '약정기간(term)은 가격표의 약정기간 코드입니다: none(무약정), 12m, 24m, 36m 중 가격표가 제공하는 것.' });

const productCodeField = applicationItemSchema.shape.code;

/** A rep-entered unit price in the catalog currency's minor unit; the message names that unit. */
function unitPriceField(currency: string) {
  const unit = minorUnitText(currency);
  return z
    .number({ error: `단가(unitPrice)는 숫자(${unit})로 입력하세요.` })
    .min(0, { error: '단가(unitPrice)는 0 이상이어야 합니다.' })
    .max(1_000_000_000_000, { error: '단가(unitPrice)가 너무 큽니다.' })
    .int({ error: `단가(unitPrice)는 ${unit}로 입력하세요.` });
}

/** Quote lines: a quantity, or (usage products) `calls`, each call's seconds. */
function itemsFieldFor(currency: string) {
  const item = z
    .strictObject({
      code: productCodeField,
      quantity: count('수량', 1, 100_000).optional(),
      calls: z
        .array(
          z
            .number({ error: '통화 시간은 초 단위 정수로 입력하세요 (예: 61).' })
            .int({ error: '통화 시간은 초 단위 정수로 입력하세요 (예: 61).' })
            .min(0, { error: '통화 시간은 0초 이상입니다.' })
            .max(MAX_CALL_SECONDS, { error: `통화 시간은 ${MAX_CALL_SECONDS}초(하루) 이하입니다.` }),
          { error: '통화 목록(calls)은 통화별 초의 배열로 입력하세요 (예: [61, 125]).' },
        )
        .min(1, { error: '통화 목록(calls)에 통화를 한 건 이상 넣으세요.' })
        .max(MAX_CALLS, { error: `통화 목록(calls)은 한 줄에 ${MAX_CALLS}건까지입니다.` })
        .optional(),
      unitPrice: unitPriceField(currency).optional(),
    })
    .superRefine((it, ctx) => {
      if (it.quantity === undefined && it.calls === undefined) {
        ctx.addIssue({ code: 'custom', path: ['quantity'], message: '수량(quantity) 또는 (통화료 상품은) 통화 목록(calls)을 입력하세요.' });
      }
      if (it.quantity !== undefined && it.calls !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['calls'], message: '수량(quantity)과 통화 목록(calls) 중 하나만 입력하세요.' });
      }
    });
  return z
    .array(item, { error: '상품 목록(items)은 배열로 입력하세요.' })
    .min(1, { error: '상품을 한 줄 이상 입력하세요 (예: {"code":"asp-basic","quantity":10}).' })
    .max(50, { error: '상품은 50줄까지 입력할 수 있습니다.' });
}

/**
 * Parses a command's JSON with messages in the named catalog's currency: the catalog id is read
 * first (when it is there and known), then the whole input against the schema for its currency.
 */
/**
 * Each command's input schema, made once per currency: zod builds (and on its first parse compiles)
 * a schema object, and building it anew on every call made the CLI contract path cost 20× the quote
 * itself (bench:quote: p50 201 µs, p99 3.9 ms).
 */
const schemasMade = new WeakMap<(currency: string) => z.ZodType, Map<string, z.ZodType>>();
function schemaOf<S extends z.ZodType>(schemaFor: (currency: string) => S, currency: string): S {
  let byCurrency = schemasMade.get(schemaFor);
  if (!byCurrency) {
    byCurrency = new Map();
    schemasMade.set(schemaFor, byCurrency);
  }
  let schema = byCurrency.get(currency) as S | undefined;
  if (!schema) {
    schema = schemaFor(currency);
    byCurrency.set(currency, schema);
  }
  return schema;
}

function parseForCatalog<S extends z.ZodType>(schemaFor: (currency: string) => S, input: unknown, catalogs: CatalogSource, label: string): z.output<S> {
  const id = typeof input === 'object' && input !== null && typeof (input as { catalog?: unknown }).catalog === 'string' ? (input as { catalog: string }).catalog : DEFAULT_CATALOG_ID;
  let currency = 'KRW';
  try {
    currency = resolveCatalog(catalogs, id).currency;
  } catch {
    // An unknown catalog is reported after the parse, with the list of known ones.
  }
  return parseOrThrow(schemaOf(schemaFor, currency), input, label);
}

const minorOut = z.number().int().min(0);
const totalsOut = z.strictObject({ supply: minorOut, vat: minorOut, total: minorOut });

// ── quote ──

const quoteInputFor = (currency: string) => z.strictObject({ catalog: catalogField, term: termField, items: itemsFieldFor(currency) });

export const quoteOutputSchema = z.strictObject({
  catalog: z.strictObject({ id: z.string(), version: z.string() }),
  currency: z.string(),
  term: z.enum(TERMS),
  lines: z.array(
    z.strictObject({
      code: z.string(),
      quantity: z.number().int(),
      /** Rated calls on this line (only when `calls` were given). */
      calls: z.number().int().optional(),
      billedQuantity: z.number().int().min(0),
      /** The unit billedQuantity counts: 석, "5석 단위", "6초", "분" … */
      billedUnit: z.string(),
      unitPrice: minorOut,
      amount: minorOut,
      /** The quantity is an estimate (usage minutes, hours). */
      estimated: z.boolean(),
    }),
  ),
  monthly: totalsOut,
  /** One-off charges (hardware, development, setup): their own invoice, outside the monthly bill. */
  oneOff: totalsOut,
  /** Usage lines' share of the monthly supply; `estimated` when any of it is an estimate rather than rated calls. */
  usage: z.strictObject({ supply: minorOut, estimated: z.boolean() }),
  contract: z.strictObject({
    months: z.union([z.literal(12), z.literal(24), z.literal(36), z.null()]),
    supply: minorOut,
    vat: minorOut,
    total: minorOut,
  }),
  /** The monthly total in words by the currency's convention (KRW 일금 …원정, CNY 人民币…元整), null for others. */
  amountInWords: z.string().nullable(),
  warnings: z.array(z.strictObject({ code: z.enum(WARNING_CODES), message: z.string() })),
  approvalRequired: z.boolean(),
});
export type QuoteOutput = z.output<typeof quoteOutputSchema>;

/** Amount in words by currency convention (KRW 일금 …원정, CNY 人民币…元整, others none): see shared/format/words.ts. */
export { amountInWordsFor };

/** The CLI's view of a priced quote (the engine's Quote has more: names, list prices, tiers). */
function quoteToOutput(quote: Quote): QuoteOutput {
  const months = quote.contract.months;
  const usageLines = quote.lines.filter((l) => l.kind === 'usage');
  return {
    catalog: { id: quote.catalog.id, version: quote.catalog.version },
    currency: quote.currency,
    term: quote.term,
    lines: quote.lines.map((l) => ({
      code: l.code,
      quantity: l.quantity,
      ...(l.calls !== null ? { calls: l.calls } : {}),
      billedQuantity: l.billedQuantity,
      billedUnit: l.billedUnit,
      unitPrice: l.unitPrice,
      amount: l.amount,
      estimated: l.estimated,
    })),
    monthly: { ...quote.monthly },
    oneOff: { ...quote.oneOff },
    usage: { supply: usageLines.reduce((sum, l) => sum + l.amount, 0), estimated: usageLines.some((l) => l.estimated) },
    contract: {
      months: months === 12 || months === 24 || months === 36 ? months : null,
      supply: quote.contract.supply,
      vat: quote.contract.vat,
      total: quote.contract.total,
    },
    amountInWords: amountInWordsFor(quote.monthly.total, quote.currency),
    warnings: quote.warnings.map((w) => ({ code: w.code, message: w.message })),
    approvalRequired: quote.approvalRequired,
  };
}

/** `quote`: validates the JSON, prices it, returns the exact CLI output. */
export function quoteCommand(input: unknown, catalogs: CatalogSource): QuoteOutput {
  const req = parseForCatalog(quoteInputFor, input, catalogs, '견적 입력');
  const catalog = resolveCatalog(catalogs, req.catalog);
  return quoteToOutput(priceQuote(catalog, { term: req.term, items: req.items }));
}

// ── penalty ──

const penaltyInputFor = (currency: string) =>
  z.strictObject({
    catalog: catalogField,
    term: termField,
    items: itemsFieldFor(currency),
    monthsUsed: z
      .number({ error: '사용월수(monthsUsed)를 숫자로 입력하세요.' })
      .int({ error: '사용월수(monthsUsed)는 정수로 입력하세요.' })
      .min(0, { error: '사용월수(monthsUsed)는 0 이상이어야 합니다.' })
      .max(1200, { error: '사용월수(monthsUsed)가 너무 큽니다.' }),
  });
export const penaltyOutputSchema = z.strictObject({ penalty: minorOut, perMonth: minorOut });
export type PenaltyOutput = z.output<typeof penaltyOutputSchema>;

/** `penalty`: early-termination penalty (art. 14.3) after `monthsUsed` months. */
export function penaltyCommand(input: unknown, catalogs: CatalogSource): PenaltyOutput {
  const req = parseForCatalog(penaltyInputFor, input, catalogs, '위약금 입력');
  const catalog = resolveCatalog(catalogs, req.catalog);
  const { penalty, perMonth } = earlyTerminationPenalty(catalog, { term: req.term, items: req.items }, req.monthsUsed);
  return { penalty, perMonth };
}

// ── damages ──

const damagesInputSchema = z.strictObject({
  monthlyFee: z
    .number({ error: '월정액(monthlyFee)을 숫자로 입력하세요.' })
    .int({ error: '월정액(monthlyFee)은 원 단위 정수로 입력하세요.' })
    .min(0, { error: '월정액(monthlyFee)은 0 이상이어야 합니다.' })
    .max(1_000_000_000_000, { error: '월정액(monthlyFee)이 너무 큽니다.' }),
  outagesHours: z.array(
    z.number({ error: '장애시간은 시간 단위 숫자로 입력하세요 (예: 4.5).' }).min(0, { error: '장애시간은 0 이상이어야 합니다.' }).max(744, { error: '장애시간은 한 달(744시간) 이하로 입력하세요.' }),
    { error: '장애시간(outagesHours)은 숫자 배열로 입력하세요 (예: [4.5, 2]).' },
  ),
});
export const damagesOutputSchema = z.strictObject({ eligible: z.boolean(), hours: z.number().min(0), amount: minorOut });
export type DamagesOutput = z.output<typeof damagesOutputSchema>;

/** `damages`: outage damages for one month (art. 10). */
export function damagesCommand(input: unknown): DamagesOutput {
  const req = parseOrThrow(damagesInputSchema, input, '손해배상 입력');
  const { eligible, hours, amount } = outageDamages(req);
  return { eligible, hours, amount };
}

// ── check / words ──

const CHECK_KINDS = ['bizno', 'corpno', 'phone'] as const;
type CheckKind = (typeof CHECK_KINDS)[number];
export const checkOutputSchema = z.strictObject({ valid: z.boolean(), formatted: z.string().nullable(), reason: z.string().optional() });
export type CheckOutput = z.output<typeof checkOutputSchema>;

const CHECKERS: Record<CheckKind, (value: string) => CheckResult> = {
  bizno: checkBusinessNumber,
  corpno: checkCorporateNumber,
  phone: checkPhone,
};

/** `check bizno|corpno|phone <value>`. An unknown kind is bad input (exit 2). */
export function checkCommand(kind: string, value: string): CheckOutput {
  if (!(CHECK_KINDS as readonly string[]).includes(kind)) {
    const message = `확인할 종류는 bizno(사업자등록번호), corpno(법인등록번호), phone(전화번호) 중 하나입니다 (입력: ${kind}).`;
    throw new AppError('INVALID_INPUT', message, { issues: [{ path: 'kind', message }] });
  }
  if (typeof value !== 'string') {
    const message = '확인할 번호를 입력하세요.';
    throw new AppError('INVALID_INPUT', message, { issues: [{ path: 'value', message }] });
  }
  const r = CHECKERS[kind as CheckKind](value);
  return r.valid ? { valid: true, formatted: r.formatted } : { valid: false, formatted: null, reason: r.reason ?? '번호를 확인하세요.' };
}

const wordsOutputSchema = z.strictObject({ text: z.string() });
export type WordsOutput = z.output<typeof wordsOutputSchema>;

/** `words <amount>`: amount in won, as a number or as typed on the command line ("1,200,000"). */
export function wordsCommand(amount: number | string): WordsOutput {
  // Commas only as thousands separators (1,200,000), never stray ones (1,2,3).
  const typed = typeof amount === 'string' ? amount.trim() : amount;
  const text = typeof typed === 'string' && /^\d{1,3}(,\d{3})+$/.test(typed) ? typed.replace(/,/g, '') : typed;
  const n = typeof text === 'string' ? (/^\d{1,16}$/.test(text) ? Number(text) : Number.NaN) : text;
  if (!Number.isSafeInteger(n) || n < 0) {
    const message = `금액은 0 이상의 원 단위 정수로 입력하세요 (예: 1200000, 입력: ${String(amount)}).`;
    throw new AppError('INVALID_INPUT', message, { issues: [{ path: 'amount', message }] });
  }
  return wordsOutputSchema.parse({ text: amountInWords(n) });
}

// ── for the quote builder UI: four-term comparison and penalty schedule ──

/** `term`: the term the entered prices were agreed for (default: no commitment). */
const termsInputFor = (currency: string) => z.strictObject({ catalog: catalogField, items: itemsFieldFor(currency), term: termField.optional() });

/**
 * The same items on every term of the catalog, as CLI-shaped quotes plus savings (공급가액 and VAT
 * 포함) and the penalty per month (공급가액).
 */
export function compareCommand(input: unknown, catalogs: CatalogSource) {
  const req = parseForCatalog(termsInputFor, input, catalogs, '약정기간 비교 입력');
  const catalog = resolveCatalog(catalogs, req.catalog);
  return compareTerms(catalog, req.items, req.term ?? 'none').map((o) => ({
    term: o.term,
    label: o.label,
    quote: quoteToOutput(o.quote),
    savingVsNone: o.savingVsNone,
    penaltyPerMonth: o.penaltyPerMonth,
  }));
}

const scheduleInputFor = (currency: string) => z.strictObject({ catalog: catalogField, term: termField, items: itemsFieldFor(currency) });

/** What leaving after month N costs, N = 1..months. */
export function scheduleCommand(input: unknown, catalogs: CatalogSource) {
  const req = parseForCatalog(scheduleInputFor, input, catalogs, '위약금 일정 입력');
  return penaltySchedule(resolveCatalog(catalogs, req.catalog), { term: req.term, items: req.items });
}
