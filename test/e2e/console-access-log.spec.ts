import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';
import { consoleAccounts } from './console-accounts';
import { startHq, type HqProcess } from '../integration/hq/harness';
import { Admin, applicationFields, customerFields, newId, request } from '../integration/hq/client';
import { tempDir } from '../support/fixtures';
import { canonicalAccessText, GENESIS_HASH, type AccessEntry } from '../../shared/privacy/access';
import { ACCESS_LOG_SYNC_PATH } from '../../shared/privacy/hq';

/**
 * The console's 접속기록 page (issue 17): a real HQ process, a device's access log arriving over
 * the sync route, HQ's own entries from the console, Chromium. The administrator searches by
 * person, exports only with a reason, and the monthly review lists the rep who looked at 55
 * customers in half an hour late at night; the month is marked reviewed once.
 */
let hq: HqProcess;
let hqDir: string;
test.beforeAll(async () => {
  hqDir = tempDir('hq-access-e2e-');
  hq = await startHq({ dataDir: hqDir });
});
test.afterAll(async () => {
  await (hq as HqProcess | undefined)?.stop();
});

const SHOTS = process.env.SALESDESK_SCREENSHOTS === 'docs' ? 'docs/screens' : 'test-results/screens';
const { usersAdd, consoleSignIn } = consoleAccounts(() => ({ dataDir: hqDir, url: hq.url }));
const sha = (t: string) => crypto.createHash('sha256').update(t, 'utf8').digest('hex');

/** The 10th of last month (KST) at 22:00 KST plus `minutes`: after hours, inside one month. */
function lateLastMonth(minutes: number): string {
  const k = new Date(Date.now() + 9 * 3_600_000);
  return new Date(Date.UTC(k.getUTCFullYear(), k.getUTCMonth() - 1, 10, 22 - 9, minutes)).toISOString();
}

test('접속기록: device and HQ entries searched by person, exported only with a reason, and the monthly review lists many customers late at night and is marked reviewed once', async ({ browser }) => {
  const admin = new Admin(hq.url, hq.adminToken);
  const device = await admin.enroll('강북지사', '김영업', 'rep-laptop');
  const customerId = newId();
  const applicationId = newId();
  const pushed = await device.push([device.mutation('customer', customerId, customerFields(3)), device.mutation('application', applicationId, applicationFields(customerId))]);
  expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied']);

  // The rep's device looked at 55 customers in 30 minutes at 22:00 KST: its chain, as the app sends it.
  const entries: AccessEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 0; i < 55; i++) {
    const base = {
      seq: i + 1,
      id: newId(),
      at: lateLastMonth(Math.floor(i / 2)),
      actor: '김영업',
      device: 'rep-laptop',
      channel: 'customers.get',
      action: 'view' as const,
      subjects: [{ kind: 'customer' as const, id: newId() }],
      reason: null,
      prevHash: prev,
    };
    const entry = { ...base, hash: sha(canonicalAccessText(base)) };
    entries.push(entry);
    prev = entry.hash;
  }
  const sent = await request(hq.url, 'POST', ACCESS_LOG_SYNC_PATH, { token: device.token, body: { entries } });
  expect(sent.status).toBe(200);
  expect(sent.json).toMatchObject({ stored: 55, breaks: [] });

  const page = await consoleSignIn(browser, await usersAdd('privacy.boss', '정보보호', 'admin'));
  // Looking at an application writes HQ's own entry.
  await page.goto(`${hq.url}/console/#/applications/${applicationId}`);
  await expect(page.getByTestId('application-status')).toBeVisible();
  await page.getByRole('navigation', { name: '콘솔 메뉴' }).getByRole('link', { name: '접속기록' }).click();
  await expect(page.getByRole('heading', { name: '접속기록' })).toBeVisible();
  const table = page.getByTestId('access-table');
  await expect(table.getByRole('row', { name: /privacy\.boss/ }).first()).toContainText('GET /console/api/applications/:id');

  // By person: the rep's entries only.
  await page.getByLabel('사람 (영업대표·본사 계정)').fill('김영업');
  await expect(table.locator('tbody tr')).toHaveCount(50);
  await expect(table.locator('tbody tr').first()).toContainText('김영업 · 강북지사');

  // Export: no reason, no link; with a reason, the file, and the export itself is in the log.
  await expect(page.getByTestId('access-export')).toHaveAttribute('aria-disabled', 'true');
  await page.getByLabel('내보내기 사유').first().fill('11월 월간 점검 보고');
  const download = page.waitForEvent('download');
  await page.getByTestId('access-export').click();
  const file = await (await download).path();
  expect(fs.readFileSync(file, 'utf8')).toContain('customers.get');
  await page.getByLabel('사람 (영업대표·본사 계정)').fill('privacy.boss');
  await expect(table.getByRole('row', { name: /11월 월간 점검 보고/ })).toContainText('내보내기');

  // The monthly review: last month, the late burst of 55 customers, then the mark.
  const review = page.getByTestId('access-review');
  await expect(review.getByTestId('review-many')).toContainText('김영업 · 강북지사');
  await expect(review.getByTestId('review-many')).toContainText('55건');
  await expect(review.getByTestId('review-outside')).toContainText('55회');
  await page.getByLabel('사람 (영업대표·본사 계정)').fill('');
  await expect(table.locator('tbody tr')).toHaveCount(50);
  await fs.promises.mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, 'console-access-log.png'), fullPage: true });
  await review.screenshot({ path: path.join(SHOTS, 'console-access-log-review.png') });
  await review.getByLabel('점검 메모 (선택)').fill('야간 조회 건은 영업대표 확인 완료');
  await review.getByTestId('review-mark-button').click();
  await expect(review.getByTestId('review-mark')).toContainText('정보보호 (privacy.boss) 점검 완료');
  await expect(review.getByTestId('review-mark-button')).toHaveCount(0);
});
