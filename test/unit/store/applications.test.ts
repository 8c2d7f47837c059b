import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { openStore } from '../../../electron/core/store/db';
import { customers } from '../../../electron/core/store/schema';
import { ContractError } from '../../../shared/contract/client';
import { businessNumberFor, sampleApplication, tempDir } from '../../support/fixtures';
import { inOneTransaction } from '../../support/records';

let core: Core | undefined;
afterEach(() => core?.close());

function open(dir = tempDir()): Core {
  core = openCore({ dataDir: dir, host: 'test', validateOutput: true });
  return core;
}

describe('applications in the local store', () => {
  it('a created application is stored as a draft with a UUIDv7 id and comes back field for field', async () => {
    const c = open();
    const input = sampleApplication();
    const created = await c.invoke('applications.create', input);
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created.status).toBe('draft');
    expect(created.revision).toBe(1);
    const fetched = await c.invoke('applications.get', { id: created.id });
    expect(fetched).toEqual(created);
    expect(fetched.customer).toEqual(input.customer);
    expect(fetched.items).toEqual(input.items);
    expect(fetched.seller).toEqual(input.seller);
  });

  it('survive closing and reopening the data folder', async () => {
    const dir = tempDir();
    const first = open(dir);
    const created = await first.invoke('applications.create', sampleApplication());
    first.close();
    const second = open(dir);
    expect(await second.invoke('applications.get', { id: created.id })).toEqual(created);
  });

  it('two applications of one company share one customer record, refreshed by the later one', async () => {
    const c = open();
    await c.invoke('applications.create', sampleApplication());
    const second = await c.invoke('applications.create', sampleApplication({ kind: 'change', customer: { ...sampleApplication().customer, phone: '02-765-4321' } }));
    const list = await c.invoke('customers.list', {});
    expect(list.total).toBe(1);
    expect(list.items[0]!.applicationCount).toBe(2);
    // The list masks the phone number (PIPA, issue 17); the record's own page shows it whole.
    expect(list.items[0]!.phone).toBe('02-***-4321');
    const detail = await c.invoke('customers.get', { id: second.customerId });
    expect(detail.phone).toBe('02-765-4321');
    expect(detail.applications.map((a) => a.kind).sort()).toEqual(['change', 'new']);
  });

  it('an update must name the revision it edited; a stale revision is refused as CONFLICT and changes nothing', async () => {
    const c = open();
    const created = await c.invoke('applications.create', sampleApplication());
    const updated = await c.invoke('applications.update', { id: created.id, revision: 1, application: sampleApplication({ term: '24m' }) });
    expect(updated.revision).toBe(2);
    expect(updated.term).toBe('24m');
    const stale = c.invoke('applications.update', { id: created.id, revision: 1, application: sampleApplication({ term: '12m' }) });
    await expect(stale).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await c.invoke('applications.get', { id: created.id })).term).toBe('24m');
  });

  it('search finds a company by any spelling of its name, by business-number prefix and by service number', async () => {
    const c = open();
    await c.invoke('applications.create', sampleApplication());
    await c.invoke(
      'applications.create',
      sampleApplication({ customer: { ...sampleApplication().customer, name: '주식회사 두리텔레콤', businessNumber: businessNumberFor(555) }, serviceNumber: 'J00001587' }),
    );
    const names = async (query: string) => (await c.invoke('applications.list', { query })).items.map((a) => a.customer.name);
    expect(await names('하나콜')).toEqual(['(주)하나콜센터']);
    expect(await names('㈜ 하나 콜센터')).toEqual(['(주)하나콜센터']);
    expect(await names('두리')).toEqual(['주식회사 두리텔레콤']);
    expect(await names('102-81')).toEqual(['(주)하나콜센터']);
    expect(await names('10281')).toEqual(['(주)하나콜센터']);
    expect(await names('J0000158')).toEqual(['주식회사 두리텔레콤']);
    expect(await names('없는회사')).toEqual([]);
  });

  it('list pages are newest first with an exact total', async () => {
    const c = open();
    for (let i = 0; i < 7; i++) {
      await c.invoke('applications.create', sampleApplication({ customer: { ...sampleApplication().customer, name: `회사${i}`, businessNumber: businessNumberFor(i) } }));
    }
    const page1 = await c.invoke('applications.list', { limit: 5, offset: 0 });
    const page2 = await c.invoke('applications.list', { limit: 5, offset: 5 });
    expect(page1.total).toBe(7);
    expect(page1.items.map((a) => a.customer.name)).toEqual(['회사6', '회사5', '회사4', '회사3', '회사2']);
    expect(page2.items.map((a) => a.customer.name)).toEqual(['회사1', '회사0']);
  });

  it('invalid input is refused with Korean field messages and stores nothing', async () => {
    const c = open();
    const bad = { ...sampleApplication(), customer: { ...sampleApplication().customer, businessNumber: '123-45-67890' } };
    const error = await c.invoke('applications.create', bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).code).toBe('INVALID_INPUT');
    expect((error as ContractError).issues).toEqual([{ path: 'customer.businessNumber', message: expect.stringContaining('검증번호'), key: 'bizno.checkDigit' }]);
    expect((await c.invoke('applications.list', {})).total).toBe(0);
    expect((await c.invoke('customers.list', {})).total).toBe(0);
  });

  it('asking for an unknown id answers NOT_FOUND in Korean', async () => {
    const c = open();
    await expect(c.invoke('applications.get', { id: '01a20829-6412-75d8-ac05-9d85841d445a' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('찾을 수 없습니다'),
    });
  });
});

describe('the single write path', () => {
  it('a write that fails half-way leaves nothing behind', () => {
    const store = openStore({ file: path.join(tempDir(), 's.sqlite') });
    const row = {
      id: '01a20829-6412-75d8-ac05-9d85841d4400',
      name: 'x',
      nameKey: 'x',
      businessNumber: '1028142945',
      representative: 'r',
      address: 'a',
      phone: '02-123-4567',
      createdAt: 'now',
      updatedAt: 'now',
    };
    expect(() =>
      store.write((tx) => {
        tx.insert(customers).values(row).run();
        throw new Error('disk full, say');
      }),
    ).toThrow('disk full');
    expect(store.db.select().from(customers).all()).toEqual([]);
    store.close();
  });

  it('refuses an async callback and rolls back what it wrote before the first await', () => {
    const store = openStore({ file: path.join(tempDir(), 's.sqlite') });
    expect(() =>
      store.write((tx: Parameters<Parameters<typeof store.write>[0]>[0]) => {
        tx.insert(customers).values({ id: 'a', name: 'x', nameKey: 'x', businessNumber: '1', representative: 'r', address: 'a', phone: 'p', createdAt: 'n', updatedAt: 'n' }).run();
        return Promise.resolve();
      }),
    ).toThrow('synchronous');
    expect(store.db.select().from(customers).all()).toEqual([]);
    store.close();
  });

  it('notifies commit listeners once per committed write, and not for a rolled-back one', () => {
    const store = openStore({ file: path.join(tempDir(), 's.sqlite') });
    let commits = 0;
    store.onCommit(() => commits++);
    store.write(() => store.write(() => 1));
    expect(commits).toBe(1);
    expect(() =>
      store.write(() => {
        throw new Error('no');
      }),
    ).toThrow();
    expect(commits).toBe(1);
    store.close();
  });
});

describe('search index', () => {
  it('follows a company rename and finds one- and two-character queries', async () => {
    const c = open();
    const first = await c.invoke('applications.create', sampleApplication());
    await c.invoke('applications.update', { id: first.id, revision: 1, application: sampleApplication({ customer: { ...sampleApplication().customer, name: '(주)별빛텔레콤' } }) });
    const names = async (query: string) => (await c.invoke('applications.list', { query })).items.map((a) => a.customer.name);
    expect(await names('하나')).toEqual([]);
    expect(await names('별빛')).toEqual(['(주)별빛텔레콤']);
    expect(await names('콤')).toEqual(['(주)별빛텔레콤']);
    expect(await names('빛텔')).toEqual(['(주)별빛텔레콤']);
    expect(await names('텔빛')).toEqual([]);
  });

  it('counts a broad match exactly up to 1,000 and then says "1,000 or more"', async () => {
    const c = open();
    const base = sampleApplication();
    // Seeded through the contract in one transaction: the count is the rule here, not the saving.
    await inOneTransaction(c, async () => {
      for (let i = 0; i < 1_005; i++) {
        await c.invoke('applications.create', { ...base, customer: { ...base.customer, name: `하나콜 ${i}`, businessNumber: businessNumberFor(10_000 + i) } });
      }
    });
    const broad = await c.invoke('applications.list', { query: '하나콜' });
    expect(broad).toMatchObject({ total: 1_000, totalCapped: true });
    expect(broad.items).toHaveLength(50);
    const narrow = await c.invoke('applications.list', { query: '하나콜 100' });
    expect(narrow).toMatchObject({ total: 6, totalCapped: false }); // 100, 1000–1004
    expect((await c.invoke('applications.list', {})).total).toBe(1_005);
  });
});
