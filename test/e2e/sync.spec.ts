import { test, expect, openApplications } from './fixtures';
import { startHq, type HqProcess } from '../integration/hq/harness';
import { Admin } from '../integration/hq/client';
import { runCliProcess } from '../support/processes';
import { sampleApplication } from '../support/fixtures';
import { hqDataDir } from '../support/hq-data';

let hq: HqProcess;
test.beforeAll(async () => {
  hq = await startHq({ dataDir: hqDataDir('hq-e2e-') });
});
test.afterAll(async () => hq.stop());

test('a rep enrolls the device, the indicator shows pending changes, then HQ has them and the record says so', async ({ page, host }) => {
  runCliProcess(['applications', 'import', '--data-dir', host.dataDir], JSON.stringify(sampleApplication()));
  await openApplications(page, host.url);
  await expect(page.getByTestId('sync-chip')).toContainText('본사 미등록');
  await expect(page.getByTestId('record-sync')).toHaveText('기기에만');

  await page.getByTestId('sync-chip').click();
  const code = await new Admin(hq.url, hq.adminToken).enrollCode('강북지사', '김영업');
  await page.getByLabel('본사 서버 주소').fill('http://127.0.0.1:1');
  await page.getByLabel('등록 코드').fill(code);
  await page.getByRole('button', { name: '등록하고 동기화' }).click();
  await expect(page.getByRole('alert').first()).toContainText('본사 서버에 연결할 수 없습니다');

  await page.getByLabel('본사 서버 주소').fill(hq.url);
  await page.getByRole('button', { name: '등록하고 동기화' }).click();
  await expect(page.getByTestId('sync-state')).toContainText('강북지사 · 김영업');
  await expect(page.getByTestId('sync-pending')).toHaveText('보낼 변경 없음', { timeout: 60_000 });
  await expect(page.getByTestId('sync-last')).not.toHaveText('아직 없음');
  await expect(page.getByTestId('sync-chip')).toContainText('본사와 같음');

  await page.getByRole('link', { name: '고객·청약' }).click();
  await expect(page.getByTestId('record-sync')).toHaveText('본사 반영');
  const listed = runCliProcess(['hq', 'applications', 'list', '--server', hq.url, '--admin-token', hq.adminToken]);
  expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ branch: '강북지사', customer: { name: '(주)하나콜센터' }, status: 'draft' })]);
});
