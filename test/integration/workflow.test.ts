import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core/core';
import { sampleApplication, tempDir } from '../support/fixtures';

let core: Core | undefined;
afterEach(() => core?.close());

describe('workflow of an application', () => {
  it('a fresh draft lists its document pack as a checklist and explains why it cannot move on', async () => {
    core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true });
    const app = await core.invoke('applications.create', sampleApplication());
    const view = await core.invoke('workflow.get', { applicationId: app.id });
    expect(view.deal).toBe('asp');
    expect(view.checklist.map((i) => i.key)).toEqual(['networkPreReview', 'form1', 'consentCollection', 'consentThirdParty', 'form2', 'quote', 'businessRegistration']);
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
});
