/**
 * 고객 응대 on a real core (SQLite file): complaints and faults recorded offline with their SLA
 * clocks computed on read; refusals leave the log as it was; a fault's 5-hour outage puts the
 * art. 10 credit on November's settlement request by itself (checked in the PDF with poppler).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { sampleApplication, tempDir } from '../../support/fixtures';
import { pdftotext, requireTools, squash } from '../documents/tools';

let core: Core | undefined;
afterEach(() => core?.close());

function clockAt(iso: string) {
  let now = new Date(iso);
  return { now: () => now, set: (next: string) => (now = new Date(next)) };
}

const kst = (day: string, time: string) => `2026-${day}T${time}:00+09:00`;

async function subscription(c: Core) {
  const app = await c.invoke('applications.create', sampleApplication({ items: [{ code: 'asp-basic', quantity: 35 }] }));
  await c.invoke('quotes.save', { applicationId: app.id, term: '36m', items: [{ code: 'asp-basic', quantity: 35 }] });
  return app;
}

const logOf = (c: Core, ticketId: string) => c.store.sqlite.prepare('SELECT seq, type, at FROM ticket_events WHERE ticket_id = ? ORDER BY seq').all(ticketId);

describe('complaints and faults on the device', { timeout: 180_000 }, () => {
  it('a complaint is received, waits for the customer, is resolved and closed by the rep with satisfaction; its clock is computed from the log at each read', async () => {
    const clock = clockAt(kst('12-02', '09:00'));
    const c = (core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true, clock }));
    const app = await subscription(c);
    const t = await c.invoke('tickets.create', { applicationId: app.id, kind: 'complaint', category: 'general', channel: 'phone', description: '상담 대기 안내가 끊김', receivedBy: '홍길동' });
    expect(t.clock).toMatchObject({ dueAt: kst('12-02', '17:00'), state: 'open', remainingMinutes: 480 });

    clock.set(kst('12-02', '10:00'));
    await c.invoke('tickets.event', { ticketId: t.id, type: 'waiting', note: '고객 회신 기다림' });
    clock.set(kst('12-02', '14:00'));
    expect((await c.invoke('tickets.list', { applicationId: app.id }))[0]!.clock).toMatchObject({ remainingMinutes: 420, paused: true });
    await c.invoke('tickets.event', { ticketId: t.id, type: 'resumed' });
    clock.set(kst('12-02', '15:00'));
    expect((await c.invoke('tickets.list', {}))[0]!.clock).toMatchObject({ dueAt: kst('12-02', '21:00'), remainingMinutes: 360, state: 'open' });

    await c.invoke('tickets.event', { ticketId: t.id, type: 'resolved' });
    const closed = await c.invoke('tickets.event', { ticketId: t.id, type: 'closed', satisfaction: 'satisfied', justified: false });
    expect(closed).toMatchObject({ satisfaction: 'satisfied', justified: false, clock: { state: 'met', phase: 'closed' } });
    expect(closed.events.map((e) => e.type)).toEqual(['received', 'waiting', 'resumed', 'resolved', 'closed']);
  });

  it('refused steps change nothing: an event out of order, a time before the last event, closing a complaint without satisfaction, and a fault closed on the device (HQ owns that)', async () => {
    const clock = clockAt(kst('12-02', '09:00'));
    const c = (core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true, clock }));
    const app = await subscription(c);
    const complaint = await c.invoke('tickets.create', { applicationId: app.id, kind: 'complaint', category: 'simple', channel: 'phone', description: '요금 문의', receivedBy: '홍길동' });
    const fault = await c.invoke('tickets.create', { applicationId: app.id, kind: 'fault', category: 'software', channel: 'phone', description: 'ARS 멈춤', receivedBy: '홍길동' });
    clock.set(kst('12-02', '12:00'));
    await c.invoke('tickets.event', { ticketId: complaint.id, type: 'waiting' });
    const before = [logOf(c, complaint.id), logOf(c, fault.id)];

    const refusals = [
      [{ ticketId: complaint.id, type: 'reopened' }, /재처리/],
      [{ ticketId: complaint.id, type: 'resumed', at: kst('12-02', '11:00') }, /앞 이벤트보다 이른 시각/],
      [{ ticketId: complaint.id, type: 'resumed', at: kst('12-03', '11:00') }, /현재 시각\(now\)보다 늦습니다/],
      [{ ticketId: fault.id, type: 'closed' }, /본사\(컨설팅지원담당\)가 기록합니다/],
      [{ ticketId: fault.id, type: 'resolved' }, /본사/],
      [{ ticketId: complaint.id, type: 'resolved', satisfaction: 'satisfied' }, /종결\(closed\)할 때만/],
    ] as const;
    for (const [input, message] of refusals) {
      const r = await c.dispatch('tickets.event', input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(message);
    }
    await c.invoke('tickets.event', { ticketId: complaint.id, type: 'resolved' });
    const noSatisfaction = await c.dispatch('tickets.event', { ticketId: complaint.id, type: 'closed' });
    expect(noSatisfaction.ok).toBe(false);
    if (!noSatisfaction.ok) expect(noSatisfaction.error.message).toMatch(/만족도/);
    expect(logOf(c, fault.id)).toEqual(before[1]);
    expect(logOf(c, complaint.id)).toHaveLength(before[0]!.length + 1);

    const badCreate = [
      { applicationId: app.id, kind: 'fault', category: 'general', channel: 'phone', description: 'x', receivedBy: '홍길동' },
      { applicationId: app.id, kind: 'fault', category: 'hardware', channel: 'phone', description: 'x', receivedBy: '홍길동', outage: { start: kst('11-10', '14:00'), end: kst('11-10', '09:00') } },
      { applicationId: app.id, kind: 'complaint', category: 'simple', channel: 'phone', description: 'x', receivedBy: '홍길동', openedAt: kst('12-05', '09:00') },
    ];
    const count = () => (c.store.sqlite.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
    const n = count();
    for (const input of badCreate) expect((await c.dispatch('tickets.create', input)).ok).toBe(false);
    expect(count()).toBe(n);
  });

  it('a fault with a 5-hour outage in November puts the art. 10 credit and the outage list on the settlement request made in December, by itself', async (ctx) => {
    requireTools(ctx, 'pdftotext');
    const clock = clockAt(kst('12-02', '10:00'));
    const c = (core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true, clock }));
    const app = await subscription(c);
    const render = async () => {
      const file = await c.invoke('documents.render', { applicationId: app.id, forms: ['settlement'], format: 'pdf', packet: false });
      const out = path.join(tempDir('pdf-'), 'settlement.pdf');
      fs.writeFileSync(out, Buffer.from(file.base64, 'base64'));
      return squash(pdftotext(out));
    };
    expect(await render()).not.toContain(squash('제10조'));
    await c.invoke('tickets.create', {
      applicationId: app.id,
      kind: 'fault',
      category: 'hardware',
      channel: 'phone',
      description: '교환기 전원 장애',
      receivedBy: '홍길동',
      openedAt: kst('11-10', '09:05'),
      outage: { start: kst('11-10', '09:00'), end: kst('11-10', '14:00') },
    });
    const text = await render();
    // 35 seats × 160,000원 (30–49 seats, 36 months) = 5,600,000원 a month; × 5 h / 200 = 140,000원.
    expect(text).toContain(squash('장애 손해배상 감액 (이용약관 제10조)'));
    expect(text).toContain(squash('2026년 11월'));
    expect(text).toContain(squash('2026. 11. 10. 09:00 ~ 2026. 11. 10. 14:00 (5시간 0분)'));
    expect(text).toContain(squash('-140,000원'));
  });
});
