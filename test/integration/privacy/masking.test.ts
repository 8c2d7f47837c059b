import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { sampleApplication, tempDir } from '../../support/fixtures';

/**
 * Less on screen (issue 17 item 4): lists and search results carry phone numbers and addresses
 * masked; the record's own page carries them whole.
 */
let core: Core | undefined;
afterEach(() => core?.close());

const PHONE = '02-7531-9864';
const ADDRESS = '서울특별시 종로구 세종대로 175, 7층';

describe('masked in lists, whole on the record page', () => {
  it('the customer list and its search answer, and the sync conflict list, carry no full phone number or address; customers.get shows them whole', async () => {
    const c = (core = openCore({ dataDir: tempDir(), host: 'test', validateOutput: true }));
    const app = await c.invoke('applications.create', sampleApplication({ customer: { ...sampleApplication().customer, phone: PHONE, address: ADDRESS } }));
    for (const answer of [await c.invoke('customers.list', {}), await c.invoke('customers.list', { query: '하나' })]) {
      const text = JSON.stringify(answer);
      expect(text).not.toContain(PHONE);
      expect(text).not.toContain('세종대로 175');
      expect(answer.items.map((i) => i.phone)).toContain('02-****-9864');
    }
    c.store.sqlite
      .prepare(
        "INSERT INTO sync_conflicts (id, entity, entity_id, field, yours, theirs, winner, reason, created_at) VALUES ('k1', 'customer', ?, 'phone', ?, '\"02-333-4444\"', 'theirs', 'hq_owned', ?), ('k2', 'customer', ?, 'address', ?, '\"부산광역시 해운대구 센텀로 1\"', 'theirs', 'hq_owned', ?)",
      )
      .run(app.customerId, JSON.stringify(PHONE), new Date().toISOString(), app.customerId, JSON.stringify(ADDRESS), new Date().toISOString());
    const conflicts = await c.invoke('sync.conflicts', {});
    const text = JSON.stringify(conflicts);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain('02-333-4444');
    expect(text).not.toContain('센텀로 1');
    expect(conflicts.find((x) => x.field === 'phone')).toMatchObject({ yours: '02-****-9864', theirs: '02-***-4444' });
    expect(conflicts.find((x) => x.field === 'address')).toMatchObject({ yours: '서울특별시 종로구 ***' });
    const whole = await c.invoke('customers.get', { id: app.customerId });
    expect(whole.phone).toBe(PHONE);
    expect(whole.address).toBe(ADDRESS);
  });
});
