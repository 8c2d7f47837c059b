import { expect, type Page } from '@playwright/test';
import { fillApplication } from '../e2e/fixtures';

/** What a rep does through the UI, step by step, waiting on what the screen shows (never on time). */

const tabs = (page: Page) => page.getByRole('navigation', { name: '청약 화면' });
const nav = (page: Page) => page.getByRole('navigation', { name: '주 메뉴' });

/** Writes a new application through the form; resolves with its id (from the address bar). */
export async function createApplication(page: Page, company: { name: string; businessNumber: string }, seats = 30): Promise<string> {
  await nav(page).getByRole('link', { name: '고객·청약' }).click();
  await page.getByRole('link', { name: '새 청약 작성' }).click();
  await fillApplication(page, company);
  await page.getByLabel('수량 1').fill(String(seats));
  await page.getByRole('button', { name: '저장', exact: true }).click();
  await expect(page.getByTestId('form-banner')).toContainText('저장됨');
  const id = /applications\/([0-9a-f-]{36})/.exec(page.url())?.[1];
  if (!id) throw new Error(`no application id in ${page.url()}`);
  return id;
}

/** Opens an application by its customer name from the list. */
export async function openApplication(page: Page, name: string): Promise<void> {
  await nav(page).getByRole('link', { name: '고객·청약' }).click();
  await page.getByRole('link', { name, exact: true }).click();
  await expect(tabs(page)).toBeVisible();
}

export async function saveQuote(page: Page, version = 1): Promise<void> {
  await tabs(page).getByRole('link', { name: '견적' }).click();
  await page.getByRole('button', { name: `견적 저장 (${version}차)` }).click();
  await expect(page.getByTestId('quote-message')).toContainText(`${version}차 견적을 저장했습니다`);
}

async function drawSignature(page: Page) {
  const box = await page.getByTestId('signature-pad').boundingBox();
  if (!box) throw new Error('signature pad not visible');
  await page.mouse.move(box.x + 40, box.y + 120);
  await page.mouse.down();
  for (let i = 0; i < 10; i++) await page.mouse.move(box.x + 50 + i * 28, box.y + 70 + (i % 2) * 70, { steps: 2 });
  await page.mouse.up();
}

async function signArea(page: Page, row: string, sealFile?: string) {
  const signed = page.getByTestId(row).getByTestId('signed-area');
  const before = await signed.count();
  await page.getByTestId(row).getByRole('button', { name: '서명·날인 받기' }).first().click();
  if (sealFile) {
    await page.getByRole('tab', { name: '직인 사진' }).click();
    await page.getByTestId('seal-file').setInputFiles(sealFile);
  } else {
    await drawSignature(page);
  }
  await page.getByRole('button', { name: '저장', exact: true }).click();
  await expect(signed).toHaveCount(before + 1);
  await expect(page.getByTestId('docs-message')).toContainText('서명을 저장했습니다');
}

const move = async (page: Page, label: RegExp) => {
  const before = await page.getByTestId('wf-status').innerText();
  await page.getByTestId('wf-moves').getByRole('button', { name: label }).click();
  await expect(page.getByTestId('wf-status')).not.toHaveText(before);
  await expect(page.getByTestId('wf-message')).toContainText('상태를');
};

/**
 * Everything a quoted ASP-only application needs before it goes to HQ — the network pre-review,
 * the customer's signatures on #1, the seal on #2 and on the quote, the business registration
 * copy — then 서명 완료 and 본사 제출. Resolves with the number of signatures collected.
 */
export async function signAndSubmit(page: Page, files: { seal: string; registration: string }): Promise<number> {
  await tabs(page).getByRole('link', { name: '진행 관리' }).click();
  await page.getByLabel('고객사 네트워크 환경 사전검토 완료').check();
  await expect(page.getByLabel('고객사 네트워크 환경 사전검토 완료')).toBeChecked();
  await tabs(page).getByRole('link', { name: '서류' }).click();
  for (let i = 0; i < 3; i++) await signArea(page, 'doc-1');
  await signArea(page, 'doc-2', files.seal);
  await signArea(page, 'doc-quote', files.seal);
  await page.getByTestId('attach-businessRegistration').setInputFiles(files.registration);
  await expect(page.getByTestId('attachments')).toContainText('사업자등록증 사본');
  await tabs(page).getByRole('link', { name: '진행 관리' }).click();
  await expect(page.getByTestId('wf-checklist').locator('li.missing')).toHaveCount(0);
  await move(page, /^서명 완료/);
  await move(page, /^본사 제출/);
  return 5;
}

/** Waits until the indicator says `state` (and, when given, a headline containing `words`). */
export async function expectIndicator(page: Page, state: string, words?: string, timeout = 60_000): Promise<void> {
  await expect(page.getByTestId('sync-chip')).toHaveAttribute('data-state', state, { timeout });
  if (words) await expect(page.getByTestId('sync-headline')).toContainText(words, { timeout });
}

/**
 * Visits every screen and checks each renders its heading with no "data store unreachable"
 * alert; the dashboard card and the sync page say the same as the indicator. Resolves with the
 * slowest screen's time (ms) — a figure, never a condition.
 */
export async function visitEveryScreen(page: Page): Promise<number> {
  const screens: [string, string][] = [
    ['대시보드', '대시보드'],
    ['고객·청약', '고객·청약'],
    ['견적', '견적'],
    ['서류', '서류'],
    ['동기화', '동기화'],
  ];
  let slowest = 0;
  for (const [link, heading] of screens) {
    const t0 = Date.now();
    await nav(page).getByRole('link', { name: link, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(page.locator('.core-status.error')).toHaveCount(0);
    // Every place that shows the sync state shows the same one (read in one go: it may move on).
    const other = link === '대시보드' ? 'card-sync' : link === '동기화' ? 'sync-state' : null;
    if (other) {
      await expect
        .poll(() =>
          page.evaluate((id) => {
            const a = document.querySelector('[data-testid="sync-chip"]')?.getAttribute('data-state');
            const b = document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-state');
            return a !== undefined && a !== null && a === b;
          }, other),
        )
        .toBe(true);
    }
    slowest = Math.max(slowest, Date.now() - t0);
  }
  return slowest;
}
