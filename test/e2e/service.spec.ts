import path from 'node:path';
import { test, expect, importApplication, openApplications } from './fixtures';
import { sampleApplication } from '../support/fixtures';

const shots = process.env.SALESDESK_SCREENSHOTS;

test('고객 응대: the rep records a complaint and a fault offline, sees their SLA clocks, is refused a bad outage and a resident registration number in the text with a clear message, is offered only the steps the log allows and the rep owns (no fault close), closes the complaint, and the dashboard lists what is due', async ({
  page,
  host,
}) => {
  await importApplication(host.dataDir, sampleApplication());
  await openApplications(page, host.url);
  await page.getByRole('link', { name: '(주)하나콜센터' }).click();
  await page.getByRole('navigation', { name: '청약 화면' }).getByRole('link', { name: '고객 응대' }).click();
  await expect(page.getByRole('heading', { name: '고객 응대 (민원·장애)' })).toBeVisible();
  await expect(page.getByText('접수된 민원·장애가 없습니다.')).toBeVisible();

  // A general complaint: 8 hours, clock running.
  const form = page.getByTestId('new-ticket');
  await form.getByLabel('접수자').fill('김영업');
  // A resident registration number has no place in a ticket's text: refused with what to do, nothing recorded.
  await form.getByLabel('내용').fill('고객 본인확인 850615-1234562, 대기 안내 멘트가 끊깁니다');
  await form.getByRole('button', { name: '접수 기록' }).click();
  await expect(form.getByRole('alert')).toContainText('내용에 주민등록번호로 보이는 숫자가 있습니다');
  await expect(page.getByTestId('ticket-complaint')).toHaveCount(0);
  await form.getByLabel('내용').fill('대기 안내 멘트가 끊깁니다');
  await form.getByRole('button', { name: '접수 기록' }).click();
  const complaint = page.getByTestId('ticket-complaint');
  await expect(complaint.getByTestId('sla-clock')).toContainText('처리 중');
  await expect(complaint.getByTestId('sla-clock')).toContainText(/7시간 5\d분 남음|8시간 0분 남음/);

  // A fault whose outage ends before it starts is refused, and nothing is recorded.
  await form.getByLabel('구분').selectOption('fault');
  await form.getByLabel('유형').selectOption('hardware');
  await form.getByLabel('내용').fill('교환기 전원 장애');
  await form.getByLabel('서비스 중단 시작 (한국 시각)').fill('2026-11-10T14:00');
  await form.getByLabel('서비스 중단 종료 (한국 시각)').fill('2026-11-10T09:00');
  await form.getByRole('button', { name: '접수 기록' }).click();
  await expect(form.getByRole('alert')).toContainText('장애 종료 시각은 시작 시각보다 늦어야 합니다');
  await expect(page.getByTestId('ticket-fault')).toHaveCount(0);
  await form.getByLabel('서비스 중단 종료 (한국 시각)').fill('2026-11-10T19:00');
  await form.getByRole('button', { name: '접수 기록' }).click();
  const fault = page.getByTestId('ticket-fault');
  await expect(fault).toContainText('서비스 중단 2026. 11. 10. 14:00 ~ 2026. 11. 10. 19:00');
  await expect(fault).toContainText('본사 배정 전');
  // The rep has no close button on a fault: HQ owns it.
  await expect(fault.getByRole('button', { name: '종결' })).toHaveCount(0);
  // Its 5-hour outage is an art. 10 credit for November, listed with the outage (the same figure the settlement request credits).
  const credit = page.getByTestId('credit-2026-11');
  await expect(credit).toContainText('합계 5시간 0분');
  await expect(credit).toContainText('감면 대상 (금액은 견적 저장 후 계산)');
  await expect(credit).toContainText('2026. 11. 10. 14:00 ~ 2026. 11. 10. 19:00');

  // Waiting for the customer pauses the complaint's clock.
  await complaint.getByRole('button', { name: '고객 대기' }).click();
  await expect(complaint.getByTestId('sla-clock')).toContainText('고객 대기로 멈춤');
  await expect(complaint.getByRole('button', { name: '고객 대기' })).toHaveCount(0);
  // Only the steps the log allows next are offered: no closing before resolving.
  await complaint.getByRole('button', { name: '처리 재개' }).click();
  await expect(complaint.getByTestId('sla-clock')).not.toContainText('멈춤');
  await expect(complaint.getByRole('button', { name: '종결' })).toHaveCount(0);
  await complaint.getByRole('button', { name: '해결' }).click();
  await complaint.getByLabel('고객 만족도').selectOption('satisfied');
  await complaint.getByRole('button', { name: '종결' }).click();
  await expect(complaint.getByTestId('sla-clock')).toContainText('기한 내 처리');
  await expect(complaint).toContainText('만족');
  if (shots) await page.screenshot({ path: path.join(shots, 'service-tab.png'), fullPage: true });

  // The dashboard lists the open fault with its clock, not the closed complaint.
  await page.getByRole('link', { name: '대시보드' }).click();
  const due = page.getByTestId('due-tickets');
  await expect(due.getByRole('listitem')).toHaveCount(1);
  await expect(due).toContainText('장애 · 하드웨어');
  await expect(due.getByTestId('sla-clock')).toContainText('남음');
  if (shots) await page.screenshot({ path: path.join(shots, 'service-dashboard.png'), fullPage: true });
});
