import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Customer } from '../../../shared/domain/application';
import type { CustomerRecord, CustomerSummary } from '../../../shared/domain/customer';
import { digitsOnly } from '../../../shared/format/digits';
import { formatBusinessNumber } from '../../../shared/format/bizno';
import { companySearchKey, parseSearch } from '../../../shared/search/keys';
import type { Db, Tx } from '../store/db';
import { customers, type CustomerRow } from '../store/schema';
import { newId } from '../ids';

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
      return sql`instr(${customers.nameKey}, ${term.key}) > 0`;
    case 'serviceNumberPrefix':
    case 'none':
      return undefined;
  }
}

export class CustomersRepo {
  constructor(private readonly db: Db) {}

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
    const existing = tx.select().from(customers).where(eq(customers.businessNumber, bn)).get();
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

  list(query: string | undefined, limit: number, offset: number): { total: number; items: CustomerSummary[] } {
    const where = customerSearchCondition(query);
    const total = this.db
      .select({ n: sql<number>`count(*)` })
      .from(customers)
      .where(where)
      .get()!.n;
    const rows = this.db
      .select({
        row: customers,
        applicationCount: sql<number>`(SELECT count(*) FROM applications a WHERE a.customer_id = "customers"."id")`,
      })
      .from(customers)
      .where(where)
      .orderBy(desc(customers.updatedAt), desc(customers.id))
      .limit(limit)
      .offset(offset)
      .all();
    return {
      total,
      items: rows.map(({ row, applicationCount }) => ({
        id: row.id,
        name: row.name,
        businessNumber: formatBusinessNumber(row.businessNumber),
        representative: row.representative,
        phone: row.phone,
        updatedAt: row.updatedAt,
        applicationCount,
      })),
    };
  }
}
