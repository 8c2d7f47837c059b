import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Core } from '../../../electron/core/core';
import { ContractError } from '../../../shared/contract/client';
import { q } from '../../../server/db/open';
import type { InProcessHq } from '../hq/inprocess';
import { startHqAndDevice, type HqAndDevice } from '../../support/hq-device';
import { businessNumberFor, sampleApplication } from '../../support/fixtures';
import { b64, hqSets } from '../../support/records';
import { signaturePng } from '../documents/tools';

/**
 * Issue 11 item 10, in the core: a draft is deleted with its children, recorded in the outbox
 * and sent to a real HQ (in-process, PGlite) as deletions; anything past draft stays a record;
 * the list filters by status and date and finds a 대표자, a phone number and part of a service number.
 */
let hq: InProcessHq;
let core: Core;
let env: HqAndDevice | undefined;

beforeAll(async () => {
  ({ hq, core } = env = await startHqAndDevice({ branch: '강북지사', rep: '김영업', name: '강북-김영업', dataDirPrefix: 'finding-work-' }));
});
afterAll(() => env?.close());

const app = (n: number, extra: Partial<ReturnType<typeof sampleApplication>> = {}, customer: Partial<ReturnType<typeof sampleApplication>['customer']> = {}) =>
  sampleApplication({ ...extra, customer: { ...sampleApplication().customer, businessNumber: businessNumberFor(n), ...customer } });

const outboxOps = (entityId: string) => core.store.sqlite.prepare('SELECT entity, op FROM outbox WHERE entity_id = ? ORDER BY seq').all(entityId) as { entity: string; op: string }[];

async function refusal(p: Promise<unknown>): Promise<ContractError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ContractError);
  return e as ContractError;
}

describe('deleting a draft', () => {
  it('a draft with an attachment, already at HQ, is deleted with its attachment link, recorded as outbox deletions, and HQ marks both deleted', async () => {
    const draft = await core.invoke('applications.create', app(301));
    await core.invoke('attachments.add', { applicationId: draft.id, purpose: 'businessRegistration', fileName: '사업자등록증.png', base64: b64(signaturePng()) });
    const linkId = (await core.invoke('documents.status', { applicationId: draft.id })).attachments[0]!.id;
    await core.ctx.sync.engine.sync();
    expect(core.ctx.sync.engine.counts().queued).toBe(0);

    // The form the rep deletes from shows the record as it is now (a pull may have moved its revision).
    const shown = await core.invoke('applications.get', { id: draft.id });
    await core.invoke('applications.discard', { id: draft.id, revision: shown.revision });

    expect((await refusal(core.invoke('applications.get', { id: draft.id }))).code).toBe('NOT_FOUND');
    expect((await core.invoke('applications.list', { query: businessNumberFor(301), limit: 10, offset: 0 })).total).toBe(0);
    expect(outboxOps(draft.id).at(-1)).toEqual({ entity: 'application', op: 'delete' });
    expect(outboxOps(linkId).at(-1)).toEqual({ entity: 'application_attachment', op: 'delete' });

    await core.ctx.sync.engine.sync();
    expect(core.ctx.sync.engine.counts()).toEqual({ queued: 0, sent: 0, rejected: 0 });
    const atHq = await q<{ entity: string; deleted: boolean }>(hq.database.db, sql`select entity, deleted from records where id in (${draft.id}, ${linkId}) order by entity`);
    expect(atHq).toEqual([
      { entity: 'application', deleted: true },
      { entity: 'application_attachment', deleted: true },
    ]);
    // The tombstone pulled back does not bring the draft back.
    await core.ctx.sync.engine.sync();
    expect((await refusal(core.invoke('applications.get', { id: draft.id }))).code).toBe('NOT_FOUND');
  }, 60_000);

  it('a quoted application is not deleted: NOT_ALLOWED says it stays a record, and nothing is written', async () => {
    const quoted = await core.invoke('applications.create', app(302));
    await core.invoke('quotes.save', { applicationId: quoted.id, term: '36m', items: [{ code: 'asp-basic', quantity: 12 }], validDays: 30 });
    const current = await core.invoke('applications.get', { id: quoted.id });
    const before = (core.store.sqlite.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
    const e = await refusal(core.invoke('applications.discard', { id: quoted.id, revision: current.revision }));
    expect(e.code).toBe('NOT_ALLOWED');
    expect(e.message).toContain('작성 중인 청약만 삭제할 수 있습니다');
    expect((core.store.sqlite.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n).toBe(before);
    expect((await core.invoke('applications.get', { id: quoted.id })).id).toBe(quoted.id);
  });

  it('a draft edited elsewhere since the rep opened it is not deleted (CONFLICT), nor is an unknown id, nor a malformed request', async () => {
    const draft = await core.invoke('applications.create', app(303));
    await core.invoke('applications.update', { id: draft.id, revision: draft.revision, application: { ...app(303), term: '24m' } });
    expect((await refusal(core.invoke('applications.discard', { id: draft.id, revision: draft.revision }))).code).toBe('CONFLICT');
    expect((await core.invoke('applications.get', { id: draft.id })).term).toBe('24m');
    expect((await refusal(core.invoke('applications.discard', { id: '01900000-0000-7000-8000-00000000abcd', revision: 1 }))).code).toBe('NOT_FOUND');
    const bad = await refusal(core.invoke('applications.discard', { id: draft.id, revision: 0 }));
    expect(bad.code).toBe('INVALID_INPUT');
  });
});

describe('finding work in the list', () => {
  it('finds an application by 대표자, by part of the phone number and by the digits of a service number; filters by status and 신청일 range', async () => {
    const a = await core.invoke('applications.create', app(311, { date: '2026-10-05' }, { name: '(주)찾기테스트', representative: '남궁민수', phone: '031-987-6543' }));
    const b = await core.invoke('applications.create', app(312, { date: '2026-11-20' }, { name: '(주)두번째찾기', representative: '서지혜', phone: '02-555-0101' }));
    hqSets(core, b.id, 'provisioning', 'J00917364');
    const ids = async (filter: Record<string, unknown>) => (await core.invoke('applications.list', { limit: 50, offset: 0, ...filter })).items.map((i) => i.id);

    expect(await ids({ query: '남궁민수' })).toEqual([a.id]);
    expect(await ids({ query: '남궁' })).toEqual([a.id]);
    expect(await ids({ query: '987-65' })).toEqual([]); // no leading 0: a business-number prefix, not a phone
    expect(await ids({ query: '031-987' })).toEqual([a.id]);
    expect(await ids({ query: '0319876543' })).toEqual([a.id]);
    expect(await ids({ query: '917364' })).toEqual([b.id]);
    expect(await ids({ query: 'J00917' })).toEqual([b.id]);
    // The customers list finds the 대표자 and the phone as well.
    expect((await core.invoke('customers.list', { query: '서지혜', limit: 10, offset: 0 })).items.map((c) => c.name)).toEqual(['(주)두번째찾기']);
    expect((await core.invoke('customers.list', { query: '02-555', limit: 10, offset: 0 })).items.map((c) => c.name)).toEqual(['(주)두번째찾기']);

    expect(await ids({ status: 'provisioning', query: '찾기' })).toEqual([b.id]);
    expect(await ids({ query: '찾기', dateFrom: '2026-10-01', dateTo: '2026-10-31' })).toEqual([a.id]);
    expect(await ids({ query: '찾기', dateFrom: '2026-11-20' })).toEqual([b.id]);
    expect(await ids({ query: '찾기', dateTo: '2026-11-20' })).toEqual([b.id, a.id]);

    const backwards = await refusal(core.invoke('applications.list', { dateFrom: '2026-12-01', dateTo: '2026-11-01', limit: 10, offset: 0 }));
    expect(backwards.code).toBe('INVALID_INPUT');
    expect(backwards.message).toContain('시작일이 종료일보다 늦습니다');
    const notADate = await refusal(core.invoke('applications.list', { dateFrom: '2026-02-30', limit: 10, offset: 0 }));
    expect(notADate.message).toContain('YYYY-MM-DD');
  });
});
