import { test, expect, open, withCore, screenshot } from './fixtures';
import { sampleApplication } from '../support/fixtures';
import { asPulled, hqSets, signedSubscription } from '../support/records';

/**
 * Records that stay true (issue 11, items 1–5b), through the screens: the web host on a store,
 * Debian Chromium at the size a rep's laptop has. The store is prepared through the core's own
 * contract in this process (the host keeps serving it), and HQ's part as a pull would write it.
 */
test.use({ viewport: { width: 1366, height: 768 } });
// Each test prepares a store through the core and drives several screens: generous on a busy machine.
test.describe.configure({ timeout: 360_000 });

test('1 — a signed and submitted application cannot be re-priced or edited: the screens are read-only, say why, and offer the 변경 신청 (form #4), which opens pre-filled', async ({ page, host }) => {
  const seeded = await withCore(host.dataDir, async (core) => {
    const { app, quoteId } = await signedSubscription(core);
    await core.invoke('workflow.transition', { applicationId: app.id, event: 'submit' });
    hqSets(core, app.id, 'so_processed', 'J00001587');
    await core.invoke('workflow.transition', { applicationId: app.id, event: 'start_provisioning' });
    return { id: app.id, quoteId };
  });

  await open(page, host.url, `/quotes/${seeded.quoteId}`);
  const notice = page.getByTestId('frozen-notice');
  await expect(notice).toContainText("'개통 진행' 상태의 청약은 견적을 바꿀 수 없습니다");
  await expect(notice).toContainText('변경 신청(양식 #4)');
  await expect(page.getByLabel('수량 1')).toBeDisabled();
  await expect(page.getByRole('button', { name: /견적 저장/ })).toHaveCount(0);
  await screenshot(page, '1-after-repriced-after-submission.png');

  await page.getByRole('navigation', { name: '청약 화면' }).getByRole('link', { name: '청약 정보' }).click();
  await expect(page.getByTestId('frozen-notice')).toContainText('내용을 고칠 수 없습니다');
  await expect(page.getByLabel('법인명(상호)')).toBeDisabled();
  await expect(page.getByRole('button', { name: '저장', exact: true })).toHaveCount(0);

  // The way out: a change application made from this one, open for editing.
  await page.getByTestId('offer-change').click();
  await expect(page).toHaveURL(/#\/applications\/(?!.*workflow)/);
  await expect(page.getByTestId('frozen-notice')).toHaveCount(0);
  await expect(page.getByRole('radio', { name: '변경' })).toBeChecked();
  await expect(page.getByLabel('서비스번호')).toHaveValue('J00001587');
  await expect(page.getByLabel('수량 1')).toHaveValue('35');
  await expect(page.getByLabel('수량 1')).toBeEnabled();
  expect(page.url()).not.toContain(seeded.id);
});

test('1 — before submission, re-pricing a signed application asks first and names each signature it voids; cancelled, nothing changes; confirmed, it saves and the application goes back to 견적 완료', async ({
  page,
  host,
}) => {
  const seeded = await withCore(host.dataDir, async (core) => {
    const { app, quoteId } = await signedSubscription(core);
    return { id: app.id, quoteId };
  });
  await open(page, host.url, `/quotes/${seeded.quoteId}`);
  await page.getByLabel('수량 1').fill('40');
  await page.getByRole('button', { name: '견적 저장 (2차)' }).click();
  const dialog = page.getByRole('dialog', { name: '서명 4건이 무효가 됩니다' });
  await expect(dialog.getByTestId('void-list').getByRole('listitem')).toHaveCount(4);
  await expect(dialog).toContainText('양식 #1 신청서 — 신청인');
  await expect(dialog).toContainText('견적서 — 고객 확인 (날인 홍길동');
  await expect(dialog).toContainText("청약은 '견적 완료' 상태로 돌아가 서명을 다시 받아야 합니다.");
  await screenshot(page, '1-after-voiding-confirm.png');

  await dialog.getByRole('button', { name: '취소' }).click();
  await expect(page.getByTestId('quote-versions').getByRole('listitem')).toHaveCount(1);

  await page.getByRole('button', { name: '견적 저장 (2차)' }).click();
  await dialog.getByRole('button', { name: '무효로 하고 저장' }).click();
  await expect(page.getByTestId('quote-message')).toContainText('2차 견적을 저장했습니다');
  await page.getByRole('navigation', { name: '청약 화면' }).getByRole('link', { name: '진행 관리' }).click();
  await expect(page.getByTestId('wf-status')).toHaveText('견적 완료');
  await page.getByRole('navigation', { name: '청약 화면' }).getByRole('link', { name: '서류' }).click();
  await expect(page.getByTestId('doc-quote')).toContainText('무효 1건');
  await expect(page.getByTestId('doc-2')).toContainText('서명 완료');
});

test('3 — after HQ approved the quote, the quote screen and its history both say 본사 승인됨; an unsaved edit says what saving it needs', async ({ page, host }) => {
  const quoteId = await withCore(host.dataDir, async (core) => {
    const app = await core.invoke('applications.create', sampleApplication({ items: [{ code: 'asp-basic', quantity: 8 }] }));
    const quote = await core.invoke('quotes.save', { applicationId: app.id, term: '36m', items: [{ code: 'asp-basic', quantity: 8 }] });
    // HQ's approval, as a pull writes it.
    asPulled(core, () => {
      core.store.sqlite.prepare("UPDATE quote_versions SET approval_status = 'approved', approval_decided_at = '2026-12-01T01:00:00.000Z' WHERE quote_id = ?").run(quote.quoteId);
    });
    return quote.quoteId;
  });
  await open(page, host.url, `/quotes/${quoteId}`);
  await expect(page.getByTestId('approval-state')).toContainText('본사 승인됨');
  await expect(page.getByTestId('approval-state')).toContainText('2026. 12. 1.');
  await expect(page.getByTestId('approval-state')).not.toContainText('대기');
  await expect(page.getByTestId('quote-versions')).toContainText('본사 승인됨');
  await page.getByLabel('수량 1').fill('9');
  await expect(page.getByTestId('approval-state')).toContainText('저장하면 본사 승인 필요');
});

test('5b — a known business number under another name asks the rep: a mistake keeps the registered name; a rename takes the new one, recorded, while the signed application keeps its papers', async ({
  page,
  host,
}) => {
  const signedId = await withCore(host.dataDir, async (core) => {
    const { app } = await signedSubscription(core);
    await core.invoke('workflow.transition', { applicationId: app.id, event: 'submit' });
    return app.id;
  });
  const newApplication = async (name: string) => {
    await open(page, host.url, '/applications/new');
    await page.getByLabel('법인명(상호)').fill(name);
    await page.getByLabel('사업자등록번호').fill('1028142945');
    await page.getByLabel('대표자명').fill('홍길동');
    await page.getByLabel('주소').first().fill('서울특별시 종로구 세종대로 178');
    await page.getByLabel('전화번호', { exact: true }).first().fill('0212345678');
    await page.getByLabel('소속').fill('강북법인지사 기업영업1팀');
    await page.getByLabel('성명').fill('김영업');
    await page.getByLabel('연락처').fill('01011112222');
    await page.getByRole('button', { name: '저장', exact: true }).click();
  };

  await newApplication('(주)하나콜쎈타');
  const dialog = page.getByRole('dialog', { name: '이미 등록된 사업자등록번호입니다' });
  await expect(dialog).toContainText("'(주)하나콜센터'(으)로 등록되어 있습니다");
  await page.screenshot({ path: 'test-results/screens/records-name-question.png' });
  await dialog.getByRole('button', { name: /잘못 입력했습니다/ }).click();
  await expect(page.getByTestId('form-banner')).toContainText('저장');
  await expect(page.getByLabel('법인명(상호)')).toHaveValue('(주)하나콜센터');

  await newApplication('(주)새이름콜');
  await dialog.getByRole('button', { name: /상호가 바뀌었습니다/ }).click();
  await expect(page.getByLabel('법인명(상호)')).toHaveValue('(주)새이름콜');

  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '고객·청약' }).click();
  const list = page.getByRole('table');
  // The new application, and the draft saved a moment ago (nothing signed on it), carry the new name…
  await expect(list.getByRole('link', { name: '(주)새이름콜' })).toHaveCount(2);
  // …the submitted one keeps the name it was signed under.
  await expect(list.getByRole('link', { name: '(주)하나콜센터' })).toHaveCount(1);
  // The submitted application keeps the name it was signed under, on screen and on paper.
  await open(page, host.url, `/applications/${signedId}`);
  await expect(page.getByLabel('법인명(상호)')).toHaveValue('(주)하나콜센터');
  await withCore(host.dataDir, async (core) => {
    const form1 = (await core.invoke('documents.status', { applicationId: signedId })).documents.find((d) => d.form === '1')!;
    expect(form1.complete).toBe(true);
    const customer = await core.invoke('customers.get', { id: (await core.invoke('applications.get', { id: signedId })).customerId });
    expect(customer.nameHistory).toEqual([expect.objectContaining({ name: '(주)하나콜센터', to: '(주)새이름콜' })]);
  });
});

test('4 — the documents screen says the supplier block and the #6 contacts are not published yet, and asks before printing or saving them', async ({ page, host }) => {
  const id = await withCore(host.dataDir, async (core) => {
    const app = await core.invoke('applications.create', sampleApplication());
    await core.invoke('quotes.save', { applicationId: app.id, term: '36m', items: [{ code: 'asp-basic', quantity: 12 }] });
    return app.id;
  });
  await open(page, host.url, `/applications/${id}/documents`);
  await expect(page.getByTestId('doc-quote').getByTestId('notice-supplier_unset')).toContainText('공급자 정보 미설정');
  await expect(page.getByTestId('doc-6').getByTestId('notice-contacts_unset')).toContainText('(담당자 미지정)');
  await expect(page.getByTestId('doc-1').getByRole('note')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screens/records-documents-notices.png', fullPage: true });

  await page.getByTestId('doc-6').getByRole('button', { name: 'PDF' }).click();
  const warning = page.getByRole('dialog', { name: '인쇄하기 전에 확인하세요' });
  await expect(warning).toContainText('담당자 연락처 미설정');
  await warning.getByRole('button', { name: '취소' }).click();
  await expect(warning).toBeHidden();

  await page.getByTestId('doc-6').getByRole('button', { name: 'PDF' }).click();
  const download = page.waitForEvent('download');
  await warning.getByRole('button', { name: '그래도 인쇄·저장' }).click();
  expect((await download).suggestedFilename()).toMatch(/_담당자연락처_\d{4}-\d{2}-\d{2}\.pdf$/);
  // A form that prints nothing unpublished saves at once.
  const direct = page.waitForEvent('download');
  await page.getByTestId('doc-1').getByRole('button', { name: 'PDF' }).click();
  expect((await direct).suggestedFilename()).toMatch(/_신청서_\d{4}-\d{2}-\d{2}\.pdf$/);
});

test('5 — the term comparison names the basis of every column, and a negotiated price gives each term its own total with a saving equal to the penalty basis', async ({ page, host }) => {
  const id = await withCore(host.dataDir, async (core) => (await core.invoke('applications.create', sampleApplication({ items: [{ code: 'asp-basic', quantity: 35 }] }))).id);
  await open(page, host.url, `/quotes/new?application=${id}`);
  const table = page.getByTestId('term-comparison');
  for (const header of ['월 이용료 (공급가액)', '월 이용료 (VAT 포함)', '약정기간 총액 (VAT 포함)', '무약정 대비 월 절감 (공급가액)', '월 위약금 기준액 (공급가액)']) {
    await expect(table.getByRole('columnheader', { name: header })).toBeVisible();
  }
  await page.getByLabel('단가 1').fill('150000');
  await expect(page.getByTestId('comparison-note')).toContainText('36개월 기준');
  const row = (term: string) => table.getByRole('row').filter({ has: page.getByRole('button', { name: term, exact: true }) });
  // 30–49 seats: list 220,000 without commitment, 160,000 on 36 months; the deal is 10,000 below list.
  await expect(row('무약정').getByRole('cell').nth(1)).toHaveText('7,350,000원');
  await expect(row('36개월').getByRole('cell').nth(1)).toHaveText('5,250,000원');
  await expect(row('36개월').getByRole('cell').nth(4)).toHaveText('2,100,000원');
  await expect(row('36개월').getByRole('cell').nth(5)).toHaveText('2,100,000원');
  await page.getByTestId('term-comparison').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/records-term-comparison.png' });
});
