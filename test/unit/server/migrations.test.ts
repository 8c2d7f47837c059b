import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = path.resolve(import.meta.dirname, '../../../server/migrations');

/**
 * HQ's migrations are append-only like the device's: a running HQ has applied them, so editing one
 * leaves its database with a schema no one can rebuild. Add a new one (npm run hq:db:generate) and
 * append its hash here.
 */
const SHIPPED: Record<string, string> = {
  '0000_init.sql': '2ca0f8ea7689a709f1041ea58808436d97106bbcfac1486913d09fe60ba5e655',
  // HQ console (issue 14): accounts, sessions, login throttle, audit log; the audit log's append-only trigger.
  '0001_console.sql': '8296a4936eaa813a1cda1921cc63cfc167e30b1e84587e52378dbbb3747cc1dd',
  '0002_audit_append_only.sql': 'd0d751a9209eff5f351d370b0e056b77c0a75965707cdaf0e4dd28239092e2f7',
  // The device's own report on each sync (app version, changes waiting in its outbox) for the console's 기기 page.
  '0003_device_report.sql': '7a8d970f86c9b388c4c8d2ed6f2a05f9f1d7e13168b0b0b76ec35edf86e0e8ee',
  // Issue 16: indexes for tickets and their events; the events' append-only trigger.
  '0004_tickets.sql': '2819c7e71a2c33999df518fb419ead6dd49f495a9106667ccef20231f1a90cfe',
  // Issue 17: the access log at HQ (its own entries, the devices' entries, chain breaks, monthly review marks), append-only.
  '0005_access_log.sql': '24ab0e559c7f447663622b943efd17c0d03cc70ca4281dc1ba877c111edf5c85',
  '0006_consent_events.sql': '07618628618e2bda2e6e625d3fd00fcffbd00292a3cb954e95a81f03b6726b14',
  // Issue 17 item 5: prospect lists under lock (lists, entries, hand-outs and their results, second-campaign requests, do-not-call).
  '0007_prospects.sql': '12ec67cbb31accb8978bc8e14db43d83d4b3f7d154bcfdae519fefaa246fc96d',
  '0008_retention.sql': '98fc76dee9303c1a20ee2f6b6c8402b81c95e02de7ba579034f4340bf12b7cfd',
  // Issue 17 item 3: legal holds at HQ (placed and lifted, each with who, when and why; nothing deleted).
  '0009_retention_holds.sql': 'e273ed9202c8fbab94d648a4e5ae1295e800d0c131b7e8c411778b453efb4796',
  // Issue 17 item 3: HQ's own destruction log (HQ-confirmed destructions, without the destroyed data), append-only.
  '0010_hq_destruction_log.sql': 'ce2094490b5a1ca0a5af64b6d697517fdadc16130c5651fcdde0ab8340a4819b',
};

describe('HQ migrations', () => {
  it('never change once committed (each shipped file keeps its SHA-256)', () => {
    for (const [file, hash] of Object.entries(SHIPPED)) {
      const text = fs.readFileSync(path.join(dir, file));
      expect(crypto.createHash('sha256').update(text).digest('hex'), `${file} was edited after it shipped`).toBe(hash);
    }
  });

  it('every migration in the folder is pinned here and listed in the drizzle journal, in order', () => {
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    expect(files).toEqual(Object.keys(SHIPPED).sort());
    const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    expect(journal.entries.map((e) => `${e.tag}.sql`)).toEqual(files);
  });
});
