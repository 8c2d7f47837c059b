import { and, eq, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Customer } from '../../../shared/domain/application';
import { customerNameQuestion, sameCompanyName, type CustomerNameAnswer, type CustomerRecord, type CustomerSummary } from '../../../shared/domain/customer';
import { isContentEditable } from '../../../shared/lifecycle/editing';
import type { ApplicationStatus } from '../../../shared/domain/status';
import { digitsOnly } from '../../../shared/format/digits';
import { formatBusinessNumber } from '../../../shared/format/bizno';
import { companySearchKey, parseSearch } from '../../../shared/search/keys';
import type { Db, Store, Tx } from '../store/db';
import { cappedCount, searchSql } from './search-sql';
import { applications, customers, documents, signatures, type CustomerRow } from '../store/schema';
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
    nameHistory: row.nameHistory ?? [],
  };
}

/** Who is writing a customer block, for the name question and the rename record. */
export interface NamingContext {
  /** The application being written (left out of "other applications"); absent for a new one. */
  applicationId?: string | undefined;
  /** The rep's answer to the name question, when asked. */
  answer?: CustomerNameAnswer | undefined;
  /** This device, recorded with a rename. */
  device: string;
}

type NameDecision = { kind: 'new'; existing: null; block: Customer } | { kind: 'same' | 'keep' | 'rename'; existing: CustomerRow; block: Customer };

/**
 * A known business number with another company name (sameCompanyName aside) is a question when
 * other applications show the registered name; the answer decides the block this one carries.
 */
function decideName(db: Db | Tx, input: Customer, naming: NamingContext): NameDecision {
  const bn = digitsOnly(input.businessNumber);
  // The oldest record of the company wins when sync brought in a second one for the same number.
  const existing = db.select().from(customers).where(eq(customers.businessNumber, bn)).orderBy(customers.createdAt, customers.id).limit(1).get();
  if (!existing) return { kind: 'new', existing: null, block: input };
  if (sameCompanyName(existing.name, input.name)) return { kind: 'same', existing, block: input };
  const others = db
    .select({ id: applications.id })
    .from(applications)
    .where(and(eq(applications.customerId, existing.id), naming.applicationId ? ne(applications.id, naming.applicationId) : undefined))
    .all().length;
  // Nothing else shows the registered name (the rep corrects the only application): no question.
  if (others === 0) return { kind: 'same', existing, block: input };
  if (!naming.answer) throw customerNameQuestion({ businessNumber: formatBusinessNumber(bn), registeredName: existing.name, typedName: input.name, applications: others });
  return naming.answer === 'mistake' ? { kind: 'keep', existing, block: { ...input, name: existing.name } } : { kind: 'rename', existing, block: input };
}

/**
 * A recorded rename reaches the company's applications still being written that carry no
 * signature yet; every other application keeps the name it was signed and submitted under.
 */
function renameUnsignedApplications(tx: Tx, customerId: string, except: string | undefined, name: string, now: string): void {
  const rows = tx
    .select({ id: applications.id, status: applications.status, customer: applications.customer, revision: applications.revision })
    .from(applications)
    .where(eq(applications.customerId, customerId))
    .all()
    .filter((r) => r.id !== except && r.customer !== null && isContentEditable(r.status as ApplicationStatus));
  for (const r of rows) {
    const signed = tx.select({ id: signatures.id }).from(signatures).innerJoin(documents, eq(documents.id, signatures.documentId)).where(eq(documents.applicationId, r.id)).limit(1).get();
    if (signed) continue;
    // A new revision: a screen still showing the old name gets "changed elsewhere" on save.
    tx.update(applications)
      .set({ customer: { ...r.customer!, name }, updatedAt: now, revision: r.revision + 1 })
      .where(eq(applications.id, r.id))
      .run();
  }
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
      // Candidates from the bigram index, confirmed as a real substring; or the 대표자's name.
      return or(
        and(sql`"customers"."rowid" IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ${searchMatch(term.key)})`, sql`instr(${customers.nameKey}, ${term.key}) > 0`),
        sql`instr(replace(${customers.representative}, ' ', ''), ${term.text}) > 0`,
      );
    case 'phonePart':
      return sql`instr(replace(replace(${customers.phone}, '-', ''), ' ', ''), ${term.digits}) > 0`;
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
   * Finds the customer by business number and refreshes its master data, or creates it. Runs
   * inside the caller's write transaction. A known business number typed with another company
   * name is a question for the rep (customerNameQuestion) when other applications show the
   * registered name: `renamed` records the rename and takes the new name to the customer and to
   * its applications still being written (nothing signed); `mistake` keeps the registered name.
   * Answers with the customer row and the customer block this application is written with.
   */
  upsert(tx: Tx, input: Customer, now: string, naming: NamingContext): { row: CustomerRow; block: Customer } {
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
    const decision = decideName(tx, input, naming);
    const existing = decision.existing;
    if (!existing) {
      const row = { id: newId(), businessNumber: bn, ...values, createdAt: now, updatedAt: now, revision: 1, nameHistory: null };
      tx.insert(customers).values(row).run();
      return { row, block: input };
    }
    let nameHistory = existing.nameHistory;
    if (decision.kind === 'keep') {
      values.name = existing.name;
      values.nameKey = existing.nameKey;
    } else if (decision.kind === 'rename') {
      nameHistory = [...(existing.nameHistory ?? []), { name: existing.name, to: input.name, at: now, device: naming.device, applicationId: naming.applicationId ?? null }];
      renameUnsignedApplications(tx, existing.id, naming.applicationId, input.name, now);
    }
    const block = decision.block;
    const changed = (Object.keys(values) as (keyof typeof values)[]).some((k) => existing[k] !== values[k]) || nameHistory !== existing.nameHistory;
    if (!changed) return { row: existing, block };
    const updated = { ...existing, ...values, nameHistory, updatedAt: now, revision: existing.revision + 1 };
    tx.update(customers)
      .set({ ...values, nameHistory, updatedAt: now, revision: updated.revision })
      .where(eq(customers.id, existing.id))
      .run();
    return { row: updated, block };
  }

  /**
   * The name question, asked before anything is written (the same decision upsert makes): throws
   * it when unanswered, and answers with the customer block the application will carry.
   */
  blockFor(input: Customer, naming: NamingContext): Customer {
    return decideName(this.db, input, naming).block;
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
