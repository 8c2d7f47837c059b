import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { isCustomerNameDetails } from '../../../shared/domain/customer';
import { sampleApplication, tempDir } from '../../support/fixtures';
import { hqSets, signedSubscription } from '../../support/records';

let core: Core | undefined;
afterEach(() => core?.close());

const open = () => (core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true }));
const named = (name: string) => sampleApplication({ customer: { ...sampleApplication().customer, name } });
const versionOf = async (c: Core, id: string, form: string) => (await c.invoke('documents.status', { applicationId: id })).documents.find((d) => d.form === form)!;

describe('a known business number under another company name', { timeout: 180_000 }, () => {
  it('asks the rep (renamed or a mistake) before anything is written, naming the registered name', async () => {
    const c = open();
    await c.invoke('applications.create', sampleApplication());
    const outbox = (c.store.sqlite.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    const asked = await c.invoke('applications.create', named('(주)새이름콜')).then(
      () => ({ code: 'none', message: '', details: null }),
      (e: unknown) => e as { code: string; message: string; details: unknown },
    );
    expect(asked).toMatchObject({
      code: 'CONFIRM_REQUIRED',
      details: { reason: 'customer_name', registeredName: '(주)하나콜센터', typedName: '(주)새이름콜', applications: 1, businessNumber: '102-81-42945' },
    });
    expect(isCustomerNameDetails(asked.details)).toBe(true);
    expect(asked.message).toContain("'(주)하나콜센터'");
    expect((await c.invoke('applications.list', {})).total).toBe(1);
    expect((c.store.sqlite.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n).toBe(outbox);
  });

  it('renamed: the customer takes the new name with the rename recorded; a draft without signatures follows; a signed or submitted application keeps the name its papers were signed under', async () => {
    const c = open();
    const { app: signed } = await signedSubscription(c);
    await c.invoke('workflow.transition', { applicationId: signed.id, event: 'submit' });
    const form1Before = await versionOf(c, signed.id, '1');
    const draft = await c.invoke('applications.create', sampleApplication({ kind: 'new', date: '2026-11-25' }));

    const renamed = await c.invoke('applications.create', { ...named('(주)새이름콜'), nameChange: 'renamed' });
    expect(renamed.customer.name).toBe('(주)새이름콜');
    const customer = await c.invoke('customers.get', { id: renamed.customerId });
    expect(customer.name).toBe('(주)새이름콜');
    expect(customer.nameHistory).toEqual([expect.objectContaining({ name: '(주)하나콜센터', to: '(주)새이름콜', applicationId: null, device: expect.any(String) })]);
    // The unsigned draft follows the company's new name…
    expect((await c.invoke('applications.get', { id: draft.id })).customer.name).toBe('(주)새이름콜');
    // …the submitted one, and its signed papers, do not.
    expect((await c.invoke('applications.get', { id: signed.id })).customer.name).toBe('(주)하나콜센터');
    const form1After = await versionOf(c, signed.id, '1');
    expect(form1After.versionKey).toBe(form1Before.versionKey);
    expect(form1After.complete).toBe(true);
    const list = await c.invoke('applications.list', {});
    expect(list.items.find((i) => i.id === signed.id)!.customer.name).toBe('(주)하나콜센터');
    // The rename reaches HQ with the customer record.
    const queued = c.store.sqlite.prepare("SELECT fields FROM outbox WHERE entity = 'customer' ORDER BY seq DESC LIMIT 1").get() as { fields: string };
    expect(JSON.parse(queued.fields)).toMatchObject({ name: '(주)새이름콜', nameHistory: [expect.objectContaining({ name: '(주)하나콜센터' })] });
  });

  it('a mistake: the registered name is kept, on the new application too, and nothing else changes', async () => {
    const c = open();
    const first = await c.invoke('applications.create', sampleApplication());
    const second = await c.invoke('applications.create', { ...named('(주)하나콜쎈타'), nameChange: 'mistake' });
    expect(second.customer.name).toBe('(주)하나콜센터');
    expect((await c.invoke('customers.get', { id: first.customerId })).nameHistory).toEqual([]);
    expect((await c.invoke('applications.get', { id: first.id })).customer.name).toBe('(주)하나콜센터');
  });

  it('the same name written another way ((주) or 주식회사) asks nothing; correcting the only application of a company asks nothing', async () => {
    const c = open();
    const first = await c.invoke('applications.create', sampleApplication());
    await c.invoke('applications.create', named('주식회사 하나콜센터'));
    // The first application still says what it said.
    expect((await c.invoke('applications.get', { id: first.id })).customer.name).toBe('(주)하나콜센터');

    const other = await c.invoke('applications.create', sampleApplication({ customer: { ...sampleApplication().customer, name: '(주)오타콜', businessNumber: '220-81-62517' } }));
    const fixed = await c.invoke('applications.update', {
      id: other.id,
      revision: other.revision,
      application: sampleApplication({ customer: { ...sampleApplication().customer, name: '(주)바른콜', businessNumber: '220-81-62517' } }),
    });
    expect(fixed.customer.name).toBe('(주)바른콜');
  });

  it('editing a draft to another name asks too, when another application shows the registered one; the answer travels with the update', async () => {
    const c = open();
    await c.invoke('applications.create', sampleApplication());
    const draft = await c.invoke('applications.create', sampleApplication({ date: '2026-11-30' }));
    await expect(c.invoke('applications.update', { id: draft.id, revision: draft.revision, application: named('(주)새이름콜') })).rejects.toMatchObject({
      code: 'CONFIRM_REQUIRED',
      details: { reason: 'customer_name' },
    });
    const kept = await c.invoke('applications.update', { id: draft.id, revision: draft.revision, application: named('(주)새이름콜'), nameChange: 'mistake' });
    expect(kept.customer.name).toBe('(주)하나콜센터');
  });

  it('a pulled application that HQ holds as processed keeps its own name when the company is renamed on this device', async () => {
    const c = open();
    const processed = await c.invoke('applications.create', sampleApplication({ serviceNumber: 'J00001587' }));
    hqSets(c, processed.id, 'active');
    await c.invoke('applications.create', { ...named('(주)새이름콜'), nameChange: 'renamed' });
    expect((await c.invoke('applications.get', { id: processed.id })).customer.name).toBe('(주)하나콜센터');
  });
});
