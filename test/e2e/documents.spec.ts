import path from 'node:path';
import { test, expect, importApplication } from './fixtures';
import { sampleApplication, tempDir } from '../support/fixtures';
import { sealPng } from '../integration/documents/tools';
import fs from 'node:fs';

test('a rep previews the forms, the customer signs on screen and seals with a photo, the packet renders with progress', async ({ page, host }) => {
  const id = await importApplication(host.dataDir, sampleApplication());
  await page.goto(host.url);
  await page.getByRole('link', { name: '서류' }).click();
  await page.getByRole('link', { name: '(주)하나콜센터' }).click();
  const form1 = page.getByTestId('doc-1');
  await expect(form1).toContainText('신청서');

  // Preview renders the PDF's pages as images.
  await form1.getByRole('button', { name: '미리보기' }).click();
  await expect(page.getByTestId('preview-pages').locator('img')).toHaveCount(3);

  // Draw a signature with the mouse.
  await form1.getByRole('button', { name: '서명·날인 받기' }).first().click();
  const pad = page.getByTestId('signature-pad');
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + 120);
  await page.mouse.down();
  for (let i = 0; i < 12; i++) await page.mouse.move(box.x + 40 + i * 25, box.y + 80 + (i % 2) * 60, { steps: 3 });
  await page.mouse.up();
  await page.getByRole('button', { name: '저장', exact: true }).click();
  await expect(page.getByTestId('docs-message')).toContainText('서명을 저장했습니다');
  await expect(form1).toContainText('서명 홍길동');

  // Seal form #2 with a photo of the company seal.
  const sealFile = path.join(tempDir('seal-'), 'seal.png');
  fs.writeFileSync(sealFile, sealPng());
  const form2 = page.getByTestId('doc-2');
  await form2.getByRole('button', { name: '서명·날인 받기' }).click();
  await page.getByRole('tab', { name: '직인 사진' }).click();
  await page.getByTestId('seal-file').setInputFiles(sealFile);
  await expect(page.getByRole('img', { name: '직인 미리보기' })).toBeVisible();
  await page.getByRole('button', { name: '저장', exact: true }).click();
  await expect(form2).toContainText('서명 완료');
  await expect(form2).toContainText('날인 홍길동');

  // The whole packet, with a progress indicator, then previewed.
  await page.getByRole('button', { name: '닫기' }).click();
  await page.getByRole('button', { name: '전체 묶음 미리보기' }).click();
  await expect(page.getByRole('heading', { name: '청약 서류 묶음' })).toBeVisible();
  expect(await page.getByTestId('preview-pages').locator('img').count()).toBeGreaterThanOrEqual(7);
  await page.screenshot({ path: 'test-results/screens/documents-packet.png', fullPage: false });

  // Changing the application afterwards voids the signatures given to the old version: asked first, by name.
  await page.goto(`${host.url.replace(/#.*$/, '')}#/applications/${id}`);
  await page.getByLabel('대표자명').fill('김대표');
  await page.getByRole('button', { name: '저장', exact: true }).click();
  const question = page.getByRole('dialog', { name: '서명 2건이 무효가 됩니다' });
  await expect(question).toContainText('양식 #1 신청서 — 신청인');
  await expect(question).toContainText('양식 #2 이용약관');
  await question.getByRole('button', { name: '무효로 하고 저장' }).click();
  await expect(page.getByTestId('form-banner')).toContainText('저장됨');
  await page.getByRole('navigation', { name: '청약 화면' }).getByRole('link', { name: '서류' }).click();
  await expect(page.getByTestId('doc-2')).toContainText('무효 1건');
});
