import type { Store } from './db';

/**
 * The search index for rows a pulled page wrote, in one set-based pass (issue 12, migration 0012).
 *
 * While a page is applied (`sync_control.applying = 1`) the triggers of 0009 leave the search
 * tables alone: an FTS5 insert per row through a trigger cost more than the row itself. The sync
 * engine notes what it wrote and calls `indexPulledRows` before the page commits, in the same
 * transaction, so the index never lags the rows. Local writes are indexed by the triggers as before.
 * The result is the same rows as the triggers would have made (`app_search_rows` mirrors what
 * `app_search` holds, so an application's old entry is found and removed first).
 */
export class PulledRows {
  /** Applications inserted or changed. */
  readonly applications = new Set<string>();
  /** Customers whose search fields (name, 대표자, phone, business number) changed: their applications are indexed again. */
  readonly customersChanged = new Set<string>();
  /** Customers new in this page: indexed for the customer search. */
  readonly customersNew = new Set<string>();
  /** Customers renamed (name_key changed): their customer-search entry is replaced. */
  readonly customersRenamed = new Set<string>();

  get size(): number {
    return this.applications.size + this.customersChanged.size + this.customersNew.size + this.customersRenamed.size;
  }

  clear(): void {
    this.applications.clear();
    this.customersChanged.clear();
    this.customersNew.clear();
    this.customersRenamed.clear();
  }
}

const APP_ROWIDS = `SELECT rowid FROM applications WHERE id IN (SELECT value FROM json_each(@apps))
  UNION SELECT rowid FROM applications WHERE customer_id IN (SELECT value FROM json_each(@customers))`;
const APP_UNINDEX = 'DELETE FROM app_search WHERE rowid IN (SELECT r.rowid FROM json_each(?) j JOIN app_search_rows r ON r.rowid = j.value)';
const APP_ROWS_DELETE = 'DELETE FROM app_search_rows WHERE rowid IN (SELECT value FROM json_each(?))';
const APP_ROWS_INSERT = `INSERT INTO app_search_rows (rowid, id, updated_at, name, rep, phone, svc, bn)
  SELECT a.rowid, a.id, a.updated_at, coalesce(c.name_key, ''), coalesce(replace(c.representative, ' ', ''), ''),
    coalesce(replace(replace(c.phone, '-', ''), ' ', ''), ''), coalesce(a.service_number, ''), coalesce(c.business_number, '')
  FROM json_each(?) j JOIN applications a ON a.rowid = j.value LEFT JOIN customers c ON c.id = a.customer_id`;
const APP_INDEX = `INSERT INTO app_search (rowid, name, rep, phone, svc, bn)
  SELECT r.rowid, search_grams(r.name), search_grams(r.rep), search_grams(r.phone), search_grams(r.svc), r.bn
  FROM json_each(?) j JOIN app_search_rows r ON r.rowid = j.value`;
const CUSTOMER_UNINDEX = 'DELETE FROM customer_search WHERE rowid IN (SELECT c.rowid FROM json_each(?) j JOIN customers c ON c.id = j.value)';
const CUSTOMER_INDEX = 'INSERT INTO customer_search (rowid, grams) SELECT c.rowid, search_grams(c.name_key) FROM json_each(?) j JOIN customers c ON c.id = j.value';

/** Indexes what a pulled page wrote (inside the page's transaction) and forgets the list. */
export function indexPulledRows(store: Store, rows: PulledRows): void {
  if (rows.size === 0) return;
  const apps = store.cached(APP_ROWIDS).pluck().all({ apps: JSON.stringify([...rows.applications]), customers: JSON.stringify([...rows.customersChanged]) }) as number[];
  if (apps.length > 0) {
    const list = JSON.stringify(apps);
    store.cached(APP_UNINDEX).run(list);
    store.cached(APP_ROWS_DELETE).run(list);
    store.cached(APP_ROWS_INSERT).run(list);
    store.cached(APP_INDEX).run(list);
  }
  if (rows.customersRenamed.size > 0) store.cached(CUSTOMER_UNINDEX).run(JSON.stringify([...rows.customersRenamed]));
  const customers = [...new Set([...rows.customersNew, ...rows.customersRenamed])];
  if (customers.length > 0) store.cached(CUSTOMER_INDEX).run(JSON.stringify(customers));
  rows.clear();
}

/**
 * After a large bulk write (a first sync): merge the FTS5 indexes' segments into one, so queries
 * read one b-tree per term instead of one per page applied.
 */
export function optimizeSearchIndexes(store: Store): void {
  store.write(() => {
    store.sqlite.exec("INSERT INTO app_search (app_search) VALUES ('optimize')");
    store.sqlite.exec("INSERT INTO customer_search (customer_search) VALUES ('optimize')");
  });
}
