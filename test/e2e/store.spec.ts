import fs from 'node:fs';
import path from 'node:path';
import { test, expect, startHost, openApplications, withCore } from './fixtures';
import { stopProcess } from '../support/processes';
import { businessNumberFor, sampleApplication, tempDir } from '../support/fixtures';

/** The device store survives damage (issue 10): what the rep sees, in the real web host and Chromium. */
// The store's damage and backups are this file's rules: the folder is prepared through the core in
// the test process (as `cli applications import` and `cli store backup` do it, without three process
// starts per test — the CLI's own commands are covered in test/integration), then the real web host
// opens it.
test.describe.configure({ timeout: 480_000 });
const input = (name: string, n: number) => sampleApplication({ customer: { ...sampleApplication().customer, name, businessNumber: businessNumberFor(n) } });

/** One application, a backup the rep asks for, then a second application: the folder closed before the host opens it. */
async function appBackupApp(dataDir: string, before: [string, number], after: [string, number]): Promise<void> {
  await withCore(dataDir, async (core) => {
    await core.invoke('applications.create', input(...before));
    await core.ctx.storeAdmin.backupNow();
    await core.invoke('applications.create', input(...after));
  });
}

test('a truncated store is restored at start: every screen says which backup came back and what to re-enter, until the rep has read it', async ({ page }) => {
  const dataDir = tempDir('e2e-store-');
  await appBackupApp(dataDir, ['(주)백업전상사', 31], ['(주)백업후상사', 32]);
  const file = path.join(dataDir, 'salesdesk.sqlite');
  fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 4096 * 3));

  const host = await startHost(dataDir);
  try {
    await page.goto(host.url);
    const notice = page.getByTestId('store-recovery');
    await expect(notice).toContainText('저장소를 백업에서 복원했습니다');
    await expect(notice).toContainText('저장소 파일이 손상되어 있었습니다.');
    await expect(notice).toContainText(/\d{4}\. \d{1,2}\. \d{1,2}\. \d{2}:\d{2}에 만든 백업으로 복원했습니다/);
    await expect(notice).toContainText('다시 입력하세요');
    await expect(notice).toContainText(path.join(dataDir, 'set-aside'));
    await page.screenshot({ path: 'test-results/e2e/store-recovered.png', fullPage: true });

    await openApplications(page, host.url);
    await expect(page.getByTestId('applications-table')).toContainText('(주)백업전상사');
    await expect(page.getByTestId('applications-table')).not.toContainText('(주)백업후상사');
    await expect(notice).toBeVisible();

    await notice.getByRole('button', { name: '확인했습니다' }).click();
    await expect(notice).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('applications-table')).toContainText('(주)백업전상사');
    await expect(page.getByTestId('store-recovery')).toHaveCount(0);
  } finally {
    await stopProcess(host.child);
  }
});

test('the rep restores a chosen backup from 데이터 보관; the current store is kept and can be restored back', async ({ page }) => {
  const dataDir = tempDir('e2e-store-');
  await appBackupApp(dataDir, ['(주)첫째상사', 33], ['(주)둘째상사', 34]);
  const host = await startHost(dataDir);
  try {
    await page.goto(host.url);
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '데이터 보관' }).click();
    await expect(page.getByRole('heading', { name: '데이터 보관' })).toBeVisible();
    await expect(page.getByText('키 파일이 키를 보관')).toBeVisible();
    const table = page.getByTestId('backups-table');
    // The host backed up at start (2 applications) besides the rep's own backup (1).
    const manual = table.getByRole('row').filter({ hasText: '직접 백업' });
    await expect(manual).toContainText('청약 1');
    await expect(table.getByRole('row').filter({ hasText: '앱 시작' })).toContainText('청약 2');
    await page.screenshot({ path: 'test-results/e2e/store-backups.png', fullPage: true });

    await manual.getByRole('button', { name: '이 백업으로 복원' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('지금 저장소는 먼저 백업하고');
    await dialog.getByRole('button', { name: '복원' }).click();
    await expect(page.getByTestId('store-recovery')).toContainText('요청하신 대로 백업으로 되돌렸습니다.');
    await expect(table.getByRole('row').filter({ hasText: '복원 전 자동' })).toContainText('청약 2');

    await openApplications(page, host.url);
    await expect(page.getByTestId('applications-table')).toContainText('(주)첫째상사');
    await expect(page.getByTestId('applications-table')).not.toContainText('(주)둘째상사');

    // Undo: the automatic backup taken just before brings the second application back.
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '데이터 보관' }).click();
    await table.getByRole('row').filter({ hasText: '복원 전 자동' }).getByRole('button', { name: '이 백업으로 복원' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '복원' }).click();
    await expect(table.getByRole('row').filter({ hasText: '복원 전 자동' })).toHaveCount(2);
    await openApplications(page, host.url);
    await expect(page.getByTestId('applications-table')).toContainText('(주)둘째상사');
  } finally {
    await stopProcess(host.child);
  }
});
