import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import type { Store } from '../../../electron/core/store/db';
import { storeFile } from '../../../electron/core/paths';
import { applyPulledPage } from '../../../electron/core/sync/apply';
import { DEFAULT_TIMEOUTS } from '../../../electron/core/sync/http';
import { SyncState } from '../../../electron/core/sync/state';
import { HQ_DESTRUCTION_DEVICE } from '../../../shared/privacy/retention';
import { ContractError } from '../../../shared/contract/client';
import { businessNumberFor, sampleApplication, tempDir } from '../../support/fixtures';
import { b64, signAreas } from '../../support/records';
import { sealPng } from '../documents/tools';
import { entryCommand } from '../../support/processes';

/**
 * Retention and destruction on the device (issue 17 item 3), from worked examples: a real core on a
 * real SQLite file, its clock moved by the test. HQ published a 12-month rule for applications that
 * never reached a contract, confirmed by the rep.
 */
const TWELVE_MONTHS = [
  { id: 'unsigned-12m', scope: 'unsigned_application', action: 'destroy_record', months: 12, decidedBy: 'rep', basis: '계약에 이르지 않은 청약: 마지막 활동 후 12개월' },
  { id: 'terminated-record-5y', scope: 'terminated_contract', action: 'destroy_record', months: 60, decidedBy: 'hq', basis: '해지 후 5년' },
];

let core: Core | undefined;
afterEach(() => core?.close());

/** A clock the test moves by setting `t`. */
function clockAt(iso: string) {
  return {
    t: new Date(iso),
    now() {
      return this.t;
    },
  };
}

/**
 * A first sync's worth of pages (48 MB of WAL) written under a pull's upkeep hold and released, so
 * a worker starts folding the WAL into the file; resolves once it has begun (the file has grown).
 */
async function largePullBeingCheckpointed(store: Store, file: string): Promise<void> {
  store.sqlite.exec('CREATE TABLE IF NOT EXISTS kv_probe (id INTEGER PRIMARY KEY, v TEXT)');
  const release = store.holdUpkeep();
  for (let page = 0; page < 6; page++) {
    store.write(() => {
      const insert = store.cached('INSERT INTO kv_probe (v) VALUES (?)');
      for (let i = 0; i < 8 * 256; i++) insert.run('x'.repeat(4000));
    });
  }
  const start = fs.statSync(file).size;
  release();
  await vi.waitFor(() => expect(fs.statSync(file).size).toBeGreaterThan(start), { timeout: 30_000, interval: 1 });
}

function open(dataDir: string, clock: { now(): Date }): Core {
  const c = openCore({ dataDir, host: 'test', validateOutput: true, clock });
  return c;
}

function publishRules(c: Core, rules: unknown): void {
  c.store.sqlite
    .prepare("INSERT INTO hq_records (entity, id, version, fields, pulled_at) VALUES ('retention_rules', 'hq-retention-rules', 1, ?, ?)")
    .run(JSON.stringify({ rules }), new Date().toISOString());
}

/** Every row of every table as text (blobs as UTF-8 too), to look for a destroyed value anywhere. */
function everything(c: Core): string {
  const tables = c.store.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  return tables.map((t) => JSON.stringify(c.store.sqlite.prepare(`SELECT * FROM "${t}"`).all(), (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('utf8') : v))).join('\n');
}

async function draft(c: Core, n: number, representative: string, phone: string) {
  const base = sampleApplication();
  return c.invoke('applications.create', {
    ...base,
    customer: { ...base.customer, name: `(주)보관${n}상사`, businessNumber: businessNumberFor(700 + n), representative, phone, mobile: '010-7000-' + String(1000 + n) },
  });
}

describe('retention on the device: the rep confirms what the rules make due', { timeout: 240_000 }, () => {
  it('a draft never submitted, last touched 13 months ago under a 12-month rule, is due; confirmed, its personal fields, signatures and files are gone, and the log entry names neither the person nor the number', async () => {
    const clock = clockAt('2025-10-01T01:00:00Z');
    const dataDir = tempDir('retention-');
    core = open(dataDir, clock);
    publishRules(core, TWELVE_MONTHS);
    const app = await draft(core, 1, '박파기', '02-3456-7890');
    await signAreas(core, app.id, '1', ['applicant'], 'seal');
    await core.invoke('attachments.add', { applicationId: app.id, purpose: 'businessRegistration', fileName: '사업자등록증.png', base64: b64(sealPng()) });
    const files = fs.readdirSync(path.join(dataDir, 'attachments')).filter((f) => /^[0-9a-f]{64}$/.test(f));
    expect(files.length).toBeGreaterThan(0);

    clock.t = new Date('2026-11-02T01:00:00Z'); // 13 months later
    const recent = await draft(core, 2, '최최근', '02-2222-3333');
    const due = await core.invoke('retention.due', {});
    expect(due.rulesFrom).toBe('hq');
    expect(due.items.map((i) => [i.subjectId, i.ruleId, i.action, i.holds])).toEqual([[app.id, 'unsigned-12m', 'destroy_record', []]]);
    expect(due.items[0]!.basis).toContain('12개월');
    expect(JSON.stringify(due)).not.toContain('박파기');

    const { results } = await core.invoke('retention.destroy', { items: [{ subjectId: app.id, ruleId: 'unsigned-12m', lastActivityAt: due.items[0]!.lastActivityAt }] });
    expect(results[0]).toMatchObject({ subjectId: app.id, destroyed: true, refusal: null });
    await expect(core.invoke('applications.get', { id: app.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const count = (sql: string) => (core!.store.sqlite.prepare(sql).get(app.id) as { n: number }).n;
    expect(count('SELECT count(*) AS n FROM documents WHERE application_id = ?')).toBe(0);
    expect(count('SELECT count(*) AS n FROM application_attachments WHERE application_id = ?')).toBe(0);
    expect(count('SELECT count(*) AS n FROM consent_events WHERE application_id = ?')).toBe(0);
    // The files went with the records; the other draft's record is untouched.
    expect(fs.readdirSync(path.join(dataDir, 'attachments')).filter((f) => /^[0-9a-f]{64}$/.test(f))).toEqual([]);
    expect(core.store.sqlite.prepare('SELECT count(*) FROM attachments').pluck().get()).toBe(0);
    expect((await core.invoke('applications.get', { id: recent.id })).customer.representative).toBe('최최근');
    // Nowhere in the store: not in a table, not in the outbox, not in the search index.
    const all = everything(core);
    for (const gone of ['박파기', '02-3456-7890', '023456', '(주)보관1상사']) expect(all, gone).not.toContain(gone);

    const log = await core.invoke('retention.log', {});
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ ruleId: 'unsigned-12m', action: 'destroy_record', subjectKind: 'application', subjectId: app.id, confirmedBy: '(등록 전 기기)' });
    expect(log[0]!.recordsRemoved).toBeGreaterThanOrEqual(3);
    expect(log[0]!.filesRemoved).toBe(files.length);
    // The last backup holding it is gone 31 days on (the rotation's age bound), as a KST date.
    expect(log[0]!.backupsGoneBy).toBe('2026-12-03');
    expect(JSON.stringify(log)).not.toMatch(/박파기|3456|7890/);
    // The entry waits in the outbox for HQ, as a destruction_entry without the destroyed data.
    const queued = core.store.sqlite.prepare("SELECT fields FROM outbox WHERE entity = 'destruction_entry'").pluck().all() as string[];
    expect(queued).toHaveLength(1);
    expect(queued[0]).not.toMatch(/박파기|3456/);
  });

  it('a confirm list with the due item twice, an item not due, an unknown id and a malformed one: the malformed list is refused whole, then the due item is destroyed once and every other is refused, with one log entry', async () => {
    const clock = clockAt('2025-10-01T01:00:00Z');
    core = open(tempDir('retention-dup-'), clock);
    publishRules(core, TWELVE_MONTHS);
    const app = await draft(core, 11, '중복파기', '02-3456-1111');
    clock.t = new Date('2026-11-02T01:00:00Z');
    const recent = await draft(core, 12, '최근고객', '02-3456-2222');
    const shown = (await core.invoke('retention.due', {})).items[0]!;
    const item = { subjectId: app.id, ruleId: shown.ruleId, lastActivityAt: shown.lastActivityAt };
    await expect(core.invoke('retention.destroy', { items: [item, { ...item, subjectId: "x' OR 1=1 --" }] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(core.invoke('retention.destroy', { items: Array.from({ length: 201 }, () => item) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await core.invoke('retention.due', {})).items.map((i) => i.subjectId)).toEqual([app.id]);
    const { results } = await core.invoke('retention.destroy', {
      items: [item, item, { ...item, subjectId: recent.id }, { ...item, subjectId: '01900000-0000-7000-8000-00000000dead' }],
    });
    expect(results.map((r) => [r.destroyed, r.refusal])).toEqual([
      [true, null],
      [false, 'not_found'],
      [false, 'not_due'],
      [false, 'not_found'],
    ]);
    expect(await core.invoke('retention.log', {})).toHaveLength(1);
    expect((await core.invoke('applications.get', { id: recent.id })).id).toBe(recent.id);
  });

  it('the same draft with an open complaint is held and not destroyed; touched after the list was shown, it is refused at confirm', async () => {
    const clock = clockAt('2025-10-01T01:00:00Z');
    core = open(tempDir('retention-held-'), clock);
    publishRules(core, TWELVE_MONTHS);
    const held = await draft(core, 3, '김민원', '02-4444-5555');
    await core.invoke('tickets.create', { applicationId: held.id, kind: 'complaint', category: 'general', channel: 'phone', description: '개인정보 처리 문의', receivedBy: '김영업' });
    const touched = await draft(core, 4, '이변경', '02-6666-7777');

    clock.t = new Date('2026-11-02T01:00:00Z');
    const due = await core.invoke('retention.due', {});
    const byId = new Map(due.items.map((i) => [i.subjectId, i]));
    expect(byId.get(held.id)?.holds).toEqual([{ kind: 'open_dispute', tickets: 1 }]);
    expect(byId.get(touched.id)?.holds).toEqual([]);

    // The rep edits the other draft after the list was shown (its last activity moves on).
    clock.t = new Date('2026-11-02T02:00:00Z');
    const current = await core.invoke('applications.get', { id: touched.id });
    await core.invoke('applications.update', {
      id: touched.id,
      revision: current.revision,
      application: { ...sampleApplication(), customer: { ...current.customer, address: '서울특별시 중구 세종대로 110' } },
    });

    const { results } = await core.invoke('retention.destroy', {
      items: [held, touched].map((a) => ({ subjectId: a.id, ruleId: 'unsigned-12m', lastActivityAt: byId.get(a.id)!.lastActivityAt })),
    });
    expect(results.map((r) => [r.subjectId, r.destroyed, r.refusal])).toEqual([
      [held.id, false, 'held'],
      [touched.id, false, 'not_due'],
    ]);
    expect(results[0]!.message).toContain('민원·장애 1건');
    expect((await core.invoke('applications.get', { id: held.id })).customer.representative).toBe('김민원');
    expect((await core.invoke('applications.get', { id: touched.id })).customer.representative).toBe('이변경');
    expect(await core.invoke('retention.log', {})).toEqual([]);
  });

  it('an item whose last activity differs from the list shown is refused as changed (no destruction on a stale list)', async () => {
    const clock = clockAt('2025-10-01T01:00:00Z');
    core = open(tempDir('retention-stale-'), clock);
    publishRules(core, TWELVE_MONTHS);
    const app = await draft(core, 5, '정오래', '02-8888-9999');
    clock.t = new Date('2026-11-02T01:00:00Z');
    const shown = (await core.invoke('retention.due', {})).items[0]!;
    // A signature given in between (still 13 months old data otherwise): the list is stale.
    clock.t = new Date('2025-10-15T01:00:00Z');
    await signAreas(core, app.id, '1', ['applicant']);
    clock.t = new Date('2026-11-02T01:00:00Z');
    const { results } = await core.invoke('retention.destroy', { items: [{ subjectId: app.id, ruleId: shown.ruleId, lastActivityAt: shown.lastActivityAt }] });
    expect(results[0]).toMatchObject({ destroyed: false, refusal: 'changed' });
    expect((await core.invoke('applications.get', { id: app.id })).customer.representative).toBe('정오래');
  });

  it('a failure in the middle of a destruction leaves nothing half-erased: every row, file and outbox entry stays, no log entry is written', async () => {
    const clock = clockAt('2025-10-01T01:00:00Z');
    const dataDir = tempDir('retention-fail-');
    core = open(dataDir, clock);
    publishRules(core, TWELVE_MONTHS);
    const app = await draft(core, 6, '한실패', '02-1212-3434');
    await signAreas(core, app.id, '1', ['applicant'], 'seal');
    clock.t = new Date('2026-11-02T01:00:00Z');
    const shown = (await core.invoke('retention.due', {})).items[0]!;
    const before = everything(core);
    const filesBefore = fs.readdirSync(path.join(dataDir, 'attachments')).sort();
    // The last step (removing the application row) fails after the children are gone.
    core.store.sqlite.exec("CREATE TRIGGER fail_mid_destroy BEFORE DELETE ON applications BEGIN SELECT RAISE(ABORT, 'disk gone'); END;");
    const error = await core.invoke('retention.destroy', { items: [{ subjectId: app.id, ruleId: shown.ruleId, lastActivityAt: shown.lastActivityAt }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    core.store.sqlite.exec('DROP TRIGGER fail_mid_destroy');
    expect(everything(core)).toBe(before);
    expect(fs.readdirSync(path.join(dataDir, 'attachments')).sort()).toEqual(filesBefore);
    expect(core.store.sqlite.prepare('SELECT destroying FROM retention_control').pluck().get()).toBe(0);
    // …and the append-only guards are back in force outside a destruction.
    expect(() => core!.store.sqlite.prepare('DELETE FROM signatures').run()).toThrow(/evidence/);
  });

  it('a destruction confirmed right after a large pull, while a worker still copies its WAL into the file, still empties the WAL: no frame of the destroyed record is left in it', async () => {
    const clock = clockAt('2025-10-01T01:00:00Z');
    const dataDir = tempDir('retention-after-pull-');
    core = open(dataDir, clock);
    publishRules(core, TWELVE_MONTHS);
    const app = await draft(core, 8, '구파기', '02-8080-9090');
    clock.t = new Date('2026-11-02T01:00:00Z');
    const shown = (await core.invoke('retention.due', {})).items[0]!;
    // The rep confirms right after a first sync, while the worker copies its WAL into the file.
    const store = core.store;
    const file = storeFile(dataDir);
    await largePullBeingCheckpointed(store, file);
    // Called as the handler does, so nothing runs between its return and the look at the WAL (the
    // dispatcher appends an access-log entry afterwards, which is a new frame, not an old page).
    const results = core.ctx.retention.destroy([{ subjectId: app.id, ruleId: shown.ruleId, lastActivityAt: shown.lastActivityAt }]);
    expect(results[0]).toMatchObject({ destroyed: true });
    // The checkpoint waited for the worker and did its work: the WAL, which held the record's old pages, is empty.
    expect(fs.statSync(`${file}-wal`).size).toBe(0);
    await store.checkpointIdle();
  });

  it('a destruction confirmed while another core on the same data dir (the CLI after its sync) has a worker checkpointing the WAL still empties the WAL: SQLite refuses a second checkpointer at once, so it is tried again, not given up', async () => {
    const clock = clockAt('2025-10-01T01:00:00Z');
    const dataDir = tempDir('retention-two-cores-');
    core = open(dataDir, clock);
    publishRules(core, TWELVE_MONTHS);
    const app = await draft(core, 9, '나파기', '02-8181-9191');
    clock.t = new Date('2026-11-02T01:00:00Z');
    const shown = (await core.invoke('retention.due', {})).items[0]!;
    // The CLI's core on the same data dir pulls a first sync's worth (48 MB of WAL) under its upkeep hold.
    const cli = openCore({ dataDir, host: 'cli', clock });
    try {
      // The rep confirms in the app while the CLI's worker copies pages into the file.
      const other = cli.store;
      const file = storeFile(dataDir);
      await largePullBeingCheckpointed(other, file);
      const results = core.ctx.retention.destroy([{ subjectId: app.id, ruleId: shown.ruleId, lastActivityAt: shown.lastActivityAt }]);
      expect(results[0]).toMatchObject({ destroyed: true });
      expect(fs.statSync(`${file}-wal`).size).toBe(0);
      await other.checkpointIdle();
    } finally {
      cli.close();
    }
  });

  it("a destruction HQ confirmed, carried out on the device when its entry is pulled, empties the WAL as the rep's own does: no frame of the destroyed record is left in it", async () => {
    const clock = clockAt('2026-11-02T01:00:00Z');
    const dataDir = tempDir('retention-hq-pulled-');
    core = open(dataDir, clock);
    const app = await draft(core, 10, '본파기', '02-8282-9292');
    const file = storeFile(dataDir);
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
    const deps = { ctx: core.ctx, state: new SyncState(core.ctx), timeouts: DEFAULT_TIMEOUTS };
    const at = clock.now().toISOString();
    const entry = {
      at,
      ruleId: 'terminated-record-5y',
      basis: '해지 후 5년',
      action: 'destroy_record',
      subjectKind: 'application',
      subjectId: app.id,
      fieldsErased: 0,
      recordsRemoved: 1,
      filesRemoved: 0,
      confirmedBy: 'hq-admin',
      device: HQ_DESTRUCTION_DEVICE,
      backupsGoneBy: at,
      createdAt: at,
    };
    applyPulledPage(deps, [{ seq: 1, entity: 'destruction_entry', id: '01900000-0000-7000-8000-0000000009a1', version: 1, fields: entry }], new Map(), 1);
    expect(core.store.sqlite.prepare('SELECT count(*) FROM applications WHERE id = ?').pluck().get(app.id)).toBe(0);
    expect(fs.statSync(`${file}-wal`).size).toBe(0);
  });

  it('a crash between the commit and the file removal leaves no orphan file: the next start removes it', () => {
    const clock = clockAt('2026-11-02T01:00:00Z');
    const dataDir = tempDir('retention-crash-');
    core = open(dataDir, clock);
    const sha = 'a'.repeat(64);
    fs.mkdirSync(path.join(dataDir, 'attachments'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'attachments', sha), 'left behind');
    // What a destruction commits before the process dies: the attachment row gone, the file queued.
    core.store.write(() => core!.store.sqlite.prepare('INSERT INTO pending_file_removals (sha256, queued_at) VALUES (?, ?)').run(sha, clock.t.toISOString()));
    core.close();
    core = open(dataDir, clock);
    expect(fs.existsSync(path.join(dataDir, 'attachments', sha))).toBe(false);
    expect(core.store.sqlite.prepare('SELECT count(*) FROM pending_file_removals').pluck().get()).toBe(0);
  });

  it('a command starting on the folder never removes a queued file that the app has just stored again: its start-up clean-up looked for the row before the app committed, and removed the file after; the command still runs', async () => {
    const clock = clockAt('2026-11-02T01:00:00Z');
    const dataDir = tempDir('retention-stored-again-');
    core = open(dataDir, clock);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('같은 서명 이미지')]);
    const { sha256 } = core.store.write((tx) => core!.ctx.attachments.put(tx, png, clock.t.toISOString()));
    const file = core.ctx.attachments.pathOf(sha256);
    // What a destruction commits: the attachment row gone, its file queued (removed after the commit, or at a start).
    core.store.write(() => {
      core!.store.sqlite.prepare('DELETE FROM attachments WHERE sha256 = ?').run(sha256);
      core!.store.sqlite.prepare('INSERT INTO pending_file_removals (sha256, queued_at) VALUES (?, ?)').run(sha256, clock.t.toISOString());
    });
    // The same image stored again (the rep signs anew), and while that write is still open a command
    // starts on the folder: the write holds until the command has removed the file or has ended.
    let cli: ChildProcess | undefined;
    let exited: Promise<number | null> = Promise.resolve(null);
    core.store.write((tx) => {
      core!.ctx.attachments.put(tx, png, clock.t.toISOString());
      const run = entryCommand('electron/hosts/cli.ts', ['store', 'status', '--data-dir', dataDir]);
      const started = spawn(run.command, run.args, { stdio: 'ignore' });
      cli = started;
      exited = new Promise<number | null>((resolve) => started.once('exit', resolve));
      const lock = path.join(dataDir, `cli-${String(started.pid)}.lock`);
      const pause = new Int32Array(new SharedArrayBuffer(4));
      // Until its claim has appeared and gone again (it ended), or the file went (what must not happen).
      let seen = false;
      for (const until = Date.now() + 120_000; fs.existsSync(file) && !(seen && !fs.existsSync(lock)) && Date.now() < until; ) {
        seen ||= fs.existsSync(lock);
        Atomics.wait(pause, 0, 0, 5);
      }
    });
    expect(cli).toBeDefined();
    // The command runs all the same (the files it could not look at wait for the next start).
    expect(await exited).toBe(0);
    expect(core.ctx.attachments.get(sha256)).toBeDefined();
    expect(fs.existsSync(file)).toBe(true);
    expect(Buffer.from(core.ctx.attachments.read(sha256)).equals(png)).toBe(true);
  });

  it("the shipped rules are used until HQ publishes some, and a rule HQ confirms (decidedBy 'hq') never lists on the device", async () => {
    const clock = clockAt('2020-01-01T01:00:00Z');
    core = open(tempDir('retention-default-'), clock);
    await draft(core, 7, '오기본', '02-5656-7878');
    clock.t = new Date('2020-07-02T01:00:00Z'); // 6 months and a day: the shipped unsigned-6m rule
    const due = await core.invoke('retention.due', {});
    expect(due.rulesFrom).toBe('default');
    expect(due.items.map((i) => i.ruleId)).toEqual(['unsigned-6m']);
    publishRules(core, [{ ...TWELVE_MONTHS[0], decidedBy: 'hq' }]);
    expect((await core.invoke('retention.due', {})).items).toEqual([]);
  });
  it('restoring a backup made before a destruction does not bring the destroyed record back: the destruction is carried out again on the restored store (its values nowhere in it, before and after a reopen), the log keeps the one entry, and the work saved in the backup comes back', async () => {
    const clock = clockAt('2025-10-01T01:00:00Z');
    const dataDir = tempDir('retention-restore-');
    core = open(dataDir, clock);
    publishRules(core, TWELVE_MONTHS);
    const app = await draft(core, 9, '윤복원', '02-4545-6767');
    await signAreas(core, app.id, '1', ['applicant'], 'seal');
    const kept = await draft(core, 10, '한유지', '02-1212-3434');
    const backup = await core.invoke('store.backup', {});

    clock.t = new Date('2026-11-02T01:00:00Z'); // 13 months on: both drafts are due; the rep destroys the first
    const item = (await core.invoke('retention.due', {})).items.find((i) => i.subjectId === app.id)!;
    const { results } = await core.invoke('retention.destroy', { items: [{ subjectId: app.id, ruleId: item.ruleId, lastActivityAt: item.lastActivityAt }] });
    expect(results[0]!.destroyed).toBe(true);
    const entry = (await core.invoke('retention.log', {}))[0]!;

    const recovery = await core.invoke('store.restore', { backup: backup.id });
    expect(recovery).toMatchObject({ kind: 'restored', backup: { id: backup.id } });
    const check = async () => {
      await expect(core!.invoke('applications.get', { id: app.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const all = everything(core!);
      for (const gone of ['윤복원', '02-4545-6767', '024545', '(주)보관9상사']) expect(all, gone).not.toContain(gone);
      expect((await core!.invoke('applications.get', { id: kept.id })).customer.representative).toBe('한유지');
      const log = await core!.invoke('retention.log', {});
      expect(log).toEqual([entry]);
      // Never sent to HQ before the restore: it waits in the outbox once, as the original did.
      expect(core!.store.sqlite.prepare("SELECT count(*) FROM outbox WHERE entity = 'destruction_entry'").pluck().get()).toBe(1);
      expect(core!.store.sqlite.prepare('SELECT count(*) FROM attachments').pluck().get()).toBe(0);
    };
    await check();
    core.close();
    core = open(dataDir, clock);
    await check();
    // Restoring the same backup again carries the destruction out again, once more.
    const second = (await core.invoke('store.status', {})).backups.find((b) => b.id === backup.id);
    expect(second).toBeDefined();
    await core.invoke('store.restore', { backup: backup.id });
    await check();
  });
});
