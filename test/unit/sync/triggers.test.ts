import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/core/store/db';
import { SYNCED_TABLES, outboxTriggerSql } from '../../../electron/core/sync/entities';
import { tempDir } from '../../support/fixtures';

const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim().replace(/;$/, '');

describe('outbox triggers', () => {
  it('the triggers the migrations leave are exactly those the synced-tables table generates (a column added to a synced table reaches HQ)', () => {
    const store = openStore({ file: path.join(tempDir(), 'store.sqlite') });
    try {
      const rows = store.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_outbox_%' ORDER BY name").all() as { name: string; sql: string }[];
      const expected = SYNCED_TABLES.flatMap(outboxTriggerSql).map((sql) => ({ name: /`([^`]+)`/.exec(sql)![1]!, sql: squash(sql) }));
      expect(rows.map((r) => r.name).sort()).toEqual(expected.map((e) => e.name).sort());
      for (const e of expected) expect(squash(rows.find((r) => r.name === e.name)!.sql), e.name).toBe(e.sql);
    } finally {
      store.close();
    }
  });
});
