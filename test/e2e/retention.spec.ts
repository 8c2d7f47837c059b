import { test, expect, open, withCore, screenshot } from './fixtures';
import { businessNumberFor, sampleApplication } from '../support/fixtures';

/**
 * 파기 예정 (issue 17 item 3) in the real web host and Chromium: a draft that never became a contract,
 * untouched for longer than the shipped 6-month rule, lists on the 데이터 보관 page with the rule's
 * basis; the rep confirms it in a dialog; it leaves the list and the destruction log shows the entry.
 */
test('the rep confirms one destruction: the due draft with its basis, a confirm dialog, then gone from the list and in the destruction log', async ({ page, host }) => {
  const ids = await withCore(host.dataDir, async (core) => {
    const base = sampleApplication();
    const old = await core.invoke('applications.create', { ...base, customer: { ...base.customer, name: '(주)오래된상사', businessNumber: businessNumberFor(91), representative: '문오래' } });
    const fresh = await core.invoke('applications.create', { ...base, customer: { ...base.customer, name: '(주)새청약상사', businessNumber: businessNumberFor(92) } });
    // Last touched in 2020: long past the rule's 6 months.
    core.store.write(() => core.store.sqlite.prepare("UPDATE applications SET updated_at = '2020-01-02T00:00:00.000Z' WHERE id = ?").run(old.id));
    return { old: old.id, fresh: fresh.id };
  });
  await open(page, host.url, '/store');
  const section = page.getByTestId('retention');
  await expect(section.getByRole('heading', { name: '파기 예정' })).toBeVisible();
  const row = page.getByTestId('retention-due').getByRole('row', { name: /\(주\)오래된상사/ });
  await expect(row).toContainText('마지막 활동 후 6개월');
  await expect(row).toContainText('계약에 이르지 않은 청약');
  await expect(page.getByTestId('retention-due')).not.toContainText('(주)새청약상사');
  await expect(section.getByText('아직 파기한 기록이 없습니다.')).toBeVisible();

  await row.getByRole('button', { name: '파기' }).click();
  const dialog = page.getByRole('dialog', { name: '이 기록을 파기할까요?' });
  await expect(dialog).toContainText('(주)오래된상사: 기록 파기');
  await dialog.getByRole('button', { name: '파기' }).click();

  await expect(section.getByRole('status')).toHaveText('파기했습니다. 파기 기록은 다음 동기화 때 본사로 갑니다.');
  await expect(section.getByText('파기할 기록이 없습니다.')).toBeVisible();
  const log = page.getByTestId('retention-log');
  await expect(log).toContainText('기록 파기 (unsigned-6m)');
  await expect(log).toContainText('(등록 전 기기)');
  await expect(log).toContainText(/\d{4}\.\s\d{1,2}\.\s\d{1,2}\.까지 이전 백업에 남음/);
  await expect(log).not.toContainText('문오래');
  await screenshot(page, '17-retention.png');

  // The application list no longer has it; the other draft stays.
  await open(page, host.url, '/applications');
  await expect(page.getByTestId('applications-table')).toContainText('(주)새청약상사');
  await expect(page.getByTestId('applications-table')).not.toContainText('(주)오래된상사');
  expect(ids.old).not.toBe(ids.fresh);
});
