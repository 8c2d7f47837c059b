import { test, expect, fillApplication, openApplications, startHost } from './fixtures';
import { stopProcess } from '../support/processes';

test('a rep enters a customer and application, restarts the app, and finds them again', async ({ page, host }) => {
  await openApplications(page, host.url);
  await expect(page.getByText('아직 청약이 없습니다')).toBeVisible();
  await page.getByRole('link', { name: '새 청약 작성' }).click();
  await fillApplication(page, { name: '(주)하나콜센터', businessNumber: '1028142945' });
  await page.getByRole('button', { name: '저장', exact: true }).click();
  await expect(page.getByTestId('form-banner')).toContainText('저장됨');
  // Numbers are normalised to their printed form on blur/save.
  await expect(page.getByLabel('사업자등록번호')).toHaveValue('102-81-42945');
  await expect(page.getByLabel('전화번호', { exact: true }).first()).toHaveValue('02-1234-5678');

  // Close the app (stop the host process) and open it again on the same data folder.
  await stopProcess(host.child);
  const again = await startHost(host.dataDir);
  try {
    await openApplications(page, again.url);
    const table = page.getByTestId('applications-table');
    await expect(table.getByRole('link', { name: '(주)하나콜센터' })).toBeVisible();
    await expect(table).toContainText('102-81-42945');
    await expect(table).toContainText('작성 중');
    await page.getByRole('searchbox').fill('하나콜');
    await expect(table.getByRole('row')).toHaveCount(2);
    await page.getByRole('searchbox').fill('없는회사');
    await expect(page.getByText('검색 결과가 없습니다')).toBeVisible();
    // The search stays when switching tabs, so the customer tab looks for the same company.
    await page.getByRole('searchbox').fill('102-81');
    await page.getByRole('tab', { name: '고객 목록' }).click();
    await expect(page.getByTestId('customers-table')).toContainText('홍길동');
    await page.getByRole('tab', { name: '청약 목록' }).click();
    await page.getByRole('link', { name: '(주)하나콜센터' }).click();
    await expect(page.getByLabel('대표자명')).toHaveValue('홍길동');
  } finally {
    await stopProcess(again.child);
  }
});

test('invalid input shows Korean field errors and stores nothing', async ({ page, host }) => {
  await openApplications(page, host.url);
  await page.getByRole('link', { name: '새 청약 작성' }).click();
  await fillApplication(page, { name: '(주)오류테스트', businessNumber: '123-45-67890' });
  await page.getByLabel('전화번호', { exact: true }).first().fill('12');
  await page.getByRole('button', { name: '저장', exact: true }).click();
  await expect(page.getByText('사업자등록번호의 검증번호(마지막 자리)가 맞지 않습니다')).toBeVisible();
  await expect(page.getByText('번호가 너무 짧습니다')).toBeVisible();
  await expect(page.getByTestId('error-summary')).toContainText('입력값을 확인하세요');
  await expect(page.getByLabel('사업자등록번호')).toHaveAttribute('aria-invalid', 'true');
  // The summary names the fields (not only a count), and each name takes the rep to its field.
  const named = page.getByTestId('error-fields');
  await expect(named.getByRole('button', { name: '사업자등록번호' })).toBeVisible();
  await expect(named.getByRole('button', { name: '전화번호' })).toBeVisible();
  await named.getByRole('button', { name: '사업자등록번호' }).click();
  await expect(page.getByLabel('사업자등록번호')).toBeFocused();

  await page.getByRole('link', { name: '목록으로' }).click();
  await page.getByRole('button', { name: '저장하지 않고 나가기' }).click();
  await expect(page.getByText('아직 청약이 없습니다')).toBeVisible();
});

test('leaving a form with unsaved changes asks first, and staying keeps the typing', async ({ page, host }) => {
  await openApplications(page, host.url);
  await page.getByRole('link', { name: '새 청약 작성' }).click();
  await page.getByLabel('법인명(상호)').fill('(주)작성중');
  await expect(page.getByTestId('unsaved')).toBeVisible();
  await page.getByRole('link', { name: '고객·청약' }).click();
  await expect(page.getByRole('dialog')).toContainText('저장하지 않고 나갈까요?');
  await page.getByRole('button', { name: '계속 작성' }).click();
  await expect(page.getByLabel('법인명(상호)')).toHaveValue('(주)작성중');
});

test('a device never enrolled says so whatever the network (nothing goes anywhere), and the UI switches to English', async ({ page, context, host }) => {
  await page.goto(host.url);
  const headline = page.getByTestId('sync-headline');
  await expect(headline).toHaveText('본사 미등록 — 이 기기에만 저장');
  await context.setOffline(true);
  await expect(headline).toHaveText('본사 미등록 — 이 기기에만 저장');
  await context.setOffline(false);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(headline).toHaveText('Not enrolled — kept on this device only');
  await expect(page.getByTestId('card-sync')).toContainText('Not enrolled — kept on this device only');
});

test('the web host refuses a page opened without its token', async ({ page, host }) => {
  await page.goto(host.url.replace(/#token=.*/, ''));
  await expect(page.getByRole('alert').first()).toContainText('접속 토큰이 없습니다');
});

test('less on screen: the customer list shows the phone number masked (010-****-5432); the application record page shows it whole', async ({ page, host }) => {
  await openApplications(page, host.url);
  await page.getByRole('link', { name: '새 청약 작성' }).click();
  await fillApplication(page, { name: '(주)가림전화', businessNumber: '1028142945' });
  await page.getByLabel('전화번호', { exact: true }).first().fill('010-1234-5432');
  await page.getByRole('button', { name: '저장', exact: true }).click();
  await expect(page.getByTestId('form-banner')).toContainText('저장됨');

  await openApplications(page, host.url);
  await page.getByRole('tab', { name: '고객 목록' }).click();
  const customers = page.getByTestId('customers-table');
  await expect(customers.getByRole('row', { name: /\(주\)가림전화/ })).toContainText('010-****-5432');
  await expect(customers).not.toContainText('010-1234-5432');
  // The same in a search answer.
  await page.getByRole('searchbox').fill('가림');
  await expect(customers.getByRole('row', { name: /\(주\)가림전화/ })).toContainText('010-****-5432');

  await page.getByRole('tab', { name: '청약 목록' }).click();
  await page.getByRole('link', { name: '(주)가림전화' }).click();
  await expect(page.getByLabel('전화번호', { exact: true }).first()).toHaveValue('010-1234-5432');
});
