import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { test, expect } from './fixtures';
import { consoleAccounts } from './console-accounts';
import { startHq, type HqProcess } from '../integration/hq/harness';
import { Admin, applicationFields, customerFields, newId } from '../integration/hq/client';
import { tempDir } from '../support/fixtures';
import { openDatabase } from '../../server/db/open';

/**
 * The console's 파기 page (issue 17 item 6): a real HQ process on PGlite, Chromium. Two declined
 * applications older than HQ's declined-6m rule: the administrator holds one (shown held, no
 * checkbox), lifts the hold with a reason, destroys it through the confirm naming the count, and
 * finds HQ's entry in the destruction log; the other stays held. The page reads in English too.
 */
let hq: HqProcess;
let hqDir: string;
const A = '(주)파기대상상사';
const B = '(주)소송보존상사';
const ids = { a: newId(), b: newId() };

test.beforeAll(async () => {
  hqDir = tempDir('hq-retention-e2e-');
  hq = await startHq({ dataDir: hqDir });
  const device = await new Admin(hq.url, hq.adminToken).enroll('강서지사', '최파기', 'retention-laptop');
  const customers = { a: newId(), b: newId() };
  const pushed = await device.push([
    device.mutation('customer', customers.a, { ...customerFields(11), name: A }),
    device.mutation('application', ids.a, applicationFields(customers.a)),
    device.mutation('customer', customers.b, { ...customerFields(12), name: B }),
    device.mutation('application', ids.b, applicationFields(customers.b)),
  ]);
  expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
  // HQ declined both seven months ago (as its own status change would have left them): stopped,
  // aged in its own database, started again — its daily check then counts them on start.
  await hq.stop();
  const database = await openDatabase({ dataDir: hqDir });
  try {
    await database.db.execute(
      sql`update records set fields = jsonb_set(fields, '{status}', '"declined"'), updated_at = now() - interval '7 months' where entity = 'application' and id in (${ids.a}, ${ids.b})`,
    );
  } finally {
    await database.close();
  }
  hq = await startHq({ dataDir: hqDir });
});
test.afterAll(async () => {
  await (hq as HqProcess | undefined)?.stop();
});

const SHOTS = process.env.SALESDESK_SCREENSHOTS === 'docs' ? 'docs/screens' : 'test-results/screens';
const { usersAdd, consoleSignIn } = consoleAccounts(() => ({ dataDir: hqDir, url: hq.url }));

test("파기: a held application shows held without a checkbox; after the hold is lifted it is destroyed through the confirm naming the count, and the log shows HQ's entry with the confirmer", async ({
  browser,
}) => {
  const page = await consoleSignIn(browser, await usersAdd('retention.boss', '파기담당', 'admin'));
  await page.getByRole('navigation', { name: '콘솔 메뉴' }).getByRole('link', { name: '파기', exact: true }).click();
  await expect(page.getByRole('heading', { name: '파기', exact: true })).toBeVisible();
  await expect(page.getByTestId('retention-status')).toContainText('오늘 점검: 파기 대상 2건, 보존 중 0건');

  const due = page.getByTestId('retention-due-table');
  const rowA = due.locator('tbody tr').filter({ hasText: A });
  const rowB = due.locator('tbody tr').filter({ hasText: B });
  await expect(rowA).toContainText('declined-6m');
  await expect(rowA).toContainText('접수 거절·반려 후 재제출되지 않은 청약');
  await expect(rowA.getByRole('checkbox')).toBeVisible();

  // Hold both from their rows (the ID is filled in), each with its reason: held, no checkbox.
  const holdForm = page.getByTestId('retention-holds');
  for (const [row, reason] of [
    [rowA, '내부 감사 자료 확인 중'],
    [rowB, '2026가합5678 소송 증거'],
  ] as const) {
    await row.getByRole('button', { name: '보존 조치' }).click();
    await holdForm.getByLabel('보존 사유').fill(reason);
    await holdForm.getByTestId('hold-place').click();
    await expect(row).toContainText(`법적 보존 조치: ${reason}`);
    await expect(row.getByRole('checkbox')).toHaveCount(0);
    await expect(row).toContainText('보존 중');
  }
  await expect(page.getByTestId('retention-destroy')).toBeDisabled();

  // Lift A's hold with a reason: it can be chosen again; the lifted hold stays on record.
  const holdRowA = page.getByTestId('retention-holds-table').locator('tbody tr').filter({ hasText: '내부 감사 자료 확인 중' });
  await holdRowA.getByLabel('해제 사유').fill('감사 종료');
  await holdRowA.getByRole('button', { name: '해제' }).click();
  await expect(holdRowA).toContainText('감사 종료');
  await expect(holdRowA).toContainText('파기담당 (retention.boss)');
  await expect(rowA.getByRole('checkbox')).toBeVisible();

  // Destroy A through the confirm naming the count.
  await rowA.getByRole('checkbox').check();
  const dialog = page.waitForEvent('dialog');
  const click = page.getByTestId('retention-destroy').click();
  const confirm = await dialog;
  expect(confirm.message()).toBe('1건을 파기합니다. 되돌릴 수 없습니다.');
  await confirm.accept();
  await click;
  await expect(page.getByTestId('retention-results')).toContainText(`${A} — 파기했습니다`);
  await expect(rowA).toHaveCount(0);
  await expect(rowB).toContainText('보존 중');

  // The destruction log: HQ's entry, the rule and the person who confirmed.
  const log = page.getByTestId('retention-log-table').locator('tbody tr').filter({ hasText: ids.a });
  await expect(log).toContainText('본사');
  await expect(log).toContainText('declined-6m');
  await expect(log).toContainText('파기담당 (retention.boss)');
  await expect(page.getByTestId('retention-log-table')).not.toContainText(A);

  await fs.promises.mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, '17-destruction-console.png'), fullPage: true });

  // The same page in English: the status line, the held item and the log read in the console's language.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Destruction', exact: true })).toBeVisible();
  await expect(page.getByTestId('retention-status')).toContainText("Today's check: 2 due for destruction, 0 held");
  await expect(rowB).toContainText('Legal hold: 2026가합5678 소송 증거');
  await expect(log).toContainText('Destroy record');
});
