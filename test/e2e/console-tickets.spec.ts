import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures';
import { consoleAccounts } from './console-accounts';
import { startHq, type HqProcess } from '../integration/hq/harness';
import { Admin, applicationFields, customerFields, newId } from '../integration/hq/client';
import { hqDataDir } from '../support/hq-data';

/**
 * The console's 고객 응대 board (issue 16): a real HQ process, tickets pushed by a device over the
 * sync protocol, Chromium. The board orders open tickets by due time with their SLA clocks; the
 * order desk assigns, records a step and closes; the figures chart the month against the targets;
 * every action is in the audit log.
 */
let hq: HqProcess;
let hqDir: string;
test.beforeAll(async () => {
  hqDir = hqDataDir('hq-tickets-e2e-');
  hq = await startHq({ dataDir: hqDir });
});
test.afterAll(async () => {
  await (hq as HqProcess | undefined)?.stop();
});

const SHOTS = process.env.SALESDESK_SCREENSHOTS === 'docs' ? 'docs/screens' : 'test-results/screens';

const { usersAdd, consoleSignIn } = consoleAccounts(() => ({ dataDir: hqDir, url: hq.url }));

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

test("고객 응대 board: open tickets by due time with SLA clocks; the order desk assigns, records a step and closes a fault and a complaint; the month's figures chart against the targets; each action is audited", async ({
  browser,
}) => {
  // Three people and a device on a real HQ: a long journey (the timeout is a safety net, not a measure).
  test.setTimeout(600_000);
  // A device of 강북지사 pushes a subscription with a complaint and a fault, as the app's outbox does.
  const admin = new Admin(hq.url, hq.adminToken);
  const device = await admin.enroll('강북지사', '김영업', 'rep-tablet');
  const customerId = newId();
  const applicationId = newId();
  const complaintId = newId();
  const faultId = newId();
  const ticket = (id: string, kind: string, category: string, description: string, openedAt: string) =>
    device.mutation('ticket', id, { applicationId, kind, category, channel: 'phone', description, receivedBy: '김영업', openedAt, outageStart: null, outageEnd: null, createdAt: openedAt });
  const received = (ticketId: string, at: string) =>
    device.mutation('ticket_event', newId(), { ticketId, type: 'received', at, note: null, by: '김영업', satisfaction: null, justified: null, createdAt: at });
  // 'received' is at the ticket's openedAt exactly (HQ refuses it otherwise): one instant each.
  const complaintAt = ago(60);
  const faultAt = ago(30);
  const pushed = await device.push([
    device.mutation('customer', customerId, customerFields(7)),
    device.mutation('application', applicationId, applicationFields(customerId)),
    ticket(complaintId, 'complaint', 'complex', '상담 녹취가 저장되지 않습니다', complaintAt),
    received(complaintId, complaintAt),
    ticket(faultId, 'fault', 'software', 'ARS 시나리오가 멈춥니다', faultAt),
    received(faultId, faultAt),
  ]);
  expect(
    pushed.results.map((r) => r.status),
    JSON.stringify(pushed.results.filter((r) => r.status !== 'applied')),
  ).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied']);

  const page = await consoleSignIn(browser, await usersAdd('desk', '주문 담당', 'order_desk'));
  await page.getByRole('link', { name: '고객 응대' }).click();
  const table = page.getByTestId('tickets-table');
  // By due time: the software fault (4 h) comes before the complex complaint (48 h), though it came later.
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table.locator('tbody tr').nth(0)).toContainText('장애 · 소프트웨어');
  await expect(table.locator('tbody tr').nth(0)).toContainText(/처리 중 · 3시간 (2|3)\d분 남음/);
  await expect(table.locator('tbody tr').nth(1)).toContainText('민원(VOC) · 복합');
  await expect(table.locator('tbody tr').nth(1)).toContainText('테스트상사 7');

  // Assign the fault, record a note, close it.
  await table.locator('tbody tr').nth(0).getByRole('button', { name: '처리' }).click();
  const panel = page.getByTestId('ticket-panel');
  await panel.getByLabel('담당자').fill('박기술');
  await panel.getByRole('button', { name: '배정' }).click();
  await expect(panel.getByText('박기술에게 배정했습니다')).toBeVisible();
  await expect(table.locator('tbody tr').nth(0)).toContainText('박기술');
  await panel.getByLabel('처리 단계').selectOption('note');
  await panel.getByLabel('메모').fill('교환기 로그 확인 중');
  await panel.getByRole('button', { name: '기록' }).click();
  await expect(panel.getByTestId('ticket-events')).toContainText('교환기 로그 확인 중');
  await fs.promises.mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, 'console-tickets-board.png'), fullPage: true });
  await panel.getByRole('button', { name: '종결' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(1);

  // The complaint needs the customer's answer to close; the board then has nothing open.
  await table.locator('tbody tr').nth(0).getByRole('button', { name: '처리' }).click();
  await panel.getByLabel('고객 만족도').selectOption('dissatisfied');
  await panel.getByLabel('귀책 민원').check();
  await panel.getByRole('button', { name: '종결' }).click();
  await expect(page.getByText('처리 중인 민원·장애가 없습니다.')).toBeVisible();

  // This month's figures: both met in time, the one answer dissatisfied (0%, under the 95% target), one justified complaint.
  const figures = page.getByTestId('service-figures');
  await expect(figures.getByTestId('figure-current').nth(0)).toHaveText('100% (2/2)');
  await expect(figures.getByTestId('figure-current').nth(1)).toHaveText('0% (0/1)');
  await expect(figures.getByTestId('figure-current').nth(2)).toHaveText('—');
  await expect(figures.locator('svg rect.bar-bad')).toHaveCount(1);
  await page.getByRole('tab', { name: '전체' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await page.screenshot({ path: path.join(SHOTS, 'console-tickets-figures.png'), fullPage: true });

  // Every action is in the audit log, attributed to the person.
  const auditor = await consoleSignIn(browser, await usersAdd('boss', '관리자', 'admin'));
  await auditor.getByRole('link', { name: '감사 기록' }).click();
  await auditor.getByLabel('무엇 (동작)').fill('ticket.');
  for (const action of ['ticket.assign', 'ticket.event', 'ticket.close']) await expect(auditor.getByRole('cell', { name: action }).first()).toBeVisible();

  // The administrator publishes new service targets from a file; the board and figures use them at once.
  await auditor.getByRole('link', { name: '고객 응대' }).click();
  const targets = auditor.getByTestId('service-targets');
  await expect(targets.getByTestId('service-targets-source')).toHaveText('기본값 (본사가 아직 게시하지 않음)');
  await expect(targets).toContainText('단순 1시간 · 일반 8시간 · 복합 48시간');
  const file = {
    complaint: { simple: 30, general: 240, complex: 1440 },
    fault: { software: 120, hardware: 720 },
    calendar: { weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '18:00', holidays: ['2026-12-25'] },
    satisfactionAbovePercent: 97,
    justifiedPer10000Below: 2,
  };
  await targets.getByLabel('서비스 목표 파일 (JSON)').setInputFiles({ name: 'targets.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await targets.getByRole('button', { name: '서비스 목표 게시' }).click();
  await expect(targets.getByText('게시했습니다 (버전 1).')).toBeVisible();
  await expect(targets.getByTestId('service-targets-source')).toContainText('본사 게시 v1');
  await expect(targets).toContainText('단순 30분 · 일반 4시간 · 복합 24시간');
  await expect(targets).toContainText('업무 시간만: 월·화·수·목·금 09:00~18:00, 휴일 1일 제외');
  await expect(auditor.getByTestId('service-figures')).toContainText('목표 97% 초과');
  await targets.screenshot({ path: path.join(SHOTS, 'console-service-targets.png') });
});
