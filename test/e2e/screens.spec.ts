import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, open, withCore, SCREENS } from './fixtures';
import { businessNumberFor, sampleApplication } from '../support/fixtures';
import { hqSets, signedSubscription } from '../support/records';

/**
 * Screens that make the day easy (issue 11, items 7, 8, 10, 11), on the web host with Debian
 * Chromium at a rep's laptop size. The store is prepared through the core's contract; HQ's part
 * as a pull writes it. One test walks several screens (quick on a busy machine).
 */
test.use({ viewport: { width: 1366, height: 768 } });
test.describe.configure({ timeout: 480_000 });

const customer = (n: number, name: string, representative: string, phone: string) => ({ ...sampleApplication().customer, businessNumber: businessNumberFor(n), name, representative, phone });

test('finding work: the list filters by status and 신청일, finds a 대표자, a phone and part of a service number, the results page searches again, Ctrl+S saves and a draft is deleted only after confirming', async ({
  page,
  host,
}) => {
  const seeded = await withCore(host.dataDir, async (core) => {
    const draft = await core.invoke('applications.create', sampleApplication({ date: '2026-10-05', customer: customer(401, '(주)지울초안', '남궁민수', '031-987-6543') }));
    const live = await core.invoke('applications.create', sampleApplication({ date: '2026-11-20', customer: customer(402, '(주)개통중고객', '서지혜', '02-555-0101') }));
    hqSets(core, live.id, 'provisioning', 'J00917364');
    return { draft: draft.id, live: live.id };
  });

  await open(page, host.url, '/applications');
  const table = page.getByTestId('applications-table');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await page.getByTestId('filter-status').selectOption({ label: '개통 진행' });
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText('(주)개통중고객');
  await page.getByTestId('filter-status').selectOption({ label: '전체' });
  await page.getByTestId('filter-from').fill('2026-10-01');
  await page.getByTestId('filter-to').fill('2026-10-31');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText('(주)지울초안');
  // A range written backwards is said, and the list is not filtered by it.
  await page.getByTestId('filter-from').fill('2026-12-01');
  await expect(page.getByTestId('filter-error')).toContainText('시작일이 끝 날짜보다 늦습니다');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await page.getByTestId('filter-from').fill('');
  await page.getByTestId('filter-to').fill('');

  const search = page.getByRole('searchbox', { name: /검색/ }).first();
  for (const [typed, expected] of [
    ['남궁민수', '(주)지울초안'],
    ['031-987', '(주)지울초안'],
    ['917364', '(주)개통중고객'],
  ] as const) {
    await search.fill(typed);
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await expect(table).toContainText(expected);
  }
  await expect(page.locator('td.nowrap').first()).toHaveCSS('white-space', 'nowrap');
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, '10-after-list-filters.png') });

  // The results page has its own search box.
  await open(page, host.url, '/search?q=' + encodeURIComponent('지울'));
  await expect(page.getByTestId('search-applications')).toContainText('(주)지울초안');
  await page.getByTestId('search-again').fill('J00917');
  await page.getByTestId('search-again').press('Enter');
  await expect(page.getByRole('heading', { name: '‘J00917’ 검색 결과' })).toBeVisible();
  await expect(page.getByTestId('search-applications')).toContainText('(주)개통중고객');
  await expect(page.getByTestId('search-applications')).not.toContainText('(주)지울초안');

  // Ctrl+S saves the form; the header says when it was last saved (no "수정 N회차").
  await open(page, host.url, `/applications/${seeded.draft}`);
  await expect(page.getByTestId('last-saved')).toContainText('마지막 저장');
  await expect(page.locator('.page-head')).not.toContainText('회차');
  await page.getByLabel('대표자명').fill('남궁민준');
  await expect(page.getByTestId('unsaved')).toBeVisible();
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('form-banner')).toContainText('저장됨');
  await expect(page.getByTestId('unsaved')).toHaveCount(0);
  expect(await withCore(host.dataDir, async (core) => (await core.invoke('applications.get', { id: seeded.draft })).customer.representative)).toBe('남궁민준');

  // Delete asks first; 취소 keeps the draft.
  await page.getByTestId('discard-draft').click();
  const confirm = page.getByRole('dialog', { name: '작성 중인 청약을 삭제할까요?' });
  await expect(confirm).toContainText('(주)지울초안');
  await confirm.getByRole('button', { name: '취소' }).click();
  await expect(confirm).toBeHidden();
  await page.getByTestId('discard-draft').click();
  await confirm.getByRole('button', { name: '삭제', exact: true }).click();
  await expect(page.getByTestId('discarded-banner')).toContainText('삭제했습니다');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).not.toContainText('(주)지울초안');
  const ops = await withCore(host.dataDir, (core) =>
    Promise.resolve(core.store.sqlite.prepare("SELECT op FROM outbox WHERE entity = 'application' AND entity_id = ? ORDER BY seq DESC LIMIT 1").get(seeded.draft) as { op: string }),
  );
  expect(ops.op).toBe('delete');

  // A live application has no delete, and Ctrl+S on its read-only form saves nothing.
  await open(page, host.url, `/applications/${seeded.live}`);
  await expect(page.getByLabel('법인명(상호)')).toBeDisabled();
  await expect(page.getByTestId('discard-draft')).toHaveCount(0);
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('form-banner')).toHaveCount(0);
});

test('files and printing on the web host: the preview opens in view and redraws after signing, 인쇄 opens the print dialog (no blob tab), a download is named 고객명_서류명_날짜.pdf', async ({
  page,
  host,
}) => {
  const id = await withCore(host.dataDir, async (core) => {
    const { app } = await signedSubscription(core, { customer: customer(411, '(주)하나/콜:센터', '홍길동', '02-1234-5678') });
    const quoted = await core.invoke('applications.create', sampleApplication({ customer: customer(412, '(주)서명대기', '홍길동', '02-1234-5678') }));
    await core.invoke('quotes.save', { applicationId: quoted.id, term: '36m', items: [{ code: 'asp-basic', quantity: 12 }] });
    return { signed: app.id, quoted: quoted.id };
  });
  // Count print dialogs instead of opening one (headless Chromium has no printer).
  await page.addInitScript(() => {
    const w = window as unknown as { __prints: number; print: () => void };
    w.__prints = 0;
    w.print = () => {
      w.__prints += 1;
    };
  });

  await open(page, host.url, `/applications/${id.signed}/documents`);
  const download = page.waitForEvent('download');
  await page.getByTestId('doc-1').getByRole('button', { name: 'PDF' }).click();
  expect((await download).suggestedFilename()).toMatch(/^\(주\)하나_콜_센터_신청서_\d{4}-\d{2}-\d{2}\.pdf$/);

  await page.getByTestId('doc-1').getByRole('button', { name: '미리보기' }).click();
  await expect(page.getByTestId('preview-pages').locator('img').first()).toBeVisible();
  await expect(page.getByTestId('preview')).toBeInViewport();
  await expect(page.getByTestId('preview').getByRole('button', { name: '인쇄' })).toBeInViewport();
  // Nothing slides sideways: neither the window nor the main column.
  expect(await page.evaluate(() => [window.scrollX, document.querySelector('.content')?.scrollLeft ?? -1])).toEqual([0, 0]);
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, '7-after-preview-in-view.png') });
  const popups: Page[] = [];
  page.context().on('page', (p) => popups.push(p));
  await page.getByTestId('preview').getByRole('button', { name: '인쇄' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __prints: number }).__prints)).toBe(1);
  expect(popups).toHaveLength(0);
  // In print media only the pages show.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('documents-table')).toBeHidden();
  await expect(page.getByTestId('preview-pages').locator('img').first()).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // Signing while the preview is open redraws it with the signature.
  await open(page, host.url, `/applications/${id.quoted}/documents`);
  const form1 = page.getByTestId('doc-1');
  await form1.getByRole('button', { name: '미리보기' }).click();
  const first = page.getByTestId('preview-pages').locator('img').first();
  await expect(first).toBeVisible();
  const before = await first.getAttribute('src');
  await form1.getByRole('button', { name: '서명·날인 받기' }).first().click();
  const pad = page.getByTestId('signature-pad');
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + 120);
  await page.mouse.down();
  for (let i = 0; i < 12; i++) await page.mouse.move(box.x + 40 + i * 25, box.y + 80 + (i % 2) * 60, { steps: 3 });
  await page.mouse.up();
  await page.getByRole('button', { name: '저장', exact: true }).click();
  await expect(page.getByTestId('docs-message')).toContainText('서명을 저장했습니다');
  await expect.poll(() => page.getByTestId('preview-pages').locator('img').first().getAttribute('src'), { timeout: 60_000 }).not.toBe(before);
});
