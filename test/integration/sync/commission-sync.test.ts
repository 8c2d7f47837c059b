import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { currentPeriodKst } from '../../../shared/commission/cli';
import { addMonths } from '../../../shared/commission/engine';
import { startHq, type HqProcess } from '../hq/harness';
import { Admin } from '../hq/client';
import { sampleApplication, tempDir } from '../../support/fixtures';
import { ROOT, runCliProcess } from '../../support/processes';
import { hqDataDir } from '../../support/hq-data';

/**
 * Commission plans travel like catalogs: HQ publishes, devices pull, the newest version wins
 * over the shipped one; HQ's monthly statement comes from the synced live subscriptions.
 * A real HQ process (PGlite), a real core on a real SQLite file, the real CLIs.
 */
let hq: HqProcess;
let admin: Admin;
let core: Core;
const cli = (args: string[], input = '') => runCliProcess(args, input);
const hqCli = (args: string[], input = '') => cli(['hq', ...args, '--server', hq.url, '--admin-token', hq.adminToken], input);
const planJson = fs.readFileSync(path.join(ROOT, 'test/fixtures/commission/kt-bizmeka-2026.json'), 'utf8');

beforeAll(async () => {
  hq = await startHq({ dataDir: hqDataDir('hq-commission-') });
  admin = new Admin(hq.url, hq.adminToken);
  core = openCore({ dataDir: tempDir('device-commission-'), host: 'test', validateOutput: true });
  await core.ctx.sync.engine.enroll(hq.url, await admin.enrollCode('강북지사', '김영업'), 'commission-device');
});
afterAll(async () => {
  // beforeAll may have failed part-way.
  (core as Core | undefined)?.close();
  await (hq as HqProcess | undefined)?.stop();
});

describe('commission plans published by HQ', () => {
  it('the KT plan is 미설정 until HQ publishes one; after a sync the device prices by the published plan', async () => {
    expect(await core.invoke('commission.plan', { catalogId: 'kt-bizmeka-2014' })).toMatchObject({ id: 'kt-bizmeka', status: 'unset' });

    const published = hqCli(['publish-commission'], planJson);
    expect(published.status, published.stderr).toBe(0);
    expect(JSON.parse(published.stdout)).toEqual({ id: 'commission-plan-v1', version: 1, unchanged: false });
    // The same plan again makes no new version.
    expect(JSON.parse(hqCli(['publish-commission'], planJson).stdout)).toMatchObject({ version: 1, unchanged: true });

    await core.ctx.sync.engine.sync();
    expect(await core.invoke('commission.plan', { catalogId: 'kt-bizmeka-2014' })).toMatchObject({ id: 'kt-bizmeka', version: '2026.1', status: 'active' });
  }, 120_000);

  it('a plan the engine cannot use is refused with what to fix (exit 2 locally, 400 from HQ), and nothing is published', async () => {
    const bad = { ...JSON.parse(planJson), status: 'active', rules: [] };
    const local = hqCli(['publish-commission'], JSON.stringify(bad));
    expect(local.status).toBe(2);
    expect(local.stderr).toMatch(/규칙이 하나 이상/);
    const direct = await admin.call('POST', '/admin/commission-plans', { ...JSON.parse(planJson), rules: [{ kind: 'monthlyShare', id: 'x', label: 'x', percent: 150 }] });
    expect(direct.status).toBe(400);
    expect(JSON.stringify(direct.json)).toMatch(/100% 이하/);
    const garbage = await admin.call('POST', '/admin/commission-plans', [1, 2, 3]);
    expect(garbage.status).toBe(400);
    expect(JSON.parse(hqCli(['publish-commission'], planJson).stdout)).toMatchObject({ version: 1, unchanged: true });
  }, 60_000);

  it("내 실적 and HQ's statement agree: 12 seats + 12 recordings on 36 months, open this month, paid monthly at 5% earn (12 × 180,000 + 12 × 20,000) × 5% = 120,000원 next month", async () => {
    const app = await core.invoke('applications.create', sampleApplication());
    const thisMonth = currentPeriodKst();
    const next = addMonths(thisMonth, 1);
    // Through the lifecycle: the rep submits, HQ processes and provisions, the service opens this month.
    for (const status of ['quoted', 'signed', 'submitted']) core.store.sqlite.prepare('UPDATE applications SET status = ? WHERE id = ?').run(status, app.id);
    await core.ctx.sync.engine.sync();
    expect((await admin.call('POST', `/admin/applications/${app.id}/so-process`, {})).status).toBe(200);
    for (const status of ['provisioning', 'acceptance', 'open']) {
      const r = await admin.call('POST', `/admin/applications/${app.id}/status`, { status });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
    }
    await core.ctx.sync.engine.sync();
    await core.invoke('workflow.update', { applicationId: app.id, patch: { openDate: `${thisMonth}-01` } });
    await core.ctx.sync.engine.sync();

    const mine = await core.invoke('commission.mine', {});
    expect(mine.periods).toEqual([thisMonth, next]);
    expect(mine.subscriptions).toEqual([expect.objectContaining({ subscriptionId: app.id, status: 'ok', currency: 'KRW', amounts: { [thisMonth]: 0, [next]: 120_000 } })]);
    expect(mine.totals).toEqual([{ currency: 'KRW', amounts: { [thisMonth]: 0, [next]: 120_000 } }]);

    const statement = hqCli(['commission-statement', '--month', next]);
    expect(statement.status, statement.stderr).toBe(0);
    const lines = statement.stdout
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/);
    expect(lines[0]).toBe('월,지사,판매자,통화,대상 가입 수,수수료(최소 단위),수수료,기준 없음·미설정');
    expect(lines.slice(1)).toEqual([`${next},강북지사,김영업,KRW,1,120000,"120,000",0`]);
    // Another branch has nothing; a month before the opening has nothing to pay.
    expect(
      hqCli(['commission-statement', '--month', next, '--branch', '강남지사'])
        .stdout.replace(/^\uFEFF/, '')
        .trim()
        .split(/\r\n/),
    ).toHaveLength(1);
  }, 180_000);

  it('a bad month is refused before anything is asked of HQ (exit 2), and HQ answers 400 to one sent directly', async () => {
    const local = hqCli(['commission-statement', '--month', '2026-13']);
    expect(local.status).toBe(2);
    expect(local.stderr).toMatch(/YYYY-MM/);
    const direct = await admin.call('GET', '/admin/commission-statement?month=12-2026');
    expect(direct.status).toBe(400);
  }, 60_000);
});
