import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogFileError, DEFAULT_CATALOGS_DIR, loadCatalogs } from '../../../electron/core/catalogs';
import { catalogSchema, type CatalogInput } from '../../../shared/catalog/schema';
import { cnyInput } from './fixtures';

function issues(input: unknown): string[] {
  const r = catalogSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}
const withProducts = (products: unknown[]): unknown => ({ ...cnyInput, products });
const seat = cnyInput.products[0]!;

describe('catalog schema', () => {
  it('the shipped catalogs in resources/catalogs all pass the schema, kt-bizmeka-2014 among them', () => {
    const catalogs = loadCatalogs(DEFAULT_CATALOGS_DIR);
    expect(Object.keys(catalogs)).toContain('kt-bizmeka-2014');
    expect(catalogs['kt-bizmeka-2014']!.products.map((p) => p.code)).toEqual(['asp-basic', 'app-basic', 'app-premium', 'recording', 'extra-line', 'agent', 'floor']);
  });

  it('refuses money as a float (CNY 12.50 must be written 1250 fen)', () => {
    expect(issues(withProducts([{ ...seat, code: 'x', pricing: { kind: 'flat', price: 12.5 } }]))).toEqual([expect.stringMatching(/^products\.0\.pricing\.price: .*소수점 불가/)]);
  });

  it('refuses a tier row or a per-term price missing one of the catalog terms', () => {
    expect(issues(withProducts([{ ...seat, pricing: { kind: 'tiered', tiers: [{ from: 1, prices: { none: 100 } }] } }]))).toEqual([
      expect.stringMatching(/^products\.0\.pricing\.tiers\.0\.prices: 약정기간 '12m'/),
    ]);
    expect(issues(withProducts([{ ...seat, pricing: { kind: 'flat', price: { '12m': 100 } } }]))).toEqual([expect.stringMatching(/약정기간 'none'/)]);
  });

  it('refuses tiers out of order, duplicated codes, unknown currency, a driver or required product that does not exist', () => {
    const tiers = [
      { from: 10, prices: { none: 1, '12m': 1 } },
      { from: 10, prices: { none: 1, '12m': 1 } },
    ];
    expect(issues(withProducts([{ ...seat, pricing: { kind: 'tiered', tiers } }]))).toEqual([expect.stringMatching(/오름차순/)]);
    expect(issues(withProducts([seat, seat]))).toEqual([expect.stringMatching(/중복/)]);
    expect(issues({ ...cnyInput, currency: 'XYZ' })).toEqual([expect.stringMatching(/^currency: 통화는/)]);
    expect(issues(withProducts([{ ...seat, pricing: { kind: 'tiered', driver: 'ghost', tiers: [{ from: 1, prices: { none: 1, '12m': 1 } }] } }]))).toEqual([expect.stringMatching(/ghost/)]);
    expect(issues(withProducts([{ ...seat, requires: [{ code: 'ghost', minQuantity: 1 }] }]))).toEqual([expect.stringMatching(/ghost/)]);
  });

  it('refuses unknown fields (a typo never silently drops a rule) and an impossible effective date', () => {
    expect(issues(withProducts([{ ...seat, minQuantty: 10 }])).length).toBe(1);
    expect(issues({ ...cnyInput, effectiveDate: '2025-02-30' })).toEqual([expect.stringMatching(/^effectiveDate/)]);
  });

  it('a bare minQuantity number means a MIN_QUANTITY rule', () => {
    const parsed = catalogSchema.parse(cnyInput);
    expect(parsed.products[0]!.minQuantity).toEqual({ value: 5, warning: 'MIN_QUANTITY', basis: undefined });
  });
});

describe('core catalog loader', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const write = (files: Record<string, unknown>) => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogs-'));
    for (const [name, value] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
    return dir;
  };

  it('loads every *.json by id and ignores other files', () => {
    const loaded = loadCatalogs(write({ 'demo-cc-cny.json': cnyInput, 'README.txt': 'not a catalog' }));
    expect(Object.keys(loaded)).toEqual(['demo-cc-cny']);
  });

  it('refuses a file whose id differs from its name, a broken JSON file and an invalid catalog, naming the file', () => {
    expect(() => loadCatalogs(write({ 'other.json': cnyInput }))).toThrow(/other\.json: 파일 이름과 가격표 id/);
    expect(() => loadCatalogs(write({ 'broken.json': '{ "id": ' }))).toThrow(CatalogFileError);
    const bad: CatalogInput = { ...cnyInput, terms: [] };
    expect(() => loadCatalogs(write({ 'demo-cc-cny.json': bad }))).toThrow(/demo-cc-cny\.json: 가격표 형식이 맞지 않습니다 — terms/);
  });
});
