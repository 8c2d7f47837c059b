import { and, desc, eq, sql } from 'drizzle-orm';
import { errorMsg } from '../../../shared/i18n/error-messages';
import { addDays, format } from 'date-fns';
import type { Catalog } from '../../../shared/catalog/schema';
import { priceQuote } from '../../../shared/catalog/engine';
import { resolveCatalog, DEFAULT_CATALOG_ID, type CatalogSource } from '../../../shared/catalog/cli';
import { AppError } from '../../../shared/contract/errors';
import type { QuoteDetail, QuoteSummary, QuoteVersion } from '../../../shared/domain/quote';
import { quoteSaveInputSchema, type PricedQuote } from '../../../shared/domain/quote';
import type { z } from 'zod';
import { formatBusinessNumber } from '../../../shared/format/bizno';
import { parseSearch } from '../../../shared/search/keys';
import type { Store, Tx } from '../store/db';
import { applications, customers, quotes, quoteVersions, type QuoteVersionRow } from '../store/schema';
import { newId, type Clock } from '../ids';
import { customerSearchCondition } from './customers';

type SaveInput = z.output<typeof quoteSaveInputSchema>;

function toVersion(row: QuoteVersionRow, applicationId: string): QuoteVersion {
  return {
    id: row.id,
    quoteId: row.quoteId,
    applicationId,
    version: row.version,
    catalog: { id: row.catalogId, version: row.catalogVersion },
    term: row.term,
    items: row.items,
    result: row.result as PricedQuote,
    approval: { status: row.approvalStatus, reason: row.approvalReason, decidedAt: row.approvalDecidedAt },
    notes: row.notes,
    validUntil: row.validUntil,
    createdAt: row.createdAt,
  };
}

/** 견적 repository: quotes and their immutable versions. */
export class QuotesRepo {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly catalogs: CatalogSource,
  ) {}

  /**
   * The version a save would make, priced but not stored (to see what it changes before saving).
   */
  preview(input: SaveInput): QuoteVersion {
    const catalog: Catalog = resolveCatalog(this.catalogs, input.catalogId ?? DEFAULT_CATALOG_ID);
    const priced = priceQuote(catalog, { term: input.term, items: input.items });
    const now = this.clock.now();
    const quote = input.quoteId ? this.store.db.select().from(quotes).where(eq(quotes.id, input.quoteId)).get() : undefined;
    return {
      id: 'pending',
      quoteId: quote?.id ?? input.quoteId ?? 'pending',
      applicationId: input.applicationId,
      version: (quote?.latestVersion ?? 0) + 1,
      catalog: { id: catalog.id, version: catalog.version },
      term: input.term,
      items: input.items,
      result: priced,
      approval: { status: priced.approvalRequired ? 'pending' : 'not_required', reason: null, decidedAt: null },
      notes: input.notes ?? null,
      validUntil: format(addDays(now, input.validDays), 'yyyy-MM-dd'),
      createdAt: now.toISOString(),
    };
  }

  /**
   * Prices the request with the catalog, saves it as the next version (version 1 for a new quote)
   * and puts its term and items on the application — one transaction, with `within` (what the
   * change voids) in it. The caller checked that the application's content may still change.
   */
  save(input: SaveInput, within?: (tx: Tx) => void): QuoteDetail {
    const catalog: Catalog = resolveCatalog(this.catalogs, input.catalogId ?? DEFAULT_CATALOG_ID);
    const priced = priceQuote(catalog, { term: input.term, items: input.items });
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const saved = this.store.write((tx) => {
      const app = tx.select().from(applications).where(eq(applications.id, input.applicationId)).get();
      if (!app) throw new AppError('NOT_FOUND', errorMsg('core.quoteAppNotFound'), { applicationId: input.applicationId });
      let quoteId = input.quoteId;
      let version = 1;
      if (quoteId) {
        const quote = tx.select().from(quotes).where(eq(quotes.id, quoteId)).get();
        if (quote?.applicationId !== app.id) {
          throw new AppError('NOT_FOUND', errorMsg('core.quoteNotFound'), { quoteId });
        }
        version = quote.latestVersion + 1;
        tx.update(quotes).set({ latestVersion: version, updatedAt: nowIso }).where(eq(quotes.id, quoteId)).run();
      } else {
        quoteId = newId();
        tx.insert(quotes).values({ id: quoteId, applicationId: app.id, latestVersion: 1, createdAt: nowIso, updatedAt: nowIso }).run();
      }
      tx.insert(quoteVersions)
        .values({
          id: newId(),
          quoteId,
          version,
          catalogId: catalog.id,
          catalogVersion: catalog.version,
          currency: catalog.currency,
          term: input.term,
          items: input.items,
          result: priced,
          monthlyTotal: priced.monthly.total,
          approvalRequired: priced.approvalRequired,
          approvalStatus: priced.approvalRequired ? 'pending' : 'not_required',
          notes: input.notes ?? null,
          validUntil: format(addDays(now, input.validDays), 'yyyy-MM-dd'),
          createdAt: nowIso,
        })
        .run();
      // A draft becomes quoted; a later status keeps its place (a signed one goes back in `within`).
      tx.update(applications)
        .set({ term: input.term, items: input.items, status: app.status === 'draft' ? 'quoted' : app.status, updatedAt: nowIso, revision: app.revision + 1 })
        .where(eq(applications.id, app.id))
        .run();
      within?.(tx);
      return { quoteId, version };
    });
    return this.get(saved.quoteId, saved.version);
  }

  /** The application's most recent saved quote version (what its 견적서 prints), if any. */
  latestVersionFor(applicationId: string): QuoteVersion | null {
    const q = this.store.db.select().from(quotes).where(eq(quotes.applicationId, applicationId)).orderBy(desc(quotes.updatedAt)).limit(1).get();
    return q ? this.get(q.id).version : null;
  }

  /** The approval state of the application's most recent quote version (null: no quote yet). */
  latestApprovalFor(applicationId: string): QuoteVersion['approval']['status'] | null {
    const row = this.store.db
      .select({ status: quoteVersions.approvalStatus })
      .from(quotes)
      .innerJoin(quoteVersions, and(eq(quoteVersions.quoteId, quotes.id), eq(quoteVersions.version, quotes.latestVersion)))
      .where(eq(quotes.applicationId, applicationId))
      .orderBy(desc(quotes.updatedAt))
      .limit(1)
      .get();
    return row?.status ?? null;
  }

  get(quoteId: string, version?: number): QuoteDetail {
    const head = this.store.db
      // The name the application carries (what its papers say), else the company's record.
      .select({ quote: quotes, customerName: sql<string>`coalesce(json_extract(${applications.customer}, '$.name'), ${customers.name})` })
      .from(quotes)
      .innerJoin(applications, eq(applications.id, quotes.applicationId))
      .innerJoin(customers, eq(customers.id, applications.customerId))
      .where(eq(quotes.id, quoteId))
      .get();
    if (!head) throw new AppError('NOT_FOUND', errorMsg('core.quoteNotFound'), { quoteId });
    const rows = this.store.db.select().from(quoteVersions).where(eq(quoteVersions.quoteId, quoteId)).orderBy(desc(quoteVersions.version)).all();
    const wanted = version ?? head.quote.latestVersion;
    const row = rows.find((r) => r.version === wanted);
    if (!row) throw new AppError('NOT_FOUND', `견적 ${wanted}차 버전이 없습니다.`, { quoteId, version: wanted });
    return {
      quoteId,
      applicationId: head.quote.applicationId,
      customerName: head.customerName,
      latestVersion: head.quote.latestVersion,
      version: toVersion(row, head.quote.applicationId),
      versions: rows.map((r) => ({
        version: r.version,
        createdAt: r.createdAt,
        term: r.term,
        monthlyTotal: r.monthlyTotal,
        approvalStatus: r.approvalStatus,
        catalog: { id: r.catalogId, version: r.catalogVersion },
      })),
    };
  }

  list(filter: { applicationId?: string | undefined; query?: string | undefined; limit: number; offset: number }): { total: number; items: QuoteSummary[] } {
    const term = parseSearch(filter.query);
    const where = and(
      filter.applicationId ? eq(quotes.applicationId, filter.applicationId) : undefined,
      term.kind === 'serviceNumberPrefix' ? sql`${applications.serviceNumber} LIKE ${term.value + '%'}` : customerSearchCondition(filter.query),
    );
    const base = () =>
      this.store.db
        .select({
          quote: quotes,
          customerName: sql<string>`coalesce(json_extract(${applications.customer}, '$.name'), ${customers.name})`,
          businessNumber: customers.businessNumber,
          latest: quoteVersions,
        })
        .from(quotes)
        .innerJoin(applications, eq(applications.id, quotes.applicationId))
        .innerJoin(customers, eq(customers.id, applications.customerId))
        .innerJoin(quoteVersions, and(eq(quoteVersions.quoteId, quotes.id), eq(quoteVersions.version, quotes.latestVersion)));
    const total = this.store.db
      .select({ n: sql<number>`count(*)` })
      .from(quotes)
      .innerJoin(applications, eq(applications.id, quotes.applicationId))
      .innerJoin(customers, eq(customers.id, applications.customerId))
      .where(where)
      .get()!.n;
    const rows = base().where(where).orderBy(desc(quotes.updatedAt), desc(quotes.id)).limit(filter.limit).offset(filter.offset).all();
    return {
      total,
      items: rows.map((r) => ({
        quoteId: r.quote.id,
        applicationId: r.quote.applicationId,
        customerName: r.customerName,
        businessNumber: formatBusinessNumber(r.businessNumber),
        latestVersion: r.quote.latestVersion,
        term: r.latest.term,
        monthlyTotal: r.latest.monthlyTotal,
        currency: r.latest.currency,
        approvalStatus: r.latest.approvalStatus,
        updatedAt: r.quote.updatedAt,
      })),
    };
  }
}
