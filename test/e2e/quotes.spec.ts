import { test, expect, openApplications } from './fixtures';
import { runCliProcess } from '../support/processes';
import { sampleApplication } from '../support/fixtures';

test('the quote builder prices live, compares terms, flags exceptions, and saves immutable versions', async ({ page, host }) => {
  const imported = runCliProcess(['applications', 'import', '--data-dir', host.dataDir], JSON.stringify(sampleApplication({ items: [{ code: 'asp-basic', quantity: 30 }] })));
  const { id } = JSON.parse(imported.stdout) as { id: string };
  await openApplications(page, host.url);
  await page.getByRole('link', { name: '(주)하나콜센터' }).click();
  await page.getByRole('navigation', { name: '청약 화면' }).getByRole('link', { name: '견적' }).click();

  // 30 seats on 36 months: 160,000 each → 4,800,000 supply, 480,000 VAT, 5,280,000 total.
  const totals = page.getByTestId('quote-totals');
  await expect(totals).toContainText('4,800,000원');
  await expect(totals).toContainText('480,000원');
  await expect(totals).toContainText('5,280,000원');
  await expect(page.getByTestId('amount-in-words')).toContainText('일금 오백이십팔만원정');
  await expect(page.getByTestId('approval-state')).toContainText('승인 불필요');
  const comparison = page.getByTestId('term-comparison');
  await expect(comparison.getByRole('row')).toHaveCount(5);
  await expect(comparison).toContainText('7,260,000원'); // no commitment: 30 × 220,000 × 1.1

  // 12 months after 36: 30 × (220,000 − 160,000) × 12
  await expect(page.getByTestId('penalty-after')).toContainText('21,600,000원');

  // Fewer than 10 seats is an exception: allowed, flagged, needs HQ.
  await page.getByLabel('수량 1').fill('8');
  await expect(page.getByTestId('quote-warnings')).toContainText('10석 이상이 기준인데 8석입니다');
  await expect(page.getByTestId('quote-warnings')).not.toContainText('MIN_SEATS');
  // Not saved yet: what saving it needs, never a decision HQ has not made.
  await expect(page.getByTestId('approval-state')).toContainText('저장하면 본사 승인 필요');

  await page.getByLabel('수량 1').fill('30');
  await page.getByRole('button', { name: '견적 저장 (1차)' }).click();
  await expect(page.getByTestId('quote-message')).toContainText('1차 견적을 저장했습니다');

  // The next edit saves version 2; version 1 stays as it was priced.
  await page.getByRole('radio', { name: '24개월' }).check();
  await page.getByRole('button', { name: '견적 저장 (2차)' }).click();
  await expect(page.getByTestId('quote-versions').getByRole('listitem')).toHaveCount(2);
  await page.getByRole('button', { name: /^견적 1차 \(/ }).click();
  await expect(page.getByTestId('version-view')).toContainText('1차 견적 (저장된 내용, 변경 불가)');
  await expect(page.getByTestId('version-totals')).toContainText('5,280,000원');

  // The application now carries the quote's term and is marked quoted.
  const exported = JSON.parse(runCliProcess(['applications', 'export', id, '--reason', '견적 확인 테스트', '--data-dir', host.dataDir]).stdout) as { status: string; term: string };
  expect(exported).toMatchObject({ status: 'quoted', term: '24m' });
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '견적' }).click();
  await expect(page.getByTestId('quotes-table')).toContainText('2차');
});
