import { test, expect, open, withCore, screenshot } from './fixtures';
import { startHq, type HqProcess } from '../integration/hq/harness';
import { Admin } from '../integration/hq/client';
import { runCliProcess } from '../support/processes';
import { businessNumberFor, sampleApplication } from '../support/fixtures';
import { signedSubscription } from '../support/records';
import { hqDataDir } from '../support/hq-data';

let hq: HqProcess;
test.beforeAll(async () => {
  hq = await startHq({ dataDir: hqDataDir('hq-e2e-consent-') });
});
test.afterAll(async () => (hq as HqProcess | undefined)?.stop());

const BUSINESS_NUMBER = businessNumberFor(61);

test('고객 동의: the refused optional marketing consent does not block submission; a withdrawal is confirmed, shows as 철회 with the agreement it ended, and reaches HQ after sync', async ({ page, host }) => {
  const code = await new Admin(hq.url, hq.adminToken).enrollCode('강북지사', '김영업');
  const id = await withCore(host.dataDir, async (core) => {
    await core.ctx.sync.engine.enroll(hq.url, code, 'consent-e2e');
    const { app } = await signedSubscription(core, { customer: { ...sampleApplication().customer, name: '(주)동의콜센터', businessNumber: BUSINESS_NUMBER } });
    return app.id;
  });
  await open(page, host.url, `/applications/${id}/consents`);
  await expect(page.getByRole('heading', { name: '고객 동의' })).toBeVisible();
  // Signed on form #1: collection and third-party agreed with version 1, by signature.
  await expect(page.getByTestId('consent-collection-status')).toHaveText('동의');
  await expect(page.getByTestId('consent-collection')).toContainText('문안 버전 1');
  await expect(page.getByTestId('consent-collection')).toContainText('서명으로 동의');
  await expect(page.getByTestId('consent-third_party-status')).toHaveText('동의');
  await expect(page.getByTestId('consent-marketing-status')).toHaveText('미동의');

  // The customer refuses marketing: recorded after a confirm.
  await page.getByTestId('consent-marketing').getByRole('button', { name: '거부 기록' }).click();
  const dialog = page.getByRole('dialog', { name: '마케팅 활용 (선택)' });
  await expect(dialog).toContainText('선택 동의는 청약에 지장이 없습니다');
  await dialog.getByRole('button', { name: '기록' }).click();
  await expect(page.getByTestId('consent-events')).toContainText('마케팅 활용 (선택) · 거부');
  await expect(page.getByTestId('consent-marketing-status')).toHaveText('미동의');

  // Submission is not blocked by the refused optional consent.
  await page.getByRole('navigation', { name: '청약 화면' }).getByRole('link', { name: '진행 관리' }).click();
  await expect(page.getByTestId('wf-checklist').locator('li.missing')).toHaveCount(0);
  const before = await page.getByTestId('wf-status').innerText();
  await page.getByTestId('wf-moves').getByRole('button', { name: /^본사 제출/ }).click();
  await expect(page.getByTestId('wf-status')).not.toHaveText(before);
  await expect(page.getByTestId('wf-status')).toHaveText(/^(제출 대기 — 본사 전송 전|제출됨)$/);

  // Later the customer agrees to marketing, then withdraws it: the withdrawal is an event, confirmed first.
  await page.getByRole('navigation', { name: '청약 화면' }).getByRole('link', { name: '고객 동의' }).click();
  await page.getByTestId('consent-marketing').getByRole('button', { name: '동의 기록' }).click();
  await page.getByRole('dialog', { name: '마케팅 활용 (선택)' }).getByRole('button', { name: '기록' }).click();
  await expect(page.getByTestId('consent-marketing-status')).toHaveText('동의');
  await page.getByTestId('consent-marketing').getByRole('button', { name: '동의 철회' }).click();
  await expect(page.getByRole('dialog', { name: '마케팅 활용 (선택)' })).toContainText('지워지지 않는 기록');
  await page.getByRole('dialog', { name: '마케팅 활용 (선택)' }).getByRole('button', { name: '기록' }).click();
  await expect(page.getByTestId('consent-marketing-status')).toHaveText('철회');
  await expect(page.getByTestId('consent-marketing')).toContainText('철회한 동의: 버전 1');
  await expect(page.getByTestId('consent-events').locator('li')).toHaveCount(5);
  await screenshot(page, '17-consent.png');

  // After a sync HQ lists the customer as withdrawn from marketing (business number as digits).
  await page.getByRole('button', { name: '지금 동기화' }).click();
  const digits = BUSINESS_NUMBER.replace(/\D/g, '');
  await expect
    .poll(() => runCliProcess(['hq', 'consents', 'withdrawn', '--server', hq.url, '--admin-token', hq.adminToken]).stdout, { timeout: 60_000 })
    .toContain(digits);
});
