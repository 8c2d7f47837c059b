import { test, expect, open, withCore, screenshot } from './fixtures';
import { startHq, type HqProcess } from '../integration/hq/harness';
import { Admin } from '../integration/hq/client';
import { runCliProcess } from '../support/processes';
import { businessNumberFor, sampleApplication } from '../support/fixtures';
import { signedSubscription } from '../support/records';
import { hqDataDir } from '../support/hq-data';
import { consoleAccounts } from './console-accounts';
import { CONSENT_COLLECTION } from '../../shared/forms/texts';
import { CONSENT_ADMIN_PATHS } from '../../shared/privacy/consent';

let hq: HqProcess;
let hqDir: string;
test.beforeAll(async () => {
  hqDir = hqDataDir('hq-e2e-consent-');
  hq = await startHq({ dataDir: hqDir });
});
const { usersAdd, consoleSignIn } = consoleAccounts(() => ({ dataDir: hqDir, url: hq.url }));
test.afterAll(async () => (hq as HqProcess | undefined)?.stop());

const BUSINESS_NUMBER = businessNumberFor(61);

test('고객 동의: the refused optional marketing consent does not block submission; a withdrawal is confirmed, shows as 철회 with the agreement it ended, and reaches HQ after sync, where the console lists it beside the consent text versions and publishes a new one after a confirm', async ({
  page,
  host,
  browser,
}) => {
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
  await page
    .getByTestId('wf-moves')
    .getByRole('button', { name: /^본사 제출/ })
    .click();
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
  // Waited on through the admin API the command calls (a CLI process start per poll was seconds on a
  // busy machine), then the command itself lists the customer.
  const hqAdmin = new Admin(hq.url, hq.adminToken);
  await expect.poll(async () => JSON.stringify((await hqAdmin.call('GET', CONSENT_ADMIN_PATHS.withdrawn)).json), { timeout: 60_000 }).toContain(digits);
  expect(runCliProcess(['hq', 'consents', 'withdrawn', '--server', hq.url, '--admin-token', hq.adminToken]).stdout).toContain(digits);

  // HQ's console, 관리 → 동의서: the versions with the one in force and its text, the withdrawn customer.
  const admin = await consoleSignIn(browser, await usersAdd('hq.consents', '동의서관리자', 'admin'));
  await admin.getByRole('navigation', { name: '콘솔 메뉴' }).getByRole('link', { name: '관리', exact: true }).click();
  await admin.getByRole('tab', { name: '동의서' }).click();
  const versions = admin.getByTestId('consent-versions');
  await expect(versions.getByRole('row', { name: /v1/ }).getByTestId('consent-in-force')).toHaveText('시행 중');
  await expect(admin.getByTestId('consent-text')).toContainText('버전 1 문안');
  await expect(admin.getByTestId('consent-text-collection')).toContainText(CONSENT_COLLECTION.title);
  const withdrawn = admin.getByTestId('consent-withdrawn');
  await expect(withdrawn).toContainText('(주)동의콜센터');
  await expect(withdrawn).toContainText(BUSINESS_NUMBER);

  // A new version from today (KST), edited from the latest one's texts, published after a confirm that says what changes.
  const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
  await admin.getByLabel('시행일').fill(today);
  const json = admin.getByLabel('문안 (JSON)');
  const texts = JSON.parse(await json.inputValue()) as { collection: { title: string } };
  texts.collection.title = '개인정보 수집·이용 동의 (콘솔에서 개정)';
  await json.fill(JSON.stringify(texts, null, 2));
  const asked: string[] = [];
  admin.once('dialog', (d) => {
    asked.push(d.message());
    d.accept().catch(() => undefined);
  });
  await admin.getByRole('button', { name: '게시', exact: true }).click();
  await expect(admin.getByTestId('consent-published')).toContainText('버전 2을(를) 게시했습니다');
  expect(asked[0]).toContain('동의서 문안 버전 2을(를) 게시합니다');
  expect(asked[0]).toContain('이미 서명한 서류는 그대로');
  await expect(versions.getByRole('row', { name: /v2/ }).getByTestId('consent-in-force')).toHaveText('시행 중');
  await expect(versions.getByTestId('consent-in-force')).toHaveCount(1);
  await admin.getByRole('button', { name: 'v2 보기' }).click();
  await expect(admin.getByTestId('consent-text-collection')).toContainText('콘솔에서 개정');
  await screenshot(admin, '17-consent-console.png');
});
