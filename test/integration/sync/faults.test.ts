import http from 'node:http';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import type { SyncFailure } from '../../../electron/core/sync/http';
import { ADMIN_PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../../shared/sync/protocol';
import { startHq, type HqProcess } from '../hq/harness';
import { Admin } from '../hq/client';
import { startFaultProxy, type FaultMode, type FaultProxy } from '../../support/fault-proxy';
import { businessNumberFor, sampleApplication, tempDir } from '../../support/fixtures';
import { signaturePng } from '../documents/tools';
import { hqDataDir } from '../../support/hq-data';

/**
 * Each kind of failure between a device and HQ, injected on purpose: the real HQ process behind a
 * fault-injecting TCP proxy, and a stub that answers what a broken network or a Wi-Fi login page
 * answers. A transient failure never marks a record refused and loses or doubles nothing; a change
 * HQ refuses is set aside with HQ's reason while the rest of the queue flows.
 */
let hq: HqProcess;
let admin: Admin;
let proxy: FaultProxy;
const cores: Core[] = [];
const TUNING = { timeouts: { requestMs: 2_500, transferMs: 4_000 }, scheduler: {} };

beforeAll(async () => {
  hq = await startHq({ dataDir: hqDataDir('hq-faults-') });
  admin = new Admin(hq.url, hq.adminToken);
  proxy = await startFaultProxy({ targetPort: Number(new URL(hq.url).port) });
});
afterAll(async () => {
  for (const c of cores) c.close();
  await proxy.close();
  await hq.stop();
});

let nextNumber = 500_000;
async function device(branch: string, url = proxy.url): Promise<Core> {
  const core = openCore({ dataDir: tempDir('device-faults-'), host: 'test', syncTuning: TUNING });
  cores.push(core);
  await core.ctx.sync.engine.enroll(url, await admin.enrollCode(branch, '김영업'), branch);
  return core;
}
const create = (c: Core, name: string) => c.invoke('applications.create', sampleApplication({ customer: { ...sampleApplication().customer, name, businessNumber: businessNumberFor(nextNumber++) } }));
const failureOf = async (c: Core): Promise<SyncFailure> => {
  try {
    await c.ctx.sync.engine.sync();
  } catch (error) {
    return error as SyncFailure;
  }
  throw new Error('the sync was expected to fail');
};
const hqApplications = async (branch: string) => {
  const res = await admin.call('GET', `${ADMIN_PATHS.applications}?branch=${encodeURIComponent(branch)}`);
  if (res.status !== 200) throw new Error(`applications: ${res.status}`);
  return res.json as { id: string; customer: { name: string } }[];
};

describe('transient failures: backoff, nothing refused, nothing lost or doubled', () => {
  it.each<[FaultMode, string]>([
    ['refuse', 'network'],
    ['drop', 'network'],
    ['stall', 'timeout'],
    ['reset', 'network'],
  ])(
    'HQ behind a link that does "%s" fails as "%s"; once the link is back every change lands once',
    async (mode, kind) => {
      const branch = `장애지사-${mode}`;
      const c = await device(branch);
      const made = [await create(c, `${mode}상사1`), await create(c, `${mode}상사2`)];
      await proxy.setMode(mode);
      try {
        const f = await failureOf(c);
        expect(f).toMatchObject({ kind, refused: false });
        expect(f.retryable).toBe(true);
        const during = await c.invoke('sync.status', {});
        expect(during.state).toMatchObject({ kind: 'offline', cause: kind, waiting: 4, refused: 0 });
        expect(c.ctx.sync.engine.counts().rejected).toBe(0);
      } finally {
        await proxy.setMode('pass');
      }
      const summary = await c.ctx.sync.engine.sync();
      expect(summary.rejected).toBe(0);
      expect((await c.invoke('sync.status', {})).state).toMatchObject({ kind: 'in_step', waiting: 0, refused: 0 });
      const atHq = await hqApplications(branch);
      expect(atHq.map((a) => a.id).sort()).toEqual(made.map((a) => a.id).sort());
    },
    90_000,
  );

  it('a slow link is only slow: the sync completes', async () => {
    const c = await device('장애지사-slow');
    await create(c, '느린상사');
    await proxy.setMode('slow');
    try {
      const r = await c.ctx.sync.engine.sync();
      expect(r).toMatchObject({ pushed: 2, rejected: 0 });
    } finally {
      await proxy.setMode('pass');
    }
  }, 60_000);
});

describe('answers that are not HQ refusing anything', () => {
  let stub: http.Server;
  let stubUrl = '';
  let answer: (res: http.ServerResponse) => void = (res) => res.end();
  beforeAll(async () => {
    stub = http.createServer((req, res) => {
      req.resume();
      answer(res);
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    stubUrl = `http://127.0.0.1:${(stub.address() as { port: number }).port}`;
  });
  afterAll(async () => new Promise<void>((resolve) => stub.close(() => resolve())));

  /** A device enrolled with the real HQ whose address then leads to the stub. */
  async function pointedAtStub(branch: string): Promise<Core> {
    const c = await device(branch, hq.url);
    await create(c, `${branch}상사`);
    c.store.sqlite.prepare("UPDATE sync_state SET value = json_set(value, '$.serverUrl', ?) WHERE key = 'enrollment'").run(stubUrl);
    return c;
  }

  it.each<[string, (res: http.ServerResponse) => void, string]>([
    [
      'HQ answering 503 while it restarts',
      (res) => res.writeHead(503, { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) }).end('{"error":{"code":"UNAVAILABLE","message":"잠시 후"}}'),
      'hq_error',
    ],
    ['a gateway answering 502 in HTML', (res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>'), 'hq_error'],
    ['a Wi-Fi login page answering 200 in HTML', (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>로그인하세요</html>'), 'not_hq'],
    ["a portal answering 400 without HQ's header", (res) => res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"code":"INVALID_INPUT","message":"no"}}'), 'not_hq'],
    ['a proxy answering 429 (too many requests)', (res) => res.writeHead(429).end(), 'hq_error'],
  ])('%s: a transient failure, retried, and no record is marked refused', async (_what, respond, kind) => {
    answer = respond;
    const c = await pointedAtStub(`스텁지사-${kind}-${nextNumber}`);
    const f = await failureOf(c);
    expect(f).toMatchObject({ kind, refused: false });
    expect(f.retryable).toBe(true);
    expect(c.ctx.sync.engine.counts()).toMatchObject({ rejected: 0 });
    expect(c.ctx.sync.engine.counts().queued + c.ctx.sync.engine.counts().sent).toBe(2);
    expect((await c.invoke('sync.status', {})).state).toMatchObject({ kind: 'offline', refused: 0, waiting: 2 });
  });

  it('HQ of another protocol version: "update needed", nothing refused, no retry loop', async () => {
    answer = (res) =>
      res.writeHead(426, { 'content-type': 'application/json', [PROTOCOL_HEADER]: '2' }).end('{"error":{"code":"UPGRADE_REQUIRED","message":"앱을 업데이트하세요: 본사 서버가 더 새 버전입니다."}}');
    const c = await pointedAtStub(`스텁지사-update-${nextNumber}`);
    const f = await failureOf(c);
    expect(f).toMatchObject({ kind: 'update' });
    expect(f.retryable).toBe(false);
    expect((await c.invoke('sync.status', {})).state).toMatchObject({ kind: 'update_needed', waiting: 2, refused: 0, message: expect.stringContaining('업데이트') });
  });
});

describe('a change HQ refuses is set aside; the rest of the queue flows', () => {
  it("one malformed change in the middle of a batch (HQ refuses the whole request): only it is set aside, with HQ's reason", async () => {
    const branch = '거절지사-batch';
    const c = await device(branch);
    const made = [];
    for (let i = 0; i < 6; i++) made.push(await create(c, `묶음상사${i}`));
    // The 5th change of the queue was stored with a time HQ cannot read (a device clock gone wrong).
    const victim = c.store.sqlite.prepare('SELECT seq, entity, entity_id AS entityId FROM outbox ORDER BY seq LIMIT 1 OFFSET 4').get() as { seq: number; entity: string; entityId: string };
    c.store.sqlite.prepare("UPDATE outbox SET client_time = 'yesterday' WHERE seq = ?").run(victim.seq);
    const r = await c.ctx.sync.engine.sync();
    expect(r.rejected).toBeGreaterThanOrEqual(1);
    const refused = await c.invoke('sync.refused', {});
    expect(refused).toEqual(expect.arrayContaining([expect.objectContaining({ entity: victim.entity, entityId: victim.entityId, reason: expect.stringContaining('시각') })]));
    // The victim was a customer: its application is refused by HQ too (its parent is missing), nothing else.
    expect(refused.length).toBeLessThanOrEqual(2);
    const atHq = await hqApplications(branch);
    expect(atHq.length).toBeGreaterThanOrEqual(5);
    expect((await c.invoke('sync.status', {})).state).toMatchObject({ kind: 'refused', waiting: 0 });

    // The rep sends the records again (whole): HQ takes them, nothing twice.
    const again = await c.invoke('sync.resendRefused', { ids: refused.map((x) => x.id) });
    expect(again.resent).toBe(refused.length);
    await c.ctx.sync.engine.sync();
    expect(await c.invoke('sync.refused', {})).toEqual([]);
    expect((await hqApplications(branch)).map((a) => a.id).sort()).toEqual(made.map((a) => a.id).sort());
    expect((await c.invoke('sync.status', {})).state).toMatchObject({ kind: 'in_step' });
  }, 90_000);

  it('a single change too large for HQ (413) is set aside; the changes after it still go', async () => {
    const branch = '거절지사-large';
    const c = await device(branch);
    const first = await create(c, '큰상사');
    c.store.sqlite
      .prepare(
        "INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state) VALUES (uuid7(), 'application', ?, 'upsert', json_object('seller', json_object('name', ?)), 0, strftime('%Y-%m-%dT%H:%M:%fZ','now'), 'queued')",
      )
      .run(first.id, 'x'.repeat(5 * 1024 * 1024));
    const after = await create(c, '뒤상사');
    const r = await c.ctx.sync.engine.sync();
    expect(r.rejected).toBe(1);
    expect((await c.invoke('sync.refused', {}))[0]).toMatchObject({ entity: 'application', entityId: first.id, reason: expect.stringContaining('너무 큽니다') });
    expect((await hqApplications(branch)).map((a) => a.id).sort()).toEqual([first.id, after.id].sort());
    // Discarded, it is gone from the list and the device is in step again.
    const id = (await c.invoke('sync.refused', {}))[0]!.id;
    expect(await c.invoke('sync.discardRefused', { ids: [id] })).toEqual({ discarded: 1 });
    expect((await c.invoke('sync.status', {})).state).toMatchObject({ kind: 'in_step', refused: 0 });
  }, 90_000);

  it('a file damaged on this device is set aside with the reason; the records that do not need it still go', async () => {
    const branch = '거절지사-damaged';
    const c = await device(branch);
    const app = await create(c, '파일상사');
    await c.invoke('documents.sign', {
      applicationId: app.id,
      form: '2',
      area: 'terms-confirmation',
      mark: 'signature',
      signerName: '홍길동',
      pngBase64: Buffer.from(signaturePng()).toString('base64'),
    });
    const sha = (c.store.sqlite.prepare('SELECT sha256 FROM attachments').get() as { sha256: string }).sha256;
    fs.writeFileSync(c.ctx.attachments.pathOf(sha), Buffer.from('damaged on disk'));
    const other = await create(c, '다른상사');
    await c.ctx.sync.engine.sync();
    const refused = await c.invoke('sync.refused', {});
    expect(refused).toEqual(expect.arrayContaining([expect.objectContaining({ id: `file:${sha}`, entity: 'attachment_file', customer: '파일상사', reason: expect.stringContaining('손상') })]));
    expect((await hqApplications(branch)).map((a) => a.id).sort()).toEqual([app.id, other.id].sort());
    expect(c.ctx.sync.engine.counts()).toMatchObject({ queued: 0, sent: 0 });
  }, 90_000);

  it("a file HQ itself refuses is set aside with HQ's reason; everything else reaches HQ", async () => {
    // An HQ that refuses this one file (as it does a file whose bytes do not match their SHA-256) and is itself otherwise.
    const refusing = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'PUT' && req.url?.startsWith('/sync/attachments/')) {
          res.writeHead(400, { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) });
          res.end(JSON.stringify({ error: { code: 'INVALID_INPUT', message: '받은 파일의 SHA-256이 주소와 다릅니다. 처음부터 다시 올리세요.' } }));
          return;
        }
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length' && k !== 'connection')) as Record<string, string>;
        fetch(`${hq.url}${req.url ?? ''}`, { method: req.method ?? 'GET', headers, ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}) })
          .then(async (r) => {
            res.writeHead(r.status, Object.fromEntries([...r.headers].filter(([k]) => k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection' && k !== 'content-encoding')));
            res.end(Buffer.from(await r.arrayBuffer()));
          })
          .catch(() => res.destroy());
      });
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    try {
      const branch = '거절지사-file';
      const c = await device(branch, `http://127.0.0.1:${(refusing.address() as { port: number }).port}`);
      const app = await create(c, '파일상사');
      await c.invoke('documents.sign', {
        applicationId: app.id,
        form: '2',
        area: 'terms-confirmation',
        mark: 'signature',
        signerName: '홍길동',
        pngBase64: Buffer.from(signaturePng()).toString('base64'),
      });
      const sha = (c.store.sqlite.prepare('SELECT sha256 FROM attachments').get() as { sha256: string }).sha256;
      const other = await create(c, '다른상사');
      await c.ctx.sync.engine.sync();
      expect(await c.invoke('sync.refused', {})).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: `file:${sha}`, entity: 'attachment_file', reason: expect.stringContaining('SHA-256') })]),
      );
      expect((await hqApplications(branch)).map((a) => a.id).sort()).toEqual([app.id, other.id].sort());
      expect(c.ctx.sync.engine.counts()).toMatchObject({ queued: 0, sent: 0 });
      // Tried again (the rep's "다시 보내기"), it is refused again with the same reason — never lost, never silently dropped.
      expect(await c.invoke('sync.resendRefused', { ids: [`file:${sha}`] })).toEqual({ resent: 1 });
      await c.ctx.sync.engine.sync();
      expect((await c.invoke('sync.refused', {})).some((r) => r.id === `file:${sha}`)).toBe(true);
    } finally {
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  }, 90_000);

  it("a change HQ rejects on its own (another branch's record) is set aside; the ones after it in the same batch are applied", async () => {
    const a = await device('거절지사-A');
    const foreign = await create(a, '남의상사');
    await a.ctx.sync.engine.sync();
    const b = await device('거절지사-B');
    const before = await create(b, '앞상사');
    b.store.sqlite
      .prepare(
        "INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state) VALUES (uuid7(), 'application', ?, 'upsert', '{\"term\":\"12m\"}', 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), 'queued')",
      )
      .run(foreign.id);
    const after = await create(b, '뒤상사');
    const r = await b.ctx.sync.engine.sync();
    expect(r).toMatchObject({ rejected: 1, pushed: 4 });
    expect((await hqApplications('거절지사-B')).map((x) => x.id).sort()).toEqual([before.id, after.id].sort());
  }, 60_000);
});

describe('HQ revokes the device', () => {
  it('the device reads "not enrolled (revoked)", keeps every change, and says to enroll again', async () => {
    const c = await device('해제지사');
    await c.ctx.sync.engine.sync();
    expect((await admin.call('POST', ADMIN_PATHS.deviceRevoke(c.ctx.sync.engine.enrollment()!.deviceId))).status).toBe(200);
    await create(c, '해제후상사');
    const f = await failureOf(c);
    expect(f).toMatchObject({ kind: 'unauthorized' });
    const status = await c.invoke('sync.status', {});
    expect(status.state).toMatchObject({ kind: 'not_enrolled', revoked: true, waiting: 2 });
    expect((await c.invoke('applications.list', {})).total).toBe(1);
  }, 60_000);
});
