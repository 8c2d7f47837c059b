import { afterEach, describe, expect, it, vi } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { sampleApplication, tempDir } from '../../support/fixtures';
import { pdftotext as pdfText, signaturePng, sealPng } from './tools';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

let core: Core | undefined;
afterEach(() => core?.close());

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

async function setup() {
  core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true });
  const app = await core.invoke('applications.create', sampleApplication());
  return { c: core, app };
}

function writeTemp(base64: string, name: string): string {
  const file = path.join(tempDir('pdf-'), name);
  fs.writeFileSync(file, Buffer.from(base64, 'base64'));
  return file;
}

describe('documents of an application in the store', () => {
  it('a new application lists its forms with unsigned areas, ids stable across calls', async () => {
    const { c, app } = await setup();
    const first = await c.invoke('documents.status', { applicationId: app.id });
    const form1 = first.documents.find((d) => d.form === '1')!;
    expect(form1.areas.map((a) => a.id)).toEqual(['applicant', 'consent-collection', 'consent-third-party']);
    expect(form1.complete).toBe(false);
    const again = await c.invoke('documents.status', { applicationId: app.id });
    expect(again.documents.map((d) => d.docId)).toEqual(first.documents.map((d) => d.docId));
  });

  it('signing every area completes the form; the signed PDF carries the signer, the device and an audit page', async () => {
    const { c, app } = await setup();
    for (const area of ['applicant', 'consent-collection', 'consent-third-party']) {
      await c.invoke('documents.sign', { applicationId: app.id, form: '1', area, mark: 'signature', signerName: '홍길동', pngBase64: b64(signaturePng()) });
    }
    const status = await c.invoke('documents.status', { applicationId: app.id });
    const form1 = status.documents.find((d) => d.form === '1')!;
    expect(form1.complete).toBe(true);
    expect(form1.areas[0]!.current).toMatchObject({ signerName: '홍길동', mark: 'signature' });
    const pdf = await c.invoke('documents.render', { applicationId: app.id, forms: ['1'], format: 'pdf', packet: false });
    expect(crypto.createHash('sha256').update(Buffer.from(pdf.base64, 'base64')).digest('hex')).toBe(pdf.sha256);
    const text = pdfText(writeTemp(pdf.base64, 'f1.pdf'));
    expect(text).toContain('서명 감사 기록');
    expect(text).toContain('홍길동');
    expect(text).toContain(form1.docId);
  });

  it('changing the application afterwards asks first, naming the seal it voids; confirmed, it makes a new version and the old seal is kept but void', async () => {
    const { c, app } = await setup();
    await c.invoke('documents.sign', { applicationId: app.id, form: '2', area: 'terms-confirmation', mark: 'seal', signerName: '홍길동', pngBase64: b64(sealPng()) });
    const before = (await c.invoke('documents.status', { applicationId: app.id })).documents.find((d) => d.form === '2')!;
    expect(before.complete).toBe(true);
    const renamed = sampleApplication({ customer: { ...sampleApplication().customer, name: '(주)하나콜센터 본점' } });
    const asked = await c.invoke('applications.update', { id: app.id, revision: app.revision, application: renamed }).catch((e: unknown) => e);
    expect(asked).toMatchObject({
      code: 'CONFIRM_REQUIRED',
      details: { reason: 'voids_signatures', voids: expect.arrayContaining([expect.objectContaining({ form: '2', area: 'terms-confirmation', signerName: '홍길동' })]) },
    });
    expect((asked as Error).message).toContain('양식 #2 이용약관');
    // Nothing was written while the rep had not answered.
    expect((await c.invoke('applications.get', { id: app.id })).customer.name).toBe('(주)하나콜센터');
    const voids = (asked as { details: { voids: { id: string }[] } }).details.voids.map((v) => v.id);
    await c.invoke('applications.update', { id: app.id, revision: app.revision, application: renamed, confirmVoids: voids });
    const after = (await c.invoke('documents.status', { applicationId: app.id })).documents.find((d) => d.form === '2')!;
    expect(after.versionKey).not.toBe(before.versionKey);
    expect(after.complete).toBe(false);
    expect(after.areas[0]!.current).toBeNull();
    expect(after.areas[0]!.void).toHaveLength(1);
    const pdf = await c.invoke('documents.render', { applicationId: app.id, forms: ['2'], format: 'pdf', packet: false });
    expect(pdfText(writeTemp(pdf.base64, 'f2.pdf'))).toContain('무효');
  });

  it('the quote says why it cannot be signed while HQ approval is pending, and the store refuses that signature with the same reason', async () => {
    const { c, app } = await setup();
    await c.invoke('quotes.save', { applicationId: app.id, term: '36m', items: [{ code: 'asp-basic', quantity: 5 }] });
    const status = await c.invoke('documents.status', { applicationId: app.id });
    const quote = status.documents.find((d) => d.form === 'quote')!;
    expect(quote.signBlocked).toMatch(/본사 승인 대기/);
    expect(status.documents.filter((d) => d.form !== 'quote' && d.form !== '5').every((d) => d.signBlocked === null)).toBe(true);
    expect(status.documents.find((d) => d.form === '5')!.signBlocked).toMatch(/검수/);
    await expect(c.invoke('documents.sign', { applicationId: app.id, form: 'quote', area: 'quote-customer', mark: 'seal', signerName: '홍길동', pngBase64: b64(sealPng()) })).rejects.toThrow(
      quote.signBlocked!,
    );
  });

  it('saved inputs come back with the status and when they were saved; saving them voids the signatures of the old content', async () => {
    const { c, app } = await setup();
    c.store.sqlite.prepare("UPDATE applications SET status = 'acceptance' WHERE id = ?").run(app.id);
    await c.invoke('documents.sign', { applicationId: app.id, form: '5', area: 'delivery-receiver', mark: 'signature', signerName: '홍길동', pngBase64: b64(signaturePng()) });
    const before = (await c.invoke('documents.status', { applicationId: app.id })).documents.find((d) => d.form === '5')!;
    expect(before).toMatchObject({ inputs: null, inputsSavedAt: null });
    const inputs = { location: '서울특별시 중구 을지로 100', date: '2026-12-10', rows: [{ name: '헤드셋', spec: 'HS-200', quantity: 12 }] };
    const asked = await c.invoke('documents.saveInputs', { applicationId: app.id, form: '5', inputs }).catch((e: unknown) => e);
    expect(asked).toMatchObject({ code: 'CONFIRM_REQUIRED', details: { reason: 'voids_signatures', backTo: null } });
    const confirmVoids = (asked as { details: { voids: { id: string }[] } }).details.voids.map((v) => v.id);
    const after = (await c.invoke('documents.saveInputs', { applicationId: app.id, form: '5', inputs, confirmVoids })).documents.find((d) => d.form === '5')!;
    expect(after.inputs).toEqual(inputs);
    expect(after.inputsSavedAt).toEqual(expect.any(String));
    expect(after.versionKey).not.toBe(before.versionKey);
    expect(after.areas.find((a) => a.id === 'delivery-receiver')).toMatchObject({ current: null, void: [expect.objectContaining({ signerName: '홍길동' })] });
  });

  it('making the settlement request on the progress tab keeps the partner and amounts entered on the 서류 tab', async () => {
    const { c, app } = await setup();
    await c.invoke('documents.saveInputs', { applicationId: app.id, form: 'settlement', inputs: { development: { partner: '(주)브리지텍', amount: 12_000_000 } } });
    await c.invoke('workflow.settlement', { applicationId: app.id, inputs: { billingOffice: '서울요금센터' } });
    const settlement = (await c.invoke('documents.status', { applicationId: app.id })).documents.find((d) => d.form === 'settlement')!;
    expect(settlement.inputs).toEqual({ development: { partner: '(주)브리지텍', amount: 12_000_000 }, billingOffice: '서울요금센터' });
  });

  it("HQ assigning the service number after signing does not void the customer's signatures", async () => {
    const { c, app } = await setup();
    for (const area of ['applicant', 'consent-collection', 'consent-third-party']) {
      await c.invoke('documents.sign', { applicationId: app.id, form: '1', area, mark: 'signature', signerName: '홍길동', pngBase64: b64(signaturePng()) });
    }
    c.store.sqlite.prepare("UPDATE applications SET service_number = 'J00001587', status = 'so_processed' WHERE id = ?").run(app.id);
    const form1 = (await c.invoke('documents.status', { applicationId: app.id })).documents.find((d) => d.form === '1')!;
    expect(form1.complete).toBe(true);
  });

  it('a signature is evidence: the store refuses to change or delete it', async () => {
    const { c, app } = await setup();
    await c.invoke('documents.sign', { applicationId: app.id, form: '2', area: 'terms-confirmation', mark: 'seal', signerName: '홍길동', pngBase64: b64(sealPng()) });
    expect(() => c.store.sqlite.prepare("UPDATE signatures SET signer_name = 'x'").run()).toThrow(/never changes/);
    expect(() => c.store.sqlite.prepare('DELETE FROM signatures').run()).toThrow(/kept/);
  });

  it('refuses a signature that is not a PNG, or an area the form does not have, and stores nothing', async () => {
    const { c, app } = await setup();
    await expect(
      c.invoke('documents.sign', { applicationId: app.id, form: '1', area: 'applicant', mark: 'signature', signerName: '홍길동', pngBase64: b64(Buffer.from('%PDF-1.4 not an image')) }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(
      c.invoke('documents.sign', { applicationId: app.id, form: '1', area: 'delivery-receiver', mark: 'signature', signerName: '홍길동', pngBase64: b64(signaturePng()) }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(c.store.sqlite.prepare('SELECT count(*) AS n FROM signatures').get()).toEqual({ n: 0 });
  });

  it('a packet renders in the background with progress and comes back whole', { timeout: 150_000 }, async () => {
    const { c, app } = await setup();
    const { jobId } = await c.invoke('documents.packet', { applicationId: app.id, forms: ['1', '2', '5', '6'], format: 'pdf' });
    // Waits for the job to end, however busy the machine.
    await vi.waitFor(async () => expect((await c.invoke('jobs.get', { jobId })).state).not.toBe('running'), { timeout: 120_000, interval: 20 });
    const job = await c.invoke('jobs.get', { jobId });
    expect(job).toMatchObject({ state: 'done', done: 4, total: 4 });
    expect(job.result!.pages).toBeGreaterThanOrEqual(6);
    const text = pdfText(writeTemp(job.result!.base64, 'packet.pdf'));
    for (const title of ['신청서', '이용약관', '납품확인서', '담당자 연락처']) expect(text).toContain(title);
  });
});
