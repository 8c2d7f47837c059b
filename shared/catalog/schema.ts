import { z } from 'zod';
import { TERMS, type Term } from '../domain/application';
import { isCurrency } from '../money';
import { isIsoDate } from '../format/date';
import { requiredCleanText } from '../domain/text';
import { TERM_LABELS as UI_TERM_LABELS } from '../domain/status';

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

const PRODUCT_GROUPS = ['basic', 'app', 'option', 'service', 'usage', 'equipment', 'oneOff'] as const;
export type ProductGroup = (typeof PRODUCT_GROUPS)[number];

/** Usage billing units: how many seconds one billed unit of a usage product is. */
export const USAGE_INCREMENT_SECONDS = { second: 1, '6s': 6, '10s': 10, '30s': 30, minute: 60 } as const;
export type UsageIncrement = keyof typeof USAGE_INCREMENT_SECONDS;

const MAX_MINOR = 1_000_000_000_000;

const productCode = z.string({ error: '상품 코드는 글자로 입력하세요.' }).regex(/^[a-z][a-z0-9-]{0,39}$/, { error: '상품 코드는 영문 소문자로 시작하는 소문자·숫자·하이픈입니다 (예: asp-basic).' });

const catalogId = z.string({ error: '가격표 ID는 글자로 입력하세요.' }).regex(/^[a-z0-9][a-z0-9.-]{0,63}$/, { error: '가격표 ID는 영문 소문자·숫자·점·하이픈입니다 (예: kt-bizmeka-2014).' });

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

const seconds = (what: string) =>
  z
    .number({ error: `${what}는 초 단위 정수로 입력하세요.` })
    .int({ error: `${what}는 초 단위 정수로 입력하세요.` })
    .min(1, { error: `${what}는 1초 이상입니다.` })
    .max(86_400, { error: `${what}는 하루(86400초) 이하입니다.` });

/**
 * How each call is rated before pricing (과금 규칙). In order, for a call of d seconds (0 s: not
 * connected, not billed):
 * 1. `minimumSeconds`: a shorter call counts as this long (a minimum per call);
 * 2. `roundTo`: the duration is rounded up to a multiple of it (60: part of a minute counts as a
 *    minute, even where the price is per 6 seconds); default: the billed unit itself;
 * 3. `firstBlock`: the first `seconds` cost `price` as one amount, then every further *started*
 *    unit costs the unit price; without it every unit does.
 * `tiers` are monthly volume tiers on the line's billed units: `mode: "all"` (default, like the
 * seat tiers) prices every unit at the row the month's units reach; `"graduated"` prices each
 * unit at the row it falls in. A rep-entered unit price replaces the tiers.
 */
const ratingSchema = z.strictObject({
  minimumSeconds: seconds('최소 과금 시간(minimumSeconds)').optional(),
  roundTo: seconds('올림 단위(roundTo)').optional(),
  firstBlock: z.strictObject({ seconds: seconds('기본 구간(firstBlock.seconds)'), price: minor }).optional(),
  tiers: z
    .strictObject({
      mode: z.enum(['all', 'graduated']).default('all'),
      rows: z
        .array(z.strictObject({ from: z.number().int().min(0).max(1_000_000_000), price: priceByTerm }))
        .min(1)
        .max(20),
    })
    .optional(),
});
export type Rating = z.output<typeof ratingSchema>;

const pricingSchema = z.discriminatedUnion('kind', [
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
   * Usage charged per billed unit (`per`: second, 6s, 10s, 30s, minute) at `price` per unit.
   * A quote line gives either `calls` (each call's seconds, rated one by one by `rating`, then
   * summed) or a `quantity`: the *estimated* minutes per month, billed as minutes × units per
   * minute (per-6-second pricing: 10 units a minute). `estimatedQuantity` is the suggested
   * estimate a form may prefill.
   */
  z.strictObject({
    kind: z.literal('usage'),
    per: z.enum(Object.keys(USAGE_INCREMENT_SECONDS) as [UsageIncrement, ...UsageIncrement[]], {
      error: `과금 단위(per)는 ${Object.keys(USAGE_INCREMENT_SECONDS).join(', ')} 중 하나입니다.`,
    }),
    price: priceByTerm,
    estimatedQuantity: positiveInt.optional(),
    rating: ratingSchema.optional(),
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
type Pricing = z.output<typeof pricingSchema>;
export type PricingKind = Pricing['kind'];

const minQuantityRule = z
  .union([
    positiveInt,
    z.strictObject({
      value: positiveInt,
      warning: z.enum(WARNING_CODES).default('MIN_QUANTITY'),
      /** Where the rule comes from, quoted in the warning (e.g. "이용약관 제3조 7호"). */
      basis: requiredCleanText('근거', 100).optional(),
    }),
  ])
  .transform((rule) => (typeof rule === 'number' ? { value: rule, warning: 'MIN_QUANTITY' as WarningCode, basis: undefined } : rule));

const requiresRule = z.strictObject({
  /** The product whose quantity must reach `minQuantity` (e.g. asp-basic seats). */
  code: productCode,
  minQuantity: positiveInt,
  warning: z.enum(WARNING_CODES).default('REQUIRES'),
  basis: requiredCleanText('근거', 100).optional(),
});

const productSchema = z.strictObject({
  code: productCode,
  /** Korean name as printed on the price table and the quote. */
  name: requiredCleanText('상품 이름', 100),
  nameEn: requiredCleanText('상품 영문 이름', 100).optional(),
  /** Unit label: 석, 회선, 분, 시간, 건, 식 … */
  unit: requiredCleanText('단위', 10),
  group: z.enum(PRODUCT_GROUPS),
  /** Under this quantity the quote is allowed but raises the rule's warning. */
  minQuantity: minQuantityRule.optional(),
  requires: z.array(requiresRule).max(10).optional(),
  /** Overrides the catalog's discount floor for this product. */
  floorPercent: z.number().int().min(1).max(100).optional(),
  /** Overrides the catalog's `belowListNeedsApproval` for this product. */
  belowListNeedsApproval: z.boolean().optional(),
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
    version: requiredCleanText('카탈로그 버전', 40),
    /** Human title, e.g. "olleh bizmeka 콜센터서비스 이용 요금표". */
    title: requiredCleanText('카탈로그 제목', 200).optional(),
    /** ISO 4217 code; its minor units come from the platform (shared/money.ts). */
    currency: z.string().refine(isCurrency, { error: '통화는 ISO 4217 통화 코드(영문 대문자 3자리, 예: KRW, CNY, USD)입니다.' }),
    effectiveDate: z.string().refine(isIsoDate, { error: '시행일은 YYYY-MM-DD 형식의 실제 날짜입니다.' }),
    /** Discount floor as % of list: a rep price under it raises BELOW_FLOOR. */
    floorPercent: z.number().int().min(1).max(100).optional(),
    /**
     * Discount authority (할인 권한): true (default, KT) — any rep price under list needs HQ
     * approval (BELOW_LIST); false — the rep decides down to the floor, and only a price under
     * the floor needs approval. A product may override it; false needs a floor.
     */
    belowListNeedsApproval: z.boolean().default(true),
    /** VAT rate in whole percent (Korea: 10). */
    vatPercent: z.number().int().min(0).max(100).default(10),
    /** The term columns this catalog offers. */
    terms: z.array(termEnum).min(1),
    /**
     * This catalog's own names for its term columns, e.g. {"12m": {"ko": "1년 선납", "en": "1 year,
     * prepaid"}}; a term without one is called as KT calls it (무약정, 12개월 …).
     */
    termLabels: z.partialRecord(termEnum, z.strictObject({ ko: requiredCleanText('약정기간 이름', 30), en: requiredCleanText('약정기간 영문 이름', 40).optional() })).optional(),
    products: z.array(productSchema).min(1).max(500),
  })
  .superRefine((catalog, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (new Set(catalog.terms).size !== catalog.terms.length) issue(['terms'], '약정기간이 중복되었습니다.');
    for (const term of Object.keys(catalog.termLabels ?? {})) {
      if (!(catalog.terms as string[]).includes(term)) issue(['termLabels', term], `약정기간 '${term}'은(는) 이 가격표의 terms에 없습니다.`);
    }
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
      if (pr.kind === 'usage' && pr.rating?.tiers) {
        pr.rating.tiers.rows.forEach((row, j) => {
          if (typeof row.price === 'object') coversTerms(row.price, [...at, 'pricing', 'rating', 'tiers', 'rows', j, 'price']);
          const prev = pr.rating!.tiers!.rows[j - 1];
          if (prev && row.from <= prev.from) issue([...at, 'pricing', 'rating', 'tiers', 'rows', j, 'from'], '구간(from)은 오름차순이어야 합니다.');
        });
      }
      if (!(p.belowListNeedsApproval ?? catalog.belowListNeedsApproval) && (p.floorPercent ?? catalog.floorPercent) === undefined) {
        issue([...at, 'belowListNeedsApproval'], `'${p.code}'은(는) 정가 미만을 승인 없이 허용하는데 할인 하한(floorPercent)이 없습니다. 가격표나 상품에 floorPercent를 넣으세요.`);
      }
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

/**
 * A term column's name on this catalog, for screens: the catalog's own label when it gives one
 * ("1년 선납"), else the usual one (무약정, 12개월 …). English falls back to the Korean label a
 * catalog gives, then to the usual English.
 */
export function termLabelOf(catalog: Pick<Catalog, 'termLabels'> | undefined, term: Term, lang: 'ko' | 'en' = 'ko'): string {
  const own = catalog?.termLabels?.[term];
  if (own) return lang === 'en' ? (own.en ?? own.ko) : own.ko;
  return UI_TERM_LABELS[term][lang];
}
