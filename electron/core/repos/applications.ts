import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Application, ApplicationExport, ApplicationRecord, ApplicationSummary } from '../../../shared/domain/application';
import type { ApplicationStatus } from '../../../shared/domain/status';
import { AppError } from '../../../shared/contract/errors';
import { formatBusinessNumber } from '../../../shared/format/bizno';
import { parseSearch } from '../../../shared/search/keys';
import type { Db, Store } from '../store/db';
import { applications, customers, type ApplicationRow, type CustomerRow } from '../store/schema';
import { newId, type Clock } from '../ids';
import { customerBlock, customerSearchCondition, CustomersRepo } from './customers';

export interface ApplicationListFilter {
  query?: string | undefined;
  kind?: Application['kind'] | undefined;
  status?: ApplicationStatus | undefined;
  limit: number;
  offset: number;
}

function toRecord(row: ApplicationRow, customer: CustomerRow): ApplicationRecord {
  return {
    id: row.id,
    kind: row.kind,
    customer: customerBlock(customer),
    ...(row.billing ? { billing: row.billing } : {}),
    term: row.term,
    ...(row.termEnd ? { termEnd: row.termEnd } : {}),
    items: row.items,
    seller: row.seller,
    ...(row.serviceNumber ? { serviceNumber: row.serviceNumber } : {}),
    date: row.date,
    status: row.status as ApplicationStatus,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    customerId: row.customerId,
    revision: row.revision,
  };
}

/** The export JSON: the record without the store's bookkeeping (customer id, revision). */
export function toExport(record: ApplicationRecord): ApplicationExport {
  const { customerId: _c, revision: _r, ...rest } = record;
  return rest;
}

function rowValues(app: Application) {
  return {
    kind: app.kind,
    billing: app.billing ?? null,
    term: app.term,
    termEnd: app.termEnd ?? null,
    items: app.items,
    seller: app.seller,
    serviceNumber: app.serviceNumber ?? null,
    date: app.date,
  };
}

/** 청약 repository: every query on applications lives here; writes go through store.write. */
export class ApplicationsRepo {
  private readonly db: Db;
  private readonly customers: CustomersRepo;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    this.db = store.db;
    this.customers = new CustomersRepo(store.db);
  }

  create(app: Application): ApplicationRecord {
    return this.store.write((tx) => {
      const now = this.clock.now().toISOString();
      const customer = this.customers.upsert(tx, app.customer, now);
      const row: ApplicationRow = {
        id: newId(),
        customerId: customer.id,
        ...rowValues(app),
        status: 'draft',
        createdAt: now,
        updatedAt: now,
        revision: 1,
      };
      tx.insert(applications).values(row).run();
      return toRecord(row, customer);
    });
  }

  update(id: string, revision: number, app: Application): ApplicationRecord {
    return this.store.write((tx) => {
      const existing = tx.select().from(applications).where(eq(applications.id, id)).get();
      if (!existing) throw notFound(id);
      if (existing.revision !== revision) {
        throw new AppError(
          'CONFLICT',
          '이 청약은 다른 곳(다른 창, CLI 또는 동기화)에서 먼저 수정되었습니다. 최신 내용을 다시 불러온 뒤 변경 사항을 다시 입력하세요.',
          { storedRevision: existing.revision, yourRevision: revision },
        );
      }
      const now = this.clock.now().toISOString();
      const customer = this.customers.upsert(tx, app.customer, now);
      const values = { ...rowValues(app), customerId: customer.id, updatedAt: now, revision: existing.revision + 1 };
      tx.update(applications).set(values).where(eq(applications.id, id)).run();
      return toRecord({ ...existing, ...values }, customer);
    });
  }

  get(id: string): ApplicationRecord {
    const found = this.db
      .select({ app: applications, customer: customers })
      .from(applications)
      .innerJoin(customers, eq(customers.id, applications.customerId))
      .where(eq(applications.id, id))
      .get();
    if (!found) throw notFound(id);
    return toRecord(found.app, found.customer);
  }

  listForCustomer(customerId: string): ApplicationSummary[] {
    return this.summaries(eq(applications.customerId, customerId), 500, 0);
  }

  list(filter: ApplicationListFilter): { total: number; items: ApplicationSummary[] } {
    const conditions: (SQL | undefined)[] = [];
    const term = parseSearch(filter.query);
    if (term.kind === 'serviceNumberPrefix') {
      conditions.push(sql`${applications.serviceNumber} >= ${term.value}`, sql`${applications.serviceNumber} < ${term.value + '\u{10FFFF}'}`);
    } else {
      conditions.push(customerSearchCondition(filter.query));
    }
    if (filter.kind) conditions.push(eq(applications.kind, filter.kind));
    if (filter.status) conditions.push(eq(applications.status, filter.status));
    const where = and(...conditions);
    const total = this.db
      .select({ n: sql<number>`count(*)` })
      .from(applications)
      .innerJoin(customers, eq(customers.id, applications.customerId))
      .where(where)
      .get()!.n;
    return { total, items: this.summaries(where, filter.limit, filter.offset) };
  }

  private summaries(where: SQL | undefined, limit: number, offset: number): ApplicationSummary[] {
    return this.db
      .select({
        id: applications.id,
        kind: applications.kind,
        name: customers.name,
        businessNumber: customers.businessNumber,
        status: applications.status,
        serviceNumber: applications.serviceNumber,
        date: applications.date,
        updatedAt: applications.updatedAt,
      })
      .from(applications)
      .innerJoin(customers, eq(customers.id, applications.customerId))
      .where(where)
      .orderBy(desc(applications.updatedAt), desc(applications.id))
      .limit(limit)
      .offset(offset)
      .all()
      .map((r) => ({
        id: r.id,
        kind: r.kind,
        customer: { name: r.name, businessNumber: formatBusinessNumber(r.businessNumber) },
        status: r.status as ApplicationStatus,
        serviceNumber: r.serviceNumber,
        date: r.date,
        updatedAt: r.updatedAt,
      }));
  }

}

function notFound(id: string): AppError {
  return new AppError('NOT_FOUND', `청약(ID ${id})을 찾을 수 없습니다. 목록을 새로 고친 뒤 다시 선택하세요.`, { id });
}
