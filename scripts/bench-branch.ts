/**
 * A branch's records for the benches and tests that fill a device store: as HQ sends them in a
 * pull (the first-sync path: bench:apply, bench:store's pull mode), or as a rep's drafts written on
 * the device (bench:sync, bench:store, bench:hq-restart, test/support/records.ts).
 */
import { newId } from '../electron/core/ids';
import type { Tx } from '../electron/core/store/db';
import { applications, customers } from '../electron/core/store/schema';
import { companySearchKey } from '../shared/search/keys';
import type { Change } from '../shared/sync/protocol';

/** A company of the bench: its customer's name and business number (digits), its one application's seats. */
interface BenchCompany {
  name: string;
  businessNumber: string;
  createdAt: string;
  quantity: number;
  serviceNumber?: string | null;
}

/** One customer and its one draft application written on the device, as the app stores them (its triggers queue two outbox mutations). */
export function insertDraftCompany(tx: Tx, company: BenchCompany): void {
  const { name, businessNumber, createdAt, quantity, serviceNumber = null } = company;
  const customerId = newId();
  tx.insert(customers)
    .values({ id: customerId, name, nameKey: companySearchKey(name), businessNumber, representative: '대표', address: '서울', phone: '02-123-4567', createdAt, updatedAt: createdAt })
    .run();
  tx.insert(applications)
    .values({
      id: newId(),
      customerId,
      kind: 'new',
      term: '36m',
      items: [{ code: 'asp-basic', quantity }],
      seller: { team: '팀', name: '영업', phone: '010-1111-2222' },
      date: '2026-11-22',
      status: 'draft',
      serviceNumber,
      createdAt,
      updatedAt: createdAt,
    })
    .run();
}

/** One customer and its one application (with its service number once HQ gave one): two changes numbered seq + 1 and seq + 2, the parent first. */
export function pulledCompany(seq: number, company: BenchCompany): [Change, Change] {
  const { name, businessNumber, createdAt, quantity, serviceNumber = null } = company;
  const customerId = newId();
  return [
    {
      seq: seq + 1,
      entity: 'customer',
      id: customerId,
      version: 1,
      fields: { name, businessNumber, corporateNumber: null, representative: '대표', address: '서울', phone: '02-123-4567', mobile: null, createdAt, nameHistory: [] },
    },
    {
      seq: seq + 2,
      entity: 'application',
      id: newId(),
      version: 1,
      fields: {
        customerId,
        kind: 'new',
        billing: null,
        term: '36m',
        termEnd: null,
        items: [{ code: 'asp-basic', quantity }],
        seller: { team: '팀', name: '영업', phone: '010-1111-2222' },
        serviceNumber,
        date: '2026-11-22',
        status: 'draft',
        workflow: null,
        createdAt,
        customer: null,
      },
    },
  ];
}
