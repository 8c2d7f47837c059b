import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Core } from '../../../electron/core/core';
import { q } from '../../../server/db/open';
import { runHqCli } from '../../../electron/hosts/cli-hq';
import { eraseDestroyedAtHq, HqRetentionJob } from '../../../server/privacy/retention';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../../shared/sync/protocol';
import { HQ_DESTRUCTION_DEVICE, RETENTION_ADMIN_PATHS, type RetentionDueItem } from '../../../shared/privacy/retention';
import { businessNumberFor, sampleApplication } from '../../support/fixtures';
import { signAreas } from '../../support/records';
import type { InProcessHq } from '../hq/inprocess';
import { startHqAndDevice, type HqAndDevice } from '../../support/hq-device';

/**
 * HQ-confirmed destruction (issue 17 item 3, the rules with `decidedBy: 'hq'`): an HQ account
 * confirms items HQ's finder listed; each is re-checked at that moment; a destroyed one leaves no
 * personal value in any HQ table, HQ's log entry holds none either, and the device that held the
 * application destroys its copy when it pulls. A real HQ on PGlite, a real core on a real SQLite file.
 */
let hq: InProcessHq;
let core: Core;
let env: HqAndDevice | undefined;
let url: string;
const cli = (...args: string[]) => runHqCli(['hq', ...args, '--server', url, '--admin-token', hq.adminToken], { stdin: undefined, env: {} });
const headers = () => ({ authorization: `Bearer ${hq.adminToken}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) });
const post = (path: string, payload: unknown) => hq.app.inject({ method: 'POST', url: path, headers: headers(), payload: payload as object });
type DestroyAnswer = { results: { subjectId: string; destroyed: boolean; refusal: string | null; message: string | null; entryId: string | null }[] };

/** HQ declined the application seven months ago (as its own status change records it). */
async function declinedSevenMonthsAgo(appId: string): Promise<void> {
  await hq.database.db.execute(sql`update records set fields = jsonb_set(fields, '{status}', '"declined"'), updated_at = now() - interval '7 months' where entity = 'application' and id = ${appId}`);
}
async function dueItem(appId: string): Promise<RetentionDueItem | undefined> {
  const res = await hq.app.inject({ method: 'GET', url: RETENTION_ADMIN_PATHS.due, headers: headers() });
  return res.json<{ items: RetentionDueItem[] }>().items.find((i) => i.subjectId === appId);
}
const ref = (i: RetentionDueItem) => ({ subjectId: i.subjectId, ruleId: i.ruleId, lastActivityAt: i.lastActivityAt });

/** Every row of every text, varchar, json and jsonb column of every HQ table that contains `value`. */
async function hqTablesContaining(value: string): Promise<string[]> {
  const cols = await q<{ table_name: string; column_name: string }>(
    hq.database.db,
    sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and data_type in ('text', 'character varying', 'json', 'jsonb')`,
  );
  const found: string[] = [];
  for (const c of cols) {
    const rows = await q<{ n: number }>(hq.database.db, sql`select count(*)::int as n from ${sql.identifier(c.table_name)} where ${sql.identifier(c.column_name)}::text like ${`%${value}%`}`);
    if (rows[0]!.n > 0) found.push(`${c.table_name}.${c.column_name}`);
  }
  return found;
}

beforeAll(async () => {
  ({ hq, url, core } = env = await startHqAndDevice({ branch: '본사파기지사', rep: '김본사', name: 'hqdestroy-laptop', dataDirPrefix: 'device-hqdestroy-' }));
}, 180_000);
afterAll(() => env?.close());

describe('HQ-confirmed destruction', { timeout: 300_000 }, () => {
  it("a declined application 7 months old is due; HQ's confirm destroys it: its personal values are in no HQ table, its files are gone, HQ's log entry names rule, counts and the HQ account without them, and the device that held it destroys its copy after pull", async () => {
    const base = sampleApplication();
    const app = await core.invoke('applications.create', {
      ...base,
      customer: { ...base.customer, name: '(주)본사파기상사', businessNumber: businessNumberFor(841), representative: '남궁파기', phone: '02-6363-7474' },
    });
    await signAreas(core, app.id, '1', ['applicant', 'consent-collection']);
    await core.ctx.sync.engine.sync();
    const shas = await q<{ sha: string }>(hq.database.db, sql`select fields->>'imageSha256' as sha from records where entity = 'signature' and not deleted`);
    expect(shas.length).toBeGreaterThan(0);
    const blobs = await q<{ n: number }>(hq.database.db, sql`select count(*)::int as n from attachments where sha256 in (select fields->>'imageSha256' from records where entity = 'signature')`);
    expect(blobs[0]!.n).toBeGreaterThan(0);
    await declinedSevenMonthsAgo(app.id);

    const item = await dueItem(app.id);
    expect(item).toMatchObject({ ruleId: 'declined-6m', action: 'destroy_record', holds: [] });
    const res = await post(RETENTION_ADMIN_PATHS.destroy, { items: [ref(item!)] });
    expect(res.statusCode, res.body).toBe(200);
    const [result] = res.json<DestroyAnswer>().results;
    expect(result).toMatchObject({ subjectId: app.id, destroyed: true, refusal: null });

    for (const gone of ['남궁파기', '02-6363-7474', '(주)본사파기상사', businessNumberFor(841)]) expect(await hqTablesContaining(gone), gone).toEqual([]);
    const left = await q<{ n: number }>(
      hq.database.db,
      sql`select count(*)::int as n from attachments where sha256 in (${sql.join(
        shas.map((s) => sql`${s.sha}`),
        sql`, `,
      )})`,
    );
    expect(left[0]!.n).toBe(0);
    const chunks = await q<{ n: number }>(
      hq.database.db,
      sql`select count(*)::int as n from attachment_chunks where sha256 in (${sql.join(
        shas.map((s) => sql`${s.sha}`),
        sql`, `,
      )})`,
    );
    expect(chunks[0]!.n).toBe(0);

    const log = await cli('retention', 'log');
    expect(log.exitCode, log.stderr).toBe(0);
    const entry = (JSON.parse(log.stdout) as { items: Record<string, unknown>[] }).items.find((e) => e.subjectId === app.id);
    expect(entry).toMatchObject({
      id: result!.entryId,
      origin: 'hq',
      ruleId: 'declined-6m',
      action: 'destroy_record',
      confirmedBy: '관리자 토큰 (cli hq 자동화)',
      device: HQ_DESTRUCTION_DEVICE,
      backupsGoneBy: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as string,
    });
    expect(entry!.recordsRemoved).toBeGreaterThan(3);
    expect(entry!.filesRemoved).toBe(new Set(shas.map((s) => s.sha)).size);
    expect(JSON.stringify(entry)).not.toMatch(/남궁파기|6363|본사파기상사/);
    // Listed once, though HQ also wrote it into the branch for the devices.
    expect((JSON.parse(log.stdout) as { items: { id: string }[] }).items.filter((e) => e.id === result!.entryId)).toHaveLength(1);

    const db = core.ctx.store.sqlite;
    expect(db.prepare('SELECT count(*) AS n FROM applications WHERE id = ?').get(app.id)).toEqual({ n: 1 });
    await core.ctx.sync.engine.sync();
    expect(db.prepare('SELECT count(*) AS n FROM applications WHERE id = ?').get(app.id)).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM customers WHERE id = ?').get(app.customerId)).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM signatures').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT id, device, rule_id AS ruleId FROM destruction_log WHERE subject_id = ?').all(app.id)).toEqual([
      { id: result!.entryId, device: HQ_DESTRUCTION_DEVICE, ruleId: 'declined-6m' },
    ]);
    // Nothing went back to HQ and nothing was refused.
    expect(await core.invoke('sync.refused', {})).toEqual([]);
    expect(db.prepare("SELECT count(*) AS n FROM outbox WHERE state IN ('queued', 'sent')").get()).toEqual({ n: 0 });
  });

  it('a held item is refused with the hold and kept; a changed-since-listed item is refused and kept; a duplicate is destroyed once; an unknown id is refused — in one confirm', async () => {
    const base = sampleApplication();
    const held = await core.invoke('applications.create', { ...base, customer: { ...base.customer, name: '(주)보존상사', businessNumber: businessNumberFor(842) } });
    const changed = await core.invoke('applications.create', { ...base, customer: { ...base.customer, name: '(주)변경상사', businessNumber: businessNumberFor(843) } });
    const plain = await core.invoke('applications.create', { ...base, customer: { ...base.customer, name: '(주)보통상사', businessNumber: businessNumberFor(844) } });
    await core.ctx.sync.engine.sync();
    for (const a of [held, changed, plain]) await declinedSevenMonthsAgo(a.id);
    const hold = await cli('retention', 'hold', 'application', held.id, '--reason', '2026가단5678 소송');
    expect(hold.exitCode, hold.stderr).toBe(0);
    const items = await Promise.all([held, changed, plain].map((a) => dueItem(a.id)));
    expect(items.every((i) => i !== undefined)).toBe(true);
    // Someone touched it after the list was shown (still due, a later last activity).
    await hq.database.db.execute(sql`update records set updated_at = now() - interval '6 months 20 days' where entity = 'application' and id = ${changed.id}`);

    const unknown = '00000000-0000-7000-8000-000000000000';
    const res = await post(RETENTION_ADMIN_PATHS.destroy, {
      items: [...items.map((i) => ref(i!)), ref(items[2]!), { ...ref(items[2]!), subjectId: unknown }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json<DestroyAnswer>().results;
    expect(results.map((r) => [r.destroyed, r.refusal])).toEqual([
      [false, 'held'],
      [false, 'changed'],
      [true, null],
      [false, 'not_found'],
      [false, 'not_found'],
    ]);
    expect(results[0]!.message).toContain('2026가단5678 소송');
    expect(results[1]!.message).toContain('목록을 새로 고친');
    const kept = await q<{ id: string; deleted: boolean; name: string }>(
      hq.database.db,
      sql`select id, deleted, fields->'customer'->>'name' as name from records where entity = 'application' and id in (${held.id}, ${changed.id}) order by fields->'customer'->>'name'`,
    );
    expect(kept.map((k) => [k.deleted, k.name])).toEqual([
      [false, '(주)변경상사'],
      [false, '(주)보존상사'],
    ]);
    const entries = await q<{ n: number }>(hq.database.db, sql`select count(*)::int as n from hq_destruction_log where subject_id in (${held.id}, ${changed.id}, ${plain.id})`);
    expect(entries[0]!.n).toBe(1);
  });

  it('bad confirm bodies are refused with what to fix, never a 5xx: wrong types, unknown keys, no items, 10 000 ids, malformed ids, not JSON; the CLI refuses an id not due without destroying anything', async () => {
    const id = '00000000-0000-7000-8000-000000000001';
    const good = { subjectId: id, ruleId: 'declined-6m', lastActivityAt: '2026-01-01T00:00:00.000Z' };
    const cases: [unknown, string][] = [
      [{ items: 'all' }, '파기할 항목(items)은 목록'], // not the application's '상품 목록' (the shared error map's label for items)
      [{ items: [{ ...good, subjectId: 42 }] }, ''],
      [{ items: [{ ...good, extra: true }] }, ''],
      [{ items: [good], force: true }, ''],
      [{ items: [] }, '하나 이상'],
      [{ items: Array.from({ length: 10_000 }, () => good) }, '200건'],
      [{ items: [{ ...good, subjectId: "x' or 1=1 --" }] }, 'ID'],
      [{ items: [{ ...good, lastActivityAt: 'yesterday' }] }, '마지막 활동'],
      [null, ''],
    ];
    for (const [body, says] of cases) {
      const res = await post(RETENTION_ADMIN_PATHS.destroy, body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json<{ error: { message: string } }>().error.message).toContain(says);
    }
    const notJson = await hq.app.inject({ method: 'POST', url: RETENTION_ADMIN_PATHS.destroy, headers: { ...headers(), 'content-type': 'application/json' }, payload: '{"items":[' });
    expect(notJson.statusCode).toBe(400);
    const noToken = await hq.app.inject({ method: 'POST', url: RETENTION_ADMIN_PATHS.destroy, payload: { items: [good] } });
    expect(noToken.statusCode).toBe(401);

    const before = await q<{ n: number }>(hq.database.db, sql`select count(*)::int as n from hq_destruction_log`);
    const cliNotDue = await cli('retention', 'destroy', id);
    expect(cliNotDue.exitCode).not.toBe(0);
    expect(cliNotDue.stderr).toContain('파기 대상 목록에 없는 ID');
    const cliNone = await cli('retention', 'destroy');
    expect(cliNone.exitCode).not.toBe(0);
    const after = await q<{ n: number }>(hq.database.db, sql`select count(*)::int as n from hq_destruction_log`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('hq retention destroy <id> confirms a due item by its listed rule and last activity and prints the result', async () => {
    const base = sampleApplication();
    const app = await core.invoke('applications.create', { ...base, customer: { ...base.customer, name: '(주)명령상사', businessNumber: businessNumberFor(845) } });
    await core.ctx.sync.engine.sync();
    await declinedSevenMonthsAgo(app.id);
    const out = await cli('retention', 'destroy', app.id);
    expect(out.exitCode, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ results: [{ subjectId: app.id, destroyed: true }] });
    const audited = await q<{ action: string }>(hq.database.db, sql`select action from audit_log where action = 'retention.destroy' and target_id = ${app.id}`);
    expect(audited).toHaveLength(1);
  });

  it("a terminated contract 7 months on: HQ's confirm erases the personal data and keeps the contract (company, items, status); the device blanks its copy after pull and keeps the application", async () => {
    const base = sampleApplication();
    const app = await core.invoke('applications.create', {
      ...base,
      customer: { ...base.customer, name: '(주)해지상사', businessNumber: businessNumberFor(846), representative: '황보해지', phone: '02-5151-4242' },
    });
    await signAreas(core, app.id, '1', ['applicant']);
    await core.ctx.sync.engine.sync();
    await hq.database.db.execute(sql`update records set fields = fields || jsonb_build_object('status', 'terminated', 'statusChangedAt', (now() - interval '7 months')::text)
      where entity = 'application' and id = ${app.id}`);
    const item = await dueItem(app.id);
    expect(item).toMatchObject({ ruleId: 'terminated-personal-6m', action: 'erase_personal' });
    const res = await post(RETENTION_ADMIN_PATHS.destroy, { items: [ref(item!)] });
    expect(res.json<DestroyAnswer>().results[0]).toMatchObject({ destroyed: true });

    for (const gone of ['황보해지', '02-5151-4242']) expect(await hqTablesContaining(gone), gone).toEqual([]);
    const [kept] = await q<{ deleted: boolean; fields: Record<string, unknown> }>(hq.database.db, sql`select deleted, fields from records where entity = 'application' and id = ${app.id}`);
    expect(kept).toMatchObject({ deleted: false, fields: { status: 'terminated', customer: { name: '(주)해지상사', representative: '', phone: '' } } });
    const signatures = await q<{ n: number }>(
      hq.database.db,
      sql`select count(*)::int as n from records r where entity = 'signature' and not deleted and fields->>'documentId' in (select id from records where entity = 'document' and fields->>'applicationId' = ${app.id})`,
    );
    expect(signatures[0]!.n).toBe(0);
    // Due again only for the 5-year record rule, not yet.
    expect(await dueItem(app.id)).toBeUndefined();

    await core.ctx.sync.engine.sync();
    const db = core.ctx.store.sqlite;
    const local = db.prepare('SELECT c.name, c.representative, c.phone FROM applications a JOIN customers c ON c.id = a.customer_id WHERE a.id = ?').get(app.id);
    expect(local).toEqual({ name: '(주)해지상사', representative: '', phone: '' });
    expect(db.prepare('SELECT count(*) AS n FROM signatures s JOIN documents d ON d.id = s.document_id WHERE d.application_id = ?').get(app.id)).toEqual({ n: 0 });
    expect(JSON.stringify(db.prepare('SELECT customer FROM applications WHERE id = ?').get(app.id))).not.toContain('황보해지');
  });

  it("HQ follows a device's erase_personal of a never-submitted application (personal fields blanked, the records kept), but not under a legal hold", async () => {
    const base = sampleApplication();
    const free = await core.invoke('applications.create', {
      ...base,
      customer: { ...base.customer, name: '(주)지움상사', businessNumber: businessNumberFor(847), representative: '선우지움', phone: '02-3131-2424' },
    });
    const held = await core.invoke('applications.create', {
      ...base,
      customer: { ...base.customer, name: '(주)붙듦상사', businessNumber: businessNumberFor(848), representative: '제갈붙듦', phone: '02-3232-2525' },
    });
    await core.ctx.sync.engine.sync();
    expect((await cli('retention', 'hold', 'customer', held.customerId, '--reason', '분쟁 조정 중')).exitCode).toBe(0);
    const [branch] = await q<{ branch_id: number }>(hq.database.db, sql`select branch_id from records where entity = 'application' and id = ${free.id}`);
    const entries = [free.id, held.id].map((id) => ({ action: 'erase_personal', subjectKind: 'application', subjectId: id }));
    await hq.database.db.transaction(async (tx) => eraseDestroyedAtHq(tx, branch!.branch_id, entries));

    expect(await hqTablesContaining('선우지움')).toEqual([]);
    const [app] = await q<{ deleted: boolean; name: unknown }>(hq.database.db, sql`select deleted, fields->'customer'->>'name' as name from records where entity = 'application' and id = ${free.id}`);
    expect(app).toEqual({ deleted: false, name: '(주)지움상사' });
    expect(await hqTablesContaining('제갈붙듦')).not.toEqual([]);
  });

  it("HQ's daily check counts what is due and what is held on start and every interval, never destroys, and stops on close", async () => {
    const base = sampleApplication();
    const app = await core.invoke('applications.create', { ...base, customer: { ...base.customer, name: '(주)점검상사', businessNumber: businessNumberFor(849) } });
    await core.ctx.sync.engine.sync();
    await hq.database.db.execute(sql`update records set fields = jsonb_set(fields, '{status}', '"declined"') where entity = 'application' and id = ${app.id}`);
    const clock = {
      t: new Date(),
      now() {
        return this.t;
      },
    };
    const lines: string[] = [];
    const log = { info: (_o: object, msg: string) => void lines.push(msg), error: (_o: object, msg: string) => void lines.push(`error: ${msg}`) };
    const job = new HqRetentionJob(hq.database, log, () => clock.now(), 200);
    job.start();
    await vi.waitFor(() => expect(job.status().checkedAt).toBe(clock.t.toISOString()), { timeout: 60_000, interval: 50 });
    const first = job.status();
    clock.t = new Date(Date.now() + 200 * 86_400_000); // the declined application is due by then (held ones counted apart)
    await vi.waitFor(() => expect(job.status().checkedAt).toBe(clock.t.toISOString()), { timeout: 60_000, interval: 50 });
    expect(job.status().due).toBeGreaterThan(first.due);
    expect(job.status().held).toBeGreaterThan(0);
    expect(lines.at(-1)).toContain(`파기 대상 ${job.status().due}건`);
    await job.stop();
    const stoppedAt = job.status().checkedAt;
    clock.t = new Date(clock.t.getTime() + 86_400_000);
    await job.runOnce(); // stopped: does nothing
    expect(job.status().checkedAt).toBe(stoppedAt);
    const [still] = await q<{ deleted: boolean }>(hq.database.db, sql`select deleted from records where entity = 'application' and id = ${app.id}`);
    expect(still).toEqual({ deleted: false });

    // The running HQ's own job answers on the admin API and the CLI.
    const status = await cli('retention', 'status');
    expect(status.exitCode, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ checkedAt: expect.any(String) as string, due: expect.any(Number) as number });
  });

  it("a device cannot speak for HQ: a pushed destruction entry in HQ's name is refused and HQ stores nothing of it (so no device pulls it), the application kept", async () => {
    const base = sampleApplication();
    const app = await core.invoke('applications.create', { ...base, customer: { ...base.customer, name: '(주)사칭상사', businessNumber: businessNumberFor(850) } });
    const now = new Date().toISOString();
    const forged = {
      at: now,
      ruleId: 'declined-6m',
      basis: '사칭',
      action: 'destroy_record',
      subjectKind: 'application',
      subjectId: app.id,
      fieldsErased: 0,
      recordsRemoved: 9,
      filesRemoved: 0,
      confirmedBy: '본사',
      device: HQ_DESTRUCTION_DEVICE,
      backupsGoneBy: '2027-01-01',
      createdAt: now,
    };
    const entryId = '00000000-0000-7000-8000-00000000f0f0';
    core.ctx.store.sqlite
      .prepare("INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state) VALUES (uuid7(), 'destruction_entry', ?, 'upsert', ?, 0, ?, 'queued')")
      .run(entryId, JSON.stringify(forged), now);
    await core.ctx.sync.engine.sync();
    expect(JSON.stringify(await core.invoke('sync.refused', {}))).toContain('본사 (HQ)');
    expect(await q(hq.database.db, sql`select 1 from records where entity = 'destruction_entry' and id = ${entryId}`)).toEqual([]);
    const [atHq] = await q<{ deleted: boolean }>(hq.database.db, sql`select deleted from records where entity = 'application' and id = ${app.id}`);
    expect(atHq).toEqual({ deleted: false });
  });
});
