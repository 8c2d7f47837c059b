import { eq } from 'drizzle-orm';
import { errorMsg } from '../../../shared/i18n/error-messages';
import type { Application, ApplicationExport, ApplicationRecord, ApplicationSummary } from '../../../shared/domain/application';
import type { ApplicationStatus, StatusAtHq } from '../../../shared/domain/status';
import { AppError } from '../../../shared/contract/errors';
import { formatBusinessNumber } from '../../../shared/format/bizno';
import type { Db, Store, Tx } from '../store/db';
import type { CustomerNameAnswer } from '../../../shared/domain/customer';
import { parseWorkflow, type Workflow } from '../../../shared/lifecycle/workflow';
import { applications, customers, type ApplicationRow, type CustomerRow } from '../store/schema';
import { newId, type Clock } from '../ids';
import { customerBlock, CustomersRepo } from './customers';
import { applicationSearchPage, cappedCount, searchSql } from './search-sql';

/** Who writes, and the rep's answer to the company-name question (see CustomersRepo.upsert). */
export interface WriteOptions {
  nameAnswer?: CustomerNameAnswer | undefined;
  /** This device, recorded with a rename. */
  device: string;
}

export interface ApplicationListFilter {
  query?: string | undefined;
  kind?: Application['kind'] | undefined;
  status?: ApplicationStatus | undefined;
  /** 신청일 range, inclusive, YYYY-MM-DD. */
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  limit: number;
  offset: number;
}

function toRecord(row: ApplicationRow, customer: CustomerRow): ApplicationRecord {
  return {
    id: row.id,
    kind: row.kind,
    // What this application applied with; rows from before the snapshot existed read the company's record.
    customer: row.customer ?? customerBlock(customer),
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
    customer: app.customer,
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
    this.customers = new CustomersRepo(store);
  }

  create(app: Application, options: WriteOptions): ApplicationRecord {
    return this.store.write((tx) => {
      const now = this.clock.now().toISOString();
      const customer = this.customers.upsert(tx, app.customer, now, { answer: options.nameAnswer, device: options.device });
      const row: ApplicationRow = {
        id: newId(),
        customerId: customer.row.id,
        ...rowValues({ ...app, customer: customer.block }),
        workflow: null,
        statusReason: null,
        status: 'draft',
        createdAt: now,
        updatedAt: now,
        revision: 1,
      };
      tx.insert(applications).values(row).run();
      return toRecord(row, customer.row);
    });
  }

  /**
   * Writes the rep's edit of an application. `within` runs in the same transaction afterwards
   * (the consequences of voided signatures: the status going back, frozen facts let go).
   */
  update(id: string, revision: number, app: Application, options: WriteOptions & { within?: (tx: Tx) => void }): ApplicationRecord {
    return this.store.write((tx) => {
      const existing = tx.select().from(applications).where(eq(applications.id, id)).get();
      if (!existing) throw notFound(id);
      if (existing.revision !== revision) {
        throw new AppError('CONFLICT', errorMsg('core.applicationConflict'), { storedRevision: existing.revision, yourRevision: revision });
      }
      const now = this.clock.now().toISOString();
      const customer = this.customers.upsert(tx, app.customer, now, { applicationId: id, answer: options.nameAnswer, device: options.device });
      const values = { ...rowValues({ ...app, customer: customer.block }), customerId: customer.row.id, updatedAt: now, revision: existing.revision + 1 };
      tx.update(applications).set(values).where(eq(applications.id, id)).run();
      options.within?.(tx);
      return this.getIn(tx, id);
    });
  }

  /**
   * Deletes a draft with its unsigned form rows and attachment links, in one transaction, each
   * deletion recorded in the outbox (op 'delete') so HQ drops them too. The caller checked the
   * status rule (isDiscardable); a quote or a signature makes it refuse here as well.
   */
  discard(id: string, revision: number): void {
    this.store.write(() => {
      const row = this.store.cached('SELECT status, revision FROM applications WHERE id = ?').get(id) as { status: string; revision: number } | undefined;
      if (!row) throw notFound(id);
      if (row.revision !== revision) {
        throw new AppError('CONFLICT', errorMsg('core.discardConflict'), { storedRevision: row.revision, yourRevision: revision });
      }
      const held = this.store
        .cached(`SELECT (SELECT count(*) FROM quotes WHERE application_id = ?) AS quotes,
          (SELECT count(*) FROM signatures s JOIN documents d ON d.id = s.document_id WHERE d.application_id = ?) AS signatures`)
        .get(id, id) as { quotes: number; signatures: number };
      if (row.status !== 'draft' || held.quotes > 0 || held.signatures > 0) {
        throw new AppError('NOT_ALLOWED', errorMsg('core.discardNotDraft'), { reason: 'not_draft', status: row.status });
      }
      const now = this.clock.now().toISOString();
      const record = this.store.cached(
        `INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
         VALUES (uuid7(), ?, ?, 'delete', '{}', coalesce((SELECT server_version FROM sync_records WHERE entity = ? AND entity_id = ?), 0), ?, 'queued')`,
      );
      const children = [
        { entity: 'application_attachment', table: 'application_attachments' },
        { entity: 'document', table: 'documents' },
      ];
      for (const child of children) {
        const ids = this.store.cached(`SELECT id FROM ${child.table} WHERE application_id = ?`).all(id) as { id: string }[];
        for (const c of ids) record.run(child.entity, c.id, child.entity, c.id, now);
        this.store.cached(`DELETE FROM ${child.table} WHERE application_id = ?`).run(id);
      }
      record.run('application', id, 'application', id, now);
      this.store.cached('DELETE FROM applications WHERE id = ?').run(id);
    });
  }

  /** The record as the open transaction sees it. */
  private getIn(tx: Tx, id: string): ApplicationRecord {
    const found = tx.select({ app: applications, customer: customers }).from(applications).innerJoin(customers, eq(customers.id, applications.customerId)).where(eq(applications.id, id)).get();
    if (!found) throw notFound(id);
    return toRecord(found.app, found.customer);
  }

  /** The application's workflow (the rep's progress beside its status): documents, provisioning, dates. */
  workflowOf(id: string): Workflow {
    const row = this.db.select({ workflow: applications.workflow }).from(applications).where(eq(applications.id, id)).get();
    if (!row) throw new AppError('NOT_FOUND', '청약을 찾을 수 없습니다. 목록을 새로 고치세요.', { id });
    return parseWorkflow(row.workflow);
  }

  get(id: string): ApplicationRecord {
    const found = this.db.select({ app: applications, customer: customers }).from(applications).innerJoin(customers, eq(customers.id, applications.customerId)).where(eq(applications.id, id)).get();
    if (!found) throw notFound(id);
    return toRecord(found.app, found.customer);
  }

  listForCustomer(customerId: string): ApplicationSummary[] {
    const rows = this.store.cached(`${SUMMARY_SELECT} FROM applications a JOIN customers c ON c.id = a.customer_id WHERE a.customer_id = ? ORDER BY a.updated_at DESC, a.id DESC`).all(customerId);
    return (rows as SummaryRow[]).map(toSummary);
  }

  list(filter: ApplicationListFilter): { total: number; totalCapped: boolean; items: ApplicationSummary[] } {
    if (!filter.kind && !filter.status && !filter.dateFrom && !filter.dateTo) {
      const page = applicationSearchPage(this.store, filter.query, filter.limit, filter.offset);
      if (page) return { total: page.total, totalCapped: page.totalCapped, items: this.summariesOf(page.ids) };
    }
    const search = searchSql(this.store, filter.query);
    const where = [...search.where];
    const params = [...search.params];
    if (filter.kind) {
      where.push('a.kind = ?');
      params.push(filter.kind);
    }
    if (filter.status) {
      where.push('a.status = ?');
      params.push(filter.status);
    }
    if (filter.dateFrom) {
      where.push('a.date >= ?');
      params.push(filter.dateFrom);
    }
    if (filter.dateTo) {
      where.push('a.date <= ?');
      params.push(filter.dateTo);
    }
    // CROSS JOIN fixes the join order (SQLite's documented planner hint): see searchSql.
    const from = search.customersFirst ? 'FROM customers c CROSS JOIN applications a ON a.customer_id = c.id' : 'FROM applications a CROSS JOIN customers c ON c.id = a.customer_id';
    const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    const rows = this.store.cached(`${SUMMARY_SELECT} ${from}${whereSql} ORDER BY a.updated_at DESC, a.id DESC LIMIT ? OFFSET ?`).all(...params, filter.limit, filter.offset) as SummaryRow[];
    const count =
      where.length === 0
        ? { total: (this.store.cached('SELECT count(*) AS n FROM applications').get() as { n: number }).n, totalCapped: false }
        : cappedCount(this.store, `${from}${whereSql}`, params);
    return { ...count, items: rows.map(toSummary) };
  }

  /** The list's rows for these ids, in their order: only the page's wide rows are read. */
  private summariesOf(ids: string[]): ApplicationSummary[] {
    if (ids.length === 0) return [];
    const rows = this.store
      .cached(`${SUMMARY_SELECT} FROM applications a JOIN customers c ON c.id = a.customer_id WHERE a.id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as SummaryRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [toSummary(r)] : [];
    });
  }
}

/**
 * The state of the latest outbox change that set the application's status (discarded ones do not
 * count), for `a`: what says whether HQ has the status the device shows (statusAtHqOf).
 */
export const STATUS_OUTBOX_SQL = `(SELECT o.state FROM outbox o WHERE o.entity = 'application' AND o.entity_id = a.id AND o.state != 'discarded'
    AND json_type(o.fields, '$.status') IS NOT NULL ORDER BY o.seq DESC LIMIT 1)`;

// The name the application itself carries (what its papers say); older rows: the company's.
const SUMMARY_SELECT = `SELECT a.id AS id, a.kind AS kind, coalesce(json_extract(a.customer, '$.name'), c.name) AS name, c.business_number AS businessNumber, a.status AS status,
  a.service_number AS serviceNumber, a.date AS date, a.updated_at AS updatedAt,
  (SELECT o.state FROM outbox o WHERE o.entity = 'application' AND o.entity_id = a.id AND o.state != 'discarded' ORDER BY o.seq DESC LIMIT 1) AS outboxState,
  ${STATUS_OUTBOX_SQL} AS statusOutbox,
  EXISTS (SELECT 1 FROM sync_records s WHERE s.entity = 'application' AND s.entity_id = a.id) AS pulled`;

interface SummaryRow {
  id: string;
  kind: Application['kind'];
  name: string;
  businessNumber: string;
  status: ApplicationStatus;
  serviceNumber: string | null;
  date: string;
  updatedAt: string;
  outboxState: 'queued' | 'sent' | 'accepted' | 'rejected' | null;
  statusOutbox: 'queued' | 'sent' | 'accepted' | 'rejected' | null;
  pulled: number;
}

/** Whether HQ has the status the device shows: from the change that set it, or the copy pulled from HQ. */
export function statusAtHqOf(statusOutbox: string | null, pulled: boolean): StatusAtHq {
  if (statusOutbox === 'accepted') return 'at_hq';
  if (statusOutbox === 'queued' || statusOutbox === 'sent') return 'waiting';
  if (statusOutbox === 'rejected') return 'refused';
  // No change of this device set it: it came from HQ — or the change that would have was discarded.
  return pulled ? 'at_hq' : 'refused';
}

/** Where a record stands with HQ, from its latest outbox entry (or none: pulled from HQ, or never written). */
function syncStateOf(r: SummaryRow): ApplicationSummary['sync'] {
  if (r.outboxState) return r.outboxState;
  return r.pulled ? 'accepted' : 'local';
}

function toSummary(r: SummaryRow): ApplicationSummary {
  return {
    id: r.id,
    kind: r.kind,
    customer: { name: r.name, businessNumber: formatBusinessNumber(r.businessNumber) },
    status: r.status,
    serviceNumber: r.serviceNumber,
    date: r.date,
    updatedAt: r.updatedAt,
    sync: syncStateOf(r),
    statusAtHq: statusAtHqOf(r.statusOutbox, r.pulled === 1),
  };
}

function notFound(id: string): AppError {
  return new AppError('NOT_FOUND', errorMsg('core.applicationNotFound', { id }), { id });
}
