import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { sampleApplication, tempDir } from '../../support/fixtures';
import { publishContacts, publishSupplier, signAreas } from '../../support/records';
import { ktSupplier } from '../../fixtures/documents/load';
import { pdftotext, requireTools, squash } from '../documents/tools';

let core: Core | undefined;
afterEach(() => core?.close());

/** A clock the test moves: 20:00 UTC on 1 December is already 2 December, 05:00 in Korea. */
function clockAt(iso: string) {
  let now = new Date(iso);
  return { now: () => now, set: (next: string) => (now = new Date(next)) };
}

async function pdfText(c: Core, applicationId: string, forms: string[]): Promise<string> {
  const file = await c.invoke('documents.render', { applicationId, forms: forms as never, format: 'pdf', packet: forms.length > 1 });
  const out = path.join(tempDir('pdf-'), 'doc.pdf');
  fs.writeFileSync(out, Buffer.from(file.base64, 'base64'));
  return pdftotext(out);
}

async function quoted(c: Core) {
  const app = await c.invoke('applications.create', sampleApplication({ items: [{ code: 'asp-basic', quantity: 35 }] }));
  const quote = await c.invoke('quotes.save', { applicationId: app.id, term: '36m', items: [{ code: 'asp-basic', quantity: 35 }] });
  return { app, quote };
}

describe('the quote as printed', { timeout: 180_000 }, () => {
  it('until HQ publishes the supplier block it prints 미설정 with a warning on paper and on screen, never a placeholder as if real; published, it prints HQ’s block', async (ctx) => {
    requireTools(ctx, 'pdftotext');
    const c = (core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true }));
    const { app } = await quoted(c);
    const status = (await c.invoke('documents.status', { applicationId: app.id })).documents.find((d) => d.form === 'quote')!;
    expect(status.notices).toEqual([expect.objectContaining({ code: 'supplier_unset', message: expect.stringContaining('미설정') })]);
    const unset = squash(await pdfText(c, app.id, ['quote']));
    expect(unset).toContain(squash('대표자 미설정'));
    expect(unset).toContain(squash('공급자 정보가 아직 본사에서 게시되지 않아'));
    expect(unset).not.toContain('대표이사');

    publishSupplier(c);
    expect((await c.invoke('documents.status', { applicationId: app.id })).documents.find((d) => d.form === 'quote')!.notices).toEqual([]);
    const published = squash(await pdfText(c, app.id, ['quote']));
    expect(published).toContain(squash(ktSupplier().representative));
    expect(published).not.toContain('미설정');
  });

  it('prints the price table by its name and version, never the internal catalog id (the quote and #3)', async (ctx) => {
    requireTools(ctx, 'pdftotext');
    const c = (core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true }));
    const { app } = await quoted(c);
    const text = squash(await pdfText(c, app.id, ['quote', '3']));
    expect(text).not.toContain('kt-bizmeka');
    expect(text).toContain(squash('‘olleh bizmeka 콜센터서비스 이용 요금표 (석당 단가표, 양식 #3)’ 버전 2014.07'));
  });

  it('a sealed quote prints the day the customer sealed it (in Korea) as the confirmation date; unsealed, the date stays blank for the pen', async (ctx) => {
    requireTools(ctx, 'pdftotext');
    const clock = clockAt('2026-11-30T01:00:00Z');
    const c = (core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true, clock }));
    publishSupplier(c);
    const { app } = await quoted(c);
    const blank = squash(await pdfText(c, app.id, ['quote']));
    expect(blank).toContain('년월'); // the blank date (년, 월, 일 with spaces for the pen) beside the seal
    expect(blank).not.toContain('2026.12.2.');
    clock.set('2026-12-01T20:00:00Z');
    await signAreas(c, app.id, 'quote', ['quote-customer'], 'seal');
    const sealed = squash(await pdfText(c, app.id, ['quote']));
    expect(sealed).toContain('2026.12.2.');
    expect(sealed).not.toContain('년월');
    // The date is printed, not part of what was sealed: the seal stays valid on its version.
    expect((await c.invoke('documents.status', { applicationId: app.id })).documents.find((d) => d.form === 'quote')!.complete).toBe(true);
  });

  it('the signature audit page prints every time in Korean time with the offset, though the device recorded its own zone', async (ctx) => {
    requireTools(ctx, 'pdftotext');
    const c = (core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true, clock: clockAt('2026-12-02T05:05:09Z') }));
    const app = await c.invoke('applications.create', sampleApplication());
    await signAreas(c, app.id, '2', ['terms-confirmation'], 'seal');
    // The device wrote its own time and zone; print it in Korea's.
    const signedAt = (c.store.sqlite.prepare('SELECT signed_at AS s FROM signatures').get() as { s: string }).s;
    expect(new Date(signedAt).toISOString()).toBe('2026-12-02T05:05:09.000Z');
    const text = squash(await pdfText(c, app.id, ['2']));
    const audit = text.slice(text.indexOf('서명감사기록'));
    // Table cells wrap: compare without spaces.
    const times = audit.match(/\d{4}\.\d{2}\.\d{2}\.\d{2}:\d{2}:\d{2}\(UTC[^)]*\)/g) ?? [];
    expect(times.length).toBeGreaterThanOrEqual(2); // issued, and the seal
    expect(new Set(times.map((t) => t.slice(t.indexOf('('))))).toEqual(new Set(['(UTC+09:00)']));
    expect(times).toContain('2026.12.02.14:05:09(UTC+09:00)');
    expect(audit).not.toMatch(/\(UTC\)|UTC\+00:00/);
  });
});

describe('form #6 contacts', { timeout: 180_000 }, () => {
  it('warns before printing while HQ has not published the contacts (every row would print 담당자 미지정); published, no warning and the people print', async (ctx) => {
    requireTools(ctx, 'pdftotext');
    const c = (core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true }));
    const app = await c.invoke('applications.create', sampleApplication());
    const before = (await c.invoke('documents.status', { applicationId: app.id })).documents.find((d) => d.form === '6')!;
    expect(before.notices).toEqual([expect.objectContaining({ code: 'contacts_unset', message: expect.stringContaining('담당자 미지정') })]);
    publishContacts(c);
    const after = (await c.invoke('documents.status', { applicationId: app.id })).documents.find((d) => d.form === '6')!;
    expect(after.notices).toEqual([]);
    expect(await pdfText(c, app.id, ['6'])).toContain('김담당');
  });
});

describe('signed papers never change', { timeout: 180_000 }, () => {
  it('a sealed quote keeps the supplier block it was sealed with when HQ publishes another; a new quote version (the rep’s change, confirmed) prints the new one', async (ctx) => {
    requireTools(ctx, 'pdftotext');
    const c = (core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true }));
    publishSupplier(c, { ...ktSupplier(), address: '서울특별시 종로구 종로 33' });
    const { app, quote } = await quoted(c);
    await signAreas(c, app.id, 'quote', ['quote-customer'], 'seal');
    const sealed = (await c.invoke('documents.status', { applicationId: app.id })).documents.find((d) => d.form === 'quote')!;

    publishSupplier(c, { ...ktSupplier(), address: '경기도 성남시 분당구 불정로 90' });
    const later = (await c.invoke('documents.status', { applicationId: app.id })).documents.find((d) => d.form === 'quote')!;
    expect(later.versionKey).toBe(sealed.versionKey);
    expect(later.complete).toBe(true);
    expect(squash(await pdfText(c, app.id, ['quote']))).toContain(squash('종로 33'));

    const asked = await c.invoke('quotes.save', { applicationId: app.id, quoteId: quote.quoteId, term: '24m', items: [{ code: 'asp-basic', quantity: 35 }] }).then(
      () => ({ details: { voids: [] as { id: string }[] } }),
      (e: unknown) => e as { details: { voids: { id: string }[] } },
    );
    expect(asked.details.voids).toHaveLength(1);
    await c.invoke('quotes.save', { applicationId: app.id, quoteId: quote.quoteId, term: '24m', items: [{ code: 'asp-basic', quantity: 35 }], confirmVoids: asked.details.voids.map((v) => v.id) });
    const text = squash(await pdfText(c, app.id, ['quote']));
    expect(text).toContain(squash('불정로 90'));
    expect(text).not.toContain(squash('종로 33'));
  });
});
