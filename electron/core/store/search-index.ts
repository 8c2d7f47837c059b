import type Database from 'better-sqlite3';

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
const APP_UNINDEX = 'DELETE FROM app_search WHERE rowid IN (SELECT r.rowid FROM json_each(?) j JOIN app_search_rows r ON r.app = j.value)';
const APP_ROWS_DELETE = 'DELETE FROM app_search_rows WHERE app IN (SELECT value FROM json_each(?))';
/**
 * The entries' order keys as migration 0016's triggers make them (updated_at's whole seconds since
 * 2020 × 2^20, then a sequence among entries of the same second: after any already there, in
 * id order). The SELECT reads app_search_rows, so SQLite computes every row before inserting one.
 */
const APP_ROWS_INSERT = `INSERT INTO app_search_rows (rowid, app, id, updated_at, name, rep, phone, svc, bn)
  SELECT x.base + coalesce((SELECT max(rowid) + 1 FROM app_search_rows WHERE rowid >= x.base AND rowid < x.base + 1048576) - x.base, 0)
      + row_number() OVER (PARTITION BY x.base ORDER BY x.id) - 1,
    x.app, x.id, x.updated_at, x.name, x.rep, x.phone, x.svc, x.bn
  FROM (SELECT max(0, coalesce(unixepoch(a.updated_at) - 1577836800, 0)) * 1048576 AS base,
      a.rowid AS app, a.id, a.updated_at, coalesce(c.name_key, '') AS name, coalesce(replace(c.representative, ' ', ''), '') AS rep,
      coalesce(replace(replace(c.phone, '-', ''), ' ', ''), '') AS phone, coalesce(a.service_number, '') AS svc, coalesce(c.business_number, '') AS bn
    FROM json_each(?) j JOIN applications a ON a.rowid = j.value LEFT JOIN customers c ON c.id = a.customer_id) x`;
const APP_INDEX = `INSERT INTO app_search (rowid, name, rep, phone, svc, bn)
  SELECT r.rowid, search_bigrams(r.name), search_bigrams(r.rep), search_bigrams(r.phone), search_svc(r.svc), search_bn(r.bn)
  FROM json_each(?) j JOIN app_search_rows r ON r.app = j.value`;
const CUSTOMER_UNINDEX = 'DELETE FROM customer_search WHERE rowid IN (SELECT c.rowid FROM json_each(?) j JOIN customers c ON c.id = j.value)';
const CUSTOMER_INDEX = 'INSERT INTO customer_search (rowid, grams) SELECT c.rowid, search_grams(c.name_key) FROM json_each(?) j JOIN customers c ON c.id = j.value';

/** Indexes what a pulled page wrote (inside the page's transaction) and forgets the list. */
export function indexPulledRows(store: { cached(sql: string): Database.Statement }, rows: PulledRows): void {
  if (rows.size === 0) return;
  const apps = store
    .cached(APP_ROWIDS)
    .pluck()
    .all({ apps: JSON.stringify([...rows.applications]), customers: JSON.stringify([...rows.customersChanged]) }) as number[];
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
export function optimizeSearchIndexes(store: { readonly sqlite: Database.Database; write(fn: () => void): void }): void {
  store.write(() => {
    store.sqlite.exec("INSERT INTO app_search (app_search) VALUES ('optimize')");
    store.sqlite.exec("INSERT INTO customer_search (customer_search) VALUES ('optimize')");
  });
}

/**
 * Merging starts after this many rows changed since the indexes were last one segment each, or
 * PAGES_PER_CHANGE_BUDGET changes per index page if that is more: a full merge rewrites the whole
 * index, so it waits for writes in proportion to the index's size — every row written then costs
 * a bounded number of merged pages, at 10k applications as at 1M.
 */
const MERGE_AFTER_CHANGES = 1_000;
const CHANGES_PER_INDEX_PAGE = 4;
/** Pause between idle merge steps, so the app's thread never waits on more than one step. */
const IDLE_STEP_MS = 25;
/** One merge step, in index pages (4 KB) written: a few milliseconds. */
const IDLE_STEP_PAGES = 64;

/**
 * Keeps the FTS5 search indexes merged as writes arrive (issue 12). Every write that touches the
 * index adds a segment; FTS5's own automerge leaves up to three per level, and a query reads one
 * b-tree per segment per term (bench:store: a common-substring search cost about twice as much
 * after 100k row-by-row inserts as after an 'optimize'). 'optimize' merges everything in one go —
 * a stall that grows with the store — so the merging is done here in bounded steps, while the app
 * is idle: FTS5's incremental `merge` with a negative page count (every segment into one, as few
 * as two at a time), IDLE_STEP_PAGES per step in its own short transaction every IDLE_STEP_MS,
 * until FTS5 reports nothing left to merge. Writes only count what they changed (no merge work
 * inside a write: a pulled page or an import is not slowed by it). Results never depend on it: a
 * half-merged index answers the same rows.
 */
export class SearchIndexMerger {
  private pending = 0;
  /** Changes that start the next merge (computed once MERGE_AFTER_CHANGES is reached). */
  private threshold: number | null = null;
  private merging = false;
  private idling = false;
  private holds = 0;
  private timer: NodeJS.Timeout | null = null;
  private idleWaiters: (() => void)[] = [];
  private readonly changes: Database.Statement;
  /** Prepared on first use: a store opened with a partial migrations folder (tests) may lack the tables; then there is nothing to merge. */
  private steps: Database.Statement[] | null = null;

  constructor(
    private readonly sqlite: Database.Database,
    /** Runs a step in its own write transaction (the store's write path). */
    private readonly inWrite: (fn: () => void) => void,
  ) {
    this.changes = sqlite.prepare('SELECT total_changes()').pluck();
  }

  /** Rows changed so far on this connection (triggers included): what a write measures itself by. */
  total(): number {
    return this.changes.get() as number;
  }

  /** Inside a write's transaction, after its work: counts what it changed, and decides whether a merge is due. */
  afterWrite(changed: number): void {
    if (this.idling) return;
    this.pending += changed;
    if (this.merging || this.pending < MERGE_AFTER_CHANGES) return;
    this.threshold ??= Math.max(MERGE_AFTER_CHANGES, CHANGES_PER_INDEX_PAGE * this.indexPages());
    if (this.pending >= this.threshold) this.merging = true;
  }

  /** After the write committed: go on merging while the app is idle. */
  afterCommit(): void {
    if (this.merging && this.holds === 0) this.schedule();
    else this.settle();
  }

  /** Resolves once no merge is in progress (benchmarks wait for it, as a device would be idle). */
  idle(): Promise<void> {
    if (!this.merging) return Promise.resolve();
    this.timer?.ref();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** No merge step runs until every hold is released (what was counted meanwhile is merged then). */
  hold(): () => void {
    this.holds += 1;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds -= 1;
      if (this.holds === 0) this.afterCommit();
    };
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.merging = false;
    this.settle();
  }

  private tables(): string[] {
    return ['app_search', 'customer_search'].filter((t) => this.sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t));
  }

  /** The indexes' size in pages (their shadow tables' rows). */
  private indexPages(): number {
    return this.tables().reduce((n, t) => n + (this.sqlite.prepare(`SELECT count(*) FROM ${t}_data`).pluck().get() as number), 0);
  }

  private step(): void {
    this.steps ??= this.tables().map((t) => this.sqlite.prepare(`INSERT INTO ${t} (${t}, rank) VALUES ('merge', ?)`));
    let worked = false;
    for (const statement of this.steps) {
      const before = this.total();
      statement.run(-IDLE_STEP_PAGES);
      // FTS5's documented signal: a change count of 2 or more means the step merged something.
      if (this.total() - before >= 2) worked = true;
    }
    this.merging = worked;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.sqlite.open) {
        this.stop();
        return;
      }
      this.idling = true;
      try {
        this.inWrite(() => {
          this.step();
          if (!this.merging) this.merged(0);
        });
      } catch {
        // The store busy (another process writing) or closing: the next write takes it up again.
        this.stop();
      } finally {
        this.idling = false;
      }
    }, IDLE_STEP_MS);
    // The app's own timers keep it running; the merge alone does not (unless someone waits for it).
    if (this.idleWaiters.length === 0) this.timer.unref();
  }

  private merged(pending: number): void {
    this.pending = pending;
    this.threshold = null;
  }

  private settle(): void {
    if (this.merging) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
