import { spawn } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { SyncScheduler } from '../../../electron/core/sync/scheduler';
import { hqForFile, startHq } from '../hq/harness';
import { Admin } from '../hq/client';
import { businessNumberFor, sampleApplication, tempDir } from '../../support/fixtures';
import { entryCommand, ROOT, runCliProcess } from '../../support/processes';
import { signaturePng } from '../documents/tools';
import { hqDataDir } from '../../support/hq-data';
import { inOneTransaction } from '../../support/records';

/**
 * The app's sync client against a real HQ process (PGlite): devices are real cores on real
 * SQLite files; HQ administration goes through its admin API and CLI.
 */
const file = hqForFile();
const cores = file.cores;

async function device(branch: string, rep: string): Promise<Core> {
  const core = openCore({ dataDir: tempDir('device-'), host: 'test', validateOutput: true });
  cores.push(core);
  await core.ctx.sync.engine.enroll(file.hq.url, await file.admin.enrollCode(branch, rep), `${branch}-${rep}`);
  return core;
}
const sync = (c: Core) => c.ctx.sync.engine.sync();
const cli = (args: string[], input = '') => runCliProcess(args, input);

/** Moves a draft to submitted through the rep's own steps (each write is one outbox mutation). */
function submit(c: Core, id: string) {
  for (const status of ['quoted', 'signed', 'submitted']) c.store.sqlite.prepare('UPDATE applications SET status = ? WHERE id = ?').run(status, id);
}

describe('device sync with HQ', () => {
  it('two devices of branch A edit different fields offline: after syncing, both edits are on both devices', async () => {
    const a1 = await device('강남지사', '김영업');
    const a2 = await device('강남지사', '이영업');
    const app = await a1.invoke('applications.create', sampleApplication({ customer: { ...sampleApplication().customer, businessNumber: businessNumberFor(1) } }));
    await sync(a1);
    await sync(a2);
    const onA2 = await a2.invoke('applications.get', { id: app.id });
    // Offline: A1 changes the term, A2 the seller.
    await a1.invoke('applications.update', {
      id: app.id,
      revision: (await a1.invoke('applications.get', { id: app.id })).revision,
      application: { ...sampleApplication({ customer: { ...sampleApplication().customer, businessNumber: businessNumberFor(1) } }), term: '24m' },
    });
    await a2.invoke('applications.update', {
      id: app.id,
      revision: onA2.revision,
      application: {
        ...sampleApplication({ customer: { ...sampleApplication().customer, businessNumber: businessNumberFor(1) } }),
        seller: { team: '강남지사 2팀', name: '이영업', phone: '010-3333-4444' },
      },
    });
    expect(a1.ctx.sync.engine.counts().queued).toBeGreaterThan(0);
    await sync(a1);
    await sync(a2);
    await sync(a1);
    for (const c of [a1, a2]) {
      const got = await c.invoke('applications.get', { id: app.id });
      expect(got.term).toBe('24m');
      expect(got.seller.name).toBe('이영업');
      expect(c.ctx.sync.engine.counts()).toEqual({ queued: 0, sent: 0, rejected: 0 });
    }
  });

  it('the same field edited on both devices: the later edit wins and the overridden value is kept for the rep', async () => {
    const a1 = await device('서초지사', '김영업');
    const a2 = await device('서초지사', '이영업');
    const base = sampleApplication({ customer: { ...sampleApplication().customer, businessNumber: businessNumberFor(2) } });
    const app = await a1.invoke('applications.create', base);
    await sync(a1);
    await sync(a2);
    await a1.invoke('applications.update', { id: app.id, revision: (await a1.invoke('applications.get', { id: app.id })).revision, application: { ...base, term: '24m' } });
    await new Promise((r) => setTimeout(r, 20));
    await a2.invoke('applications.update', { id: app.id, revision: (await a2.invoke('applications.get', { id: app.id })).revision, application: { ...base, term: '12m' } });
    await sync(a1);
    const second = await sync(a2);
    expect(second.conflicts).toBe(1);
    await sync(a1);
    expect((await a1.invoke('applications.get', { id: app.id })).term).toBe('12m');
    expect((await a2.invoke('applications.get', { id: app.id })).term).toBe('12m');
    // A1's value lost: it is kept and shown to A1's rep, in Korean.
    const lost = await a1.invoke('sync.conflicts', { unseenOnly: true });
    expect(lost).toEqual([
      expect.objectContaining({ entity: 'application', entityId: app.id, field: 'term', yours: '24m', theirs: '12m', winner: 'theirs', message: expect.stringContaining('충돌 기록') }),
    ]);
    expect((await a1.invoke('sync.status', {})).unseenConflicts).toBe(1);
    await a1.invoke('sync.conflictsSeen', { ids: lost.map((c) => c.id) });
    expect((await a1.invoke('sync.status', {})).unseenConflicts).toBe(0);
  });

  it("a device of branch B neither receives nor can change branch A's records", async () => {
    const a = await device('종로지사', '김영업');
    const b = await device('부산지사', '박영업');
    const app = await a.invoke('applications.create', sampleApplication({ customer: { ...sampleApplication().customer, businessNumber: businessNumberFor(3) } }));
    await sync(a);
    await sync(b);
    expect((await b.invoke('applications.list', {})).total).toBe(0);
    // B forges an edit of A's application by id: HQ rejects it and A never sees it.
    b.store.sqlite
      .prepare(
        "INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state) VALUES (uuid7(), 'application', ?, 'upsert', '{\"term\":\"12m\"}', 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), 'queued')",
      )
      .run(app.id);
    const r = await sync(b);
    expect(r.rejected).toBe(1);
    expect((await b.invoke('sync.refused', {}))[0]!.reason).toMatch(/지사|권한|다른/);
    await sync(a);
    expect((await a.invoke('applications.get', { id: app.id })).term).toBe('36m');
  });

  it('the service number HQ assigns at S/O processing flows back to the device', async () => {
    const a = await device('마포지사', '김영업');
    const app = await a.invoke('applications.create', sampleApplication({ customer: { ...sampleApplication().customer, businessNumber: businessNumberFor(4) } }));
    a.store.write(() => submit(a, app.id));
    await sync(a);
    const r = cli(['hq', 'so-process', app.id, '--server', file.hq.url, '--admin-token', file.hq.adminToken]);
    expect(r.status, r.stderr).toBe(0);
    const { serviceNumber } = JSON.parse(r.stdout) as { serviceNumber: string };
    expect(serviceNumber).toMatch(/^J\d{8}$/);
    await sync(a);
    expect(a.ctx.sync.engine.counts().queued).toBe(0); // applying HQ's change queued nothing
    const got = await a.invoke('applications.get', { id: app.id });
    expect(got).toMatchObject({ serviceNumber, status: 'so_processed' });
    const wf = await a.invoke('workflow.get', { applicationId: app.id });
    expect(wf.history.at(-1)).toMatchObject({ from: 'submitted', to: 'so_processed', by: 'hq' });
  });

  it("through the CLIs alone: import → sync → HQ S/O of an application the device has not submitted → sync → the export carries the service number and HQ's note", async () => {
    const code = await file.admin.enrollCode('은평지사', '김영업');
    const dir = tempDir('cli-device-');
    const base = sampleApplication();
    const imported = cli(['applications', 'import', '--data-dir', dir], JSON.stringify({ ...base, customer: { ...base.customer, businessNumber: businessNumberFor(6) } }));
    expect(imported.status, imported.stderr).toBe(0);
    const { id } = JSON.parse(imported.stdout) as { id: string };
    const first = cli(['sync', '--data-dir', dir, '--server', file.hq.url, '--enroll', code]);
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ pushed: 2, conflicts: 0 });
    const so = cli(['hq', 'so-process', id, '--server', file.hq.url, '--admin-token', file.hq.adminToken]);
    expect(so.status, so.stderr).toBe(0);
    const { serviceNumber } = JSON.parse(so.stdout) as { serviceNumber: string };
    expect(cli(['sync', '--data-dir', dir, '--server', file.hq.url]).status).toBe(0);
    const exported = JSON.parse(cli(['applications', 'export', id, '--reason', '동기화 확인', '--data-dir', dir]).stdout) as Record<string, unknown>;
    expect(exported).toMatchObject({ id, serviceNumber, status: 'so_processed' });
    const core = openCore({ dataDir: dir, host: 'test' });
    cores.push(core);
    expect((await core.invoke('workflow.get', { applicationId: id })).statusReason).toContain('제출 전');
    // Five CLI processes started through tsx: seconds each on a busy machine.
  }, 180_000);

  it("a signature and its image reach the branch's other device", async () => {
    const a1 = await device('용산지사', '김영업');
    const a2 = await device('용산지사', '이영업');
    const app = await a1.invoke('applications.create', sampleApplication({ customer: { ...sampleApplication().customer, businessNumber: businessNumberFor(5) } }));
    await sync(a1);
    await sync(a2);
    // A2 opens the same application's documents offline: the same document ids, no collision later.
    await a2.invoke('documents.status', { applicationId: app.id });
    await a1.invoke('documents.sign', {
      applicationId: app.id,
      form: '2',
      area: 'terms-confirmation',
      mark: 'signature',
      signerName: '홍길동',
      pngBase64: Buffer.from(signaturePng()).toString('base64'),
    });
    const r = await sync(a1);
    expect(r.uploaded).toBe(1);
    await sync(a2);
    const docs = await a2.invoke('documents.status', { applicationId: app.id });
    expect(docs.documents.find((d) => d.form === '2')!.areas[0]!.current).toMatchObject({ signerName: '홍길동' });
    const pdf = await a2.invoke('documents.render', { applicationId: app.id, forms: ['2'], format: 'pdf', packet: false });
    expect(pdf.bytes).toBeGreaterThan(10_000);
  });

  it('an unreachable HQ is reported in Korean with what to do, and nothing is lost', async () => {
    const a = await device('성동지사', '김영업');
    await a.invoke('applications.create', sampleApplication({ customer: { ...sampleApplication().customer, businessNumber: businessNumberFor(6) } }));
    a.store.sqlite.prepare("UPDATE sync_state SET value = json_set(value, '$.serverUrl', 'http://127.0.0.1:1') WHERE key = 'enrollment'").run();
    await expect(sync(a)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('네트워크') });
    const status = await a.invoke('sync.status', {});
    expect(status.state).toMatchObject({ kind: 'offline', cause: 'network', waiting: 2 });
    expect(status.state.message).toContain('안전하게 저장');
  });

  it('in the background, a local change reaches HQ shortly after it is saved, with no button pressed', { timeout: 180_000 }, async () => {
    const a = await device('중구지사', '김영업');
    const scheduler = new SyncScheduler(a.ctx.sync.engine, a.store, { debounceMs: 100, intervalMs: 60_000 });
    scheduler.start();
    try {
      await a.invoke('applications.create', sampleApplication({ customer: { ...sampleApplication().customer, businessNumber: businessNumberFor(7) } }));
      // Waits on the outcome, however busy the machine: sent, and the sync that sent it finished.
      await vi.waitFor(
        async () => {
          expect(a.ctx.sync.engine.counts()).toEqual({ queued: 0, sent: 0, rejected: 0 });
          expect((await a.invoke('sync.status', {})).state).toMatchObject({ kind: 'in_step', waiting: 0 });
        },
        { timeout: 60_000, interval: 50 },
      );
    } finally {
      scheduler.stop();
    }
  });

  it('the CLI refuses a wrong enrollment code with the reason and a non-zero exit', () => {
    const r = cli(['sync', '--data-dir', tempDir('cli-'), '--server', file.hq.url, '--enroll', 'NOPE-NOPE-NOPE']);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/등록 코드|코드/);
  });
});

describe('crashes during a push', () => {
  it('kill -9 the client during a push and restart it: nothing lost, nothing duplicated', async () => {
    // The first push is held 3 s before it commits (the window in which the client is killed); the
    // resend after the restart is not held.
    const slow = await startHq({ dataDir: hqDataDir('hq-slow-'), env: { SALESDESK_HQ_TEST_FIRST_COMMIT_DELAY_MS: '3000' } });
    try {
      const slowAdmin = new Admin(slow.url, slow.adminToken);
      const dataDir = tempDir('killed-');
      const seed = openCore({ dataDir, host: 'test' });
      await seed.ctx.sync.engine.enroll(slow.url, await slowAdmin.enrollCode('은평지사', '김영업'), 'killed');
      const base = sampleApplication();
      // Seeded through the contract in one transaction (the push is under test, not the saving).
      await inOneTransaction(seed, async () => {
        for (let i = 0; i < 600; i++) {
          await seed.invoke('applications.create', { ...base, customer: { ...base.customer, name: `회사${i}`, businessNumber: businessNumberFor(100_000 + i) } });
        }
      });
      seed.close();
      const run = entryCommand('electron/hosts/cli.ts', ['sync', '--data-dir', dataDir]);
      const child = spawn(run.command, run.args, { cwd: ROOT, stdio: 'ignore' });
      // Wait until the first batch is in flight (marked sent), then kill the client outright.
      const probe = openCore({ dataDir, host: 'test' });
      await vi.waitFor(() => expect(probe.ctx.sync.engine.counts().sent).toBeGreaterThan(0), { timeout: 90_000, interval: 50 });
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      probe.close();

      const r = cli(['sync', '--data-dir', dataDir]);
      expect(r.status, r.stderr).toBe(0);
      const local = openCore({ dataDir, host: 'test' });
      expect(local.ctx.sync.engine.counts()).toEqual({ queued: 0, sent: 0, rejected: 0 });
      local.close();
      const listed = cli(['hq', 'applications', 'list', '--server', slow.url, '--admin-token', slow.adminToken]);
      const apps = JSON.parse(listed.stdout) as { id: string }[];
      expect(apps).toHaveLength(600);
      expect(new Set(apps.map((a) => a.id)).size).toBe(600);
    } finally {
      await slow.stop();
    }
  }, 180_000);

  it('HQ killed while it applies a batch: the device resends after the restart and everything lands once', async () => {
    const dataDirHq = hqDataDir('hq-crash-');
    const crashing = await startHq({ dataDir: dataDirHq, env: { SALESDESK_HQ_TEST_CRASH: 'push-before-commit' } });
    const crashAdmin = new Admin(crashing.url, crashing.adminToken);
    const dev = openCore({ dataDir: tempDir('dev-crash-'), host: 'test' });
    cores.push(dev);
    await dev.ctx.sync.engine.enroll(crashing.url, await crashAdmin.enrollCode('강서지사', '김영업'), 'dev');
    const base = sampleApplication();
    for (let i = 0; i < 20; i++) await dev.invoke('applications.create', { ...base, customer: { ...base.customer, name: `회사${i}`, businessNumber: businessNumberFor(200_000 + i) } });
    await expect(sync(dev)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await crashing.exited;
    expect(dev.ctx.sync.engine.counts().sent).toBe(40);
    const port = new URL(crashing.url).port;
    const restarted = await startHq({ dataDir: dataDirHq, env: { SALESDESK_HQ_ADMIN_TOKEN: 'test-admin-token-0123456789' } });
    try {
      // Same data folder; the device still points at the old port, so move it to the new one.
      dev.store.sqlite.prepare("UPDATE sync_state SET value = json_set(value, '$.serverUrl', ?) WHERE key = 'enrollment'").run(restarted.url);
      const r = await sync(dev);
      expect(r.pushed).toBe(40);
      expect(dev.ctx.sync.engine.counts()).toEqual({ queued: 0, sent: 0, rejected: 0 });
      const listed = cli(['hq', 'applications', 'list', '--server', restarted.url, '--admin-token', 'test-admin-token-0123456789']);
      expect(JSON.parse(listed.stdout)).toHaveLength(20);
      expect(port).toBeTruthy();
    } finally {
      await restarted.stop();
    }
  }, 120_000);

  it('a refused enrollment code shows HQ\'s reason, not "this device was unregistered"', async () => {
    const code = await file.admin.enrollCode('강동지사', '박영업');
    const first = openCore({ dataDir: tempDir('dev-code-1-'), host: 'test' });
    const second = openCore({ dataDir: tempDir('dev-code-2-'), host: 'test' });
    cores.push(first, second);
    await first.ctx.sync.engine.enroll(file.hq.url, code, 'first');
    await expect(second.ctx.sync.engine.enroll(file.hq.url, code, 'second')).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('이미 사용된 등록 코드') });
  });

  it("a device holding one branch's records is not re-enrolled into another branch; an empty one is, and reads the new branch from the start", async () => {
    const c1 = await device('강북지사', '최영업');
    const base = sampleApplication();
    await c1.invoke('applications.create', { ...base, customer: { ...base.customer, name: '강북상사', businessNumber: businessNumberFor(300_001) } });
    await sync(c1);
    const e1 = await device('강서지사', '정영업');
    await e1.invoke('applications.create', { ...base, customer: { ...base.customer, name: '강서상사', businessNumber: businessNumberFor(300_002) } });
    await sync(e1);

    await expect(c1.ctx.sync.engine.enroll(file.hq.url, await file.admin.enrollCode('강서지사', '최영업'), 'moved')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('새 데이터 폴더'),
    });
    expect(c1.ctx.sync.engine.enrollment()?.branch).toBe('강북지사');

    // A device of a branch with no records yet has still read HQ-wide records (contacts) up to a
    // cursor past 강서상사; moved to 강서, it must read 강서 from the start, not from that cursor.
    const empty = await device('강원지사', '한영업');
    const published = cli(['hq', 'publish-contacts', '--server', file.hq.url, '--admin-token', file.hq.adminToken], JSON.stringify([{ role: 'BM', team: '스마트솔루션사업담당' }]));
    expect(published.status, published.stderr).toBe(0);
    await sync(empty);
    expect(empty.ctx.sync.engine.get('cursor')).toBeGreaterThan(0);
    await empty.ctx.sync.engine.enroll(file.hq.url, await file.admin.enrollCode('강서지사', '한영업'), 'moved');
    await sync(empty);
    expect((await empty.invoke('applications.list', {})).items.map((a) => a.customer.name)).toEqual(['강서상사']);
  });
});
