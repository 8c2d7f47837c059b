import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { sampleApplication, tempDir } from '../../support/fixtures';

let core: Core | undefined;
afterEach(() => core?.close());

async function withApplication() {
  core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true });
  const app = await core.invoke('applications.create', sampleApplication({ term: '12m', items: [{ code: 'asp-basic', quantity: 5 }] }));
  return { core, app };
}

describe('quote versions', () => {
  it('saving a quote prices it, stamps the catalog id and version, and moves the application to quoted with the same term and items', async () => {
    const { core: c, app } = await withApplication();
    const saved = await c.invoke('quotes.save', {
      applicationId: app.id,
      term: '36m',
      items: [
        { code: 'asp-basic', quantity: 30 },
        { code: 'recording', quantity: 30 },
      ],
    });
    expect(saved.latestVersion).toBe(1);
    expect(saved.version.catalog).toEqual({ id: 'kt-bizmeka-2014', version: '2014.07' });
    expect(saved.version.result.monthly).toEqual({ supply: 5_400_000, vat: 540_000, total: 5_940_000 });
    expect(saved.version.approval.status).toBe('not_required');
    const after = await c.invoke('applications.get', { id: app.id });
    expect(after).toMatchObject({
      status: 'quoted',
      term: '36m',
      items: [
        { code: 'asp-basic', quantity: 30 },
        { code: 'recording', quantity: 30 },
      ],
      revision: 2,
    });
  });

  it('editing makes the next version and leaves the earlier one exactly as it was', async () => {
    const { core: c, app } = await withApplication();
    const v1 = await c.invoke('quotes.save', { applicationId: app.id, term: '36m', items: [{ code: 'asp-basic', quantity: 30 }] });
    const v2 = await c.invoke('quotes.save', { applicationId: app.id, quoteId: v1.quoteId, term: '24m', items: [{ code: 'asp-basic', quantity: 50 }] });
    expect(v2.latestVersion).toBe(2);
    expect(v2.versions.map((v) => v.version)).toEqual([2, 1]);
    const again = await c.invoke('quotes.get', { quoteId: v1.quoteId, version: 1 });
    expect(again.version).toEqual(v1.version);
    expect(again.version.result.monthly.supply).toBe(30 * 160_000);
  });

  it('a stored version cannot be changed or deleted, even by SQL', async () => {
    const { core: c, app } = await withApplication();
    const v1 = await c.invoke('quotes.save', { applicationId: app.id, term: '36m', items: [{ code: 'asp-basic', quantity: 30 }] });
    const sqlite = c.store.sqlite;
    expect(() => sqlite.prepare("UPDATE quote_versions SET term = '12m' WHERE id = ?").run(v1.version.id)).toThrow(/never changes/);
    expect(() => sqlite.prepare('DELETE FROM quote_versions WHERE id = ?').run(v1.version.id)).toThrow(/kept for the record/);
    // HQ's approval decision is the one thing that may be recorded later.
    sqlite.prepare("UPDATE quote_versions SET approval_status = 'approved' WHERE id = ?").run(v1.version.id);
  });

  it('a quote under 10 seats or with a negotiated item waits for HQ approval, with the reasons', async () => {
    const { core: c, app } = await withApplication();
    const saved = await c.invoke('quotes.save', {
      applicationId: app.id,
      term: '36m',
      items: [
        { code: 'asp-basic', quantity: 5 },
        { code: 'agent', quantity: 5, unitPrice: 2_500_000 },
      ],
    });
    expect(saved.version.approval.status).toBe('pending');
    expect(saved.version.result.approvalReasons).toEqual(expect.arrayContaining(['MIN_SEATS', 'NEGOTIATED']));
    const listed = await c.invoke('quotes.list', {});
    expect(listed.items[0]).toMatchObject({ approvalStatus: 'pending', customerName: '(주)하나콜센터', latestVersion: 1 });
  });

  it('an unknown product is refused before anything is saved', async () => {
    const { core: c, app } = await withApplication();
    await expect(c.invoke('quotes.save', { applicationId: app.id, term: '36m', items: [{ code: 'fax', quantity: 1 }] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await c.invoke('quotes.list', {})).total).toBe(0);
    expect((await c.invoke('applications.get', { id: app.id })).status).toBe('draft');
  });
});
