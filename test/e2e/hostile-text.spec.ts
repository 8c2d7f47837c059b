import { test, expect, importApplication, openApplications } from './fixtures';
import { sampleApplication } from '../support/fixtures';

// Issue 10: the device refuses at the form what HQ could never store, and an HQ address that would
// send the device token unencrypted — each with a Korean message naming what to fix.

test('a control character in the quote notes is refused on save with a message naming 견적 비고; nothing is saved', async ({ page, host }) => {
  await importApplication(host.dataDir, sampleApplication({ items: [{ code: 'asp-basic', quantity: 30 }] }));
  await openApplications(page, host.url);
  await page.getByRole('link', { name: '(주)하나콜센터' }).click();
  await page.getByRole('navigation', { name: '청약 화면' }).getByRole('link', { name: '견적' }).click();
  await expect(page.getByTestId('quote-totals')).toContainText('4,800,000원');

  // A bell character pasted from a terminal: invisible in the field, fatal for HQ's database.
  await page.getByLabel('비고').fill('월말 할인\u0007 조건');
  await page.getByRole('button', { name: '견적 저장 (1차)' }).click();
  await expect(page.getByText(/견적 비고에 보이지 않는 제어 문자/).first()).toBeVisible();
  await page
    .getByText(/견적 비고에 보이지 않는 제어 문자/)
    .first()
    .scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/e2e/hostile-quote-notes.png' });
  await expect(page.getByRole('button', { name: '견적 저장 (1차)' })).toBeVisible();

  await page.getByLabel('비고').fill('월말 할인 조건');
  await page.getByRole('button', { name: '견적 저장 (1차)' }).click();
  await expect(page.getByTestId('quote-message')).toContainText('1차 견적을 저장했습니다');
});

test('an http:// HQ address that is not this computer is refused at enrollment, saying to use https://', async ({ page, host }) => {
  await openApplications(page, host.url);
  await page.getByTestId('sync-chip').click();
  await page.getByLabel('본사 서버 주소').fill('http://hq.example.co.kr:8787');
  await page.getByLabel('등록 코드').fill('7KQ2-M9XD-4HTW');
  await page.getByRole('button', { name: '등록하고 동기화' }).click();
  await expect(page.getByRole('alert').first()).toContainText('https://');
  await expect(page.getByRole('alert').first()).toContainText('암호화');
  await page.screenshot({ path: 'test-results/e2e/hostile-hq-url.png' });
  await expect(page.getByTestId('sync-chip')).toContainText('본사 미등록');
});
