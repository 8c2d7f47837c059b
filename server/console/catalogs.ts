import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { catalogSchema, type Catalog } from '../../shared/catalog/schema';
import { DEFAULT_CATALOG_ID } from '../../shared/catalog/cli';
import { HQ_BRANCH_ID, q, type Executor } from '../db/open';

/**
 * The price tables devices know: those shipped with the app (resources/catalogs, read as data)
 * and those HQ published (catalog records). The console prices quotes against them to show list
 * prices, floors and the term comparison.
 */
const SHIPPED_DIR = fileURLToPath(new URL('../../resources/catalogs', import.meta.url));

let shipped: Map<string, Catalog> | undefined;
export function shippedCatalogs(): Map<string, Catalog> {
  if (shipped) return shipped;
  shipped = new Map();
  let files: string[] = [];
  try {
    files = fs.readdirSync(SHIPPED_DIR).filter((f) => f.endsWith('.json'));
  } catch {
    // No shipped tables beside this server: only published ones count.
  }
  for (const f of files) {
    const parsed = catalogSchema.safeParse(JSON.parse(fs.readFileSync(path.join(SHIPPED_DIR, f), 'utf8')));
    if (parsed.success) shipped.set(`${parsed.data.id}@${parsed.data.version}`, parsed.data);
  }
  return shipped;
}

export interface PublishedCatalog {
  recordId: string;
  catalogVersion: number;
  publishedAt: string;
  sha256: string;
  catalog: unknown;
}

export async function publishedCatalogs(ex: Executor): Promise<PublishedCatalog[]> {
  const rows = await q<{ id: string; fields: { catalogVersion?: number; publishedAt?: string; sha256?: string; catalog?: unknown } }>(
    ex,
    sql`select id, fields from records where entity = 'catalog' and branch_id = ${HQ_BRANCH_ID} and not deleted order by (fields->>'catalogVersion')::int desc`,
  );
  return rows.map((r) => ({
    recordId: r.id,
    catalogVersion: r.fields.catalogVersion ?? 0,
    publishedAt: r.fields.publishedAt ?? '',
    sha256: r.fields.sha256 ?? '',
    catalog: r.fields.catalog,
  }));
}

/** The table devices use now: the latest published one, else the shipped default. */
export async function currentCatalog(ex: Executor): Promise<{ source: 'published' | 'shipped'; catalog: Catalog | undefined; catalogVersion: number | null }> {
  const latest = (await publishedCatalogs(ex))[0];
  if (latest) {
    const parsed = catalogSchema.safeParse(latest.catalog);
    if (parsed.success) return { source: 'published', catalog: parsed.data, catalogVersion: latest.catalogVersion };
  }
  const fallback = [...shippedCatalogs().values()].find((c) => c.id === DEFAULT_CATALOG_ID);
  return { source: 'shipped', catalog: fallback, catalogVersion: null };
}

/** The table a quote was priced with (by id and version), if HQ knows it. */
export async function findCatalog(ex: Executor, id: string, version: string): Promise<Catalog | undefined> {
  const known = shippedCatalogs().get(`${id}@${version}`);
  if (known) return known;
  for (const p of await publishedCatalogs(ex)) {
    const parsed = catalogSchema.safeParse(p.catalog);
    if (parsed.success && parsed.data.id === id && parsed.data.version === version) return parsed.data;
  }
  return undefined;
}
