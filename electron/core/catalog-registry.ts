import { and, eq } from 'drizzle-orm';
import { catalogSchema, type Catalog } from '../../shared/catalog/schema';
import { DEFAULT_CATALOG_ID } from '../../shared/catalog/cli';
import { contactsPublishSchema, HQ_SUPPLIER_ID, supplierPublishSchema } from '../../shared/sync/protocol';
import { commissionPlanSchema, type CommissionPlan } from '../../shared/commission/schema';
import { COMMISSION_ENTITY } from '../../shared/commission/protocol';
import { HQ_SERVICE_TARGETS_ID, SERVICE_TARGETS_ENTITY, targetsFromRecord, type ServiceTargets } from '../../shared/service/targets';
import { CONSENT_TEXTS_ENTITY, consentVersionsFromRecord, HQ_CONSENT_TEXTS_ID, type ConsentTextVersion } from '../../shared/privacy/consent';
import type { Supplier } from '../../shared/forms/inputs';
import type { Store } from './store/db';
import { hqRecords } from './store/schema';

/** Price lists the core knows: shipped ones (resources/catalogs), later also those HQ publishes. */
export interface CatalogRegistry {
  get(id: string): Catalog | undefined;
  all(): Catalog[];
  /** The newest catalog HQ published, else the shipped default. */
  readonly defaultId: string;
  /** Forget cached catalogs after a pull brought new ones. */
  invalidate(): void;
  /** The #6 contact list HQ published, if any (form rows). */
  contacts(): { company: string; role: string; person: string; mobile?: string; tel?: string }[] | null;
  /** The supplier block (공급자) HQ published, or null: not yet (the quote and contract print 미설정). */
  supplier(): Supplier | null;
  /** The complaint and fault targets HQ published (read on every call: a pull may bring new ones), else the shipped defaults. */
  serviceTargets(): ServiceTargets;
  /** The consent text versions: version 1 (form #1's 2014 texts) and every one HQ published (read on every call). */
  consentTexts(): ConsentTextVersion[];
  /** Commission plans by id: shipped (resources/commission), overridden by HQ's highest published version. */
  commissionPlans(): Record<string, CommissionPlan>;
  /** The plan written for a catalog: an active one before an unset one. */
  planFor(catalogId: string): CommissionPlan | undefined;
}

/**
 * Price lists the core knows: those shipped in resources/catalogs, overridden by what HQ
 * publishes (pulled by sync; the highest published version of an id wins). A published catalog
 * that does not pass the schema is ignored rather than half-used.
 */
export function createCatalogRegistry(store: Store, shipped: Record<string, Catalog>, shippedPlans: Record<string, CommissionPlan> = {}): CatalogRegistry {
  let cache: { byId: Map<string, Catalog>; defaultId: string } | null = null;
  // Read on every call, not cached: a sync run by another process on the same data folder (the
  // CLI beside the app) must show at once, and the few HQ plan rows cost one small query.
  const loadPlans = () => {
    const byId: Record<string, CommissionPlan> = { ...shippedPlans };
    const rows = store.db.select().from(hqRecords).where(eq(hqRecords.entity, COMMISSION_ENTITY)).all();
    rows.sort((a, b) => Number(a.fields.planVersion ?? 0) - Number(b.fields.planVersion ?? 0));
    for (const row of rows) {
      const parsed = commissionPlanSchema.safeParse(row.fields.plan);
      if (parsed.success) byId[parsed.data.id] = parsed.data;
    }
    return byId;
  };
  const load = () => {
    if (cache) return cache;
    const byId = new Map(Object.entries(shipped));
    let newest: { version: number; id: string } | null = null;
    const rows = store.db.select().from(hqRecords).where(eq(hqRecords.entity, 'catalog')).all();
    rows.sort((a, b) => Number(a.fields.catalogVersion ?? 0) - Number(b.fields.catalogVersion ?? 0));
    for (const row of rows) {
      const parsed = catalogSchema.safeParse(row.fields.catalog);
      if (!parsed.success) continue;
      byId.set(parsed.data.id, parsed.data);
      newest = { version: Number(row.fields.catalogVersion ?? 0), id: parsed.data.id };
    }
    cache = { byId, defaultId: newest?.id ?? DEFAULT_CATALOG_ID };
    return cache;
  };
  return {
    get: (id) => load().byId.get(id),
    all: () => [...load().byId.values()],
    get defaultId() {
      return load().defaultId;
    },
    invalidate: () => {
      cache = null;
    },
    commissionPlans: loadPlans,
    planFor: (catalogId) => {
      const forCatalog = Object.values(loadPlans()).filter((p) => p.catalog === catalogId);
      return forCatalog.find((p) => p.status === 'active') ?? forCatalog[0];
    },
    contacts: () => {
      const row = store.db
        .select()
        .from(hqRecords)
        .where(and(eq(hqRecords.entity, 'contacts')))
        .get();
      const parsed = contactsPublishSchema.safeParse(row?.fields.contacts);
      if (!parsed.success || parsed.data.length === 0) return null;
      return parsed.data.map((c) => ({
        company: c.team,
        role: c.role,
        person: c.person === undefined || c.person === '' ? '(담당자 미지정)' : c.person,
        ...(c.mobile ? { mobile: c.mobile } : {}),
        ...(c.phone ? { tel: c.phone } : {}),
      }));
    },
    serviceTargets: () => {
      const row = store.db
        .select()
        .from(hqRecords)
        .where(and(eq(hqRecords.entity, SERVICE_TARGETS_ENTITY), eq(hqRecords.id, HQ_SERVICE_TARGETS_ID)))
        .get();
      return targetsFromRecord(row?.fields);
    },
    consentTexts: () => {
      const row = store.db
        .select()
        .from(hqRecords)
        .where(and(eq(hqRecords.entity, CONSENT_TEXTS_ENTITY), eq(hqRecords.id, HQ_CONSENT_TEXTS_ID)))
        .get();
      return consentVersionsFromRecord(row?.fields);
    },
    supplier: () => {
      const row = store.db
        .select()
        .from(hqRecords)
        .where(and(eq(hqRecords.entity, 'supplier'), eq(hqRecords.id, HQ_SUPPLIER_ID)))
        .get();
      const parsed = supplierPublishSchema.safeParse(row?.fields.supplier);
      return parsed.success ? parsed.data : null;
    },
  };
}
