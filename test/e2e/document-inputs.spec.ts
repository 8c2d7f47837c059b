import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { openSqlite } from '../../electron/core/store/db';
import { resolveStoreKey } from '../../electron/core/store/keys';
import { v7 as uuidv7 } from 'uuid';
import { test, expect, importApplication } from './fixtures';
import { sampleApplication, tempDir } from '../support/fixtures';
import { pdftotext, squash } from '../integration/documents/tools';
import type { ApplicationInput } from '../../shared/domain/application';

/** Imports an application (as the CLI does) and opens its 서류 tab. */
async function openDocuments(page: Page, host: { url: string; dataDir: string }, overrides: Partial<ApplicationInput> = {}, status?: string) {
  const id = await importApplication(host.dataDir, sampleApplication(overrides));
  if (status) {
    // Where the earlier steps (tested by the journey) would have put it: #5 is signed at acceptance.
    const db = openSqlite(path.join(host.dataDir, 'salesdesk.sqlite'), resolveStoreKey(host.dataDir).bytes);
    db.function('uuid7', () => uuidv7()); // the outbox trigger's id function, as the store registers it
    db.prepare('UPDATE applications SET status = ? WHERE id = ?').run(status, id);
    db.close();
  }
  await page.goto(host.url);
  await page.getByRole('link', { name: '서류' }).click();
  await page.getByRole('link', { name: '(주)하나콜센터' }).click();
  await expect(page.getByTestId('documents-table')).toBeVisible();
  return id;
}

/** Saves one form's PDF through its row's PDF button and returns its text (whitespace removed). */
async function pdfTextOf(page: Page, row: Locator): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'PDF', exact: true }).click()]);
  const file = path.join(tempDir('doc-inputs-'), download.suggestedFilename());
  await download.saveAs(file);
  return squash(pdftotext(file));
}

async function drawSignature(page: Page) {
  const box = (await page.getByTestId('signature-pad').boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + 120);
  await page.mouse.down();
  for (let i = 0; i < 10; i++) await page.mouse.move(box.x + 40 + i * 25, box.y + 80 + (i % 2) * 60, { steps: 3 });
  await page.mouse.up();
  await page.getByRole('button', { name: '저장', exact: true }).click();
}

test('the delivery confirmation (#5) prints the install location, delivery date and item rows the rep enters under 내용 입력, and a bad quantity is refused at the field', async ({ page, host }) => {
  await openDocuments(page, host);
  const row = page.getByTestId('doc-5');
  await row.getByRole('button', { name: '내용 입력' }).click();
  const panel = page.getByTestId('inputs-5');
  await expect(panel).toBeVisible();

  await panel.getByLabel('설치위치').fill('서울특별시 중구 을지로 100 15층 상담센터');
  await panel.getByLabel('납품일자').fill('2026-12-10');
  await panel.getByRole('button', { name: '청약 품목으로 채우기' }).click();
  await expect(panel.getByLabel('품명 1')).toHaveValue('ASP 기본서비스');
  await panel.getByLabel('규격 1').fill('Premium 상담석');
  await panel.getByRole('button', { name: '품목 행 추가' }).click();
  await panel.getByLabel('품명 3').fill('헤드셋');
  await panel.getByLabel('규격 3').fill('USB 양이형 HS-200');
  await panel.getByLabel('수량 3').fill('열두개');
  await panel.getByRole('button', { name: '입력 내용 저장' }).click();
  // Refused on screen, at the field, in Korean; nothing saved yet.
  await expect(panel.getByRole('alert').filter({ hasText: '수량' })).toContainText('숫자로 입력하세요');
  await expect(row.getByTestId('inputs-saved-at')).toHaveCount(0);

  await panel.getByLabel('수량 3').fill('12');
  await panel.getByRole('button', { name: '입력 내용 저장' }).click();
  await expect(page.getByTestId('inputs-message-5')).toContainText('입력 내용을 저장했습니다');
  await expect(row.getByTestId('inputs-saved-at')).toContainText('입력 내용 저장');
  await page.screenshot({ path: 'test-results/screens/documents-inputs-5.png', fullPage: true });

  const text = await pdfTextOf(page, row);
  for (const value of ['서울특별시중구을지로10015층상담센터', '2026.12.10.', 'Premium상담석', '헤드셋', 'USB양이형HS-200']) expect(text).toContain(value);

  // The saved inputs come back into the panel after a reload.
  await page.reload();
  await page.getByTestId('doc-5').getByRole('button', { name: '내용 입력' }).click();
  await expect(page.getByTestId('inputs-5').getByLabel('설치위치')).toHaveValue('서울특별시 중구 을지로 100 15층 상담센터');
  await expect(page.getByTestId('inputs-5').getByLabel('규격 3')).toHaveValue('USB 양이형 HS-200');
});

test('the settlement request prints the partner, amounts in 원 and the dates the rep enters, money shows as 260,000 and a fractional amount is refused at the field', async ({ page, host }) => {
  await openDocuments(page, host);
  const row = page.getByTestId('doc-settlement');
  await row.getByRole('button', { name: '내용 입력' }).click();
  const panel = page.getByTestId('inputs-settlement');
  const dev = panel.getByRole('group', { name: 'APP개발/장비납품 (해당 시)' });

  await panel.getByLabel('요금관리국').fill('서울요금센터');
  await dev.getByLabel('개발 시작일').fill('2026-11-01');
  await dev.getByLabel('개발 종료일').fill('2026-12-31');
  await dev.getByLabel('개발대금').fill('12000000.5');
  await dev.getByLabel('협력사명').fill('(주)브리지텍');
  await dev.getByLabel('개발정산대금').fill('9500000');
  await dev.getByLabel('개발정산대금').blur();
  await expect(dev.getByLabel('개발정산대금')).toHaveValue('9,500,000');
  await dev.getByLabel('청구계정과목').fill('ASP개발수익');
  await dev.getByLabel('세금계산서 작성일자').fill('2027-01-05');
  await dev.getByLabel('납기일자').fill('2027-01-31');
  await dev.getByLabel('예산과목').fill('외주개발비');
  await dev.getByLabel('지급일자').fill('2027-02-10');

  await panel.getByRole('button', { name: '입력 내용 저장' }).click();
  await expect(dev.getByRole('alert')).toContainText('개발대금은 원 단위 정수로 입력하세요');

  await dev.getByLabel('개발대금').fill('12,000,000');
  await panel.getByRole('button', { name: '입력 내용 저장' }).click();
  await expect(page.getByTestId('inputs-message-settlement')).toContainText('입력 내용을 저장했습니다');
  await expect(dev.getByLabel('개발대금')).toHaveValue('12,000,000');
  await page.screenshot({ path: 'test-results/screens/documents-inputs-settlement.png', fullPage: true });

  const text = await pdfTextOf(page, row);
  for (const value of [
    '(주)브리지텍',
    '12,000,000원(VAT별도)',
    '9,500,000원(VAT별도)',
    'ASP개발수익',
    '외주개발비',
    '2026.11.1.~2026.12.31.',
    '2027.1.5.',
    '2027.1.31.',
    '2027.2.10.',
    '서울요금센터',
  ]) {
    expect(text).toContain(squash(value));
  }
});

test('saving new inputs on a signed form asks first, then voids its signatures and the preview shows the new content', async ({ page, host }) => {
  await openDocuments(page, host, {}, 'acceptance');
  const row = page.getByTestId('doc-5');
  await row.getByRole('button', { name: '서명·날인 받기' }).first().click();
  await drawSignature(page);
  await expect(row.getByTestId('signed-area')).toHaveCount(1);
  await row.getByRole('button', { name: '미리보기' }).click();
  await expect(page.getByTestId('preview-pages').locator('img')).not.toHaveCount(0);

  await row.getByRole('button', { name: '내용 입력' }).click();
  const panel = page.getByTestId('inputs-5');
  await expect(panel).toContainText('이미 받은 서명·날인 1건');
  await panel.getByLabel('설치위치').fill('부산광역시 해운대구 센텀로 1');
  await panel.getByRole('button', { name: '입력 내용 저장' }).click();
  // The core names the signature the save would void, and saves only once the rep confirms it.
  const dialog = page.getByRole('dialog', { name: '서명 1건이 무효가 됩니다' });
  await expect(dialog.getByTestId('void-list')).toContainText('양식 #5 납품 확인서');

  // Cancelling keeps the signature.
  await dialog.getByRole('button', { name: '취소' }).click();
  await expect(row).not.toContainText('무효');

  await panel.getByRole('button', { name: '입력 내용 저장' }).click();
  await dialog.getByRole('button', { name: '무효로 하고 저장' }).click();
  await expect(page.getByTestId('inputs-message-5')).toContainText('입력 내용을 저장했습니다');
  await expect(row).toContainText('무효 1건');
  await expect(page.getByTestId('preview-pages').locator('img')).not.toHaveCount(0);
  await expect(page.getByRole('heading', { name: '양식 #5 납품 확인서', exact: true })).toBeVisible();
});

test('the quote cannot be signed while HQ approval is pending: the button is disabled and says why; form names print once and no raw version hash shows', async ({ page, host }) => {
  await openDocuments(page, host, { items: [{ code: 'asp-basic', quantity: 8 }] });
  await page.getByRole('navigation', { name: '청약 화면' }).getByRole('link', { name: '견적' }).click();
  await expect(page.getByTestId('approval-state')).toContainText('저장하면 본사 승인 필요');
  await page.getByRole('button', { name: '견적 저장 (1차)' }).click();
  await expect(page.getByTestId('quote-message')).toContainText('1차 견적을 저장했습니다');
  await expect(page.getByTestId('approval-state')).toContainText('본사 승인 대기');
  await page.getByRole('navigation', { name: '청약 화면' }).getByRole('link', { name: '서류' }).click();

  const quote = page.getByTestId('doc-quote');
  await expect(quote.getByRole('button', { name: '서명·날인 받기' })).toBeDisabled();
  await expect(quote.getByTestId('sign-blocked')).toContainText('본사 승인 대기 중');
  await expect(page.getByTestId('doc-1').getByRole('button', { name: '서명·날인 받기' }).first()).toBeEnabled();

  const table = page.getByTestId('documents-table');
  await expect(quote.locator('strong')).toHaveText('견적서');
  await expect(page.getByTestId('doc-settlement').locator('strong')).toHaveText('청구/정산 요청서');
  await expect(page.getByTestId('doc-5').locator('strong')).toHaveText('양식 #5 납품 확인서');
  await expect(table).not.toContainText('견적서 견적서');
  await expect(table).not.toContainText('내부 문서 청구');
  await expect(table).not.toContainText(/버전 [0-9a-f]{8,}/);
  // Forms that take no inputs have no 내용 입력.
  await expect(page.getByTestId('doc-1').getByRole('button', { name: '내용 입력' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screens/documents-quote-pending.png', fullPage: true });
});
