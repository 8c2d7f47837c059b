import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core/core';
import { sampleApplication, tempDir } from '../support/fixtures';
import { signaturePng } from './documents/tools';
import { earlyTerminationPenalty } from '../../shared/catalog/calculators';
import type { ApplicationStatus } from '../../shared/domain/status';

let core: Core | undefined;
afterEach(() => core?.close());

describe('workflow of an application', () => {
  it('a fresh draft lists its document pack as a checklist and explains why it cannot move on', async () => {
    core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true });
    const app = await core.invoke('applications.create', sampleApplication());
    const view = await core.invoke('workflow.get', { applicationId: app.id });
    expect(view.deal).toBe('asp');
    expect(view.checklist.map((i) => i.key)).toEqual(['networkPreReview', 'form1', 'consent.collection', 'form2', 'quote', 'businessRegistration']);
    expect(view.checklist.every((i) => !i.done)).toBe(true);
    const quote = view.transitions.find((t) => t.event === 'quote')!;
    expect(quote).toMatchObject({ allowed: false, reasons: ['견적을 먼저 저장하세요.'] });
    await expect(core.invoke('workflow.transition', { applicationId: app.id, event: 'submit' })).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
  });

  it('records the network pre-review and provisioning dates, and computes due dates from them', async () => {
    core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true });
    const app = await core.invoke('applications.create', sampleApplication({ serviceNumber: 'J00001587' }));
    await core.invoke('workflow.update', { applicationId: app.id, patch: { networkPreReview: { done: true, date: '2026-11-20', note: 'VPN 가능' } } });
    const view = await core.invoke('workflow.update', {
      applicationId: app.id,
      patch: { provisioning: { lineType: 'leased', lineInstallDate: '2026-12-07', acceptanceDate: '2026-12-15' } },
    });
    expect(view.checklist.find((i) => i.key === 'networkPreReview')!.done).toBe(true);
    expect(view.provisioning!.find((s) => s.key === 'router-request')!.due).toBe('2026-12-03');
    const done = await core.invoke('workflow.update', { applicationId: app.id, patch: { step: { key: 'router-request', done: true, note: '델타링크 김과장 통화' } } });
    expect(done.provisioning!.find((s) => s.key === 'router-request')).toMatchObject({ done: true, note: '델타링크 김과장 통화' });
    // Changing one date later keeps everything else (the line type above all).
    const later = await core.invoke('workflow.update', { applicationId: app.id, patch: { provisioning: { scenarioReadyDate: '2026-11-27' } } });
    expect(later.provisioningInput).toMatchObject({ lineType: 'leased', lineInstallDate: '2026-12-07', scenarioReadyDate: '2026-11-27' });
    expect(later.provisioning!.find((s) => s.key === 'router-request')).toMatchObject({ done: true });
  });

  /** Puts an application where HQ and the earlier steps would have put it (the steps are tested elsewhere). */
  const setStatus = (c: Core, id: string, status: ApplicationStatus) => c.store.sqlite.prepare('UPDATE applications SET status = ? WHERE id = ?').run(status, id);
  const png = () => Buffer.from(signaturePng()).toString('base64');

  it('a submitted application cannot be edited; the rep is told to make a change request once S/O gives the service number', async () => {
    core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true });
    const app = await core.invoke('applications.create', sampleApplication());
    setStatus(core, app.id, 'submitted');
    const current = await core.invoke('applications.get', { id: app.id });
    await expect(core.invoke('applications.update', { id: app.id, revision: current.revision, application: { ...sampleApplication(), term: '12m' } })).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      message: expect.stringContaining('변경 신청(양식 #4)'),
    });
    expect((await core.invoke('applications.get', { id: app.id })).term).toBe(sampleApplication().term);
  });

  it('#5 is signed at acceptance, not before', async () => {
    core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true });
    const app = await core.invoke('applications.create', sampleApplication({ serviceNumber: 'J00001587' }));
    const sign = () => core!.invoke('documents.sign', { applicationId: app.id, form: '5', area: 'delivery-receiver', mark: 'signature', signerName: '홍길동', pngBase64: png() });
    await expect(sign()).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining('검수') });
    setStatus(core, app.id, 'acceptance');
    const after = await sign();
    expect(after.documents.find((d) => d.form === '5')!.areas.find((a) => a.id === 'delivery-receiver')!.current).toMatchObject({ signerName: '홍길동' });
  });

  it('a change has no provisioning of its own: once processed it is completed, and the subscription is reckoned on its items from then on', async () => {
    core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true });
    const base = sampleApplication({ serviceNumber: 'J00001587' });
    const sub = await core.invoke('applications.create', { ...base, term: '24m', items: [{ code: 'asp-basic', quantity: 20 }] });
    setStatus(core, sub.id, 'active');
    await core.invoke('workflow.update', { applicationId: sub.id, patch: { openDate: '2026-01-23' } });
    const before = (await core.invoke('workflow.get', { applicationId: sub.id })).penalty!;

    const change = await core.invoke('applications.derive', { fromId: sub.id, kind: 'change', reason: '상담석 증설' });
    await core.invoke('applications.update', {
      id: change.id,
      revision: change.revision,
      application: { ...base, kind: 'change', date: change.date, term: '24m', items: [{ code: 'asp-basic', quantity: 40 }] },
    });
    setStatus(core, change.id, 'so_processed');
    const processed = await core.invoke('workflow.get', { applicationId: change.id });
    expect(processed.transitions.map((t) => t.event)).toEqual(['reject', 'complete', 'force_terminate']);
    const done = await core.invoke('workflow.transition', { applicationId: change.id, event: 'complete' });
    expect(done.status).toBe('active');

    const after = (await core.invoke('workflow.get', { applicationId: sub.id })).penalty!;
    const catalog = core.ctx.catalogs.get(core.ctx.catalogs.defaultId)!;
    expect(after.monthsUsed).toBe(before.monthsUsed);
    expect(after.penalty).toBe(earlyTerminationPenalty(catalog, { term: '24m', items: [{ code: 'asp-basic', quantity: 40 }] }, after.monthsUsed).penalty);
    expect(after.penalty).toBeGreaterThan(before.penalty);
  });

  it('a completed termination ends the subscription it names', async () => {
    core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true });
    const sub = await core.invoke('applications.create', sampleApplication({ serviceNumber: 'J00001588' }));
    setStatus(core, sub.id, 'active');
    const termination = await core.invoke('applications.derive', { fromId: sub.id, kind: 'termination' });
    await core.invoke('documents.sign', { applicationId: termination.id, form: '1', area: 'applicant', mark: 'signature', signerName: '홍길동', pngBase64: png() });
    setStatus(core, termination.id, 'so_processed');
    expect((await core.invoke('workflow.transition', { applicationId: termination.id, event: 'complete' })).status).toBe('terminated');
    const ended = await core.invoke('workflow.get', { applicationId: sub.id });
    expect(ended.status).toBe('terminated');
    // An ended subscription's provisioning record stays as it was.
    await expect(core.invoke('workflow.update', { applicationId: sub.id, patch: { step: { key: 'icis', done: true } } })).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    expect(ended.history.at(-1)).toMatchObject({ event: 'terminate', from: 'active', to: 'terminated', by: 'rep' });
  });

  it('the dashboard pipeline counts subscriptions only: a completed change is not another active subscription', async () => {
    core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true });
    const sub = await core.invoke('applications.create', sampleApplication({ serviceNumber: 'J00001589' }));
    setStatus(core, sub.id, 'active');
    const change = await core.invoke('applications.derive', { fromId: sub.id, kind: 'change' });
    setStatus(core, change.id, 'active');
    await core.invoke('applications.derive', { fromId: sub.id, kind: 'termination' });
    const board = await core.invoke('dashboard.get', {});
    expect(board.pipeline.find((p) => p.status === 'active')!.count).toBe(1);
    expect(board.pipeline.find((p) => p.status === 'draft')!.count).toBe(0);
  });

  it("opening marks the tracker's acceptance step done, and the billing request its 고객정산팀 step", async () => {
    core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true });
    const app = await core.invoke('applications.create', sampleApplication({ serviceNumber: 'J00001590' }));
    await core.invoke('workflow.update', { applicationId: app.id, patch: { provisioning: { lineType: 'vpn', acceptanceDate: '2026-12-15' } } });
    setStatus(core, app.id, 'acceptance');
    for (const area of ['delivery-handover', 'delivery-receiver']) {
      await core.invoke('documents.sign', { applicationId: app.id, form: '5', area, mark: 'signature', signerName: '홍길동', pngBase64: png() });
    }
    const opened = await core.invoke('workflow.transition', { applicationId: app.id, event: 'open' });
    expect(opened.provisioning!.find((s) => s.key === 'acceptance')).toMatchObject({ done: true });
    expect(opened.provisioning!.find((s) => s.key === 'notify-settlement')).toMatchObject({ done: false });
    await core.invoke('workflow.settlement', { applicationId: app.id, inputs: { billingOffice: '서울요금관리국' } });
    const billed = await core.invoke('workflow.transition', { applicationId: app.id, event: 'request_billing' });
    expect(billed.provisioning!.find((s) => s.key === 'notify-settlement')).toMatchObject({ done: true });
  });
});
