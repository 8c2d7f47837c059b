import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { sampleApplication, tempDir } from '../../support/fixtures';
import { hqSets, signAreas, signedSubscription } from '../../support/records';
import { isFrozenDetails, isVoidDetails } from '../../../shared/lifecycle/editing';

let core: Core | undefined;
afterEach(() => core?.close());

const open = () => (core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true }));
const count = (c: Core, table: string) => (c.store.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const caught = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e as { code: string; message: string; details?: Record<string, unknown> },
  );

describe('after submission, what the customer signed stays as it was', { timeout: 180_000 }, () => {
  it('an application in provisioning cannot be re-priced (35 → 40 seats) or edited in the core; the refusal names the 변경 신청 (form #4) and carries what a screen needs to offer it', async () => {
    const c = open();
    const { app, quoteId } = await signedSubscription(c);
    await c.invoke('workflow.transition', { applicationId: app.id, event: 'submit' });
    hqSets(c, app.id, 'so_processed', 'J00001587');
    await c.invoke('workflow.transition', { applicationId: app.id, event: 'start_provisioning' });
    const current = await c.invoke('applications.get', { id: app.id });
    const versions = count(c, 'quote_versions');
    const outbox = count(c, 'outbox');

    const repriced = await caught(c.invoke('quotes.save', { applicationId: app.id, quoteId, term: '36m', items: [{ code: 'asp-basic', quantity: 40 }] }));
    expect(repriced.code).toBe('NOT_ALLOWED');
    expect(repriced.message).toContain('변경 신청(양식 #4)');
    expect(repriced.details).toMatchObject({ reason: 'frozen', part: 'quote', status: 'provisioning', remedy: 'change', applicationId: app.id, serviceNumber: 'J00001587' });
    expect(isFrozenDetails(repriced.details)).toBe(true);

    const edited = await caught(c.invoke('applications.update', { id: app.id, revision: current.revision, application: { ...sampleApplication(), items: [{ code: 'asp-basic', quantity: 40 }] } }));
    expect(edited).toMatchObject({ code: 'NOT_ALLOWED', details: { reason: 'frozen', part: 'application', remedy: 'change' } });

    // Nothing was written: no quote version, no outbox change; the seal on the quote stays valid.
    expect(count(c, 'quote_versions')).toBe(versions);
    expect(count(c, 'outbox')).toBe(outbox);
    const docs = await c.invoke('documents.status', { applicationId: app.id });
    expect(docs.documents.find((d) => d.form === 'quote')!.complete).toBe(true);
    expect(docs.documents.find((d) => d.form === '1')!.complete).toBe(true);

    // The way out the refusal names: a change application made from this one, pre-filled.
    const change = await c.invoke('applications.derive', { fromId: (repriced.details as { applicationId: string }).applicationId, kind: 'change' });
    expect(change).toMatchObject({ kind: 'change', status: 'draft', serviceNumber: 'J00001587', items: [{ code: 'asp-basic', quantity: 35 }] });
    await c.invoke('quotes.save', { applicationId: change.id, term: '36m', items: [{ code: 'asp-basic', quantity: 40 }] });
    expect((await c.invoke('applications.get', { id: change.id })).items).toEqual([{ code: 'asp-basic', quantity: 40 }]);
    expect((await c.invoke('applications.get', { id: app.id })).items).toEqual([{ code: 'asp-basic', quantity: 35 }]);
  });

  it('submitted but not yet S/O processed: frozen, and the refusal says to wait for the service number (or ask HQ to turn it down)', async () => {
    const c = open();
    const { app, quoteId } = await signedSubscription(c);
    await c.invoke('workflow.transition', { applicationId: app.id, event: 'submit' });
    const refused = await caught(c.invoke('quotes.save', { applicationId: app.id, quoteId, term: '24m', items: [{ code: 'asp-basic', quantity: 35 }] }));
    expect(refused).toMatchObject({ code: 'NOT_ALLOWED', details: { reason: 'frozen', remedy: 'await_so', serviceNumber: null } });
    expect(refused.message).toContain('S/O');
  });

  it('a change application after submission keeps its #4 inputs as signed; an ended subscription offers no change at all', async () => {
    const c = open();
    const sub = await c.invoke('applications.create', sampleApplication({ serviceNumber: 'J00001587' }));
    hqSets(c, sub.id, 'active');
    const change = await c.invoke('applications.derive', { fromId: sub.id, kind: 'change', reason: '증설' });
    hqSets(c, change.id, 'submitted');
    const inputs = await caught(c.invoke('documents.saveInputs', { applicationId: change.id, form: '4', inputs: { reason: '감설' } }));
    expect(inputs).toMatchObject({ code: 'NOT_ALLOWED', details: { reason: 'frozen', part: 'form' } });
    hqSets(c, sub.id, 'terminated');
    const ended = await caught(c.invoke('applications.update', { id: sub.id, revision: sub.revision, application: sampleApplication({ serviceNumber: 'J00001587' }) }));
    expect(ended).toMatchObject({ code: 'NOT_ALLOWED', details: { reason: 'frozen', remedy: 'none' } });
  });
});

describe('before submission, a change that voids signatures asks first and says which', { timeout: 180_000 }, () => {
  it('re-pricing a signed application names every signature it voids; nothing changes until confirmed; confirmed, the application goes back to 견적 완료 with the reason in its history, and the void signatures stay as evidence', async () => {
    const c = open();
    const { app, quoteId } = await signedSubscription(c);
    expect(app.status).toBe('signed');
    const request = { applicationId: app.id, quoteId, term: '36m' as const, items: [{ code: 'asp-basic', quantity: 40 }] };

    const asked = await caught(c.invoke('quotes.save', request));
    expect(asked.code).toBe('CONFIRM_REQUIRED');
    expect(isVoidDetails(asked.details)).toBe(true);
    const details = asked.details as { voids: { id: string; form: string; area: string; formTitle: string; signerName: string }[]; backTo: string };
    // 40 seats change the quote (sealed) and #1 (its seat count and size tier: three signatures).
    expect(details.voids.map((v) => `${v.form}/${v.area}`).sort()).toEqual(['1/applicant', '1/consent-collection', '1/consent-third-party', 'quote/quote-customer']);
    expect(details.backTo).toBe('quoted');
    // The question names each signature as a rep reads it, once per form.
    expect(asked.message).toContain('양식 #1 신청서 신청인(홍길동)');
    expect(asked.message).toContain('견적서 고객 확인(홍길동)');
    expect(asked.message).not.toContain('신청서 신청서');
    expect((await c.invoke('applications.get', { id: app.id })).status).toBe('signed');
    expect((await c.invoke('quotes.get', { quoteId })).latestVersion).toBe(1);

    // Confirming only some of them is not enough.
    await expect(c.invoke('quotes.save', { ...request, confirmVoids: [details.voids[0]!.id] })).rejects.toMatchObject({ code: 'CONFIRM_REQUIRED' });

    const saved = await c.invoke('quotes.save', { ...request, confirmVoids: details.voids.map((v) => v.id) });
    expect(saved.latestVersion).toBe(2);
    const after = await c.invoke('applications.get', { id: app.id });
    expect(after).toMatchObject({ status: 'quoted', items: [{ code: 'asp-basic', quantity: 40 }] });
    const wf = await c.invoke('workflow.get', { applicationId: app.id });
    expect(wf.history.at(-1)).toMatchObject({ event: 'revise', from: 'signed', to: 'quoted', by: 'rep', note: expect.stringContaining('서명 무효') });
    // The way back is the core's consequence of the change, never a step offered on its own.
    expect(wf.transitions.map((t) => t.event)).not.toContain('revise');
    const docs = (await c.invoke('documents.status', { applicationId: app.id })).documents;
    expect(docs.find((d) => d.form === 'quote')!.areas[0]).toMatchObject({ current: null, void: [expect.objectContaining({ signerName: '홍길동' })] });
    expect(docs.find((d) => d.form === '1')!.complete).toBe(false);
    // #2 prints nothing the seats change: its seal stays.
    expect(docs.find((d) => d.form === '2')!.complete).toBe(true);
  });

  it('a change that touches no signed form saves without asking', async () => {
    const c = open();
    const app = await c.invoke('applications.create', sampleApplication());
    await signAreas(c, app.id, '2', ['terms-confirmation'], 'seal');
    // #2 (terms of use) prints the customer, not the seller: a new seller phone voids nothing.
    const updated = await c.invoke('applications.update', {
      id: app.id,
      revision: app.revision,
      application: sampleApplication({ seller: { ...sampleApplication().seller, phone: '010-9999-8888' } }),
    });
    expect(updated.seller.phone).toBe('010-9999-8888');
    expect((await c.invoke('documents.status', { applicationId: app.id })).documents.find((d) => d.form === '2')!.complete).toBe(true);
  });

  it('the rep cannot ask for the way back as a step of its own', async () => {
    const c = open();
    const { app } = await signedSubscription(c);
    await expect(c.invoke('workflow.transition', { applicationId: app.id, event: 'revise' })).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    expect((await c.invoke('applications.get', { id: app.id })).status).toBe('signed');
  });
});
