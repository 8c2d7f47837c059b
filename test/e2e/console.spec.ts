import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, open, walkShot, withCore } from './fixtures';
import { consoleAccounts } from './console-accounts';
import { startHq, type HqProcess } from '../integration/hq/harness';
import { ROOT } from '../support/processes';
import { sampleApplication, tempDir } from '../support/fixtures';
import { signedSubscription } from '../support/records';
import { Admin } from '../integration/hq/client';
import { sealPng, makePng } from '../integration/documents/tools';
import { hqDataDir } from '../support/hq-data';

/**
 * The HQ console (issue 14) with the rep app, end to end: a real HQ process serving /console, real
 * web hosts for the reps' devices, Chromium for both. Accounts come from `hq users add` while the
 * server runs (the loopback control path).
 */
let hq: HqProcess;
let hqDir: string;
test.beforeAll(async () => {
  hqDir = hqDataDir('hq-console-e2e-');
  hq = await startHq({ dataDir: hqDir });
});
test.afterAll(async () => {
  await (hq as HqProcess | undefined)?.stop();
});

let shot = 0;
async function screen(page: Page, name: string) {
  shot += 1;
  await walkShot(page, `console-${String(shot).padStart(2, '0')}-${name}.png`);
}

const { usersAdd, usersAddProcess, consoleSignIn } = consoleAccounts(() => ({ dataDir: hqDir, url: hq.url }));

async function drawSignature(page: Page) {
  const box = (await page.getByTestId('signature-pad').boundingBox())!;
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
  // Signing renders the document; on a busy machine that can take a while.
  await expect(signed).toHaveCount(before + 1, { timeout: 60_000 });
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: '콘솔 메뉴' }).getByRole('link', { name, exact: true });
const tabs = (page: Page) => page.getByRole('navigation', { name: '청약 화면' });
const move = async (page: Page, label: RegExp) => {
  const before = await page.getByTestId('wf-status').innerText();
  await page.getByTestId('wf-moves').getByRole('button', { name: label }).click();
  await expect(page.getByTestId('wf-status')).not.toHaveText(before);
};
const syncNow = async (page: Page) => {
  await page.getByRole('button', { name: '지금 동기화' }).click();
  await expect(page.getByTestId('sync-chip')).toContainText('본사와 같음', { timeout: 60_000 });
};

async function enroll(page: Page, hostUrl: string, code: string, branch: string) {
  await page.goto(hostUrl);
  await page.getByTestId('sync-chip').click();
  await page.getByLabel('본사 서버 주소').fill(hq.url);
  await page.getByLabel('등록 코드').fill(code);
  await page.getByRole('button', { name: '등록하고 동기화' }).click();
  await expect(page.getByTestId('sync-state')).toContainText(branch);
}

async function newApplication(page: Page, company: string, businessNumber: string) {
  await page.getByRole('link', { name: '고객·청약' }).click();
  await page.getByRole('link', { name: '새 청약 작성' }).click();
  await page.getByLabel('법인명(상호)').fill(company);
  await page.getByLabel('사업자등록번호').fill(businessNumber);
  await page.getByLabel('대표자명').fill('홍길동');
  await page.getByLabel('주소').first().fill('서울특별시 종로구 세종대로 178');
  await page.getByLabel('전화번호', { exact: true }).first().fill('0212345678');
  await page.getByLabel('수량 1').fill('30');
  await page.getByLabel('소속').fill('강북법인지사 기업영업1팀');
  await page.getByLabel('성명').fill('김영업');
  await page.getByLabel('연락처').fill('01011112222');
  await page.getByRole('button', { name: '저장', exact: true }).click();
  await expect(page.getByTestId('form-banner')).toContainText('저장됨');
}

/** The rep applies, quotes at list price, has everything signed, attaches, submits and syncs. */
async function submitApplication(page: Page, company: string, businessNumber: string, seal: string, bizreg: string) {
  await newApplication(page, company, businessNumber);
  await tabs(page).getByRole('link', { name: '견적' }).click();
  await page.getByRole('button', { name: '견적 저장 (1차)' }).click();
  await expect(page.getByTestId('quote-message')).toContainText('1차 견적을 저장했습니다');
  await tabs(page).getByRole('link', { name: '진행 관리' }).click();
  await page.getByLabel('고객사 네트워크 환경 사전검토 완료').check();
  await tabs(page).getByRole('link', { name: '서류' }).click();
  for (let i = 0; i < 3; i++) await signArea(page, 'doc-1');
  await signArea(page, 'doc-2', seal);
  await signArea(page, 'doc-quote', seal);
  await page.getByTestId('attach-businessRegistration').setInputFiles(bizreg);
  await expect(page.getByTestId('attachments')).toContainText('사업자등록증 사본');
  await tabs(page).getByRole('link', { name: '진행 관리' }).click();
  await expect(page.getByTestId('wf-checklist').locator('li.missing')).toHaveCount(0);
  await move(page, /^서명 완료/);
  await move(page, /^본사 제출/);
  await syncNow(page);
}

test('rep submits → the order desk processes the S/O in the console → the device shows the service number', async ({ page, host, browser }) => {
  test.setTimeout(600_000);
  const dir = tempDir('console-files-');
  const seal = path.join(dir, 'seal.png');
  fs.writeFileSync(seal, sealPng());
  const bizreg = path.join(dir, 'business-registration.png');
  fs.writeFileSync(
    bizreg,
    makePng(300, 200, (x, y) => ((x + y) % 40 < 20 ? [40, 40, 40, 255] : [250, 250, 250, 255])),
  );

  // An administrator issues the rep's enrollment code in the console.
  const admin = await consoleSignIn(browser, usersAddProcess('hq.admin', '관리자', 'admin'));
  // The administrator sees every menu, 명단 (prospect lists, `prospects.manage`) among them.
  await expect(admin.getByRole('navigation', { name: '콘솔 메뉴' }).getByRole('link')).toHaveText([
    '현황',
    '주문접수',
    '견적 승인',
    '정산',
    '판매 수수료',
    '고객 응대',
    '명단',
    '관리',
    '감사 기록',
    '접속기록',
    '파기',
  ]);
  await nav(admin, '관리').click();
  await admin.getByRole('tab', { name: '등록 코드' }).click();
  await admin.getByLabel('지사').fill('강북법인지사');
  await admin.getByLabel('영업대표 이름').fill('김영업');
  await admin.getByRole('button', { name: '발급' }).click();
  const code = (await admin.getByTestId('enrollment-code').innerText()).trim();
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await expect(admin.getByTestId('issued-code').getByRole('img', { name: 'QR' })).toBeVisible();
  await screen(admin, 'admin-enrollment-code');

  // The rep: enroll, apply, quote at list price, sign, attach, submit, sync.
  await enroll(page, host.url, code, '강북법인지사 · 김영업');
  await submitApplication(page, '(주)하나콜센터', '1028142945', seal, bizreg);

  // The order desk: the queue shows it; the detail shows what was signed and attached.
  const desk = await consoleSignIn(browser, await usersAdd('kim.order', '김주문', 'order_desk'));
  await expect(desk.getByTestId('card-so')).toContainText('1');
  await screen(desk, 'overview');
  // The order desk sees only its menus.
  await expect(desk.getByRole('navigation', { name: '콘솔 메뉴' }).getByRole('link')).toHaveText(['현황', '주문접수', '견적 승인', '고객 응대']);
  await nav(desk, '주문접수').click();
  const row = desk.getByTestId('applications-table').getByRole('row', { name: /\(주\)하나콜센터/ });
  await expect(row).toContainText('제출됨');
  await expect(row).toContainText('강북법인지사');
  await screen(desk, 'order-desk-queue');
  await row.getByRole('link', { name: '(주)하나콜센터' }).click();
  await expect(desk.getByTestId('application-status')).toHaveText('제출됨');
  await expect(desk.getByTestId('checklist').locator('li.missing')).toHaveCount(0);
  await expect(desk.getByTestId('checklist').locator('li.done')).toHaveCount(6);
  const form1 = desk.getByTestId('document-1');
  await expect(form1.getByRole('row')).toHaveCount(4); // heading + three signatures
  await expect(form1).toContainText('applicant');
  await expect(form1.locator('img.sig-image').first()).toBeVisible();
  await desk.getByRole('button', { name: '보기' }).click();
  await expect(desk.getByTestId('file-view').locator('img')).toBeVisible();
  await screen(desk, 'order-desk-detail');

  desk.once('dialog', (d) => {
    d.accept().catch(() => undefined);
  });
  await desk.getByRole('button', { name: 'S/O 처리 (서비스번호 부여)' }).click();
  await expect(desk.getByRole('status')).toContainText('S/O 처리했습니다');
  const serviceNumber = (await desk.getByTestId('service-number').innerText()).trim();
  expect(serviceNumber).toMatch(/^J\d{8}$/);
  await expect(desk.getByTestId('application-status')).toHaveText('S/O 처리');
  await expect(desk.getByTestId('audit-trail')).toContainText('kim.order');
  await screen(desk, 'order-desk-processed');

  // The device gets the number at its next sync.
  await syncNow(page);
  await expect(page.getByTestId('wf-service-number')).toHaveText(serviceNumber, { timeout: 60_000 });
  await expect(page.getByTestId('wf-status')).toHaveText('S/O 처리');

  // The audit log names the person who did it.
  await nav(admin, '감사 기록').click();
  await admin.getByLabel('무엇 (동작)').fill('application.so_process');
  const entry = admin.getByTestId('audit-table').getByRole('row', { name: /application\.so_process/ });
  await expect(entry).toContainText('김주문 (kim.order)');
  await expect(entry).toContainText(serviceNumber);
  await screen(admin, 'audit-log');

  // Price tables: upload, see what changes against the current table, publish with an effective date.
  const table = JSON.parse(fs.readFileSync(path.join(ROOT, 'resources/catalogs/kt-bizmeka-2014.json'), 'utf8')) as {
    version: string;
    products: { code: string; pricing: { tiers?: { prices: Record<string, number> }[] } }[];
  };
  table.version = '2027.01';
  // The 100-seat tier only: the other test's 30-seat quote keeps its list price.
  table.products[0]!.pricing.tiers![4]!.prices['36m'] = 95_000;
  const upload = path.join(dir, 'catalog-2027.json');
  fs.writeFileSync(upload, JSON.stringify(table));
  const broken = path.join(dir, 'broken.json');
  fs.writeFileSync(broken, '{"id": "x", ');
  await nav(admin, '관리').click();
  await admin.getByRole('tab', { name: '단가표' }).click();
  await admin.getByLabel('단가표 JSON 파일').setInputFiles(broken);
  await admin.getByRole('button', { name: '검증하고 차이 보기' }).click();
  await expect(admin.getByRole('alert')).toContainText('올바른 JSON이 아닙니다');
  await admin.getByLabel('단가표 JSON 파일').setInputFiles(upload);
  await admin.getByLabel('적용일').fill('2027-01-01');
  await admin.getByRole('button', { name: '검증하고 차이 보기' }).click();
  const diff = admin.getByTestId('catalog-diff');
  await expect(diff).toContainText('100000');
  await expect(diff).toContainText('95000');
  await expect(diff).toContainText('2027-01-01');
  admin.once('dialog', (d) => {
    d.accept().catch(() => undefined);
  });
  await admin.getByRole('button', { name: '게시', exact: true }).click();
  await expect(admin.getByText('게시했습니다 (버전 1)')).toBeVisible();
  await expect(admin.getByTestId('current-catalog')).toContainText('2027.01');
  await screen(admin, 'admin-price-table');
  await admin.getByRole('tab', { name: '계정' }).click();
  await expect(admin.getByTestId('accounts-table')).toContainText('kim.order');
  await screen(admin, 'admin-accounts');
});

test('rep submits → the order desk turns it down (접수 거절) in the console with a reason → the device shows it final and read-only with the reason', async ({ page, host, browser }) => {
  test.setTimeout(600_000);
  const admin = await consoleSignIn(browser, await usersAdd('hq.admin3', '관리자3', 'admin'));
  await nav(admin, '관리').click();
  await admin.getByRole('tab', { name: '등록 코드' }).click();
  await admin.getByLabel('지사').fill('대전지사');
  await admin.getByLabel('영업대표 이름').fill('최영업');
  await admin.getByRole('button', { name: '발급' }).click();
  const code = (await admin.getByTestId('enrollment-code').innerText()).trim();
  // The rep's side up to 본사 제출 is the first test's walk through the screens; here the device is
  // enrolled with the console's code and the application signed and submitted through the core.
  const id = await withCore(host.dataDir, async (core) => {
    await core.ctx.sync.engine.enroll(hq.url, code, 'decline-e2e');
    const { app } = await signedSubscription(core, { customer: { ...sampleApplication().customer, name: '(주)세콜', businessNumber: '104-81-37225' } });
    await core.invoke('workflow.transition', { applicationId: app.id, event: 'submit' });
    return app.id;
  });
  await open(page, host.url, `/applications/${id}/workflow`);
  await syncNow(page);

  const desk = await consoleSignIn(browser, await usersAdd('jung.order', '정주문', 'order_desk'));
  await nav(desk, '주문접수').click();
  await desk
    .getByTestId('applications-table')
    .getByRole('row', { name: /\(주\)세콜/ })
    .getByRole('link', { name: '(주)세콜' })
    .click();
  await expect(desk.getByTestId('application-status')).toHaveText('제출됨');
  const decline = desk.getByRole('button', { name: '접수 거절 (최종)' });
  // No reason, no turn-down.
  await expect(decline).toBeDisabled();
  const reason = '서비스 제공 지역(도서 지역)이 아니어서 접수할 수 없습니다.';
  await desk.getByLabel(/접수 거절 사유/).fill(reason);
  // Dismissing the confirm changes nothing.
  desk.once('dialog', (d) => {
    expect(d.message()).toContain('최종');
    d.dismiss().catch(() => undefined);
  });
  await decline.click();
  await expect(desk.getByTestId('application-status')).toHaveText('제출됨');
  desk.once('dialog', (d) => {
    d.accept().catch(() => undefined);
  });
  await decline.click();
  await expect(desk.getByRole('status')).toContainText('접수 거절했습니다');
  await expect(desk.getByTestId('application-status')).toHaveText('접수 거절');
  await expect(desk.getByRole('button', { name: '접수 거절 (최종)' })).toHaveCount(0);
  await expect(desk.getByRole('button', { name: /반려/ })).toHaveCount(0);
  await expect(desk.getByTestId('audit-trail')).toContainText('jung.order');
  await screen(desk, 'order-desk-declined');

  // The device: at its next sync the application is final, with HQ's reason, and nothing to do.
  await syncNow(page);
  await expect(page.getByTestId('wf-status')).toHaveText('접수 거절', { timeout: 60_000 });
  await expect(page.getByTestId('status-reason')).toContainText(reason);
  await expect(page.getByText('이 상태에서 할 수 있는 단계가 없습니다.')).toBeVisible();
  await screen(page, 'device-declined');
  await tabs(page).getByRole('link', { name: '청약 정보' }).click();
  await expect(page.getByTestId('frozen-notice')).toContainText('접수 거절');
  await screen(page, 'device-declined-form');

  // 관리 → 기기: the rep's device reported its app version and that nothing waits in its outbox.
  await nav(admin, '관리').click();
  await admin.getByRole('tab', { name: '기기' }).click();
  const deviceRow = admin.getByTestId('devices-table').getByRole('row', { name: /대전지사/ });
  await expect(deviceRow).toContainText(/\d+\.\d+\.\d+/);
  await expect(deviceRow.getByRole('cell').nth(7)).toHaveText('0');
  await screen(admin, 'admin-devices');
});

test('rep saves a discounted quote → the approver approves it in the console → the rep can have it signed', async ({ page, host, browser }) => {
  test.setTimeout(600_000);
  const dir = tempDir('console-files-');
  const seal = path.join(dir, 'seal.png');
  fs.writeFileSync(seal, sealPng());

  // Enrollment and the application form are the first test's walk: here through the core.
  const code = await new Admin(hq.url, hq.adminToken).enrollCode('부산지사', '박영업');
  const id = await withCore(host.dataDir, async (core) => {
    await core.ctx.sync.engine.enroll(hq.url, code, 'approval-e2e');
    const customer = { ...sampleApplication().customer, name: '(주)두리콜', businessNumber: '220-81-62517' };
    return (await core.invoke('applications.create', sampleApplication({ customer, items: [{ code: 'asp-basic', quantity: 30 }] }))).id;
  });

  // The rep quotes 30 seats at 140,000 (list 160,000 on 36 months): below list, so HQ must approve.
  await open(page, host.url, `/applications/${id}`);
  await tabs(page).getByRole('link', { name: '견적' }).click();
  await page.getByLabel('단가 1').fill('140000');
  await expect(page.getByTestId('approval-state')).toContainText('저장하면 본사 승인 필요');
  await page.getByRole('button', { name: '견적 저장 (1차)' }).click();
  await expect(page.getByTestId('quote-message')).toContainText('1차 견적을 저장했습니다');
  await expect(page.getByTestId('approval-state')).toContainText('본사 승인 대기');
  await tabs(page).getByRole('link', { name: '서류' }).click();
  await expect(page.getByTestId('doc-quote').getByTestId('sign-blocked')).toContainText('승인');
  await expect(page.getByTestId('doc-quote').getByRole('button', { name: '서명·날인 받기' }).first()).toBeDisabled();
  await syncNow(page);

  // The approver: the line against the list price, the term comparison, then approve.
  const approver = await consoleSignIn(browser, await usersAdd('lee.bm', '이승인', 'approver'));
  await nav(approver, '견적 승인').click();
  const row = approver.getByTestId('quotes-table').getByRole('row', { name: /\(주\)두리콜/ });
  await expect(row).toContainText('본사 승인 대기');
  await expect(row).toContainText('12.5%');
  await screen(approver, 'approver-queue');
  await row.getByRole('link', { name: '(주)두리콜' }).click();
  const lines = approver.getByTestId('quote-lines');
  await expect(lines).toContainText('160,000원');
  await expect(lines).toContainText('140,000원');
  await expect(lines).toContainText('12.5%');
  await expect(approver.getByTestId('term-comparison').getByRole('row')).toHaveCount(5);
  // Refusing needs a reason; the approver approves instead.
  await expect(approver.getByRole('button', { name: '거절' })).toBeDisabled();
  await approver.getByLabel(/승인 메모/).fill('연간 물량 약정 조건으로 승인');
  await screen(approver, 'approver-detail');
  await approver.getByRole('button', { name: '승인', exact: true }).click();
  await expect(approver.getByRole('status')).toContainText('승인했습니다');
  await expect(approver.getByTestId('approval-status')).toHaveText('본사 승인됨');

  // The rep syncs: the quote may now be sealed by the customer.
  await syncNow(page);
  await tabs(page).getByRole('link', { name: '서류' }).click();
  await expect(page.getByTestId('doc-quote').getByRole('button', { name: '서명·날인 받기' }).first()).toBeEnabled({ timeout: 60_000 });
  await signArea(page, 'doc-quote', seal);
});

test('sign-in refuses a wrong password, then waits longer after repeated failures; a signed-out page cannot reach the API', async ({ browser }) => {
  const account = await usersAdd('park.settle', '박정산', 'settlement');
  const context = await browser.newContext({ locale: 'ko-KR' });
  const page = await context.newPage();
  // Without a session the API answers 401 and nothing else.
  const denied = await page.request.get(`${hq.url}/console/api/applications`);
  expect(denied.status()).toBe(401);
  await page.goto(`${hq.url}/console/`);
  // English is the second language, a click away; the choice is kept.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByLabel('Login ID')).toBeVisible();
  await page.getByRole('button', { name: '한국어' }).click();
  for (let i = 1; i <= 5; i++) {
    await page.getByLabel('로그인 ID').fill(account.login);
    await page.getByLabel('비밀번호').fill(`틀린비밀번호-${i}`);
    await page.getByRole('button', { name: '로그인' }).click();
    await expect(page.getByRole('alert')).toContainText(i < 5 ? '맞지 않습니다' : '로그인할 수 없습니다');
  }
  // Locked: even the right password waits now.
  await page.getByLabel('비밀번호').fill(account.password);
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page.getByRole('alert')).toContainText('잠시 잠겼습니다');
  await screen(page, 'sign-in-locked');
  await context.close();
});

test('판매 수수료: an administrator publishes a commission plan from a file in the console; settlement sees the month’s statement and downloads it as CSV', async ({ browser }) => {
  const boss = await consoleSignIn(browser, await usersAdd('commission-admin', '수수료관리', 'admin'));
  await nav(boss, '판매 수수료').click();
  await expect(boss.getByRole('heading', { name: '판매 수수료' })).toBeVisible();
  // The month's statement loads above the publish button and moves it down: wait for it, so the
  // click below cannot land where the button was (seen once at load 15: nothing was published).
  await expect(boss.getByTestId('commission-totals')).toBeVisible();
  await boss.getByLabel('수수료 기준 JSON 파일').setInputFiles(path.join(ROOT, 'test/fixtures/commission/kt-bizmeka-2026.json'));
  await boss.getByRole('button', { name: '검사 후 게시' }).click();
  await expect(boss.getByText(/게시했습니다 \(버전 \d+\)/)).toBeVisible();
  await expect(boss.getByTestId('commission-plans').getByRole('row').filter({ hasText: '본사 게시' }).first()).toContainText('적용 중');
  // A file that is not a plan is refused with what to fix, and nothing new is published.
  const broken = path.join(tempDir('plan-'), 'broken.json');
  fs.writeFileSync(broken, '{"id": "kt-bizmeka", "rules": ');
  await boss.getByLabel('수수료 기준 JSON 파일').setInputFiles(broken);
  await boss.getByRole('button', { name: '검사 후 게시' }).click();
  await expect(boss.getByText(/올바른 JSON이 아닙니다/)).toBeVisible();
  await screen(boss, 'commission-admin');

  const settle = await consoleSignIn(browser, await usersAdd('commission-settle', '박정산', 'settlement'));
  await nav(settle, '판매 수수료').click();
  await settle.getByTestId('commission-month').fill('2026-12');
  // No subscription of this HQ has opened yet: the page says so rather than showing an empty total.
  await expect(settle.getByTestId('commission-totals')).toContainText('이 달에 수수료가 계산되는 가입이 없습니다.');
  await expect(settle.getByRole('button', { name: '검사 후 게시' })).toHaveCount(0);
  const download = settle.waitForEvent('download');
  await settle.getByTestId('commission-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('commission-2026-12.csv');
  expect(
    fs
      .readFileSync(await file.path(), 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n')[0],
  ).toContain('판매자');
  await screen(settle, 'commission-statement');
});
