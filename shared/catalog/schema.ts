import { z } from 'zod';
import { TERMS, type Term } from '../domain/application';
import { CURRENCY_MINOR_UNITS } from '../money';
import { isIsoDate } from '../format/date';

/**
 * A price list (가격표) as data. The shipped one is `resources/catalogs/kt-bizmeka-2014.json`
 * (form #3 of the 2014 process manual); other call-center price lists are expressed with the
 * same schema (PRODUCT.md, last section). Every money value is an integer count of the
 * currency's minor unit (KRW: 원, CNY: 分/fen) — never a float.
 */

/** Korean labels of the term columns, as form #1 and #3 print them. */
export const TERM_LABELS: Record<Term, string> = {
  none: '무약정(단기)',
  '12m': '12개월',
  '24m': '24개월',
  '36m': '36개월',
};

/**
 * Codes of the warnings a quote can carry. Every warning means the quote needs HQ confirmation
 * (BM·컨설팅담당) before the customer seals it. A catalog rule names the code it raises, so the
 * KT catalog can use MIN_SEATS / APP_MIN_SEATS while other lists use the generic codes.
 */
export const WARNING_CODES = [
  'MIN_SEATS', // basic seats under 10 (이용약관 제3조 7호): allowed as an exception
  'APP_MIN_SEATS', // counseling app with under 10 basic seats
  'NEGOTIATED', // a negotiated (별도 협정가) item is present
  'BELOW_LIST', // a rep-entered unit price under the list price
  'BELOW_FLOOR', // under the catalog's discount floor (% of list)
  'MIN_QUANTITY', // generic: a product under its minimum quantity
  'REQUIRES', // generic: a product needs more of another product
  'OUT_OF_RANGE', // a negotiated price outside the catalog's negotiated range
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export const PRODUCT_GROUPS = ['basic', 'app', 'option', 'service', 'usage', 'equipment', 'oneOff'] as const;
export type ProductGroup = (typeof PRODUCT_GROUPS)[number];

/** Usage increments: what one billed unit of a usage product is. */
export const USAGE_INCREMENT_SECONDS = { minute: 60, '6s': 6 } as const;
export type UsageIncrement = keyof typeof USAGE_INCREMENT_SECONDS;

const MAX_MINOR = 1_000_000_000_000;

const productCode = z
  .string({ error: '상품 코드는 글자로 입력하세요.' })
  .regex(/^[a-z][a-z0-9-]{0,39}$/, { error: '상품 코드는 영문 소문자로 시작하는 소문자·숫자·하이픈입니다 (예: asp-basic).' });

const catalogId = z
  .string({ error: '가격표 ID는 글자로 입력하세요.' })
  .regex(/^[a-z0-9][a-z0-9.-]{0,63}$/, { error: '가격표 ID는 영문 소문자·숫자·점·하이픈입니다 (예: kt-bizmeka-2014).' });

/** Money in minor units: a non-negative integer. */
const minor = z
  .number({ error: '금액은 최소 화폐 단위의 정수로 입력하세요.' })
  .int({ error: '금액은 최소 화폐 단위의 정수로 입력하세요 (소수점 불가: CNY 12.50 → 1250).' })
  .min(0, { error: '금액은 0 이상이어야 합니다.' })
  .max(MAX_MINOR, { error: '금액이 너무 큽니다.' });

const termEnum = z.enum(TERMS, { error: '약정기간은 none, 12m, 24m, 36m 중 하나입니다.' });

/** Unit prices by term column; a catalog-level check makes sure every offered term is present. */
const termPrices = z.partialRecord(termEnum, minor);
export type TermPrices = z.output<typeof termPrices>;

/** One price for every term (a number), or a price per term column. */
const priceByTerm = z.union([minor, termPrices], {
  error: '단가는 최소 화폐 단위의 0 이상 정수(예: 20000) 또는 약정기간별 단가 {"none": …, "12m": …}입니다 (소수점 불가: CNY 12.50 → 1250).',
});
export type PriceByTerm = z.output<typeof priceByTerm>;

/** Whether a charge recurs monthly or is billed once (hardware, development, training). */
const charge = z.enum(['monthly', 'once']).default('monthly');

const positiveInt = z.number().int().min(1).max(1_000_000);

const tier = z.strictObject({
  /** The row applies when the driver quantity is at least `from` (up to the next row's `from`). */
  from: z.number().int().min(0),
  prices: termPrices,
});

export const pricingSchema = z.discriminatedUnion('kind', [
  /**
   * Volume tiers × term columns: the quantity of the `driver` product (default: the product
   * itself) selects one row, and every unit pays that row's price for the chosen term. Below
   * the first row's `from`, the first row applies (a `requires` rule should flag it).
   */
  z.strictObject({ kind: z.literal('tiered'), driver: productCode.optional(), tiers: z.array(tier).min(1) }),
  /** A flat price per unit, the same for every term or per term column. */
  z.strictObject({ kind: z.literal('flat'), price: priceByTerm }),
  /**
   * A price per group of `groupSize` units; a remainder is charged as a full group
   * (11 seats in groups of 5 → 3 groups).
   */
  z.strictObject({ kind: z.literal('bundle'), groupSize: z.number().int().min(2).max(10_000), price: priceByTerm }),
  /**
   * Usage charged per minute or per 6-second unit. The quote quantity is the *estimated* minutes
   * per month; per-6-second pricing bills 10 units per minute. `estimatedQuantity` is the
   * suggested estimate a form may prefill.
   */
  z.strictObject({
    kind: z.literal('usage'),
    per: z.enum(['minute', '6s']),
    price: priceByTerm,
    estimatedQuantity: positiveInt.optional(),
  }),
  /** A price per hour (quantity = hours, an estimate), monthly or billed once. */
  z.strictObject({ kind: z.literal('hourly'), price: priceByTerm, charge, estimatedQuantity: positiveInt.optional() }),
  /** A one-off fee per unit, billed once, outside the monthly total. */
  z.strictObject({ kind: z.literal('oneOff'), price: minor }),
  /**
   * No list price (별도 협정가): the rep enters the unit price; the quote always needs HQ
   * confirmation. An optional range flags prices outside what HQ usually agrees to.
   */
  z.strictObject({
    kind: z.literal('negotiated'),
    charge,
    range: z.strictObject({ min: minor.optional(), max: minor.optional() }).optional(),
  }),
]);
export type Pricing = z.output<typeof pricingSchema>;
export type PricingKind = Pricing['kind'];

const minQuantityRule = z
  .union([
    positiveInt,
    z.strictObject({
      value: positiveInt,
      warning: z.enum(WARNING_CODES).default('MIN_QUANTITY'),
      /** Where the rule comes from, quoted in the warning (e.g. "이용약관 제3조 7호"). */
      basis: z.string().min(1).max(100).optional(),
    }),
  ])
  .transform((rule) => (typeof rule === 'number' ? { value: rule, warning: 'MIN_QUANTITY' as WarningCode, basis: undefined } : rule));
export type MinQuantityRule = z.output<typeof minQuantityRule>;

const requiresRule = z.strictObject({
  /** The product whose quantity must reach `minQuantity` (e.g. asp-basic seats). */
  code: productCode,
  minQuantity: positiveInt,
  warning: z.enum(WARNING_CODES).default('REQUIRES'),
  basis: z.string().min(1).max(100).optional(),
});
export type RequiresRule = z.output<typeof requiresRule>;

export const productSchema = z.strictObject({
  code: productCode,
  /** Korean name as printed on the price table and the quote. */
  name: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100).optional(),
  /** Unit label: 석, 회선, 분, 시간, 건, 식 … */
  unit: z.string().trim().min(1).max(10),
  group: z.enum(PRODUCT_GROUPS),
  /** Under this quantity the quote is allowed but raises the rule's warning. */
  minQuantity: minQuantityRule.optional(),
  requires: z.array(requiresRule).max(10).optional(),
  /** Overrides the catalog's discount floor for this product. */
  floorPercent: z.number().int().min(1).max(100).optional(),
  pricing: pricingSchema,
});
export type Product = z.output<typeof productSchema>;

/**
 * The name a price list is printed under (its title; the id is for machines, never for the
 * customer). Paired with the version wherever a form cites it.
 */
export function catalogName(catalog: { title?: string | undefined }): string {
  return catalog.title ?? '이용 요금표';
}

export const catalogSchema = z
  .strictObject({
    id: catalogId,
    version: z.string().trim().min(1).max(40),
    /** Human title, e.g. "olleh bizmeka 콜센터서비스 이용 요금표". */
    title: z.string().trim().min(1).max(200).optional(),
    /** ISO 4217 code with known minor units (shared/money.ts). */
    currency: z.string().refine((c) => CURRENCY_MINOR_UNITS[c] !== undefined, {
      error: `통화는 ${Object.keys(CURRENCY_MINOR_UNITS).join(', ')} 중 하나입니다.`,
    }),
    effectiveDate: z.string().refine(isIsoDate, { error: '시행일은 YYYY-MM-DD 형식의 실제 날짜입니다.' }),
    /** Discount floor as % of list: a rep price under it raises BELOW_FLOOR. */
    floorPercent: z.number().int().min(1).max(100).optional(),
    /** VAT rate in whole percent (Korea: 10). */
    vatPercent: z.number().int().min(0).max(100).default(10),
    /** The term columns this catalog offers. */
    terms: z.array(termEnum).min(1),
    products: z.array(productSchema).min(1).max(500),
  })
  .superRefine((catalog, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (new Set(catalog.terms).size !== catalog.terms.length) issue(['terms'], '약정기간이 중복되었습니다.');
    const codes = new Set<string>();
    catalog.products.forEach((p, i) => {
      if (codes.has(p.code)) issue(['products', i, 'code'], `상품 코드 '${p.code}'가 중복되었습니다.`);
      codes.add(p.code);
    });
    const coversTerms = (prices: TermPrices, path: (string | number)[]) => {
      for (const term of catalog.terms) {
        if (prices[term] === undefined) issue(path, `약정기간 '${term}'의 단가가 없습니다. 가격표가 제공하는 모든 약정기간의 단가를 넣으세요.`);
      }
    };
    catalog.products.forEach((p, i) => {
      const at = ['products', i];
      const pr = p.pricing;
      if (pr.kind === 'tiered') {
        pr.tiers.forEach((t, j) => {
          coversTerms(t.prices, [...at, 'pricing', 'tiers', j, 'prices']);
          const prev = pr.tiers[j - 1];
          if (prev && t.from <= prev.from) issue([...at, 'pricing', 'tiers', j, 'from'], '구간(from)은 오름차순이어야 합니다.');
        });
        if (pr.driver !== undefined && !codes.has(pr.driver)) issue([...at, 'pricing', 'driver'], `구간 기준 상품 '${pr.driver}'이 가격표에 없습니다.`);
      }
      if ('price' in pr && typeof pr.price === 'object') coversTerms(pr.price, [...at, 'pricing', 'price']);
      if (pr.kind === 'negotiated' && pr.range?.min !== undefined && pr.range.max !== undefined && pr.range.min > pr.range.max) {
        issue([...at, 'pricing', 'range'], '협정가 범위의 최소값이 최대값보다 큽니다.');
      }
      p.requires?.forEach((r, j) => {
        if (!codes.has(r.code)) issue([...at, 'requires', j, 'code'], `필요 상품 '${r.code}'이 가격표에 없습니다.`);
        if (r.code === p.code) issue([...at, 'requires', j, 'code'], '자기 자신을 필요 상품으로 지정할 수 없습니다. minQuantity를 쓰세요.');
      });
    });
  });

export type CatalogInput = z.input<typeof catalogSchema>;
export type Catalog = z.output<typeof catalogSchema>;
