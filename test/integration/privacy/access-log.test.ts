import { afterEach, describe, expect, it, vi } from 'vitest';
import { openCore, UNENROLLED_ACTOR, type Core } from '../../../electron/core/core';
import { contract, type Channel } from '../../../shared/contract/contract';
import { touchesPersonalData } from '../../../shared/privacy/access';
import { personalFieldPaths } from '../../../shared/privacy/classify';
import { runCli } from '../../../electron/hosts/cli';
import { sampleApplication, tempDir } from '../../support/fixtures';
import { b64, realisticStore } from '../../support/records';
import { signaturePng } from '../documents/tools';

let core: Core | undefined;
afterEach(() => core?.close());

const channels = Object.keys(contract) as Channel[];
const declared = channels.filter((c) => touchesPersonalData(contract[c].personal));
const undeclared = channels.filter((c) => !touchesPersonalData(contract[c].personal));

/** Drops the append-only triggers, as someone with the file and the key could: the chain must still tell. */
function dropTriggers(c: Core): void {
  c.store.sqlite.exec('DROP TRIGGER access_log_entries_never_change; DROP TRIGGER access_log_entries_are_never_deleted;');
}

describe('personal-data access log: every path to personal data is declared and logged', { timeout: 240_000 }, () => {
  it('every contract channel whose input or output schema carries a personal field (phone, address, 대표자, signer, file bytes…) declares how it touches personal data', () => {
    const carriesButUndeclared = undeclared
      .map((c) => ({ channel: c, fields: [...personalFieldPaths(contract[c].input), ...personalFieldPaths(contract[c].output)] }))
      .filter((x) => x.fields.length > 0);
    expect(carriesButUndeclared).toEqual([]);
    // The walk itself finds what it must (a walk that finds nothing would pass the line above).
    expect(personalFieldPaths(contract['customers.get'].output)).toEqual(expect.arrayContaining(['phone', 'address', 'representative']));
    expect(personalFieldPaths(contract['documents.render'].output)).toContain('base64');
  });

  it('every export declares a reason field its input schema requires: an export without a reason is refused by the schema', () => {
    const exports = declared.filter((c) => {
      const p = contract[c].personal;
      return touchesPersonalData(p) && p.action === 'export';
    });
    expect(exports.length).toBeGreaterThan(0);
    for (const c of exports) {
      const p = contract[c].personal;
      if (!touchesPersonalData(p)) continue;
      expect(p.reasonField, `${c} declares no reason field`).toBeTruthy();
      const shape = (contract[c].input as unknown as { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> }).shape;
      expect(shape[p.reasonField!]!.safeParse(undefined).success, `${c} accepts a missing reason`).toBe(false);
      expect(shape[p.reasonField!]!.safeParse('   ').success, `${c} accepts a blank reason`).toBe(false);
    }
  });

  it('calling each declared channel on a realistic store writes one entry naming the channel, its action and whose data; channels declaring none write nothing; refused calls write nothing; the chain verifies', async () => {
    const dataDir = tempDir();
    core = openCore({ dataDir, host: 'test', validateOutput: true });
    const c = core;
    const log = c.ctx.accessLog;
    const r = await realisticStore(c);
    const last = () => log.list({ limit: 100_000 }).at(-1)!;

    /** One call: ok, exactly one new entry (declared) or none (undeclared), naming the subjects expected. */
    async function call(channel: Channel, input: unknown, subjectIds: string[] = []): Promise<unknown> {
      const before = log.count();
      const result = await c.dispatch(channel, input);
      expect(result.ok, `${channel}: ${JSON.stringify(result.ok ? null : result.error)}`).toBe(true);
      if (!touchesPersonalData(contract[channel].personal)) {
        expect(log.count(), `${channel} declares no personal data but wrote an entry`).toBe(before);
      } else {
        expect(log.count(), `${channel} touched personal data without an entry`).toBe(before + 1);
        const e = last();
        expect(e).toMatchObject({ channel, action: (contract[channel].personal as { action: string }).action, actor: UNENROLLED_ACTOR, device: c.ctx.info.device });
        for (const id of subjectIds)
          expect(
            e.subjects.map((s) => s.id),
            `${channel} names ${id}`,
          ).toContain(id);
      }
      return result.ok ? result.value : undefined;
    }

    // Reads and prints.
    await call('customers.list', {}, [r.customerId]);
    await call('customers.list', { query: '하나콜' }, [r.customerId]);
    await call('customers.get', { id: r.customerId }, [r.customerId]);
    await call('applications.list', {}, [r.subscription, r.draft]);
    const draft = (await call('applications.get', { id: r.draft }, [r.draft])) as { revision: number; customerId: string };
    await call('applications.export', { id: r.subscription, reason: '고객 요청으로 청약서 사본 전달' }, [r.subscription]);
    expect(last().reason).toBe('고객 요청으로 청약서 사본 전달');
    await call('quotes.get', { quoteId: r.quoteId }, [r.quoteId, r.subscription]);
    await call('quotes.list', {}, [r.subscription]);
    await call('documents.status', { applicationId: r.subscription }, [r.subscription]);
    await call('workflow.get', { applicationId: r.subscription }, [r.subscription]);
    await call('documents.render', { applicationId: r.subscription, forms: ['1'], format: 'pdf' }, [r.subscription]);
    const { jobId } = (await call('documents.packet', { applicationId: r.subscription, forms: ['1', '2'], format: 'pdf', packet: true }, [r.subscription])) as { jobId: string };
    // Polling a running job hands out no document (no entry); the finished one does (one entry).
    await vi.waitFor(
      async () => {
        const before = log.count();
        const job = await c.dispatch('jobs.get', { jobId });
        expect(job.ok).toBe(true);
        const value = job.ok ? (job.value as { state: string }) : undefined;
        expect(log.count()).toBe(value?.state === 'done' ? before + 1 : before);
        expect(value?.state).toBe('done');
      },
      { timeout: 120_000, interval: 50 },
    );
    expect(last()).toMatchObject({ channel: 'jobs.get', action: 'print' });
    // A conflict HQ reported names the record it is about.
    c.store.sqlite
      .prepare(
        "INSERT INTO sync_conflicts (id, entity, entity_id, field, yours, theirs, winner, reason, created_at) VALUES ('k1', 'customer', ?, 'phone', '\"02-111-2222\"', '\"02-333-4444\"', 'theirs', 'hq_owned', ?)",
      )
      .run(r.customerId, new Date().toISOString());
    await call('sync.conflicts', {}, [r.customerId]);
    // Changes.
    const draftCustomer = (await c.invoke('applications.get', { id: r.draft })).customer;
    await call('applications.update', { id: r.draft, revision: draft.revision, application: sampleApplication({ customer: draftCustomer, items: [{ code: 'asp-basic', quantity: 12 }] }) }, [
      r.draft,
      draft.customerId,
    ]);
    await call('workflow.settlement', { applicationId: r.subscription, inputs: { billingOffice: '강북' } }, [r.subscription]);
    // A complaint received, a note added, the tickets listed: each names the application.
    const ticket = (await call('tickets.create', { applicationId: r.subscription, kind: 'complaint', category: 'general', channel: 'phone', description: '통화 품질 불만', receivedBy: '홍길동' }, [
      r.subscription,
    ])) as { id: string };
    await call('tickets.event', { ticketId: ticket.id, type: 'note', note: '고객에게 회신' }, [r.subscription]);
    await call('tickets.list', { applicationId: r.subscription }, [r.subscription]);
    // An attachment of the draft opened, then removed (before submission): each names the application.
    const attached = (await call('attachments.add', { applicationId: r.draft, purpose: 'other', fileName: '명함.png', base64: b64(signaturePng()) }, [r.draft])) as {
      attachments: { id: string; fileName: string }[];
    };
    const card = attached.attachments.find((a) => a.fileName === '명함.png')!.id;
    await call('attachments.get', { applicationId: r.draft, id: card }, [r.draft]);
    await call('attachments.remove', { applicationId: r.draft, id: card }, [r.draft]);
    await call('tickets.credits', { applicationId: r.subscription }, [r.subscription]);
    // The customer's consents read, marketing agreed on the 고객 동의 tab, then withdrawn: each names the customer and the application.
    const consents = (await call('consents.get', { applicationId: r.subscription }, [r.subscription])) as { customerId: string };
    await call('consents.record', { applicationId: r.subscription, purpose: 'marketing', action: 'agree' }, [r.subscription, consents.customerId]);
    await call('consents.withdraw', { applicationId: r.subscription, purpose: 'marketing' }, [r.subscription, consents.customerId]);
    // Deleting the draft (last: nothing below reads it) is a change to its record.
    await call('applications.discard', { id: r.draft, revision: (await c.invoke('applications.get', { id: r.draft })).revision }, [r.draft]);

    // The rep's own seller block kept on this device: set and read back, each named as the seller's.
    await call('settings.set', { seller: { team: '강북법인지사 기업영업1팀', name: '김영업', phone: '010-1111-2222' } }, ['device']);
    await call('settings.get', {}, ['device']);

    // 내 명단 (issue 17 item 5): a hand-out as a sync leaves it; listing, revealing one number, each
    // step and the print name the list or the entry.
    const h = { id: '01900000-0000-7000-8000-00000000a001', listId: '01900000-0000-7000-8000-00000000b001', entryId: '01900000-0000-7000-8000-00000000c001' };
    c.store.write(() => {
      c.store.sqlite
        .prepare(
          "INSERT INTO prospect_handouts (id, list_id, list_number, list_name, campaign, state, handed_at) VALUES (?, ?, 'PL-2026-0001', '12월 명단', '12월', 'handed_out', '2026-12-01T00:00:00.000Z')",
        )
        .run(h.id, h.listId);
      c.store.sqlite.prepare("INSERT INTO prospect_entries (handout_id, id, seq, company, contact, phone) VALUES (?, ?, 1, '가나상사', '김가나', '010-2000-0001')").run(h.id, h.entryId);
    });
    await call('prospects.mine', {}, [h.listId]);
    await call('prospects.acknowledge', { handoutId: h.id }, [h.listId]);
    await call('prospects.reveal', { handoutId: h.id, entryId: h.entryId }, [h.entryId]);
    await call('prospects.result', { handoutId: h.id, entryId: h.entryId, result: 'interested' }, [h.entryId]);
    await call('prospects.print', { handoutId: h.id }, [h.listId]);
    await call('prospects.checkIn', { handoutId: h.id }, [h.listId]);

    // 파기 예정 (issue 17 item 3): an application never submitted, last touched long ago, lists (a view) and goes (a delete).
    c.store.write(() => {
      const old = '2020-01-01T00:00:00.000Z';
      c.store.sqlite.prepare('UPDATE applications SET updated_at = ? WHERE id = ?').run(old, r.termination);
      c.store.sqlite.prepare('UPDATE documents SET updated_at = ? WHERE application_id = ?').run(old, r.termination);
      c.store.sqlite.prepare('UPDATE quotes SET updated_at = ? WHERE application_id = ?').run(old, r.termination);
    });
    const due = (await call('retention.due', {}, [r.termination])) as { items: { subjectId: string; ruleId: string; lastActivityAt: string }[] };
    const item = due.items.find((i) => i.subjectId === r.termination)!;
    await call('retention.destroy', { items: [{ subjectId: item.subjectId, ruleId: item.ruleId, lastActivityAt: item.lastActivityAt }] }, [r.termination]);

    // Channels that declare no personal data write nothing.
    for (const ch of ['retention.log', 'app.info', 'catalog.list', 'dashboard.get', 'sync.status', 'sync.waiting', 'sync.refused', 'store.status', 'commission.mine'] as Channel[]) await call(ch, {});

    // Refused calls (bad input, unknown record, export without reason) write nothing.
    const before = log.count();
    expect(await c.dispatch('customers.get', { id: 'not an id' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await c.dispatch('applications.get', { id: '01a20829-6412-75d8-ac05-9d85841d445a' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await c.dispatch('applications.export', { id: r.subscription })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(log.count()).toBe(before);

    // Every declared channel appears in the log (realisticStore made the sign/derive/transition/… calls).
    const logged = new Set(log.list({ limit: 100_000 }).map((e) => e.channel));
    expect(
      declared.filter((ch) => !logged.has(ch)),
      'declared channels never logged by this walk',
    ).toEqual([]);
    expect(
      [...logged].filter((ch) => !declared.includes(ch as Channel)),
      'logged channels that declare none',
    ).toEqual([]);
    expect(log.verify()).toEqual({ entries: log.count() });
  });

  it('the log is append-only, and a changed, removed or reordered entry is found: verify names the first broken link (API and CLI, exit code 1)', async () => {
    const dataDir = tempDir();
    core = openCore({ dataDir, host: 'test' });
    const app = await core.invoke('applications.create', sampleApplication());
    for (let i = 0; i < 5; i++) await core.invoke('applications.get', { id: app.id });
    const log = core.ctx.accessLog;
    expect(log.count()).toBe(6);
    expect(log.verify()).toEqual({ entries: 6 });
    // The triggers refuse changes through SQL.
    expect(() => core!.store.sqlite.prepare("UPDATE access_log SET actor = 'someone else' WHERE seq = 3").run()).toThrow(/append-only/);
    expect(() => core!.store.sqlite.prepare('DELETE FROM access_log WHERE seq = 3').run()).toThrow(/append-only/);

    dropTriggers(core);
    // Changed content: entry 3's actor rewritten.
    core.store.sqlite.prepare("UPDATE access_log SET actor = 'someone else' WHERE seq = 3").run();
    expect(log.verify().broken).toMatchObject({ seq: 3, problem: 'hash' });
    core.close();
    const cli = await runCli(['access-log', 'verify', '--data-dir', dataDir], { readStdin: () => Promise.resolve(undefined), env: process.env });
    expect(cli.exitCode).toBe(1);
    expect(cli.stderr).toContain('3번 항목');
    expect(JSON.parse(cli.stdout)).toMatchObject({ ok: false, firstBroken: { seq: 3, problem: 'hash' } });

    core = openCore({ dataDir, host: 'test' });
    // Put entry 3 back as it was written? It cannot be known without the data: delete it instead: the link breaks at 4.
    core.store.sqlite.prepare('DELETE FROM access_log WHERE seq = 3').run();
    expect(core.ctx.accessLog.verify().broken).toMatchObject({ seq: 4, problem: 'gap' });
    // Recomputing entry 4's hash over a forged previous hash does not help: 4 no longer follows 2.
    core.store.sqlite.prepare('UPDATE access_log SET seq = 3 WHERE seq = 4').run();
    expect(core.ctx.accessLog.verify().broken).toMatchObject({ seq: 3, problem: 'link' });
  });

  it('applications export on the CLI refuses without --reason (exit 2, nothing logged) and logs the reason when given', async () => {
    const dataDir = tempDir();
    core = openCore({ dataDir, host: 'test' });
    const app = await core.invoke('applications.create', sampleApplication());
    core.close();
    core = undefined;
    const io = { readStdin: () => Promise.resolve(undefined), env: process.env };
    const refused = await runCli(['applications', 'export', app.id, '--data-dir', dataDir], io);
    expect(refused).toMatchObject({ exitCode: 2, stdout: '' });
    expect(refused.stderr).toContain('--reason');
    const exported = await runCli(['applications', 'export', app.id, '--reason', '고객 요청 사본', '--data-dir', dataDir], io);
    expect(exported.exitCode).toBe(0);
    const entries = JSON.parse((await runCli(['access-log', 'list', '--subject', app.id, '--data-dir', dataDir], io)).stdout) as { channel: string; action: string; reason: string | null }[];
    expect(entries.filter((e) => e.action === 'export')).toEqual([expect.objectContaining({ channel: 'applications.export', reason: '고객 요청 사본' })]);
    expect((await runCli(['access-log', 'verify', '--data-dir', dataDir], io)).exitCode).toBe(0);
  });
});
