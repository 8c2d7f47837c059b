import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { SYNCED_TABLES, outboxTriggerSql } from '../../../electron/core/sync/entities';
import { sampleApplication, tempDir } from '../../support/fixtures';

let core: Core | undefined;
afterEach(() => core?.close());

interface OutboxRow {
  entity: string;
  entity_id: string;
  op: string;
  fields: string;
  base_version: number;
  state: string;
}
const outbox = (c: Core) => (c.store.sqlite.prepare('SELECT * FROM outbox ORDER BY seq').all() as OutboxRow[]).map((r) => ({ ...r, fields: JSON.parse(r.fields) as Record<string, unknown> }));

describe('transactional outbox', () => {
  it('the triggers in the database are exactly the ones the sync table spec generates', () => {
    core = openCore({ dataDir: tempDir(), host: 'test' });
    const inDb = new Map(
      (core.store.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_outbox_%'").all() as { name: string; sql: string }[]).map((r) => [r.name, r.sql]),
    );
    const expected = SYNCED_TABLES.flatMap(outboxTriggerSql);
    expect(inDb.size).toBe(expected.length);
    for (const sql of expected) {
      const name = /CREATE TRIGGER `([^`]+)`/.exec(sql)![1]!;
      expect(inDb.get(name), name).toBe(sql.replace(/;$/, '').trim());
    }
  });

  it('creating an application queues its customer and the application, with JSON fields as JSON', async () => {
    core = openCore({ dataDir: tempDir(), host: 'test' });
    const app = await core.invoke('applications.create', sampleApplication());
    const rows = outbox(core);
    expect(rows.map((r) => [r.entity, r.state, r.base_version])).toEqual([
      ['customer', 'queued', 0],
      ['application', 'queued', 0],
    ]);
    expect(rows[1]!.entity_id).toBe(app.id);
    expect(rows[1]!.fields).toMatchObject({ kind: 'new', customerId: app.customerId, items: sampleApplication().items, seller: sampleApplication().seller, status: 'draft', billing: null });
    expect(rows[1]!.fields).not.toHaveProperty('revision');
    expect(rows[1]!.fields).not.toHaveProperty('updatedAt');
    expect(rows[1]!.fields).not.toHaveProperty('statusReason');
  });

  it('an update queues only the fields it changed, in the same transaction as the write', async () => {
    core = openCore({ dataDir: tempDir(), host: 'test' });
    const app = await core.invoke('applications.create', sampleApplication());
    await core.invoke('applications.update', { id: app.id, revision: 1, application: sampleApplication({ term: '24m' }) });
    const last = outbox(core).at(-1)!;
    expect(last).toMatchObject({ entity: 'application', entity_id: app.id, fields: { term: '24m' } });
    expect(Object.keys(last.fields)).toEqual(['term']);
  });

  it('a write that rolls back leaves no mutation behind', () => {
    core = openCore({ dataDir: tempDir(), host: 'test' });
    const before = outbox(core).length;
    expect(() =>
      core!.store.write(() => {
        // The insert fires the outbox trigger; then the transaction fails and takes both back.
        core!.store.sqlite
          .prepare("INSERT INTO customers (id, name, name_key, business_number, representative, address, phone, created_at, updated_at) VALUES ('x', 'n', 'n', '1', 'r', 'a', 'p', 't', 't')")
          .run();
        expect(outbox(core!).length).toBe(before + 1);
        throw new Error('fail after the write');
      }),
    ).toThrow();
    expect(outbox(core).length).toBe(before);
  });

  it('changes written while applying a pull are not queued again', async () => {
    core = openCore({ dataDir: tempDir(), host: 'test' });
    const app = await core.invoke('applications.create', sampleApplication());
    const before = outbox(core).length;
    core.store.write(() => {
      core!.store.sqlite.prepare('UPDATE sync_control SET applying = 1 WHERE id = 1').run();
      core!.store.sqlite.prepare("UPDATE applications SET service_number = 'J00001587' WHERE id = ?").run(app.id);
      core!.store.sqlite.prepare('UPDATE sync_control SET applying = 0 WHERE id = 1').run();
    });
    expect(outbox(core).length).toBe(before);
  });
});
