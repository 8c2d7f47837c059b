import type { Page } from '@playwright/test';
import { test as base, expect, open, screenshot, type RunningHost } from './fixtures';
import { consoleAccounts } from './console-accounts';
import { startHq, type HqProcess } from '../integration/hq/harness';
import { Admin } from '../integration/hq/client';
import { hqDataDir } from '../support/hq-data';
import { startProcess, stopProcess } from '../support/processes';

/**
 * 명단 under lock (issue 17 item 5), both screens end to end: a real HQ process serving /console,
 * a real web host for the rep's device, Chromium for both.
 */
/**
 * The device syncs only when the rep says so (no sync a moment after each write, no periodic one):
 * what waits for HQ stays on screen until the test's 지금 동기화, whatever the machine's load.
 */
const test = base.extend<{ host: RunningHost }>({
  host: async ({ dataDir }, use) => {
    const manual = { TZ: 'Asia/Seoul', SALESDESK_SYNC_DEBOUNCE_MS: '3600000', SALESDESK_SYNC_INTERVAL_MS: '3600000' };
    const { child, match } = await startProcess('electron/hosts/web.ts', ['--data-dir', dataDir], /웹 호스트: (\S+)/, manual);
    await use({ url: match[1]!, dataDir, child });
    await stopProcess(child);
  },
});

let hq: HqProcess;
let hqDir: string;
test.beforeAll(async () => {
  hqDir = hqDataDir('hq-prospects-e2e-');
  hq = await startHq({ dataDir: hqDir });
});
test.afterAll(async () => {
  await (hq as HqProcess | undefined)?.stop();
});

const { usersAdd, consoleSignIn } = consoleAccounts(() => ({ dataDir: hqDir, url: hq.url }));

const CSV = [
  'company,contact,phone',
  '(주)가나상사,김가나,010-2345-6789',
  '(주)다라물산,이다라,010-3456-7890',
  '(주)마바테크,박마바,02-312-4567',
  '(주)중복상사,최중복,010-2345-6789',
  '(주)잘못번호,정잘못,12345',
].join('\n');

const syncNow = async (page: Page) => {
  await page.getByTestId('sync-indicator').getByRole('button', { name: '지금 동기화' }).click();
  await expect(page.getByTestId('sync-chip')).toContainText('본사와 같음', { timeout: 120_000 });
};

test('the admin imports (screened) and hands out in the console; the rep acknowledges, reveals one number, marks results and returns the list, which leaves the device on sync; copying the list yields nothing', async ({
  page,
  host,
  browser,
}) => {
  test.setTimeout(600_000);
  const code = await new Admin(hq.url, hq.adminToken).enrollCode('강북법인지사', '김영업');

  // The rep's device enrolls.
  await page.goto(host.url);
  await page.getByTestId('sync-chip').click();
  await page.getByLabel('본사 서버 주소').fill(hq.url);
  await page.getByLabel('등록 코드').fill(code);
  await page.getByRole('button', { name: '등록하고 동기화' }).click();
  await expect(page.getByTestId('sync-state')).toContainText('강북법인지사 · 김영업', { timeout: 120_000 });

  // The administrator imports a CSV: the duplicate and the bad number are screened out, with why.
  const admin = await consoleSignIn(browser, await usersAdd('hq.lists', '명단관리자', 'admin'));
  await admin.getByRole('navigation', { name: '콘솔 메뉴' }).getByRole('link', { name: '명단', exact: true }).click();
  await expect(admin.getByRole('heading', { name: '명단', level: 1 })).toBeVisible();
  await admin.getByLabel('명단 이름').fill('2026 하반기 법인 DB');
  await admin.getByLabel('명단 파일 (CSV 또는 JSON)').setInputFiles({ name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
  await admin.getByRole('button', { name: '가져오기' }).click();
  const result = admin.getByTestId('pl-import-result');
  await expect(result).toContainText('3건을 받았고 2건을 걸렀습니다', { timeout: 60_000 });
  await expect(admin.getByTestId('pl-rejected').locator('tbody tr')).toHaveCount(2);
  await expect(admin.getByTestId('pl-rejected')).toContainText('(주)중복상사');
  await expect(admin.getByTestId('pl-rejected')).toContainText('(주)잘못번호');
  const listNumber = /PL-\d{4}-\d{4}/.exec(await result.innerText())?.[0] ?? '';
  expect(listNumber).not.toBe('');
  const listRow = admin.getByTestId(`pl-list-${listNumber}`);
  await expect(listRow).toContainText('2026 하반기 법인 DB');

  // … and hands three to the rep for a campaign.
  await admin.getByLabel('지사').fill('강북법인지사');
  await admin.getByLabel('영업대표').fill('김영업');
  await admin.getByLabel('캠페인').fill('AI 콜봇 가을 행사');
  await admin.getByLabel('건수').fill('3');
  await admin.getByRole('button', { name: '배부', exact: true }).click();
  await expect(admin.getByTestId('pl-notice')).toContainText('김영업에게 3건을 배부했습니다');
  await expect(admin.getByTestId('pl-handout-김영업').getByTestId('pl-handout-state')).toHaveText('배부됨');

  // The rep syncs: the list arrives, numbers masked.
  await syncNow(page);
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '내 명단' }).click();
  const card = page.getByTestId(`handout-${listNumber}`);
  await expect(card).toBeVisible({ timeout: 60_000 });
  await expect(card).toContainText('AI 콜봇 가을 행사');
  await expect(card.getByTestId('handout-state')).toHaveText('배부됨');
  const phones = card.getByTestId('entry-phone');
  await expect(phones).toHaveText(['010-****-6789', '010-****-7890', '02-***-4567']);

  // Results wait for the receipt; then 수령 확인.
  await expect(card.getByLabel('1번 결과')).toBeDisabled();
  await card.getByRole('button', { name: '수령 확인' }).click();
  await expect(card.getByTestId('handout-state')).toHaveText('수령 확인');
  await expect(page.getByTestId('prospects-waiting')).toContainText('1개');

  // 번호 보기 shows that row's number only.
  await card.getByTestId('entry-1').getByRole('button', { name: '번호 보기' }).click();
  await expect(phones).toHaveText(['010-2345-6789', '010-****-7890', '02-***-4567']);

  // Copying the list yields nothing: no selection, and the copy event is cancelled with no text put on the clipboard.
  const table = card.getByTestId('prospect-entries');
  expect(await table.evaluate((el) => getComputedStyle(el.querySelector('td')!).userSelect)).toBe('none');
  const copied = await table.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    const data = new DataTransfer();
    const event = new ClipboardEvent('copy', { bubbles: true, cancelable: true, clipboardData: data });
    const dispatched = el.querySelector('td')!.dispatchEvent(event);
    return { cancelled: !dispatched, text: data.getData('text/plain') };
  });
  expect(copied).toEqual({ cancelled: true, text: '' });
  await expect(page.getByRole('button', { name: /내보내기|export/i })).toHaveCount(0);

  // Results: interested, and no answer with a note.
  await card.getByLabel('1번 결과').selectOption({ label: '관심 있음' });
  await card.getByTestId('entry-1').getByRole('button', { name: '기록' }).click();
  await expect(card).toContainText('3건 중 1건 기록');
  await card.getByLabel('2번 결과').selectOption({ label: '부재' });
  await card.getByLabel('2번 메모').fill('오후 3시 이후 재통화');
  await card.getByTestId('entry-2').getByRole('button', { name: '기록' }).click();
  await expect(card).toContainText('3건 중 2건 기록');
  await expect(card.getByTestId('handout-waiting')).toBeVisible();
  // The receipt and two results wait for HQ outside the outbox: the indicator counts them.
  await expect(page.getByTestId('sync-headline')).toHaveText('보낼 변경 3건 — 곧 보냄');

  // 인쇄: the watermarked PDF in the preview, ready for the print dialog.
  await card.getByRole('button', { name: '인쇄', exact: true }).click();
  await expect(page.getByTestId('prospects-preview').locator('img.page-image').first()).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('prospects-preview').getByRole('button', { name: '닫기' }).click();
  await card.getByTestId('entry-1').getByRole('button', { name: '가리기' }).click();
  await screenshot(page, '17-prospects-rep.png');
  // The sync screen lists the marks waiting as one line for the list.
  await page.getByTestId('sync-chip').click();
  const waitingLine = page.getByTestId('waiting-list').getByRole('row', { name: new RegExp(listNumber) });
  await expect(waitingLine).toContainText(`내 명단 · 명단 ${listNumber} 2026 하반기 법인 DB`);
  await expect(waitingLine).toContainText('수령 확인, 결과 표시 바꿈');
  await expect(waitingLine).toContainText('변경 3건');
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '내 명단' }).click();
  await expect(card.getByTestId('handout-state')).toHaveText('수령 확인');

  // 반납 behind a confirm; the next sync sends it and the list leaves the device.
  await card.getByRole('button', { name: '반납', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: '반납', exact: true }).click();
  await expect(card.getByTestId('handout-state')).toHaveText('반납');
  await syncNow(page);
  await expect(page.getByText('받은 명단이 없습니다.')).toBeVisible({ timeout: 60_000 });
  await expect(card).toHaveCount(0);
  await expect(page.getByTestId('prospects-waiting')).toHaveText('본사에 보낼 것이 없습니다.');
  await open(page, host.url, '/prospects');
  await expect(page.getByText('받은 명단이 없습니다.')).toBeVisible();

  // HQ has the receipt, the results and the return.
  await admin.reload();
  const handout = admin.getByTestId('pl-handout-김영업');
  await expect(handout.getByTestId('pl-handout-state')).toHaveText('반납', { timeout: 60_000 });
  await expect(handout.getByTestId('pl-handout-results')).toContainText('관심 있음 1');
  await expect(handout.getByTestId('pl-handout-results')).toContainText('부재 1');
  await screenshot(admin, '17-prospects-console.png');

  // 보관 종료 asks first and says what will happen; dismissing leaves the list as it is.
  const archive = admin.getByTestId(`pl-list-${listNumber}`).getByRole('button', { name: '보관 종료' });
  const asked: string[] = [];
  admin.once('dialog', (d) => {
    asked.push(d.message());
    d.dismiss().catch(() => undefined);
  });
  await archive.click();
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toContain(`${listNumber} 명단을 보관 종료합니다`);
  expect(asked[0]).toContain('배부할 수 없고');
  await expect(archive).toBeEnabled();
  await expect(admin.getByTestId('pl-notice')).toHaveCount(0);
  admin.once('dialog', (d) => {
    d.accept().catch(() => undefined);
  });
  await archive.click();
  await expect(admin.getByTestId('pl-notice')).toContainText(`${listNumber}을(를) 보관 종료했습니다`);
  await expect(admin.getByTestId(`pl-list-${listNumber}`)).toContainText('보관 종료 ');
});
