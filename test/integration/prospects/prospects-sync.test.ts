/**
 * A prospect list across a sync (issue 17 item 5): HQ imports and hands a part to a rep; the rep's
 * device (a real core on a real SQLite file) pulls it on sync, shows it masked, acknowledges,
 * marks results, reveals and prints (each logged) and checks it in; HQ sees each step and archives
 * the list; the numbers leave the device. A real HQ (PGlite) in this process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Core } from '../../../electron/core/core';
import { archiveProspectList, handOutProspects, importProspectList, listProspectLists } from '../../../server/prospects/ops';
import { q } from '../../../server/db/open';
import { sampleApplication, tempDir } from '../../support/fixtures';
import { pdftotext, requireTools, squash } from '../documents/tools';
import type { InProcessHq } from '../hq/inprocess';
import { startHqAndDevice, type HqAndDevice } from '../../support/hq-device';

let hq: InProcessHq;
let core: Core;
let env: HqAndDevice | undefined;

beforeAll(async () => {
  ({ hq, core } = env = await startHqAndDevice({ branch: '강북지사', rep: '김명단', name: 'prospects-laptop', dataDirPrefix: 'device-prospects-' }));
}, 180_000);
afterAll(() => env?.close());

describe('a prospect list across a sync', { timeout: 300_000 }, () => {
  it('goes from HQ import to hand-out, device acknowledgement, results, check-in and archive; reveal and print are logged; the numbers leave the device', async (ctx) => {
    const imported = await importProspectList(hq.database, {
      name: '12월 강북 명단',
      rows: [
        { company: '가나상사', contact: '김가나', phone: '010-3000-0001' },
        { company: '다라무역', contact: '이다라', phone: '010-3000-0002' },
        { company: '마바산업', contact: '', phone: '02-3000-0003' },
      ],
    });
    const listId = imported.list.id;
    const handed = await handOutProspects(hq.database, listId, { branch: '강북지사', rep: '김명단', campaign: '12월 소상공인', count: 3 });
    expect(handed.status).toBe('handed_out');

    await core.ctx.sync.engine.sync();
    const [mine] = await core.invoke('prospects.mine', {});
    expect(mine).toMatchObject({ listId, listNumber: imported.list.number, campaign: '12월 소상공인', state: 'handed_out', waiting: false });
    expect(mine!.entries.map((e) => e.phoneMasked)).toEqual(['010-****-0001', '010-****-0002', '02-****-0003']);
    // Nothing on the list screen carries a whole number.
    expect(JSON.stringify(mine)).not.toMatch(/3000-000\d/);

    // Results before acknowledgement are refused; the rep acknowledges, then marks.
    const early = await core.dispatch('prospects.result', { handoutId: mine!.id, entryId: mine!.entries[0]!.id, result: 'called' });
    expect(early).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED' } });
    await core.invoke('prospects.acknowledge', { handoutId: mine!.id });
    const [a, b] = mine!.entries;
    await core.invoke('prospects.result', { handoutId: mine!.id, entryId: a!.id, result: 'interested', note: '다음 주 방문' });
    await core.invoke('prospects.result', { handoutId: mine!.id, entryId: b!.id, result: 'do_not_call' });
    expect((await core.invoke('prospects.mine', {}))[0]!.waiting).toBe(true);

    // One number in full, and a print: each writes an access-log entry.
    const before = core.ctx.accessLog.count();
    expect(await core.invoke('prospects.reveal', { handoutId: mine!.id, entryId: a!.id })).toMatchObject({ phone: '010-3000-0001' });
    const printed = await core.invoke('prospects.print', { handoutId: mine!.id });
    const entries = core.ctx.accessLog.list({ limit: 100_000 }).slice(before);
    expect(entries.map((e) => [e.channel, e.action, e.subjects])).toEqual([
      ['prospects.reveal', 'view', [{ kind: 'prospect_entry', id: a!.id }]],
      ['prospects.print', 'print', [{ kind: 'prospect_list', id: listId }]],
    ]);
    expect(printed.watermark).toMatch(new RegExp(`^${imported.list.number} · 김명단 · \\d{4}\\. \\d{1,2}\\. \\d{1,2}\\. \\d{2}:\\d{2} KST`));
    expect(printed.mime).toBe('application/pdf');
    requireTools(ctx, 'pdftotext');
    const pdf = path.join(tempDir('prospects-print-'), 'list.pdf');
    fs.writeFileSync(pdf, Buffer.from(printed.base64, 'base64'));
    const text = squash(pdftotext(pdf));
    expect(text).toContain(squash(printed.watermark));
    expect(text).toContain('010-3000-0001');

    // Sync: HQ records the acknowledgement and the results.
    await core.ctx.sync.engine.sync();
    expect((await core.invoke('prospects.mine', {}))[0]!.waiting).toBe(false);
    let atHq = (await listProspectLists(hq.database)).find((l) => l.id === listId)!;
    expect(atHq.handouts[0]).toMatchObject({ state: 'acknowledged', results: { interested: 1, do_not_call: 1 } });
    expect(await q(hq.database.db, sql`select digits from prospect_do_not_call`)).toEqual([{ digits: '01030000002' }]);

    // Archive is refused while the list is out; the rep checks it in; the next sync returns it.
    await expect(archiveProspectList(hq.database, listId)).rejects.toThrow(/김명단/);
    await core.invoke('prospects.checkIn', { handoutId: mine!.id });
    await core.ctx.sync.engine.sync();
    atHq = (await listProspectLists(hq.database)).find((l) => l.id === listId)!;
    expect(atHq.handouts[0]).toMatchObject({ state: 'checked_in' });
    expect(await core.invoke('prospects.mine', {})).toEqual([]);
    expect(core.store.sqlite.prepare('SELECT count(*) AS n FROM prospect_entries').get()).toEqual({ n: 0 });

    const archived = await archiveProspectList(hq.database, listId);
    expect(archived.archivedAt).not.toBeNull();
    expect(archived.handouts[0]!.state).toBe('archived');
    // The device's entries reach HQ too: the reveal and the print are in HQ's copy of its log.
    const logged = await q<{ channel: string }>(hq.database.db, sql`select channel from device_access_log where channel like 'prospects.%' order by seq`);
    expect(logged.map((r) => r.channel)).toEqual(expect.arrayContaining(['prospects.reveal', 'prospects.print', 'prospects.checkIn']));
  });

  it('a customer who withdraws marketing consent leaves the list the rep holds at the next sync and is not handed out again', async () => {
    // A customer of this rep (mobile 010-2345-6789) agreed to marketing, and is also on a bought list.
    const app = await core.invoke('applications.create', sampleApplication());
    await core.invoke('consents.record', { applicationId: app.id, purpose: 'marketing', action: 'agree' });
    await core.ctx.sync.engine.sync();
    const imported = await importProspectList(hq.database, {
      name: '동의 철회 명단',
      rows: [
        { company: '(주)하나콜센터', contact: '홍길동', phone: '010-2345-6789' },
        { company: '자차물산', contact: '', phone: '010-4000-0001' },
      ],
    });
    const handed = await handOutProspects(hq.database, imported.list.id, { branch: '강북지사', rep: '김명단', campaign: '철회 시험', count: 2 });
    if (handed.status !== 'handed_out') throw new Error('expected a hand-out');
    await core.ctx.sync.engine.sync();
    const held = (await core.invoke('prospects.mine', {})).find((h) => h.id === handed.handout.id)!;
    expect(held.entries.map((e) => e.company)).toEqual(['(주)하나콜센터', '자차물산']);

    await core.invoke('consents.withdraw', { applicationId: app.id, purpose: 'marketing' });
    await core.ctx.sync.engine.sync();
    const after = (await core.invoke('prospects.mine', {})).find((h) => h.id === handed.handout.id)!;
    expect(after.entries.map((e) => e.company)).toEqual(['자차물산']);

    // A later list with the same number: the withdrawn customer is not handed out.
    const again = await importProspectList(hq.database, {
      name: '다음 명단',
      rows: [
        { company: '(주)하나콜센터', contact: '홍길동', phone: '01023456789' },
        { company: '차카상사', contact: '', phone: '010-4000-0002' },
      ],
    });
    const next = await handOutProspects(hq.database, again.list.id, { branch: '강북지사', rep: '김명단', campaign: '다음 캠페인', count: 2 });
    if (next.status !== 'handed_out') throw new Error('expected a hand-out');
    expect(next.handout.count).toBe(1);
    await core.ctx.sync.engine.sync();
    expect((await core.invoke('prospects.mine', {})).find((h) => h.id === next.handout.id)!.entries.map((e) => e.company)).toEqual(['차카상사']);
    // Both go back (HQ recalls them), so the next test starts with none held.
    const { recallHandout } = await import('../../../server/prospects/ops');
    await recallHandout(hq.database, handed.handout.id);
    await recallHandout(hq.database, next.handout.id);
    await core.ctx.sync.engine.sync();
    expect(await core.invoke('prospects.mine', {})).toEqual([]);
  });

  it('marks not yet at HQ count as waiting: the indicator number (sending) and one line per list on the sync screen, until a sync takes them', async () => {
    const imported = await importProspectList(hq.database, {
      name: '대기 명단',
      rows: [
        { company: '자차상사', contact: '', phone: '010-3000-0021' },
        { company: '카타상사', contact: '', phone: '010-3000-0022' },
      ],
    });
    const handed = await handOutProspects(hq.database, imported.list.id, { branch: '강북지사', rep: '김명단', campaign: '대기 시험', count: 2 });
    if (handed.status !== 'handed_out') throw new Error('expected a hand-out');
    await core.ctx.sync.engine.sync();
    const inStep = await core.invoke('sync.status', {});
    expect(inStep.state).toMatchObject({ kind: 'in_step', waiting: 0, oldestWaitingAt: null });
    expect((await core.invoke('sync.waiting', {})).total).toBe(0);

    const [h] = (await core.invoke('prospects.mine', {})).filter((x) => x.id === handed.handout.id);
    await core.invoke('prospects.acknowledge', { handoutId: h!.id });
    await core.invoke('prospects.result', { handoutId: h!.id, entryId: h!.entries[0]!.id, result: 'no_answer' });
    await core.invoke('prospects.result', { handoutId: h!.id, entryId: h!.entries[1]!.id, result: 'called' });
    // Three marks wait (the receipt and two results); the outbox holds none of them.
    expect(core.ctx.sync.engine.counts().queued).toBe(0);
    const waiting = await core.invoke('sync.status', {});
    expect(waiting.state).toMatchObject({ kind: 'sending', waiting: 3 });
    expect(waiting.state.oldestWaitingAt).toBe(core.store.sqlite.prepare('SELECT acknowledged_at AS at FROM prospect_handouts WHERE id = ?').pluck().get(h!.id));
    const list = await core.invoke('sync.waiting', {});
    expect(list.total).toBe(1);
    expect(list.records).toEqual([
      expect.objectContaining({
        entity: 'prospect_handout',
        entityId: h!.id,
        customer: null,
        detail: `${imported.list.number} 대기 명단`,
        fields: ['acknowledged', 'results'],
        changes: 3,
        sent: false,
      }),
    ]);
    // No number travels with the sync screen's list.
    expect(JSON.stringify(list)).not.toMatch(/3000-002/);

    await core.ctx.sync.engine.sync();
    expect((await core.invoke('sync.status', {})).state).toMatchObject({ kind: 'in_step', waiting: 0 });
    expect((await core.invoke('sync.waiting', {})).total).toBe(0);

    // A check-in waits the same way until the sync that returns the list.
    await core.invoke('prospects.checkIn', { handoutId: h!.id });
    expect((await core.invoke('sync.status', {})).state).toMatchObject({ kind: 'sending', waiting: 1 });
    expect((await core.invoke('sync.waiting', {})).records[0]).toMatchObject({ entity: 'prospect_handout', fields: ['checkedIn'], changes: 1 });
    await core.ctx.sync.engine.sync();
    expect((await core.invoke('sync.status', {})).state).toMatchObject({ kind: 'in_step', waiting: 0 });
  });

  it('a hand-out HQ recalls leaves the device on its next sync', async () => {
    const imported = await importProspectList(hq.database, { name: '회수 명단', rows: [{ company: '사아물산', contact: '', phone: '010-3000-0009' }] });
    const handed = await handOutProspects(hq.database, imported.list.id, { branch: '강북지사', rep: '김명단', campaign: '회수 시험', count: 1 });
    if (handed.status !== 'handed_out') throw new Error('expected a hand-out');
    await core.ctx.sync.engine.sync();
    expect((await core.invoke('prospects.mine', {})).map((h) => h.id)).toEqual([handed.handout.id]);
    const { recallHandout } = await import('../../../server/prospects/ops');
    await recallHandout(hq.database, handed.handout.id);
    await core.ctx.sync.engine.sync();
    expect(await core.invoke('prospects.mine', {})).toEqual([]);
  });
});
