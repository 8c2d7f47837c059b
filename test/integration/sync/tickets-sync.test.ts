import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openCore, type Core } from '../../../electron/core/core';
import { boardTicketSchema, figuresResponseSchema, TICKET_ADMIN_PATHS } from '../../../shared/service/protocol';
import { startHq, type HqProcess } from '../hq/harness';
import { Admin, newId } from '../hq/client';
import { sampleApplication, tempDir } from '../../support/fixtures';
import { runCliProcess } from '../../support/processes';
import { hqDataDir } from '../../support/hq-data';
import { runCli } from '../../../electron/hosts/cli';

/**
 * Complaints and faults sync both ways with clear ownership (issue 16): the rep records them
 * offline, they reach HQ with the outbox, HQ assigns and closes them, and the device shows HQ's
 * steps after its next pull. A real HQ process (PGlite), a real core on a real SQLite file, the
 * real `cli hq`.
 */
let hq: HqProcess;
let admin: Admin;
let core: Core;
const hqCli = (args: string[], input = '') => runCliProcess(['hq', ...args, '--server', hq.url, '--admin-token', hq.adminToken], input);
const board = z.array(boardTicketSchema);
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

beforeAll(async () => {
  hq = await startHq({ dataDir: hqDataDir('hq-tickets-') });
  admin = new Admin(hq.url, hq.adminToken);
  core = openCore({ dataDir: tempDir('device-tickets-'), host: 'test', validateOutput: true });
  await core.ctx.sync.engine.enroll(hq.url, await admin.enrollCode('강북지사', '김영업'), 'tickets-device');
});
afterAll(async () => {
  (core as Core | undefined)?.close();
  await (hq as HqProcess | undefined)?.stop();
});

describe('tickets between the device and HQ', () => {
  it('a complaint and a fault recorded offline sync to HQ, are assigned and closed at HQ, and the device shows it', async () => {
    const app = await core.invoke('applications.create', sampleApplication());
    const complaint = await core.invoke('tickets.create', {
      applicationId: app.id,
      kind: 'complaint',
      category: 'general',
      channel: 'phone',
      description: '통화 연결음이 바뀌지 않음',
      receivedBy: '김영업',
      openedAt: minutesAgo(120),
    });
    const fault = await core.invoke('tickets.create', {
      applicationId: app.id,
      kind: 'fault',
      category: 'software',
      channel: 'phone',
      description: 'ARS가 멈춤',
      receivedBy: '김영업',
      openedAt: minutesAgo(90),
      outage: { start: minutesAgo(90), end: minutesAgo(30) },
    });
    await core.invoke('tickets.event', { ticketId: complaint.id, type: 'waiting', note: '고객 회신 기다림', at: minutesAgo(60) });
    await core.invoke('tickets.event', { ticketId: fault.id, type: 'note', note: '교환기 재시작 요청함' });
    // Nothing has reached HQ yet: it all waits in the outbox.
    const queued = core.store.sqlite.prepare("SELECT entity, count(*) AS n FROM outbox WHERE state = 'queued' AND entity LIKE 'ticket%' GROUP BY entity ORDER BY entity").all();
    expect(queued).toEqual([
      { entity: 'ticket', n: 2 },
      { entity: 'ticket_event', n: 4 },
    ]);

    const first = await core.ctx.sync.engine.sync();
    expect(first.rejected).toBe(0);
    const atHq = await admin.ok(board, 'GET', TICKET_ADMIN_PATHS.tickets);
    // Ordered by due time: the software fault (4 h from 90 minutes ago) before the general complaint (8 h, paused).
    expect(atHq.map((t) => t.id)).toEqual([fault.id, complaint.id]);
    expect(atHq[1]).toMatchObject({ branch: '강북지사', customerName: sampleApplication().customer.name, clock: { phase: 'waiting', paused: true, state: 'open' } });
    expect(atHq[0]!.events.map((e) => e.type)).toEqual(['received', 'note']);
    expect(atHq[0]!.outage).not.toBeNull();

    // HQ assigns both (the CLI) and closes them: the fault by HQ's right, the complaint with the customer's answer.
    for (const t of [fault, complaint]) {
      const r = hqCli(['tickets', 'assign', t.id, '--assignee', '박기술', '--note', '현장 확인']);
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ id: t.id, assignee: '박기술' });
    }
    const closedFault = hqCli(['tickets', 'close', fault.id, '--note', '교환기 패치 적용']);
    expect(closedFault.status, closedFault.stderr).toBe(0);
    expect(JSON.parse(closedFault.stdout)).toMatchObject({ clock: { phase: 'closed', state: 'met' } });
    const noAnswer = hqCli(['tickets', 'close', complaint.id]);
    expect(noAnswer.status).toBe(1);
    expect(noAnswer.stderr).toMatch(/만족도/);
    const closedComplaint = hqCli(['tickets', 'close', complaint.id, '--satisfaction', 'satisfied', '--justified', 'true']);
    expect(closedComplaint.status, closedComplaint.stderr).toBe(0);
    expect(await admin.ok(board, 'GET', TICKET_ADMIN_PATHS.tickets)).toEqual([]);

    await core.ctx.sync.engine.sync();
    const onDevice = await core.invoke('tickets.list', { applicationId: app.id });
    const f = onDevice.find((t) => t.id === fault.id)!;
    const c = onDevice.find((t) => t.id === complaint.id)!;
    expect(f).toMatchObject({ assignee: '박기술', clock: { phase: 'closed', state: 'met' } });
    expect(f.events.map((e) => e.type)).toEqual(['received', 'note', 'assigned', 'resolved', 'closed']);
    expect(f.events.find((e) => e.type === 'closed')!.note).toBe('교환기 패치 적용');
    expect(c).toMatchObject({ assignee: '박기술', satisfaction: 'satisfied', justified: true, clock: { phase: 'closed' } });
    // The waiting step recorded offline was resumed by nobody: HQ's resolution ended the wait, the clock says met.
    expect(c.events.map((e) => e.type)).toEqual(['received', 'waiting', 'assigned', 'resolved', 'closed']);
    expect(c.events.every((e) => e.refused === null)).toBe(true);
    // The append-only log: a pulled event is as untouchable as a local one.
    expect(() => core.store.sqlite.prepare("UPDATE ticket_events SET note = 'x' WHERE ticket_id = ?").run(fault.id)).toThrow(/append-only/);

    // HQ's monthly figures count both: met in time, one satisfied answer, one justified complaint.
    const figures = await admin.ok(figuresResponseSchema, 'GET', TICKET_ADMIN_PATHS.figures);
    const month = figures.months.at(-1)!;
    expect(month.slaMet).toEqual({ count: 2, of: 2, percent: 100 });
    expect(month.satisfaction).toEqual({ count: 1, of: 1, percent: 100 });
    expect(month.justified.count).toBe(1);
  }, 420_000);

  it("HQ refuses a step the device may not record (a fault's closing, an event out of order) with its reason; the device shows it refused and does not count it", async () => {
    const app = await core.invoke('applications.create', sampleApplication());
    const fault = await core.invoke('tickets.create', {
      applicationId: app.id,
      kind: 'fault',
      category: 'hardware',
      channel: 'visit',
      description: '전화기 고장',
      receivedBy: '김영업',
      openedAt: minutesAgo(30),
    });
    await core.ctx.sync.engine.sync();
    // An older app (or a hand-made store) records HQ's step itself: the rows go out through the outbox like any other.
    const insert = core.store.sqlite.prepare("INSERT INTO ticket_events (id, ticket_id, seq, type, at, note, by, created_at) VALUES (?, ?, ?, ?, ?, NULL, '김영업', ?)");
    const resolvedId = newId();
    insert.run(resolvedId, fault.id, 1, 'resolved', minutesAgo(10), new Date().toISOString());
    const summary = await core.ctx.sync.engine.sync();
    expect(summary.rejected).toBe(1);
    const refusedRow = core.store.sqlite.prepare("SELECT state, error FROM outbox WHERE entity = 'ticket_event' AND entity_id = ?").get(resolvedId) as { state: string; error: string };
    expect(refusedRow.state).toBe('rejected');
    expect(refusedRow.error).toMatch(/본사\(컨설팅지원담당\)가 기록합니다/);
    const shown = (await core.invoke('tickets.list', { applicationId: app.id }))[0]!;
    expect(shown.events.find((e) => e.id === resolvedId)!.refused).toMatch(/본사/);
    expect(shown.clock.phase).toBe('running');
    const atHq = (await admin.ok(z.array(boardTicketSchema), 'GET', `${TICKET_ADMIN_PATHS.tickets}?state=all`)).find((t) => t.id === fault.id)!;
    expect(atHq.events.map((e) => e.type)).toEqual(['received']);

    // A device's event that does not fit HQ's log (HQ closed the complaint meanwhile) is refused too.
    const complaint = await core.invoke('tickets.create', {
      applicationId: app.id,
      kind: 'complaint',
      category: 'simple',
      channel: 'phone',
      description: '요금 문의',
      receivedBy: '김영업',
      openedAt: minutesAgo(20),
    });
    await core.ctx.sync.engine.sync();
    expect((await admin.call('POST', TICKET_ADMIN_PATHS.close(complaint.id), { satisfaction: 'no-answer' })).status).toBe(200);
    await core.invoke('tickets.event', { ticketId: complaint.id, type: 'waiting' });
    const again = await core.ctx.sync.engine.sync();
    expect(again.rejected).toBe(1);
    const after = (await core.invoke('tickets.list', { applicationId: app.id })).find((t) => t.id === complaint.id)!;
    expect(after.clock.phase).toBe('closed');
    expect(after.events.find((e) => e.type === 'waiting')!.refused).toMatch(/맞지 않아 받지 않았습니다/);

    // A hand-made push of an HQ-owned step or a foreign field never lands either.
    const device = await admin.enroll('강북지사', '김영업', 'hand-made');
    const pushed = await device.push([device.mutation('ticket_event', newId(), { ticketId: fault.id, type: 'assigned', at: new Date().toISOString(), note: '나', by: '김영업' })]);
    expect(pushed).toMatchObject({ results: [{ status: 'rejected', error: { code: 'NOT_ALLOWED', details: { reason: 'hq_owned' } } }] });
    const wrongCategory = await device.push([
      device.mutation('ticket', newId(), {
        applicationId: app.id,
        kind: 'fault',
        category: 'complex',
        channel: 'phone',
        description: '잘못된 유형',
        receivedBy: '김영업',
        openedAt: new Date().toISOString(),
      }),
    ]);
    expect(wrongCategory.results[0]).toMatchObject({ status: 'rejected', error: { code: 'INVALID_INPUT' } });
    expect(wrongCategory.results[0]!.error!.message).toMatch(/장애 유형 'complex'/);
  }, 420_000);

  it('HQ publishes the service targets: a bad one is refused in Korean, the board uses the new deadline at once and the device from its next pull', async () => {
    const view = z.object({ targets: z.object({ version: z.number(), complaint: z.object({ general: z.number() }) }), publishedAt: z.string().nullable() });
    const shipped = await admin.ok(view, 'GET', TICKET_ADMIN_PATHS.targets);
    // Another test of this file may have published first; a fresh HQ ships the defaults.
    const general = shipped.targets.complaint.general;

    const app = await core.invoke('applications.create', sampleApplication());
    const openedAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 30 * 60_000).toISOString(); // whole minutes, as tickets keep them
    const ticket = await core.invoke('tickets.create', {
      applicationId: app.id,
      kind: 'complaint',
      category: 'general',
      channel: 'visit',
      description: '상담원 배치 변경 요청',
      receivedBy: '김영업',
      openedAt,
    });
    const dueOnDevice = async () => (await core.invoke('tickets.list', { applicationId: app.id })).find((t) => t.id === ticket.id)!.clock.dueAt;
    expect(Date.parse(await dueOnDevice())).toBe(Date.parse(openedAt) + general * 60_000);

    const targets = {
      complaint: { simple: 30, general: 120, complex: 24 * 60 },
      fault: { software: 2 * 60, hardware: 12 * 60 },
      calendar: 'always',
      satisfactionAbovePercent: 97,
      justifiedPer10000Below: 2,
    };
    // The CLI's own entry (in-process): it must read the JSON from standard input for this command.
    const publishTargets = (value: unknown) =>
      runCli(['hq', 'publish-service-targets', '--server', hq.url, '--admin-token', hq.adminToken], { readStdin: () => Promise.resolve(JSON.stringify(value)), env: {} });
    const negative = await publishTargets({ ...targets, complaint: { ...targets.complaint, general: -5 } });
    expect(negative.exitCode).toBe(2);
    expect(negative.stderr).toContain('일반 민원 처리 기한은(는) 0분 이상이어야 합니다');
    const published = await publishTargets(targets);
    expect(published.exitCode, published.stderr).toBe(0);
    const { version } = JSON.parse(published.stdout) as { version: number; unchanged: boolean };
    expect(JSON.parse((await publishTargets(targets)).stdout)).toMatchObject({ version, unchanged: true });
    expect(await admin.ok(view, 'GET', TICKET_ADMIN_PATHS.targets)).toMatchObject({ targets: { version, complaint: { general: 120 } }, publishedAt: expect.any(String) });

    await core.ctx.sync.engine.sync();
    const atHq = (await admin.ok(board, 'GET', TICKET_ADMIN_PATHS.tickets)).find((t) => t.id === ticket.id)!;
    expect(Date.parse(atHq.clock.dueAt)).toBe(Date.parse(openedAt) + 120 * 60_000);
    expect(Date.parse(await dueOnDevice())).toBe(Date.parse(openedAt) + 120 * 60_000);
    expect((await admin.ok(figuresResponseSchema, 'GET', TICKET_ADMIN_PATHS.figures)).targets).toMatchObject({ satisfactionAbovePercent: 97, justifiedPer10000Below: 2 });
  }, 420_000);
});
