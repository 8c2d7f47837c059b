/**
 * A branch's records as HQ sends them in a pull, for the benches that fill a device store through
 * the first-sync path (bench:apply, bench:store's pull mode).
 */
import { newId } from '../electron/core/ids';
import type { Change } from '../shared/sync/protocol';

/** One customer and its one application (with its service number once HQ gave one): two changes numbered seq + 1 and seq + 2, the parent first. */
export function pulledCompany(seq: number, company: { name: string; businessNumber: string; createdAt: string; quantity: number; serviceNumber?: string | null }): [Change, Change] {
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
