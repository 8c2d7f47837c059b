import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { contract, type Channel } from '../../../shared/contract/contract';
import { tempDir } from '../../support/fixtures';
import { realisticStore, type RealisticStore } from '../../support/records';

let core: Core | undefined;
afterEach(() => core?.close());

/**
 * Every row of every table (the outbox and sync bookkeeping included), and every file the core
 * keeps — but the personal-data access log: a view of personal data is recorded by law (issue 17),
 * the one thing a read adds. The first test checks that it only ever grows.
 */
function snapshot(c: Core, dataDir: string): Record<string, unknown[]> {
  const tables = (c.store.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'access_log' ORDER BY name").all() as { name: string }[]).map(
    (t) => t.name,
  );
  const out: Record<string, unknown[]> = {};
  // Rows in a stable order (some tables, like the search index's, have no rowid).
  for (const t of tables)
    out[t] = c.store.sqlite
      .prepare(`SELECT * FROM "${t}"`)
      .all()
      .map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)))
      .sort();
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      // The SQLite file and its journal are compared by their rows above.
      else if (!/\.sqlite(-wal|-shm)?$/.test(e.name)) files.push(`${path.relative(dataDir, p)}:${fs.statSync(p).size}`);
    }
  };
  walk(dataDir);
  out['(files)'] = files.sort();
  return out;
}

/** Inputs for every read-only channel, on the records of the realistic store (several each where it matters). */
function queryInputs(r: RealisticStore, attachmentId: string): Record<string, unknown[]> {
  const apps = [r.subscription, r.change, r.termination, r.draft];
  return {
    'app.info': [{}],
    'customers.list': [{}, { query: '하나콜' }, { query: '102-81' }],
    'customers.get': [{ id: r.customerId }],
    'applications.list': [{}, { query: '하나콜' }, { query: 'J0000' }, { status: 'provisioning' }],
    'applications.get': apps.map((id) => ({ id })),
    'applications.export': [{ id: r.subscription, reason: '고객 요청 사본' }],
    'catalog.list': [{}],
    'catalog.get': [{}],
    'quotes.get': [{ quoteId: r.quoteId }, { quoteId: r.quoteId, version: 1 }],
    'quotes.list': [{}, { applicationId: r.subscription }],
    'documents.status': apps.map((applicationId) => ({ applicationId })),
    'documents.render': [
      { applicationId: r.subscription, forms: ['1', '2', '3', 'quote', '5', '6', 'settlement'], format: 'pdf', packet: true },
      { applicationId: r.change, forms: ['4'], format: 'pdf' },
      { applicationId: r.draft, forms: ['1'], format: 'docx' },
    ],
    'jobs.get': [{ jobId: 'no-such-job' }],
    'workflow.get': apps.map((applicationId) => ({ applicationId })),
    'dashboard.get': [{}],
    'sync.status': [{}],
    'sync.conflicts': [{}, { unseenOnly: true }],
    'sync.waiting': [{}],
    'sync.refused': [{}],
    'commission.plan': [{ catalogId: 'kt-bizmeka-2014' }, { catalogId: 'no-such-catalog' }],
    'commission.mine': [{}],
    'store.status': [{}],
    'tickets.list': [{}, ...apps.map((applicationId) => ({ applicationId }))],
    'tickets.credits': apps.map((applicationId) => ({ applicationId })),
    'consents.get': apps.map((applicationId) => ({ applicationId })),
    'settings.get': [{}],
    'attachments.get': [{ applicationId: r.subscription, id: attachmentId }],
    'prospects.mine': [{}],
    'prospects.reveal': [{ handoutId: HANDOUT.id, entryId: HANDOUT.entryId }],
    'prospects.print': [{ handoutId: HANDOUT.id }],
    'retention.due': [{}],
    'retention.log': [{}, { limit: 5 }],
  };
}

/** A prospect hand-out as a sync would have left it (issue 17 item 5). */
const HANDOUT = { id: '01900000-0000-7000-8000-00000000a001', listId: '01900000-0000-7000-8000-00000000b001', entryId: '01900000-0000-7000-8000-00000000c001' };
function seedHandout(c: Core): void {
  c.store.write(() => {
    c.store.sqlite
      .prepare(
        "INSERT INTO prospect_handouts (id, list_id, list_number, list_name, campaign, state, handed_at, acknowledged_at) VALUES (?, ?, 'PL-2026-0001', '12월 명단', '12월', 'acknowledged', '2026-12-01T00:00:00.000Z', '2026-12-01T01:00:00.000Z')",
      )
      .run(HANDOUT.id, HANDOUT.listId);
    c.store.sqlite.prepare("INSERT INTO prospect_entries (handout_id, id, seq, company, contact, phone) VALUES (?, ?, 1, '가나상사', '김가나', '010-2000-0001')").run(HANDOUT.id, HANDOUT.entryId);
  });
}

// Renders every form of four applications and runs every query: minutes on a busy machine.
describe('reads never write', { timeout: 180_000 }, () => {
  it('no read-only (query) channel of the contract changes a row of any table, the outbox, or a file — on first view of every record too — nor tells the screens something changed (no core event)', async () => {
    const dataDir = tempDir();
    core = openCore({ dataDir, host: 'test', validateOutput: true });
    const records = await realisticStore(core);
    const attachmentId = (await core.invoke('documents.status', { applicationId: records.subscription })).attachments[0]!.id;
    seedHandout(core);
    const inputs = queryInputs(records, attachmentId);
    const queries = (Object.keys(contract) as Channel[]).filter((c) => contract[c].kind === 'query');
    // A new read-only channel must be listed here, so it is checked too.
    expect(
      queries.filter((c) => !(c in inputs)),
      'query channels without inputs in this test',
    ).toEqual([]);
    expect(
      Object.keys(inputs).filter((c) => !queries.includes(c as Channel)),
      'inputs for channels that are not queries',
    ).toEqual([]);

    const before = snapshot(core, dataDir);
    // A query's access-log entry must not set off a 'changed' event (the screens would refetch, log, refetch…).
    const events: string[] = [];
    const stop = core.onEvent((e) => events.push(e.type));
    // The store is realistic: forms nobody filled in or signed have no row yet (the draft's, the termination's).
    expect((core.store.sqlite.prepare('SELECT count(*) AS n FROM documents WHERE application_id = ?').get(records.draft) as { n: number }).n).toBe(0);
    for (const channel of queries) {
      for (const input of inputs[channel]!) {
        const result = await core.dispatch(channel, input);
        if (channel !== 'jobs.get') expect(result.ok, `${channel} ${JSON.stringify(input)}: ${JSON.stringify(result.ok ? null : result.error)}`).toBe(true);
        expect(snapshot(core, dataDir), `${channel} ${JSON.stringify(input)} wrote something`).toEqual(before);
        expect(events, `${channel} ${JSON.stringify(input)} sent a core event`).toEqual([]);
      }
    }
    // …while a write does, at once.
    await core.invoke('settings.set', { language: 'en' });
    expect(events).toEqual(['changed']);
    stop();
    // The access log only grew, and still verifies.
    expect(core.ctx.accessLog.count()).toBeGreaterThan(0);
    expect(core.ctx.accessLog.verify().broken).toBeUndefined();
  });

  it('a refused write leaves nothing behind either: a settlement request that fails validation adds no document row and no outbox change', async () => {
    const dataDir = tempDir();
    core = openCore({ dataDir, host: 'test', validateOutput: true });
    const records = await realisticStore(core);
    const before = snapshot(core, dataDir);
    const refused = await core.dispatch('workflow.settlement', { applicationId: records.draft, inputs: { billingOffice: 42 } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(snapshot(core, dataDir)).toEqual(before);
  });
});
