import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, open, withCore, screenshot } from './fixtures';
import { businessNumberFor, sampleApplication, tempDir } from '../support/fixtures';
import { sealPng, signaturePng } from '../integration/documents/tools';
import { b64, hqSets, signedSubscription } from '../support/records';

/**
 * The rep's screens (issue 11, items 6, 8, 9 and 13) on the web host with Debian Chromium: the
 * store is prepared through the core's contract, the screens are driven as a rep would.
 */
test.use({ viewport: { width: 1366, height: 768 } });
test.describe.configure({ timeout: 480_000 });

async function draw(page: Page) {
  const box = (await page.getByTestId('signature-pad').boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + 120);
  await page.mouse.down();
  for (let i = 0; i < 12; i++) await page.mouse.move(box.x + 40 + i * 25, box.y + 80 + (i % 2) * 60, { steps: 3 });
  await page.mouse.up();
}

const customer = (n: number, name: string) => ({ ...sampleApplication().customer, businessNumber: businessNumberFor(n), name });

/** The areas a packet session walks: unsigned areas of the forms that may be signed now, in order. */
async function openAreas(dataDir: string, applicationId: string) {
  return withCore(dataDir, async (core) => {
    const status = await core.invoke('documents.status', { applicationId });
    return status.documents.filter((d) => !d.unavailable && !d.signBlocked).flatMap((d) => d.areas.filter((a) => !a.current).map((a) => ({ form: d.form, area: a.id })));
  });
}

test('6 — one signing session walks every open area of the packet in order with its progress, the error clears as the customer draws, a seal once chosen is offered for the next seal area, Enter saves and goes on, Esc leaves with what was signed kept', async ({
  page,
  host,
}) => {
  const id = await withCore(host.dataDir, async (core) => {
    const app = await core.invoke('applications.create', sampleApplication({ customer: customer(601, '(주)한번에서명') }));
    await core.invoke('quotes.save', { applicationId: app.id, term: '36m', items: [{ code: 'asp-basic', quantity: 12 }] });
    return app.id;
  });
  const areas = await openAreas(host.dataDir, id);
  const sealAt = areas.findIndex((a) => a.form === '2');
  const quoteAt = areas.findIndex((a) => a.form === 'quote');
  expect(areas.slice(0, 3).map((a) => a.form)).toEqual(['1', '1', '1']);
  expect(sealAt).toBe(3);
  expect(quoteAt).toBeGreaterThan(sealAt);
  const sealFile = path.join(tempDir('seal-'), 'seal.png');
  fs.writeFileSync(sealFile, sealPng());

  await open(page, host.url, `/applications/${id}/documents`);
  await page.getByTestId('sign-all').click();
  const session = page.getByTestId('signing-session');
  await expect(session).toBeVisible();
  await expect(page.getByTestId('sign-progress')).toContainText(`1/${areas.length}`);
  await expect(session.getByRole('heading')).toContainText('양식 #1 신청서');

  // Saving an empty pad says what to do; the message goes as soon as the customer draws.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sign-error')).toHaveText('서명란에 서명하세요.');
  await draw(page);
  await expect(page.getByTestId('sign-error')).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sign-progress')).toContainText(`2/${areas.length}`);
  await expect(page.getByTestId('sign-progress')).toContainText('1곳 저장됨');
  for (let n = 2; n <= 3; n++) {
    await draw(page);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('sign-progress')).toContainText(`${n + 1}/${areas.length}`);
  }

  // Form #2 is sealed with a photo picked once …
  await expect(session.getByRole('heading')).toContainText('양식 #2 이용약관');
  await session.getByRole('tab', { name: '직인 사진' }).click();
  await page.getByTestId('seal-file').setInputFiles(sealFile);
  await expect(session.getByRole('img', { name: '직인 미리보기' })).toBeVisible();
  await session.getByRole('button', { name: '저장하고 다음' }).click();
  // … and areas without a seal in between keep the seal tab chosen, until the quote's seal area.
  for (let n = sealAt + 1; n < quoteAt; n++) {
    await expect(page.getByTestId('sign-progress')).toContainText(`${n + 1}/${areas.length}`);
    await session.getByRole('button', { name: '건너뛰기' }).click();
  }
  await expect(page.getByTestId('sign-progress')).toContainText(`${quoteAt + 1}/${areas.length}`);
  await expect(session.getByRole('heading')).toContainText('견적서');
  await expect(session.getByRole('img', { name: '직인 미리보기' })).toBeVisible();
  await expect(page.getByTestId('seal-reused')).toBeVisible();
  await screenshot(page, '6-after-signing-session-seal-reused.png');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(page, '6-after-signing-session-1920.png');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.keyboard.press('Enter');
  const signedBeforeEsc = 5;

  // Esc leaves midway: what was signed stays signed, the rest is offered again.
  if (quoteAt < areas.length - 1) {
    await expect(page.getByTestId('sign-progress')).toContainText(`${quoteAt + 2}/${areas.length}`);
    await page.keyboard.press('Escape');
  }
  await expect(session).toHaveCount(0);
  await expect(page.getByTestId('docs-message')).toContainText(`서명·날인 ${areas.length}곳 중 ${signedBeforeEsc}곳을 저장했습니다`);
  const left = await openAreas(host.dataDir, id);
  expect(left).toHaveLength(areas.length - signedBeforeEsc);
  expect(left.map((a) => a.form)).not.toContain('1');
  expect(left.map((a) => a.form)).not.toContain('2');
  expect(left.map((a) => a.form)).not.toContain('quote');
  const marks = await withCore(host.dataDir, async (core) => (await core.invoke('documents.status', { applicationId: id })).documents.find((d) => d.form === 'quote')!.areas[0]!.current!.mark);
  expect(marks).toBe('seal');
  await expect(page.getByTestId('sign-all')).toHaveText(`서명·날인 모두 받기 (${left.length}곳)`);

  // A form's own session walks only its areas; a single area's dialog saves with 저장.
  await expect(page.getByTestId('doc-1')).toContainText('서명 완료');
});

test('8 — a locked application looks locked: its fields and the #4 it applied with are read-only, the page says why and offers the 변경 신청, there is no 저장 to find greyed out, and quote versions read "견적 2차 (날짜 저장)"', async ({
  page,
  host,
}) => {
  const seeded = await withCore(host.dataDir, async (core) => {
    const { app } = await signedSubscription(core, { customer: customer(801, '(주)개통중고객') });
    await core.invoke('workflow.transition', { applicationId: app.id, event: 'submit' });
    hqSets(core, app.id, 'so_processed', 'J00008011');
    await core.invoke('workflow.transition', { applicationId: app.id, event: 'start_provisioning' });
    const change = await core.invoke('applications.derive', { fromId: app.id, kind: 'change', reason: '증설' });
    hqSets(core, change.id, 'submitted');
    const quoted = await core.invoke('applications.create', sampleApplication({ customer: customer(802, '(주)견적두번') }));
    const q = await core.invoke('quotes.save', { applicationId: quoted.id, term: '36m', items: [{ code: 'asp-basic', quantity: 12 }] });
    await core.invoke('quotes.save', { applicationId: quoted.id, quoteId: q.quoteId, term: '36m', items: [{ code: 'asp-basic', quantity: 14 }] });
    return { live: app.id, change: change.id, quoteId: q.quoteId };
  });

  await open(page, host.url, `/applications/${seeded.live}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('청약 보기 (변경 불가)');
  await expect(page.getByTestId('frozen-notice')).toContainText('내용을 고칠 수 없습니다');
  await expect(page.getByTestId('offer-change')).toBeVisible();
  const name = page.getByLabel('법인명(상호)');
  await expect(name).toHaveValue('(주)개통중고객');
  await expect(name).not.toBeEditable();
  await expect(page.getByRole('button', { name: '저장', exact: true })).toHaveCount(0);
  // Read-only values stay legible (ink colour, not faded by opacity).
  await expect(name).toHaveCSS('opacity', '1');
  await screenshot(page, '8-after-locked-application.png');

  // The #4 a submitted change application applied with is read-only too, with the reason.
  await open(page, host.url, `/applications/${seeded.change}/documents`);
  await page.getByTestId('doc-4').getByRole('button', { name: '내용 입력' }).click();
  const inputs = page.getByTestId('inputs-4');
  await expect(inputs.getByTestId('frozen-notice')).toContainText('신청 서류 내용을 고칠 수 없습니다');
  await expect(inputs.locator('textarea').first()).not.toBeEditable();
  await expect(inputs.getByRole('button', { name: '입력 내용 저장' })).toHaveCount(0);
  await screenshot(page, '8-after-locked-form-inputs.png');

  // Quote versions say what they are and when they were saved; no "회차".
  await open(page, host.url, `/quotes/${seeded.quoteId}`);
  const versions = page.getByTestId('quote-versions');
  await expect(versions).toContainText(/견적 2차 \(\d{4}\. \d{1,2}\. \d{1,2}\. 저장\)/);
  await expect(versions).toContainText(/견적 1차 \(\d{4}\. \d{1,2}\. \d{1,2}\. 저장\)/);
  await expect(page.locator('body')).not.toContainText('회차');
  await screenshot(page, '8-after-quote-versions.png');
});

test('13 — layout: every select is styled, money shows thousands separators while typing with the caret on its digit, the memo grows, dates never wrap, wide screens get wide content, the dashboard hint names its real button, the error summary names the fields', async ({
  page,
  host,
}) => {
  const seeded = await withCore(host.dataDir, async (core) => {
    const app = await core.invoke('applications.create', sampleApplication({ customer: customer(1301, '(주)넓은화면') }));
    const q = await core.invoke('quotes.save', { applicationId: app.id, term: '36m', items: [{ code: 'asp-basic', quantity: 12 }] });
    return { app: app.id, quoteId: q.quoteId };
  });

  // Money: typed digits are grouped as they come; the caret stays after the digit it followed.
  await open(page, host.url, `/quotes/${seeded.quoteId}`);
  const price = page.getByLabel('단가 1');
  await price.click();
  await page.keyboard.type('1234567');
  await expect(price).toHaveValue('1,234,567');
  await expect(page.getByTestId('line-amount-0')).toContainText('14,814,804원');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type('9');
  await expect(price).toHaveValue('19,234,567');
  expect(await price.evaluate((el: HTMLInputElement) => el.selectionStart)).toBe(2);
  await page.keyboard.press('Backspace');
  await expect(price).toHaveValue('1,234,567');
  expect(await price.evaluate((el: HTMLInputElement) => el.selectionStart)).toBe(1);

  // Every select on the page has the kit's look (no native control).
  const looks = await page.locator('select').evaluateAll((els) => els.map((el) => [getComputedStyle(el).appearance, getComputedStyle(el).backgroundImage.includes('svg')]));
  expect(looks.length).toBeGreaterThan(0);
  for (const look of looks) expect(look).toEqual(['none', true]);

  // The memo grows with its text.
  const memo = page.getByLabel('비고');
  const before = (await memo.boundingBox())!.height;
  await memo.fill('첫째 줄\n둘째 줄\n셋째 줄\n넷째 줄\n다섯째 줄\n여섯째 줄');
  await expect.poll(async () => (await memo.boundingBox())!.height).toBeGreaterThan(before + 40);

  // Wide screens: the content widens past the laptop's 1,100-1,300 px.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect.poll(async () => (await page.locator('section.page').first().boundingBox())!.width).toBeGreaterThan(1500);
  await screenshot(page, '13-after-quote-1920.png');

  // Dates never wrap: shown with no-break spaces, in cells that do not wrap.
  await open(page, host.url, '/applications');
  const updated = page.getByTestId('applications-table').locator('tbody td.nowrap').last();
  expect(await updated.textContent()).toMatch(/^\d{4}\u00a0\d{1,2}\.\u00a0\d{1,2}\.|^\d{4}\.\u00a0/);

  // The dashboard's hint names a button that is there, with the same words.
  await open(page, host.url, '/');
  const newButton = page.getByTestId('dash-new-application');
  await expect(newButton).toHaveText('새 청약 작성');
  await expect(page.locator('section.page').first()).toHaveCSS('max-width', 'none');
  await screenshot(page, '13-after-dashboard-1920.png');
  await newButton.click();

  // The error summary names each field to fix, and each name takes the rep there.
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.getByLabel('법인명(상호)').fill('');
  await page.getByRole('button', { name: '저장', exact: true }).click();
  const fields = page.getByTestId('error-fields');
  await expect(fields).toContainText('법인명(상호)');
  await expect(fields).toContainText('사업자등록번호');
  await expect(page.getByTestId('error-summary')).toContainText('입력값을 확인하세요');
  await fields.getByRole('button', { name: '사업자등록번호' }).click();
  await expect(page.getByLabel('사업자등록번호')).toBeFocused();
  await screenshot(page, '13-after-new-application-1366.png');
});

test('13 — seller info and the UI language live in the device store (settings.get/set), not in browser storage; values an earlier version left in browser storage move into the store once', async ({
  page,
  host,
}) => {
  await open(page, host.url, '/');
  // What an earlier version left in the browser's storage …
  await page.evaluate(() => {
    localStorage.setItem('salesdesk.language', 'en');
    localStorage.setItem('salesdesk.lastSeller', JSON.stringify({ team: '강북법인지사 기업영업2팀', name: '박영업', phone: '010-3333-4444', opportunityCode: '' }));
  });
  // … moves into the store at the next start, and leaves the browser's storage.
  await page.reload();
  await expect(page.getByRole('button', { name: '한국어' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => [localStorage.getItem('salesdesk.language'), localStorage.getItem('salesdesk.lastSeller')])).toEqual([null, null]);
  const moved = await withCore(host.dataDir, (core) => core.invoke('settings.get', {}));
  expect(moved).toEqual({ language: 'en', seller: { team: '강북법인지사 기업영업2팀', name: '박영업', phone: '010-3333-4444' } });

  // Switching back to Korean is kept in the store: a fresh start (no browser storage) shows Korean.
  await page.getByRole('button', { name: '한국어' }).click();
  await expect(page.getByRole('button', { name: 'English' })).toBeVisible();
  await expect.poll(async () => (await withCore(host.dataDir, (core) => core.invoke('settings.get', {}))).language).toBe('ko');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByRole('button', { name: 'English' })).toBeVisible();

  // A new application starts with the seller kept on this device; saving another seller keeps that one.
  await open(page, host.url, '/applications/new');
  await expect(page.getByLabel('소속')).toHaveValue('강북법인지사 기업영업2팀');
  await expect(page.getByLabel('성명')).toHaveValue('박영업');
  await page.getByLabel('법인명(상호)').fill('(주)설정저장');
  await page.getByLabel('사업자등록번호').fill(businessNumberFor(1302));
  await page.getByLabel('대표자명').fill('홍길동');
  await page.getByLabel('주소').first().fill('서울특별시 종로구 세종대로 178');
  await page.getByLabel('전화번호', { exact: true }).first().fill('0212345678');
  await page.getByLabel('성명').fill('최영업');
  await page.getByRole('button', { name: '저장', exact: true }).click();
  await expect(page.getByTestId('form-banner')).toContainText('저장');
  await expect.poll(async () => (await withCore(host.dataDir, (core) => core.invoke('settings.get', {}))).seller?.name).toBe('최영업');
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k !== 'salesdesk.token'))).toEqual([]);
});

test('9 — attachments can be opened (an image in a lightbox, a PDF drawn in the viewer or in a new tab from a blob of the bytes the host served) and removed before submission only, after a confirm, recorded as a deletion HQ learns of', async ({
  page,
  host,
}) => {
  const seeded = await withCore(host.dataDir, async (core) => {
    const open = await core.invoke('applications.create', sampleApplication({ customer: customer(901, '(주)첨부정리') }));
    await core.invoke('quotes.save', { applicationId: open.id, term: '36m', items: [{ code: 'asp-basic', quantity: 12 }] });
    await core.invoke('attachments.add', { applicationId: open.id, purpose: 'businessRegistration', fileName: '사업자등록증.png', base64: b64(signaturePng()) });
    const pdf = await core.invoke('documents.render', { applicationId: open.id, forms: ['3'], format: 'pdf' });
    await core.invoke('attachments.add', { applicationId: open.id, purpose: 'signedContract', fileName: '계약서.pdf', base64: pdf.base64 });
    const { app: submitted } = await signedSubscription(core, { customer: customer(902, '(주)제출완료') });
    await core.invoke('workflow.transition', { applicationId: submitted.id, event: 'submit' });
    const status = await core.invoke('documents.status', { applicationId: open.id });
    const kept = await core.invoke('documents.status', { applicationId: submitted.id });
    return { open: open.id, submitted: submitted.id, png: status.attachments.find((a) => a.fileName === '사업자등록증.png')!.id, keptId: kept.attachments[0]!.id };
  });

  await open(page, host.url, `/applications/${seeded.open}/documents`);
  const list = page.getByTestId('attachments');
  await expect(list.locator('li')).toHaveCount(2);

  // An image opens in a lightbox.
  await list.locator('li', { hasText: '사업자등록증.png' }).getByTestId('attachment-open').click();
  const viewer = page.getByTestId('attachment-viewer');
  await expect(viewer.getByRole('heading', { name: '사업자등록증.png' })).toBeVisible();
  await expect(page.getByTestId('attachment-image')).toBeVisible();
  expect(await page.getByTestId('attachment-image').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);

  // A PDF is drawn page by page, and offered in a new tab as a blob of its bytes.
  await list.locator('li', { hasText: '계약서.pdf' }).getByTestId('attachment-open').click();
  await expect(viewer.locator('img.page-image').first()).toBeVisible();
  const href = (await page.getByTestId('attachment-new-tab').getAttribute('href'))!;
  expect(href).toMatch(/^blob:/);
  const popup = page.waitForEvent('popup');
  await page.getByTestId('attachment-new-tab').click();
  const tab = await popup;
  expect(tab.url()).toBe(href);
  await tab.close();
  await screenshot(page, '9-after-attachment-viewer.png');
  await viewer.getByRole('button', { name: '닫기' }).click();
  await expect(viewer).toHaveCount(0);

  // The progress page's checklist lists the same paper under its item, to open or remove there too.
  await open(page, host.url, `/applications/${seeded.open}/workflow`);
  const item = page.getByTestId('wf-attachments-businessRegistration');
  await expect(item.locator('li')).toHaveCount(1);
  await expect(item).toContainText('사업자등록증.png');
  await expect(item.getByTestId('attachment-remove')).toBeVisible();
  await item.getByTestId('attachment-open').click();
  await expect(page.getByTestId('attachment-image')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
  await open(page, host.url, `/applications/${seeded.open}/documents`);

  // Removal asks first; 취소 keeps it.
  const png = list.locator('li', { hasText: '사업자등록증.png' });
  await png.getByTestId('attachment-remove').click();
  const confirm = page.getByRole('dialog', { name: '첨부 서류를 삭제할까요?' });
  await expect(confirm).toContainText('사업자등록증.png');
  await confirm.getByRole('button', { name: '취소' }).click();
  await expect(list.locator('li')).toHaveCount(2);
  await png.getByTestId('attachment-remove').click();
  await confirm.getByRole('button', { name: '삭제', exact: true }).click();
  await expect(page.getByTestId('docs-message')).toContainText('첨부 서류를 삭제했습니다');
  await expect(list.locator('li')).toHaveCount(1);
  await expect(list).not.toContainText('사업자등록증.png');
  // Recorded: the deletion waits in the outbox for HQ.
  const op = await withCore(host.dataDir, async (core) =>
    Promise.resolve(core.store.sqlite.prepare("SELECT op FROM outbox WHERE entity = 'application_attachment' AND entity_id = ? ORDER BY seq DESC LIMIT 1").get(seeded.png) as { op: string }),
  );
  expect(op.op).toBe('delete');

  // After submission the attachments stay: they open, they are not removed (screen and core alike).
  await open(page, host.url, `/applications/${seeded.submitted}/documents`);
  await expect(page.getByTestId('attachments').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('attachment-open')).toBeVisible();
  await expect(page.getByTestId('attachment-remove')).toHaveCount(0);
  await expect(page.getByTestId('attachments-kept')).toContainText('삭제할 수 없습니다');
  const refused = await withCore(host.dataDir, (core) =>
    core.invoke('attachments.remove', { applicationId: seeded.submitted, id: seeded.keptId }).then(
      () => null,
      (e: unknown) => e as Error & { code: string },
    ),
  );
  expect(refused?.code).toBe('NOT_ALLOWED');
  expect(refused?.message).toContain('첨부 서류를 지울 수 없습니다');
  await open(page, host.url, `/applications/${seeded.submitted}/workflow`);
  const kept = page.getByTestId('wf-attachments-businessRegistration');
  await expect(kept.getByTestId('attachment-open')).toBeVisible();
  await expect(kept.getByTestId('attachment-remove')).toHaveCount(0);
});
