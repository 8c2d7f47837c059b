import fs from 'node:fs';
import path from 'node:path';
import { openSqlite } from '../../electron/core/store/db';
import { resolveStoreKey } from '../../electron/core/store/keys';
import { test, expect, importApplication, openApplications } from './fixtures';
import { startHq, type HqProcess } from '../integration/hq/harness';
import { Admin, newId } from '../integration/hq/client';
import { ROOT, runCliProcess } from '../support/processes';
import { sampleApplication } from '../support/fixtures';
import { currentPeriodKst } from '../../shared/commission/cli';
import { addMonths } from '../../shared/commission/engine';
import { hqDataDir } from '../support/hq-data';

let hq: HqProcess;
test.beforeAll(async () => {
  hq = await startHq({ dataDir: hqDataDir('hq-commission-e2e-') });
});
test.afterAll(async () => {
  // beforeAll may have failed before starting HQ.
  await (hq as HqProcess | undefined)?.stop();
});

const shots = process.env.SALESDESK_SCREENSHOTS;

test("the quote builder shows the rep's commission for each payment option once HQ publishes a plan, and 내 실적 shows this and next month", async ({ page, host }) => {
  const id = await importApplication(host.dataDir, sampleApplication());

  // Before HQ publishes, the KT plan is 미설정.
  await openApplications(page, host.url);
  await page.getByRole('link', { name: '(주)하나콜센터' }).click();
  await page.getByRole('navigation', { name: '청약 화면' }).getByRole('link', { name: '견적' }).click();
  const preview = page.getByTestId('commission-preview');
  await expect(preview).not.toHaveAttribute('open');
  await preview.getByText('내 수수료 미리보기 (영업대표 전용)').click();
  await expect(page.getByTestId('commission-unset')).toContainText('수수료 기준 미설정');

  // HQ publishes a plan; the device syncs and the preview prices by it.
  const plan = fs.readFileSync(path.join(ROOT, 'test/fixtures/commission/kt-bizmeka-2026.json'), 'utf8');
  const published = runCliProcess(['hq', 'publish-commission', '--server', hq.url, '--admin-token', hq.adminToken], plan);
  expect(published.status, published.stderr).toBe(0);
  const code = await new Admin(hq.url, hq.adminToken).enrollCode('강북지사', '김영업');
  await page.getByTestId('sync-chip').click();
  await page.getByLabel('본사 서버 주소').fill(hq.url);
  await page.getByLabel('등록 코드').fill(code);
  await page.getByRole('button', { name: '등록하고 동기화' }).click();
  await expect(page.getByTestId('sync-pending')).toHaveText('보낼 변경 없음', { timeout: 60_000 });
  await page.goBack();
  await page.getByTestId('commission-preview').getByText('내 수수료 미리보기 (영업대표 전용)').click();
  // 12 seats × 180,000 + 12 recordings × 20,000 = 2,400,000 a month on 36 months.
  const options = page.getByTestId('commission-options');
  await expect(options.getByRole('row', { name: /전액 선납/ })).toContainText('8,640,000원'); // 10% of 86,400,000
  await expect(options.getByRole('row', { name: /연납/ })).toContainText('3,456,000원'); // 6% + 4% + 2% of 28,800,000
  await expect(options.getByRole('row', { name: /월납/ })).toContainText('4,320,000원'); // 5% × 2,400,000 × 36
  // Free-trial months earn nothing and the paid term follows them: same total, first payout 3 months on.
  await page.getByLabel('무료 체험 개월 수').fill('2');
  await expect(options.getByRole('row', { name: /월납/ })).toContainText('4,320,000원');
  await expect(options.getByRole('row', { name: /월납/ })).toContainText(addMonths(currentPeriodKst(), 3));
  if (shots) await page.screenshot({ path: path.join(shots, 'commission-preview.png'), fullPage: true });

  // The subscription opens this month (set on the device's store as the workflow would).
  const thisMonth = currentPeriodKst();
  const db = openSqlite(path.join(host.dataDir, 'salesdesk.sqlite'), resolveStoreKey(host.dataDir).bytes);
  db.function('uuid7', () => newId()); // the store's outbox triggers call it (the core registers it the same way)
  try {
    db.prepare("UPDATE applications SET status = 'active', workflow = json_set(coalesce(workflow, '{}'), '$.openDate', ?) WHERE id = ?").run(`${thisMonth}-01`, id);
  } finally {
    db.close();
  }
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '내 실적' }).click();
  const totals = page.getByTestId('commission-totals');
  await expect(totals).toContainText(`이번 달 (${thisMonth})`);
  await expect(totals.getByRole('row', { name: /KRW/ })).toContainText('0원');
  await expect(totals.getByRole('row', { name: /KRW/ })).toContainText('120,000원'); // next month: 5% of 2,400,000
  await expect(page.getByTestId('commission-subscriptions')).toContainText('(주)하나콜센터');
  if (shots) await page.screenshot({ path: path.join(shots, 'my-performance.png'), fullPage: true });
});
