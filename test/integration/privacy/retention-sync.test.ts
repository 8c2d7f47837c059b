import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Core } from '../../../electron/core/core';
import { q } from '../../../server/db/open';
import { runHqCli } from '../../../electron/hosts/cli-hq';
import { hqRetentionDue } from '../../../server/privacy/retention';
import { businessNumberFor, sampleApplication } from '../../support/fixtures';
import { signAreas } from '../../support/records';
import type { InProcessHq } from '../hq/inprocess';
import { startHqAndDevice, type HqAndDevice } from '../../support/hq-device';

/**
 * A destruction on the device reaches HQ (issue 17 item 3): the destruction-log entry arrives as a
 * `destruction_entry` record without the destroyed data, and HQ's copies of the destroyed mutable
 * records (application, customer, forms) are deleted by the same sync. A real HQ on PGlite in this
 * process, a real core on a real SQLite file, its clock moved by the test.
 */
let hq: InProcessHq;
let core: Core;
let env: HqAndDevice | undefined;
let url: string;
const cli = (...args: string[]) => runHqCli(['hq', ...args, '--server', url, '--admin-token', hq.adminToken], { stdin: undefined, env: {} });
const clock = {
  t: new Date('2025-10-01T01:00:00Z'),
  now() {
    return this.t;
  },
};

beforeAll(async () => {
  ({ hq, url, core } = env = await startHqAndDevice({ branch: '파기지사', rep: '김파기', name: 'retention-laptop', dataDirPrefix: 'device-retention-', clock }));
}, 180_000);
afterAll(() => env?.close());

describe('a device destruction at HQ', { timeout: 240_000 }, () => {
  it('the destruction log reaches HQ on sync, naming rule, subject, counts and the rep but not the destroyed name or number; HQ erases its copy of the application, the customer, the forms, signatures and consent events', async () => {
    const base = sampleApplication();
    const app = await core.invoke('applications.create', {
      ...base,
      customer: { ...base.customer, name: '(주)동기파기', businessNumber: businessNumberFor(811), representative: '서동기', phone: '02-9191-8282' },
    });
    await signAreas(core, app.id, '1', ['applicant', 'consent-collection']);
    await core.ctx.sync.engine.sync();
    const atHq = await q<{ entity: string; deleted: boolean }>(hq.database.db, sql`select entity, deleted from records where id = ${app.id}`);
    expect(atHq).toEqual([{ entity: 'application', deleted: false }]);

    clock.t = new Date('2026-05-02T01:00:00Z'); // 7 months on: the shipped unsigned-6m rule
    const item = (await core.invoke('retention.due', {})).items.find((i) => i.subjectId === app.id)!;
    expect(item.ruleId).toBe('unsigned-6m');
    const { results } = await core.invoke('retention.destroy', { items: [{ subjectId: app.id, ruleId: item.ruleId, lastActivityAt: item.lastActivityAt }] });
    expect(results[0]!.destroyed).toBe(true);
    await core.ctx.sync.engine.sync();

    const entries = await q<{ id: string; fields: Record<string, unknown> }>(hq.database.db, sql`select id, fields from records where entity = 'destruction_entry' and not deleted`);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.id).toBe(results[0]!.entryId);
    expect(entries[0]!.fields).toMatchObject({ ruleId: 'unsigned-6m', action: 'destroy_record', subjectKind: 'application', subjectId: app.id, confirmedBy: '김파기' });
    expect(JSON.stringify(entries[0]!.fields)).not.toMatch(/서동기|9191|동기파기/);
    const after = await q<{ entity: string; deleted: boolean }>(hq.database.db, sql`select entity, deleted from records where id in (${app.id}, ${app.customerId}) order by entity`);
    expect(after.every((r) => r.deleted)).toBe(true);
    const refused = await core.invoke('sync.refused', {});
    expect(refused).toEqual([]);
    // The immutable records the device cannot delete at HQ (signatures, consent events) are erased by
    // HQ on the entry: only their ids remain, marked deleted; the payloads HQ kept of them are blank.
    const children = await q<{ entity: string; fields: unknown; deleted: boolean }>(
      hq.database.db,
      sql`select entity, fields, deleted from records where entity in ('signature', 'consent_event', 'document') order by entity`,
    );
    expect(new Set(children.map((c) => c.entity))).toEqual(new Set(['signature', 'consent_event', 'document']));
    expect(children.every((c) => c.deleted && JSON.stringify(c.fields) === '{}')).toBe(true);
    const kept = await q<{ text: string }>(
      hq.database.db,
      sql`select coalesce(string_agg(fields::text, ' '), '') as text from records union all select coalesce(string_agg(fields::text, ' '), '') from processed_mutations`,
    );
    for (const gone of ['서동기', '02-9191-8282', '(주)동기파기']) expect(kept.map((k) => k.text).join(' '), gone).not.toContain(gone);
  });

  it("HQ's finder lists what HQ's own rules made due (a declined application 6 months on), holds one with an open complaint, and hq retention log lists the device's entries", async () => {
    const base = sampleApplication();
    const declined = await core.invoke('applications.create', { ...base, customer: { ...base.customer, name: '(주)거절상사', businessNumber: businessNumberFor(812) } });
    const disputed = await core.invoke('applications.create', { ...base, customer: { ...base.customer, name: '(주)민원상사', businessNumber: businessNumberFor(813) } });
    await core.invoke('tickets.create', { applicationId: disputed.id, kind: 'complaint', category: 'general', channel: 'phone', description: '거절 사유 문의', receivedBy: '김파기' });
    await core.ctx.sync.engine.sync();
    // HQ declined both (as its own status change would record it).
    await hq.database.db.execute(sql`update records set fields = jsonb_set(fields, '{status}', '"declined"') where entity = 'application' and id in (${declined.id}, ${disputed.id})`);

    expect(await hqRetentionDue(hq.database.db, new Date())).toEqual([]);
    const later = await hqRetentionDue(hq.database.db, new Date(Date.now() + 200 * 86_400_000));
    const byId = new Map(later.map((i) => [i.subjectId, i]));
    expect(byId.get(declined.id)).toMatchObject({ ruleId: 'declined-6m', action: 'destroy_record', holds: [] });
    expect(byId.get(disputed.id)).toMatchObject({ ruleId: 'declined-6m', holds: [{ kind: 'open_dispute', tickets: 1 }] });

    const log = await cli('retention', 'log');
    expect(log.exitCode, log.stderr).toBe(0);
    expect(JSON.parse(log.stdout)).toMatchObject({ items: [{ ruleId: 'unsigned-6m', action: 'destroy_record', confirmedBy: '김파기' }] });
    const due = await cli('retention', 'due');
    expect(due.exitCode, due.stderr).toBe(0);
    expect(JSON.parse(due.stdout)).toEqual({ items: [] });
  });
});
