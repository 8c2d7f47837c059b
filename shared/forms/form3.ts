/**
 * Form #3: olleh bizmeka 콜센터서비스 이용 요금표(석당 단가표) — generated from the catalog data,
 * never typed in. Laid out like the seed's 붙임 #3 (서비스구분 | 서비스유형 | 청약규모 | 단기 | 1년 |
 * 2년 | 3년, with row spans), and generic enough for any catalog the schema allows: each pricing
 * kind prints its unit and price (tiers × term columns, flat, bundle, usage, hourly, one-off,
 * negotiated), and the rules of the catalog (minimum quantities, requirements, discount floor)
 * become the notes under the table.
 */
import { TERMS, type Term } from '../domain/application';
import { formatKoreanDate } from '../format/date';
import { eunNeun } from '../format/josa';
import { formatAmount, formatMoney } from '../money';
import { catalogName, type Catalog, type Product } from '../catalog/schema';
import type { PricingKind } from '../catalog/schema';
import type { Block, Cell } from './blocks';
import { billedUnitOf, ratingText } from '../catalog/engine';

/** A usage product's billed unit as the price table prints it. */
const USAGE_UNIT_TEXT = { second: '1초', '6s': '6초', '10s': '10초', '30s': '30초', minute: '1분' } as const;
import { priceCell } from './money-blocks';
import { versionKeyOf, type FormDocument } from './model';

const FORM3_TITLE = 'olleh bizmeka 콜센터서비스 이용 요금표(석당 단가표)';
/** The seed prints "붙임 #3" at the top of the price table. */
const FORM3_TAG = '붙임 #3';

/** Column headers of the term columns, as the seed prints them. */
const PRICE_TABLE_TERM_LABELS: Record<Term, string> = { none: '단기', '12m': '1년', '24m': '2년', '36m': '3년' };

/** 서비스유형: the basic service is required (필수), everything else optional (선택). */
const SERVICE_TYPE_LABELS = { required: '필수', optional: '선택' } as const;

const NEGOTIATED_TEXT = '별도 협정가';

/** One printed row of the price table. Money is integer minor units; the template formats it. */
export interface Form3Row {
  code: string;
  /** 서비스구분: rows with the same group and `groupKey` share one cell (row span). */
  group: string;
  groupKey: string;
  /** 서비스유형: 필수 / 선택 */
  type: string;
  /** 청약규모: the tier ("10석 미만", "30석 이상"), the variant ("Basic\n(10석 이상)"), or "단일". */
  scale: string;
  kind: PricingKind;
  /** A price per term column (same order as `terms`), when the price depends on the term. */
  byTerm: number[] | null;
  /** One price for every term, per `per` (e.g. 20,000원 per "석", 1.20 CNY per "6초"). */
  single: { amount: number; per: string } | null;
  /** No list price (별도 협정가), with the usual range when the catalog states one. */
  negotiated: { min: number | null; max: number | null; per: string } | null;
  /** Billed once (one-off fee, hourly or negotiated item charged once). */
  once: boolean;
}

export interface Form3Content {
  title: string;
  catalog: { id: string; name: string; version: string; effectiveDate: string; currency: string; vatPercent: number };
  terms: Term[];
  termLabels: string[];
  rows: Form3Row[];
  /** Notes under the table, generated from the catalog's rules ("※ …"). */
  notes: string[];
}

export interface Form3Options {
  /** Printed title; defaults to the seed's for the KT catalog, else the catalog's own title. */
  title?: string;
}

/** Whether a catalog is one of KT's bizmeka price lists (the seed's form #3 title applies). */
function isKtBizmekaCatalog(catalog: Pick<Catalog, 'id'>): boolean {
  return catalog.id.startsWith('kt-bizmeka');
}

function unitOf(catalog: Catalog, code: string | undefined, fallback: string): string {
  if (!code) return fallback;
  return catalog.products.find((p) => p.code === code)?.unit ?? fallback;
}

/**
 * 청약규모 label of each tier row of a tiered product: the first row, when it starts at 0 or 1
 * and another row follows, is "10석 미만"; every other row is "30석 이상" (the seed's wording).
 * The unit is the driver's (the app is priced by basic-service seats).
 */
function tierLabels(catalog: Catalog, product: Product): string[] {
  const pr = product.pricing;
  if (pr.kind !== 'tiered') return [];
  const unit = unitOf(catalog, pr.driver, product.unit);
  return pr.tiers.map((t, i) => {
    const next = pr.tiers[i + 1];
    if (i === 0 && t.from <= 1) return next ? `${formatAmount(next.from)}${unit} 미만` : '단일';
    return `${formatAmount(t.from)}${unit} 이상`;
  });
}

/** The tier label for a quote line priced on a tier row (`from`), or null. */
export function tierLabelFor(catalog: Catalog, product: Product, from: number | null): string | null {
  const pr = product.pricing;
  if (pr.kind !== 'tiered' || from === null) return null;
  const i = pr.tiers.findIndex((t) => t.from === from);
  return i < 0 ? null : (tierLabels(catalog, product)[i] ?? null);
}

/** How a pricing kind's billed unit reads: "석", "5석 단위", "6초", "분", "시간". */
function billedUnitText(product: Product): string {
  const pr = product.pricing;
  switch (pr.kind) {
    case 'bundle':
      return `${formatAmount(pr.groupSize)}${product.unit} 단위`;
    case 'usage':
      return billedUnitOf(product);
    default:
      return product.unit;
  }
}

function wordsOf(name: string): string[] {
  return name.split(/\s+/).filter(Boolean);
}

/** Common leading words of two names ("상담어플리케이션 ASP Basic" / "… Premium" → 2 words). */
function sharedWords(a: string, b: string): number {
  const x = wordsOf(a);
  const y = wordsOf(b);
  let n = 0;
  while (n < x.length - 1 && n < y.length - 1 && x[n] === y[n]) n++;
  return n;
}

interface GroupPlan {
  key: string;
  label: string;
  /** Leading words the products share (0 for a product printed on its own). */
  prefix: number;
  products: { product: Product; variant: string | null }[];
}

/**
 * Products of the same catalog group whose names share their leading words are printed under one
 * 서비스구분 cell ("상담어플리케이션 ASP 서비스" over Basic and Premium), as the seed does; any
 * other product is a group of its own.
 */
function planGroups(catalog: Catalog): GroupPlan[] {
  const plans: GroupPlan[] = [];
  for (const product of catalog.products) {
    const last = plans.at(-1);
    const first = last?.products[0]!.product;
    const n = last && first?.group === product.group ? sharedWords(first.name, product.name) : 0;
    if (last && first && n > 0 && (last.prefix === 0 || n >= last.prefix)) {
      if (last.prefix === 0) {
        last.prefix = n;
        const prefix = wordsOf(first.name).slice(0, n).join(' ');
        last.label = prefix.endsWith('서비스') ? prefix : `${prefix} 서비스`;
        last.products[0]!.variant = wordsOf(first.name).slice(n).join(' ');
      }
      last.products.push({ product, variant: wordsOf(product.name).slice(last.prefix).join(' ') });
      continue;
    }
    plans.push({ key: product.code, label: product.name, prefix: 0, products: [{ product, variant: null }] });
  }
  return plans;
}

function termArray(catalog: Catalog): Term[] {
  // The catalog's columns in the seed's order (단기, 1년, 2년, 3년).
  return TERMS.filter((t) => catalog.terms.includes(t));
}

function rowsOf(catalog: Catalog, terms: Term[]): Form3Row[] {
  const rows: Form3Row[] = [];
  for (const plan of planGroups(catalog)) {
    for (const { product, variant } of plan.products) {
      const pr = product.pricing;
      const base = {
        code: product.code,
        group: plan.label,
        groupKey: plan.key,
        type: product.group === 'basic' ? SERVICE_TYPE_LABELS.required : SERVICE_TYPE_LABELS.optional,
        kind: pr.kind,
      };
      const scaleWith = (s: string) => (variant ? (s === '단일' ? variant : `${variant}\n(${s})`) : s);
      const per = billedUnitText(product);
      const none = { byTerm: null, single: null, negotiated: null, once: false };
      switch (pr.kind) {
        case 'tiered': {
          const labels = tierLabels(catalog, product);
          pr.tiers.forEach((t, i) => rows.push({ ...base, ...none, scale: scaleWith(labels[i]!), byTerm: terms.map((term) => t.prices[term]!) }));
          break;
        }
        case 'flat':
        case 'bundle':
        case 'usage':
        case 'hourly': {
          const once = pr.kind === 'hourly' && pr.charge === 'once';
          const scale =
            pr.kind === 'bundle'
              ? `${formatAmount(pr.groupSize)}${product.unit} 단위`
              : pr.kind === 'usage'
                ? `사용량\n(${USAGE_UNIT_TEXT[pr.per]} 단위)`
                : pr.kind === 'hourly'
                  ? once
                    ? '시간당\n(1회)'
                    : '시간당'
                  : '단일';
          const price = pr.price;
          if (typeof price === 'number') rows.push({ ...base, ...none, scale: scaleWith(scale), single: { amount: price, per }, once });
          else rows.push({ ...base, ...none, scale: scaleWith(scale), byTerm: terms.map((term) => price[term]!), once });
          break;
        }
        case 'oneOff':
          rows.push({ ...base, ...none, scale: scaleWith('1회\n(일회성)'), single: { amount: pr.price, per }, once: true });
          break;
        case 'negotiated': {
          const once = pr.charge === 'once';
          rows.push({ ...base, ...none, scale: scaleWith(once ? '1회\n(일회성)' : '단일'), negotiated: { min: pr.range?.min ?? null, max: pr.range?.max ?? null, per }, once });
          break;
        }
      }
    }
  }
  return rows;
}

/** "상담어플리케이션 ASP Basic", "상담어플리케이션 ASP Premium" → "상담어플리케이션 ASP Basic·Premium". */
function joinVariants(names: string[]): string {
  if (names.length === 1) return names[0]!;
  const n = names.slice(1).reduce((k, name) => Math.min(k, sharedWords(names[0]!, name)), Number.MAX_SAFE_INTEGER);
  if (n === 0) return names.join('·');
  const prefix = wordsOf(names[0]!).slice(0, n).join(' ');
  return `${prefix} ${names.map((x) => wordsOf(x).slice(n).join(' ')).join('·')}`;
}

function notesOf(catalog: Catalog, terms: Term[]): string[] {
  const byCode = new Map(catalog.products.map((p) => [p.code, p]));
  const money = (n: number) => formatMoney(n, catalog.currency);
  const notes: string[] = [];
  const requires = new Map<string, { names: string[]; rule: NonNullable<Product['requires']>[number]; at: number }>();
  notes.push(
    catalog.vatPercent > 0
      ? `※ 모든 요금은 VAT 별도입니다 (부가가치세 ${catalog.vatPercent}%, 월 공급가액 합계에 대해 계산하고 ${catalog.currency === 'KRW' ? '원' : '최소 화폐 단위'} 미만은 절사).`
      : '※ 모든 요금은 부가가치세가 없는 금액입니다.',
  );
  for (const p of catalog.products) {
    const pr = p.pricing;
    if (pr.kind === 'tiered' && pr.tiers.length > 1) {
      const driver = pr.driver ? byCode.get(pr.driver) : undefined;
      const unit = driver?.unit ?? p.unit;
      notes.push(
        driver && driver.code !== p.code
          ? `※ ${eunNeun(p.name)} ${driver.name} 청약 ${unit}수가 속한 구간의 단가를 적용합니다.`
          : `※ ${eunNeun(p.name)} 청약 ${unit}수가 속한 구간의 단가를 모든 ${unit}에 적용합니다.`,
      );
    }
    if (pr.kind === 'bundle') notes.push(`※ ${eunNeun(p.name)} ${formatAmount(pr.groupSize)}${p.unit} 단위로 과금하며, 남는 수량도 한 단위로 과금합니다.`);
    if (pr.kind === 'usage') {
      const rules = ratingText(p, catalog.currency);
      notes.push(`※ ${eunNeun(p.name)} 실제 사용량을 ${USAGE_UNIT_TEXT[pr.per]} 단위로 과금합니다${rules ? ` (${rules})` : ''} (견적의 수량은 월 예상 사용 분).`);
    }
    if (pr.kind === 'hourly') notes.push(`※ ${eunNeun(p.name)} 시간당 요금입니다${pr.charge === 'once' ? ' (1회 과금)' : ' (월 사용 시간 기준)'}.`);
    if (pr.kind === 'oneOff') notes.push(`※ ${eunNeun(p.name)} 1회 과금되는 일회성 요금입니다 (월 이용료와 별도 청구).`);
    if (p.minQuantity) {
      const basis = p.minQuantity.basis ? ` (${p.minQuantity.basis})` : '';
      notes.push(`※ ${p.name} ${formatAmount(p.minQuantity.value)}${p.unit} 미만은 예외 청약으로 본사(BM·컨설팅담당) 확인이 필요합니다${basis}.`);
    }
    for (const r of p.requires ?? []) {
      const key = `${r.code}|${r.minQuantity}|${r.basis ?? ''}`;
      const same = requires.get(key);
      if (same) same.names.push(p.name);
      else requires.set(key, { names: [p.name], rule: r, at: notes.push('') - 1 });
    }
    if (p.floorPercent !== undefined) notes.push(`※ ${p.name}: 정가의 ${p.floorPercent}% 미만 단가는 본사 승인이 필요합니다.`);
    if (pr.kind === 'negotiated' && pr.range && (pr.range.min !== undefined || pr.range.max !== undefined)) {
      notes.push(
        `※ ${p.name} 협정가의 통상 범위는 ${pr.range.min !== undefined ? money(pr.range.min) : ''} ~ ${pr.range.max !== undefined ? money(pr.range.max) : ''}이며, 범위 밖은 본사가 사유를 확인합니다.`,
      );
    }
  }
  // Products with the same requirement share one note ("… Basic·Premium은 ASP 기본서비스 10석 이상에서 …").
  for (const { names, rule, at } of requires.values()) {
    const needed = byCode.get(rule.code);
    const basis = rule.basis ? ` (${rule.basis})` : '';
    notes[at] = `※ ${eunNeun(joinVariants(names))} ${needed?.name ?? rule.code} ${formatAmount(rule.minQuantity)}${needed?.unit ?? ''} 이상에서 제공됩니다${basis}.`;
  }
  const negotiated = catalog.products.filter((p) => p.pricing.kind === 'negotiated').map((p) => p.name);
  if (negotiated.length) notes.push(`※ ${negotiated.join(', ')}: ${NEGOTIATED_TEXT} — 고객과 협의한 가격으로 청약하며, 본사(BM·컨설팅담당) 확인 후 확정합니다.`);
  if (catalog.floorPercent !== undefined) notes.push(`※ 할인 하한: 정가의 ${catalog.floorPercent}% 미만 단가는 본사 승인 없이 청약할 수 없습니다.`);
  if (terms.includes('none') && terms.some((t) => t !== 'none')) {
    notes.push('※ 약정기간 내 해지 시 위약금 = 사용월수 × 회선수 × 약정기간 월할인액(단기 단가 − 약정 단가) (이용약관 제14조).');
  }
  return notes;
}

export function form3Content(catalog: Catalog, options: Form3Options = {}): Form3Content {
  const terms = termArray(catalog);
  return {
    title: options.title ?? (isKtBizmekaCatalog(catalog) ? FORM3_TITLE : (catalog.title ?? `${catalog.id} 이용 요금표`)),
    catalog: { id: catalog.id, name: catalogName(catalog), version: catalog.version, effectiveDate: catalog.effectiveDate, currency: catalog.currency, vatPercent: catalog.vatPercent },
    terms,
    termLabels: terms.map((t) => PRICE_TABLE_TERM_LABELS[t]),
    rows: rowsOf(catalog, terms),
    notes: notesOf(catalog, terms),
  };
}

const L = (text: string, extra: Partial<Cell> = {}): Cell => ({ text, label: true, ...extra });

/** The text of a price cell spanning every term column: "20,000원/석", "별도 협정가". */
export function spanningPriceText(row: Form3Row, currency: string): string {
  if (row.single) return `${formatMoney(row.single.amount, currency)}/${row.single.per}${row.once ? ' (1회)' : ''}`;
  if (row.negotiated) {
    const { min, max, per } = row.negotiated;
    if (min === null && max === null) return NEGOTIATED_TEXT;
    const range = `${min !== null ? formatMoney(min, currency) : ''} ~ ${max !== null ? formatMoney(max, currency) : ''}`;
    return `${NEGOTIATED_TEXT} (${range}/${per})`;
  }
  return '';
}

function form3Blocks(c: Form3Content): Block[] {
  const n = c.terms.length;
  const cur = c.catalog.currency;
  const body: Cell[][] = c.rows.map((r, i) => {
    const first = i === 0 || c.rows[i - 1]!.groupKey !== r.groupKey;
    const cells: Cell[] = [];
    if (first) {
      const span = c.rows.slice(i).findIndex((x) => x.groupKey !== r.groupKey);
      const rowSpan = span === -1 ? c.rows.length - i : span;
      cells.push(L(r.group, { rowSpan }));
      cells.push({ text: r.type, align: 'center', rowSpan });
    }
    cells.push({ text: r.scale, align: 'center' });
    if (r.byTerm) cells.push(...r.byTerm.map((amount) => priceCell(amount, cur)));
    else cells.push({ text: spanningPriceText(r, cur), align: 'center', colSpan: n });
    return cells;
  });
  const termWidth = 0.56 / Math.max(1, n);
  return [
    { type: 'tagLine', left: FORM3_TAG, right: `버전 ${c.catalog.version} · 시행일 ${formatKoreanDate(c.catalog.effectiveDate)}` },
    { type: 'title', text: c.title },
    {
      type: 'paragraph',
      text: `(${c.rows.some((r) => r.once) ? '“1회” 표시 외에는 ' : ''}월 단가, VAT 별도${cur === 'KRW' ? '' : `, 통화 ${cur}`})`,
      align: 'right',
      size: 9,
    },
    {
      type: 'table',
      columns: [0.2, 0.09, 0.15, ...c.terms.map(() => termWidth)],
      header: [[L('서비스구분', { rowSpan: 2 }), L('서비스\n유형', { rowSpan: 2 }), L('청약규모', { rowSpan: 2 }), L('계약기간', { colSpan: n })], c.termLabels.map((t) => L(t))],
      rows: body,
      minRowHeight: 22,
    },
    { type: 'spacer', height: 6 },
    ...c.notes.map((t): Block => ({ type: 'paragraph', text: t, size: 8.5, hanging: true })),
    { type: 'spacer', height: 6 },
    {
      type: 'paragraph',
      text: `이 요금표는 가격표 ‘${c.catalog.name}’(버전 ${c.catalog.version}, 시행일 ${formatKoreanDate(c.catalog.effectiveDate)})에서 생성되었습니다.`,
      size: 8,
      muted: true,
    },
  ];
}

export function buildForm3(catalog: Catalog, options: Form3Options = {}): FormDocument<Form3Content> {
  const content = form3Content(catalog, options);
  return {
    form: '3',
    code: '양식 #3',
    title: content.title,
    content,
    versionKey: versionKeyOf('3', content),
    signatureAreas: [],
    blocks: form3Blocks(content),
  };
}
