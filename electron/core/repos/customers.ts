import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Customer } from '../../../shared/domain/application';
import type { CustomerRecord, CustomerSummary } from '../../../shared/domain/customer';
import { digitsOnly } from '../../../shared/format/digits';
import { formatBusinessNumber } from '../../../shared/format/bizno';
import { companySearchKey, parseSearch } from '../../../shared/search/keys';
import type { Db, Store, Tx } from '../store/db';
import { cappedCount, searchSql } from './search-sql';
import { customers, type CustomerRow } from '../store/schema';
import { newId } from '../ids';
import { searchMatch } from '../store/search';

export function customerFromRow(row: CustomerRow): CustomerRecord {
  return {
    id: row.id,
    name: row.name,
    businessNumber: formatBusinessNumber(row.businessNumber),
    corporateNumber: row.corporateNumber,
    representative: row.representative,
    address: row.address,
    phone: row.phone,
    mobile: row.mobile,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The customer block as it appears in the application JSON (optional fields omitted). */
export function customerBlock(row: CustomerRow): Customer {
  return {
    name: row.name,
    businessNumber: formatBusinessNumber(row.businessNumber),
    ...(row.corporateNumber ? { corporateNumber: row.corporateNumber } : {}),
    representative: row.representative,
    address: row.address,
    phone: row.phone,
    ...(row.mobile ? { mobile: row.mobile } : {}),
  };
}

/** SQL condition matching what a rep typed, against the customers table. */
export function customerSearchCondition(query: string | undefined): SQL | undefined {
  const term = parseSearch(query);
  switch (term.kind) {
    case 'businessNumberPrefix':
      // Range on the unique index: '123' ≤ bn < '124'
      return and(sql`${customers.businessNumber} >= ${term.digits}`, sql`${customers.businessNumber} < ${term.digits + '\u{10FFFF}'}`);
    case 'name':
      // Candidates from the bigram index, confirmed as a real substring.
      return and(
        sql`"customers"."rowid" IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ${searchMatch(term.key)})`,
        sql`instr(${customers.nameKey}, ${term.key}) > 0`,
      );
    case 'serviceNumberPrefix':
    case 'none':
      return undefined;
  }
}

export class CustomersRepo {
  private readonly db: Db;
  constructor(private readonly store: Store) {
    this.db = store.db;
  }

  /**
   * Finds the customer by business number and refreshes its master data, or creates it.
   * Runs inside the caller's write transaction.
   */
  upsert(tx: Tx, input: Customer, now: string): CustomerRow {
    const bn = digitsOnly(input.businessNumber);
    const values = {
      name: input.name,
      nameKey: companySearchKey(input.name),
      representative: input.representative,
      address: input.address,
      phone: input.phone,
      corporateNumber: input.corporateNumber ?? null,
      mobile: input.mobile ?? null,
    };
    // The oldest record of the company wins when sync brought in a second one for the same number.
    const existing = tx.select().from(customers).where(eq(customers.businessNumber, bn)).orderBy(customers.createdAt, customers.id).limit(1).get();
    if (!existing) {
      const row = { id: newId(), businessNumber: bn, ...values, createdAt: now, updatedAt: now, revision: 1 };
      tx.insert(customers).values(row).run();
      return row;
    }
    const changed = (Object.keys(values) as (keyof typeof values)[]).some((k) => existing[k] !== values[k]);
    if (!changed) return existing;
    const updated = { ...existing, ...values, updatedAt: now, revision: existing.revision + 1 };
    tx.update(customers).set({ ...values, updatedAt: now, revision: updated.revision }).where(eq(customers.id, existing.id)).run();
    return updated;
  }

  get(id: string): CustomerRow | undefined {
    return this.db.select().from(customers).where(eq(customers.id, id)).get();
  }

  list(query: string | undefined, limit: number, offset: number): { total: number; totalCapped: boolean; items: CustomerSummary[] } {
    const search = searchSql(this.store, query, 'c', null);
    const whereSql = search.where.length ? ` WHERE ${search.where.join(' AND ')}` : '';
    const rows = this.store
      .cached(
        `SELECT c.id, c.name, c.business_number AS businessNumber, c.representative, c.phone, c.updated_at AS updatedAt,
           (SELECT count(*) FROM applications a WHERE a.customer_id = c.id) AS applicationCount
         FROM customers c${whereSql} ORDER BY c.updated_at DESC, c.id DESC LIMIT ? OFFSET ?`,
      )
      .all(...search.params, limit, offset) as (Omit<CustomerSummary, 'businessNumber'> & { businessNumber: string })[];
    const count = search.active
      ? cappedCount(this.store, `FROM customers c${whereSql}`, search.params)
      : { total: (this.store.cached('SELECT count(*) AS n FROM customers').get() as { n: number }).n, totalCapped: false };
    return { ...count, items: rows.map((r) => ({ ...r, businessNumber: formatBusinessNumber(r.businessNumber) })) };
  }
}
