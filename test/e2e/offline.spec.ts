import { v7 as uuidv7 } from 'uuid';
import { test, expect, open, walkShot, withCore } from './fixtures';
import { startHq, type HqProcess } from '../integration/hq/harness';
import { Admin } from '../integration/hq/client';
import { sampleApplication } from '../support/fixtures';
import { signedSubscription } from '../support/records';
import { storeFile } from '../../electron/core/paths';
import { openSqlite } from '../../electron/core/store/db';
import { resolveStoreKey } from '../../electron/core/store/keys';
import { ADMIN_PATHS } from '../../shared/sync/protocol';
import { createApplication, expectIndicator } from '../chaos/rep';
import { hqDataDir } from '../support/hq-data';

/** What a rep sees about HQ, offline and on: one truthful state, what waits, what HQ refused. */
let hq: HqProcess;
test.beforeAll(async () => {
  hq = await startHq({ dataDir: hqDataDir('hq-offline-e2e-') });
});
test.afterAll(async () => hq.stop());

const shot = (page: import('@playwright/test').Page, name: string) => walkShot(page, `offline-${name}.png`);

const hqApplications = async (branch: string) =>
  (await new Admin(hq.url, hq.adminToken).call('GET', `${ADMIN_PATHS.applications}?branch=${encodeURIComponent(branch)}`)).json as { id: string; status: string }[];

async function enroll(page: import('@playwright/test').Page, branch: string) {
  await page.getByTestId('sync-chip').click();
  await page.getByLabel('본사 서버 주소').fill(hq.url);
  await page.getByLabel('등록 코드').fill(await new Admin(hq.url, hq.adminToken).enrollCode(branch, '김영업'));
  await page.getByRole('button', { name: '등록하고 동기화' }).click();
  await expect(page.getByTestId('sync-state')).toContainText(`${branch} · 김영업`);
}

test('submitted on a device never enrolled reads "제출 대기 — 본사 미등록" and the sync page says nothing has gone anywhere; enrolled and synced, it reads 제출됨', async ({ page, host }) => {
  test.setTimeout(360_000);
  // Quoted, signed and 서명 완료 through the core (the journey and the chaos test walk those
  // screens); the rep submits here, on a device that never met HQ.
  const id = await withCore(host.dataDir, async (core) => {
    const { app } = await signedSubscription(core, { customer: { ...sampleApplication().customer, name: '(주)미등록상사', businessNumber: '102-81-42945' } });
    return app.id;
  });

  await page.goto(host.url);
  await expectIndicator(page, 'not_enrolled', '본사 미등록 — 이 기기에만 저장');
  await open(page, host.url, `/applications/${id}/workflow`);
  const before = await page.getByTestId('wf-status').innerText();
  await page
    .getByTestId('wf-moves')
    .getByRole('button', { name: /^본사 제출/ })
    .click();
  await expect(page.getByTestId('wf-status')).not.toHaveText(before);
  await expect(page.getByTestId('wf-status')).toHaveText('제출 대기 — 본사 미등록');
  await expect(page.getByTestId('wf-message')).toContainText('아직 아무것도 본사로 가지 않았습니다');
  await shot(page, 'submitted-not-enrolled');

  // The list and the dashboard say the same; the sync page lists what waits, in words.
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '고객·청약' }).click();
  await expect(page.getByTestId('record-status')).toHaveText('제출 대기 — 본사 미등록');
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '대시보드' }).click();
  await expect(page.getByTestId('recent')).toContainText('제출 대기 — 본사 미등록');
  await expect(page.getByTestId('card-sync')).toContainText('본사 미등록');
  await page.getByTestId('sync-chip').click();
  await expect(page.getByTestId('waiting')).toContainText('아직 어디에도 보내지 않았습니다');
  const waiting = page.getByTestId('waiting-list');
  await expect(waiting).toContainText('(주)미등록상사 · 청약 (신규)');
  await expect(waiting).toContainText('(주)미등록상사 · 견적 1차');
  await expect(waiting).toContainText('서명 — 서류 #1');
  await expect(page.getByTestId('sync-chip')).not.toContainText('연결되면 자동으로 보냅니다');
  await shot(page, 'waiting-not-enrolled');

  await enroll(page, '미등록지사');
  await expectIndicator(page, 'in_step', '본사와 같음');
  await expect(page.getByTestId('waiting')).toContainText('보낼 변경이 없습니다');
  expect(await hqApplications('미등록지사')).toEqual([expect.objectContaining({ id, status: 'submitted' })]);
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '고객·청약' }).click();
  await expect(page.getByTestId('record-status')).toHaveText('제출됨');
});

test('an enrolled device: without a network the indicator says offline with what waits; back online it is in step again', async ({ page, context, host }) => {
  await page.goto(host.url);
  await enroll(page, '네트워크지사');
  await expectIndicator(page, 'in_step', '본사와 같음');
  await context.setOffline(true);
  await expectIndicator(page, 'offline', '오프라인 — 네트워크 없음');
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '대시보드' }).click();
  await expect(page.getByTestId('card-sync')).toHaveAttribute('data-state', 'offline');
  await context.setOffline(false);
  await expectIndicator(page, 'in_step', '본사와 같음');
});

test("a change HQ refused is listed with HQ's reason and what it was, in words; the rest never waited for it; sent again, it reaches HQ", async ({ page, host }) => {
  await page.goto(host.url);
  await enroll(page, '거절지사');
  const first = await createApplication(page, { name: '(주)거절상사', businessNumber: '100-00-00014' });
  await page.getByRole('button', { name: '지금 동기화' }).first().click();
  await expectIndicator(page, 'in_step');
  // A change made while the device's clock had gone wrong: HQ cannot read its time and refuses it.
  const db = openSqlite(storeFile(host.dataDir), resolveStoreKey(host.dataDir).bytes);
  db.function('uuid7', { deterministic: false }, () => uuidv7());
  db.prepare(
    "INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state) VALUES (uuid7(), 'application', ?, 'upsert', '{\"term\":\"12m\"}', 1, 'yesterday', 'queued')",
  ).run(first);
  db.close();
  const second = await createApplication(page, { name: '(주)멀쩡상사', businessNumber: '100-00-00028' });
  await page.getByRole('button', { name: '지금 동기화' }).first().click();
  await expectIndicator(page, 'refused', '본사 거절 1건');
  // A background sync may already have met the refusal before the second application existed, so
  // the indicator alone does not say the second one went up: wait until HQ has it.
  await expect.poll(async () => (await hqApplications('거절지사')).map((a) => a.id).sort()).toEqual([first, second].sort());
  await expectIndicator(page, 'refused', '본사 거절 1건');

  await page.getByTestId('sync-chip').click();
  const item = page.getByTestId('refused-item');
  await expect(item).toContainText('(주)거절상사 · 청약 (신규) — 약정기간 바꿈');
  await expect(item).toContainText('본사 사유');
  await expect(item).toContainText('시각');
  await shot(page, 'refused');
  await item.getByRole('button', { name: '다시 보내기' }).click();
  await expect(page.getByTestId('refused-message')).toContainText('1건을 다시 보냅니다');
  await expectIndicator(page, 'in_step', '본사와 같음');
  await expect(page.getByTestId('refused-item')).toHaveCount(0);
});
