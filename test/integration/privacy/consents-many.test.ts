import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { marketingWithdrawn, marketingWithdrawnPhones } from '../../../server/privacy/consents';
import { startInProcessHq, type InProcessHq } from '../hq/inprocess';

/**
 * The withdrawn-marketing list past PostgreSQL's parameter limit (65,535): 70,000 customers who
 * agreed to marketing and then withdrew, written straight into a real HQ database on PGlite
 * (generate_series, one statement per kind), read back through the functions the prospect lists
 * and the admin route use.
 */
const N = 70_000;
let hq: InProcessHq;

beforeAll(async () => {
  hq = await startInProcessHq();
  const db = hq.database.db;
  await db.execute(sql`
    insert into records (entity, id, branch_id, version, fields, stamps, seq)
    select 'customer', 'cust-' || g, 0, 1,
      jsonb_build_object('name', '(주)철회' || g, 'businessNumber', lpad(g::text, 10, '0'), 'phone', '02-' || (1000 + g / 10000)::text || '-' || lpad((g % 10000)::text, 4, '0')),
      '{}'::jsonb, nextval('change_seq')
    from generate_series(1, ${N}) g`);
  await db.execute(sql`
    insert into records (entity, id, branch_id, version, fields, stamps, seq)
    select 'consent_event', 'ev-' || k || '-' || g, 0, 1,
      jsonb_build_object('customerId', 'cust-' || g, 'applicationId', 'app-' || g, 'purpose', 'marketing', 'action', k, 'textVersion', 1, 'signatureId', null,
        'at', case when k = 'agree' then '2026-10-01T01:00:00.000Z' else '2026-11-01T01:00:00.000Z' end),
      '{}'::jsonb, nextval('change_seq')
    from generate_series(1, ${N}) g, (values ('agree'), ('withdraw')) as v(k)`);
}, 600_000);
afterAll(async () => {
  await (hq as InProcessHq | undefined)?.close();
});

describe('the withdrawn-marketing list is not bounded by the database parameter limit', { timeout: 600_000 }, () => {
  it('70,000 customers who withdrew marketing consent are all listed, by business number and by phone (one id list as a single parameter, not one placeholder each)', async () => {
    const numbers = await marketingWithdrawn(hq.database.db);
    expect(numbers.size).toBe(N);
    expect(numbers.has('0000070000')).toBe(true);
    const phones = await marketingWithdrawnPhones(hq.database.db);
    expect(phones.size).toBe(N);
    expect(phones.has('0210000001')).toBe(true);
  });
});
