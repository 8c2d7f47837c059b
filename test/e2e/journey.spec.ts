import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, walkShot } from './fixtures';
import { startHq, type HqProcess } from '../integration/hq/harness';
import { Admin } from '../integration/hq/client';
import { ADMIN_PATHS } from '../../shared/sync/protocol';
import { tempDir } from '../support/fixtures';
import { sealPng, makePng } from '../integration/documents/tools';
import { hqDataDir } from '../support/hq-data';

let hq: HqProcess;
test.beforeAll(async () => {
  hq = await startHq({ dataDir: hqDataDir('hq-journey-') });
});
test.afterAll(async () => hq.stop());

let shot = 0;
async function screen(page: Page, name: string) {
  shot += 1;
  await walkShot(page, `journey-${String(shot).padStart(2, '0')}-${name}.png`);
}

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
  await expect(signed).toHaveCount(before + 1);
  await expect(page.getByTestId('docs-message')).toContainText('서명을 저장했습니다');
}

const tabs = (page: Page) => page.getByRole('navigation', { name: '청약 화면' });
// A move is done when the status shown changes (the message from the previous move may still be on screen).
const move = async (page: Page, label: RegExp) => {
  const before = await page.getByTestId('wf-status').innerText();
  await page.getByTestId('wf-moves').getByRole('button', { name: label }).click();
  await expect(page.getByTestId('wf-status')).not.toHaveText(before);
  await expect(page.getByTestId('wf-message')).toContainText('상태를');
};

test('journey: application → quote → checklist → sign → submit → sync → S/O → service number → provisioning → acceptance with #5 → open → settlement; then a change with #4 and a termination with its penalty', async ({
  page,
  host,
}) => {
  test.setTimeout(480_000);
  const dir = tempDir('journey-files-');
  const seal = path.join(dir, 'seal.png');
  fs.writeFileSync(seal, sealPng());
  const bizreg = path.join(dir, 'business-registration.png');
  fs.writeFileSync(
    bizreg,
    makePng(300, 200, (x, y) => ((x + y) % 40 < 20 ? [40, 40, 40, 255] : [250, 250, 250, 255])),
  );

  // Enroll this device with HQ.
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: '대시보드' })).toBeVisible();
  await screen(page, 'dashboard-empty');
  await page.getByTestId('sync-chip').click();
  await page.getByLabel('본사 서버 주소').fill(hq.url);
  await page.getByLabel('등록 코드').fill(await new Admin(hq.url, hq.adminToken).enrollCode('강북법인지사', '김영업'));
  await page.getByRole('button', { name: '등록하고 동기화' }).click();
  await expect(page.getByTestId('sync-state')).toContainText('강북법인지사 · 김영업');
  await screen(page, 'sync-enrolled');

  // 1. New application.
  await page.getByRole('link', { name: '고객·청약' }).click();
  await page.getByRole('link', { name: '새 청약 작성' }).click();
  await page.getByLabel('법인명(상호)').fill('(주)하나콜센터');
  await page.getByLabel('사업자등록번호').fill('1028142945');
  await page.getByLabel('대표자명').fill('홍길동');
  await page.getByLabel('주소').first().fill('서울특별시 종로구 세종대로 178');
  await page.getByLabel('전화번호', { exact: true }).first().fill('0212345678');
  await page.getByLabel('수량 1').fill('30');
  await page.getByLabel('소속').fill('강북법인지사 기업영업1팀');
  await page.getByLabel('성명').fill('김영업');
  await page.getByLabel('연락처').fill('01011112222');
  await page.getByRole('button', { name: '저장', exact: true }).click();
  await expect(page.getByTestId('form-banner')).toContainText('저장됨');
  await screen(page, 'application-saved');

  // 2. Quote.
  await tabs(page).getByRole('link', { name: '견적' }).click();
  await expect(page.getByTestId('quote-totals')).toContainText('5,280,000원');
  await page.getByRole('button', { name: '견적 저장 (1차)' }).click();
  await expect(page.getByTestId('quote-message')).toContainText('1차 견적을 저장했습니다');
  await screen(page, 'quote-saved');

  // 3. Checklist: what is missing before signatures.
  await tabs(page).getByRole('link', { name: '진행 관리' }).click();
  await expect(page.getByTestId('wf-status')).toHaveText('견적 완료');
  await expect(page.getByTestId('wf-moves')).toContainText('이용약관(#2) 확인·직인이 아직 없습니다.');
  await page.getByLabel('고객사 네트워크 환경 사전검토 완료').check();
  await screen(page, 'checklist-missing');

  // 4. Signatures and seals, and the business registration copy.
  await tabs(page).getByRole('link', { name: '서류' }).click();
  for (let i = 0; i < 3; i++) await signArea(page, 'doc-1');
  await signArea(page, 'doc-2', seal);
  await signArea(page, 'doc-quote', seal);
  await page.getByTestId('attach-businessRegistration').setInputFiles(bizreg);
  await expect(page.getByTestId('attachments')).toContainText('사업자등록증 사본');
  await screen(page, 'documents-signed');

  // 5. Sign off and submit.
  await tabs(page).getByRole('link', { name: '진행 관리' }).click();
  await expect(page.getByTestId('wf-checklist').locator('li.missing')).toHaveCount(0);
  await move(page, /^서명 완료/);
  await move(page, /^본사 제출/);
  // 제출됨 only once HQ has it (the background sync may already have sent it).
  await expect(page.getByTestId('wf-status')).toHaveText(/^(제출 대기 — 본사 전송 전|제출됨)$/);

  // 6. Sync to HQ; HQ processes the S/O and assigns the service number; sync back.
  await page.getByRole('button', { name: '지금 동기화' }).click();
  await expect(page.getByTestId('sync-chip')).toContainText('본사와 같음', { timeout: 60_000 });
  await expect(page.getByTestId('wf-status')).toHaveText('제출됨');
  // HQ's side through its admin API (what `cli hq applications list` / `hq so-process` send; the
  // console walks it in console.spec), without two CLI process starts.
  const admin = new Admin(hq.url, hq.adminToken);
  const listed = (await admin.call('GET', ADMIN_PATHS.applications)).json as { id: string; status: string }[];
  expect(listed).toEqual([expect.objectContaining({ status: 'submitted' })]);
  const so = await admin.call('POST', ADMIN_PATHS.soProcess(listed[0]!.id), {});
  expect(so.status, JSON.stringify(so.json)).toBe(200);
  const { serviceNumber } = so.json as { serviceNumber: string };
  await page.getByRole('button', { name: '지금 동기화' }).click();
  await expect(page.getByTestId('wf-service-number')).toHaveText(serviceNumber, { timeout: 60_000 });
  await expect(page.getByTestId('wf-status')).toHaveText('S/O 처리');
  // The number HQ assigned after signing voids nothing the customer signed.
  await expect(page.getByTestId('wf-checklist').locator('li.missing')).toHaveCount(0);
  await screen(page, 'service-number');

  // 7. Provisioning steps.
  await move(page, /^개통 시작/);
  await page.getByLabel('회선 종류').selectOption('leased');
  await page.getByLabel('회선 설치일').fill('2026-12-07');
  await page.getByLabel('검수(오픈) 예정일').fill('2026-12-15');
  await expect(page.getByTestId('step-router-request')).toContainText('2026. 12. 3.');
  await screen(page, 'provisioning-plan');
  const steps = ['line-order', 'router-request', 'ip-assign', 'softphone-training', 'ars-recording', 'icis', 'final-test'];
  for (const key of steps) {
    await page.getByTestId(`step-${key}`).getByRole('checkbox').check();
    await expect(page.getByTestId(`step-${key}`).getByRole('checkbox')).toBeChecked();
  }
  await move(page, /^검수 요청/);

  // 8. Acceptance with #5, then open.
  await expect(page.getByTestId('wf-moves')).toContainText('#5');
  await tabs(page).getByRole('link', { name: '서류' }).click();
  await signArea(page, 'doc-5');
  await signArea(page, 'doc-5', seal);
  await tabs(page).getByRole('link', { name: '진행 관리' }).click();
  await move(page, /^서비스 오픈/);
  await expect(page.getByTestId('wf-status')).toHaveText('서비스 오픈');

  // 9. Settlement request, then billing requested.
  await page.getByLabel('요금관리국').fill('서울요금관리국');
  await page.getByRole('button', { name: '청구/정산 요청서 작성' }).click();
  await expect(page.getByTestId('wf-message')).toContainText('청구/정산 요청서를 작성했습니다');
  await move(page, /^청구 요청/);
  await expect(page.getByTestId('wf-status')).toHaveText('청구 요청');
  await screen(page, 'billing-requested');
  await tabs(page).getByRole('link', { name: '서류' }).click();
  await page.getByTestId('doc-settlement').getByRole('button', { name: '미리보기' }).click();
  await expect(page.getByTestId('preview-pages').locator('img').first()).toBeVisible();
  await screen(page, 'settlement-request');

  // 10. A change: ten more seats, #4 shows before and after.
  await tabs(page).getByRole('link', { name: '진행 관리' }).click();
  await page.getByRole('button', { name: '변경 신청 만들기' }).click();
  await expect(page.getByRole('heading', { name: '청약 수정' })).toBeVisible();
  await expect(page.getByRole('radio', { name: '변경' })).toBeChecked();
  await page.getByLabel('수량 1').fill('40');
  await page.getByRole('button', { name: '저장', exact: true }).click();
  await expect(page.getByTestId('form-banner')).toContainText('저장됨');
  await tabs(page).getByRole('link', { name: '견적' }).click();
  await expect(page.getByTestId('quote-totals')).toContainText('6,400,000원'); // 40 × 160,000
  await page.getByRole('button', { name: '견적 저장 (1차)' }).click();
  await tabs(page).getByRole('link', { name: '서류' }).click();
  await page.getByTestId('doc-4').getByRole('button', { name: '미리보기' }).click();
  await expect(page.getByTestId('preview-pages').locator('img').first()).toBeVisible();
  await screen(page, 'change-form4');

  // 11. A termination: #1 marked 해지, with the penalty from months used.
  await page.goto(`${host.url.replace(/#.*$/, '')}#/dashboard`);
  await screen(page, 'dashboard-busy');
  await page.getByRole('searchbox', { name: '고객사, 사업자번호, 서비스번호 검색' }).fill(serviceNumber);
  await page.getByRole('button', { name: '검색' }).click();
  await expect(page.getByTestId('search-applications').getByRole('listitem')).toHaveCount(2);
  await page.getByTestId('search-applications').getByRole('link').last().click();
  await expect(page.getByTestId('wf-status')).toHaveText('청구 요청');
  await page.getByRole('button', { name: '해지 신청 만들기' }).click();
  await expect(page.getByTestId('termination-penalty')).toContainText('해지 위약금 0원');
  await screen(page, 'termination');
});
