import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { applyHqChange, type FieldStamp, type StoredRecord } from '../../shared/sync/merge';
import { STATUS_REASON_REQUIRED, hqTransition, transitionsOutOf } from '../../shared/sync/ownership';
import {
  HQ_CONTACTS_ID,
  HQ_SUPPLIER_ID,
  SYNC_LIMITS,
  catalogRecordId,
  type Fields,
  type JsonValue,
  type adminApplicationSchema,
  type adminQuoteSchema,
  type contactSchema,
  type supplierPublishSchema,
  type enrollmentCodeResponseSchema,
  type publishResponseSchema,
  type quoteDecisionResponseSchema,
  type setStatusResponseSchema,
  type soProcessResponseSchema,
  type statsResponseSchema,
} from '../../shared/sync/protocol';
import { STATUS_LABELS, type ApplicationStatus } from '../../shared/domain/status';
import { forgetDevice, newEnrollmentCode, normalizeEnrollmentCode, sha256Hex } from '../auth';
import { HQ_BRANCH_ID, HQ_BRANCH_NAME, q, writeTx, type Database, type Executor, type HqTx } from '../db/open';
import { HttpError } from '../http';
import { stableJson } from '../../shared/stable-json';
import { ADMIN_TOKEN_ACTOR, audit, type Actor } from '../console/audit';

/**
 * What HQ does through the admin API and the console. Every change to a synced record goes through
 * `writeTx` and gets a change number, so it reaches the branch's devices on their next pull. Every
 * change is written to the audit log in the same transaction, attributed to `actor` (a console
 * account, or the admin token when none is given).
 */

interface LoadedRecord extends StoredRecord {
  branchId: number;
}

async function loadRecord(tx: HqTx, entity: string, id: string): Promise<LoadedRecord | undefined> {
  const rows = await q<{ branch_id: number; version: number; fields: Fields; stamps: Record<string, FieldStamp>; deleted: boolean }>(
    tx,
    sql`select branch_id, version, fields, stamps, deleted from records where entity = ${entity} and id = ${id} for update`,
  );
  const row = rows[0];
  return row && { branchId: row.branch_id, version: row.version, fields: row.fields, stamps: row.stamps, deleted: row.deleted };
}

export async function saveRecord(tx: HqTx, entity: string, id: string, branchId: number, record: StoredRecord): Promise<void> {
  await tx.execute(sql`
    insert into records (entity, id, branch_id, version, fields, stamps, deleted, seq)
    values (${entity}, ${id}, ${branchId}, ${record.version}, ${JSON.stringify(record.fields)}::jsonb,
            ${JSON.stringify(record.stamps)}::jsonb, ${record.deleted}, nextval('change_seq'))
    on conflict (entity, id) do update set
      version = excluded.version, fields = excluded.fields, stamps = excluded.stamps,
      deleted = excluded.deleted, seq = excluded.seq, updated_at = now()`);
}

const notFound = (what: string, id: string) => new HttpError('NOT_FOUND', `${what}(${id})을(를) 찾을 수 없습니다. ID를 확인하세요 (기기에서 아직 동기화하지 않았을 수도 있습니다).`);

const statusLabel = (s: unknown) => (typeof s === 'string' && s in STATUS_LABELS ? STATUS_LABELS[s as ApplicationStatus].ko : '없음');

// ---------------------------------------------------------------------------------------------

export async function createEnrollmentCode(
  database: Database,
  input: { branch: string; rep: string; ttlSeconds?: number | undefined },
  actor: Actor = ADMIN_TOKEN_ACTOR,
): Promise<z.output<typeof enrollmentCodeResponseSchema>> {
  if (input.branch === HQ_BRANCH_NAME) {
    throw new HttpError('INVALID_INPUT', `'${HQ_BRANCH_NAME}'은(는) HQ 공통 데이터용 이름이라 지사 이름으로 쓸 수 없습니다. 다른 지사 이름을 입력하세요.`);
  }
  const code = newEnrollmentCode();
  const ttl = input.ttlSeconds ?? SYNC_LIMITS.enrollmentCodeDefaultTtlSeconds;
  const expiresAt = new Date(Date.now() + ttl * 1000).toISOString();
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`insert into branches (name) values (${input.branch}) on conflict (name) do nothing`);
    const branch = (await q<{ id: number }>(tx, sql`select id from branches where name = ${input.branch}`))[0]!;
    await tx.execute(sql`insert into reps (branch_id, name) values (${branch.id}, ${input.rep}) on conflict (branch_id, name) do nothing`);
    const rep = (await q<{ id: number }>(tx, sql`select id from reps where branch_id = ${branch.id} and name = ${input.rep}`))[0]!;
    await tx.execute(sql`insert into enrollment_codes (code_hash, branch_id, rep_id, expires_at) values (${sha256Hex(normalizeEnrollmentCode(code))}, ${branch.id}, ${rep.id}, ${expiresAt})`);
    // The code itself is a credential: the log keeps who it was for and until when, never the code.
    await audit(tx, actor, { action: 'enrollment_code.create', targetKind: 'rep', targetId: `${input.branch}/${input.rep}`, after: { branch: input.branch, rep: input.rep, expiresAt } });
  });
  return { code, expiresAt, branch: input.branch, rep: input.rep };
}

export async function listApplications(database: Database, filter: { branch?: string | undefined; status?: string | undefined }): Promise<z.output<typeof adminApplicationSchema>[]> {
  const rows = await q<{ id: string; branch: string; customer_name: string | null; status: string | null; service_number: string | null }>(
    database.db,
    sql`
      select a.id, b.name as branch,
             coalesce(a.fields->'customer'->>'name', c.fields->>'name') as customer_name,
             a.fields->>'status' as status, a.fields->>'serviceNumber' as service_number
      from records a
      join branches b on b.id = a.branch_id
      left join records c on c.entity = 'customer' and c.id = a.fields->>'customerId'
      where a.entity = 'application' and not a.deleted
        ${filter.branch !== undefined ? sql`and b.name = ${filter.branch}` : sql``}
        ${filter.status !== undefined ? sql`and a.fields->>'status' = ${filter.status}` : sql``}
      order by a.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    branch: r.branch,
    customer: { name: r.customer_name },
    status: r.status,
    serviceNumber: r.service_number,
  }));
}

/** Statuses from which HQ may S/O-process an application it holds. */
const BEFORE_SO = ['draft', 'quoted', 'signed', 'submitted'] as const;

const formatServiceNumber = (n: number) => `J${String(n).padStart(8, '0')}`;

/**
 * S/O 처리: an application HQ has received gets status so_processed; a new subscription gets the
 * next service number J########. Processing it again answers the same number and changes
 * nothing. Usually the rep has submitted it; HQ may also process one the device has not marked
 * submitted yet (the signed papers reached HQ another way) — the rep then sees HQ's note. A change
 * or termination keeps the service number it quotes, which must be one HQ issued to this branch.
 */
export async function soProcess(database: Database, id: string, actor: Actor = ADMIN_TOKEN_ACTOR): Promise<z.output<typeof soProcessResponseSchema>> {
  return writeTx(database.db, async (tx) => {
    const rec = await loadRecord(tx, 'application', id);
    if (!rec || rec.deleted) throw notFound('청약', id);
    const assigned = (await q<{ number: string }>(tx, sql`select number from service_numbers where application_id = ${id}`))[0];
    if (assigned) return { serviceNumber: assigned.number, alreadyProcessed: true };

    const status = typeof rec.fields.status === 'string' ? rec.fields.status : 'draft';
    const kind = rec.fields.kind;
    const quoted = typeof rec.fields.serviceNumber === 'string' ? rec.fields.serviceNumber : undefined;
    if (!(BEFORE_SO as readonly string[]).includes(status)) {
      if (kind !== 'new' && quoted && status !== 'rejected') return { serviceNumber: quoted, alreadyProcessed: true };
      throw new HttpError(
        'CONFLICT',
        `'${statusLabel(status)}' 상태의 청약은 S/O 처리할 수 없습니다. ${status === 'rejected' ? '반려된 청약은 영업대표가 고쳐 다시 제출해야 합니다.' : '이미 S/O 처리 이후 단계입니다.'}`,
        { status },
      );
    }
    let serviceNumber: string;
    if (kind === 'change' || kind === 'termination') {
      if (!quoted) {
        throw new HttpError('CONFLICT', '변경·해지 청약에 대상 서비스번호가 없습니다. 영업대표에게 서비스번호(J########)를 입력해 다시 제출하도록 요청하세요.');
      }
      const issued = (
        await q<{ branch_id: number }>(tx, sql`select r.branch_id from service_numbers s join records r on r.entity = 'application' and r.id = s.application_id where s.number = ${quoted}`)
      )[0];
      if (issued?.branch_id !== rec.branchId) {
        throw new HttpError(
          'CONFLICT',
          `이 ${kind === 'change' ? '변경' : '해지'} 청약의 서비스번호 ${quoted}은(는) 이 지사에 부여된 번호가 아닙니다. 영업대표에게 가입 중인 서비스번호를 확인해 고치도록 요청하세요.`,
          { serviceNumber: quoted },
        );
      }
      serviceNumber = quoted;
    } else {
      // nextval is an int8: node-postgres answers it as a string, PGlite as a number.
      const next = (await q<{ n: string | number }>(tx, sql`select nextval('service_number_seq') as n`))[0]!;
      serviceNumber = formatServiceNumber(Number(next.n));
      await tx.execute(sql`insert into service_numbers (number, application_id) values (${serviceNumber}, ${id})`);
    }
    const note = status === 'submitted' ? null : `본사가 제출 전(${statusLabel(status)}) 청약을 S/O 처리했습니다. 서명·서류는 본사가 따로 받았습니다.`;
    const { record } = applyHqChange(rec, { status: 'so_processed', serviceNumber, statusReason: note, statusChangedAt: new Date().toISOString() }, Date.now());
    await saveRecord(tx, 'application', id, rec.branchId, record);
    await audit(tx, actor, {
      action: 'application.so_process',
      targetKind: 'application',
      targetId: id,
      before: { status, serviceNumber: quoted ?? null },
      after: { status: 'so_processed', serviceNumber },
    });
    return { serviceNumber, alreadyProcessed: false };
  });
}

/**
 * HQ moves an application one step along its lifecycle (shared/lifecycle/machine.ts): its own
 * steps (반려, 이용 중, 직권해지) and, on the rep's behalf, the rep's. S/O processing has its own
 * command because it also assigns the service number.
 */
export async function setApplicationStatus(
  database: Database,
  id: string,
  input: { status: ApplicationStatus; reason?: string | undefined },
  actor: Actor = ADMIN_TOKEN_ACTOR,
): Promise<z.output<typeof setStatusResponseSchema>> {
  if (input.status === 'so_processed') {
    throw new HttpError('INVALID_INPUT', 'S/O 처리는 서비스번호를 함께 부여하는 so-process 명령으로 하세요.');
  }
  return writeTx(database.db, async (tx) => {
    const rec = await loadRecord(tx, 'application', id);
    if (!rec || rec.deleted) throw notFound('청약', id);
    const from = (rec.fields.status ?? 'draft') as ApplicationStatus;
    if (from === input.status) return { id, status: input.status, version: rec.version, unchanged: true };
    const step = hqTransition(from, input.status, rec.fields.kind);
    if (!step) {
      const next = [
        ...new Set(
          transitionsOutOf(from, rec.fields.kind)
            .filter((t) => t.to !== 'so_processed')
            .map((t) => statusLabel(t.to)),
        ),
      ];
      throw new HttpError('CONFLICT', `'${statusLabel(from)}' 상태의 청약은 '${statusLabel(input.status)}'(으)로 바꿀 수 없습니다. 지금 가능한 상태: ${next.length ? next.join(', ') : '없음'}.`, {
        from,
      });
    }
    if (STATUS_REASON_REQUIRED.includes(input.status) && !input.reason) {
      throw new HttpError('INVALID_INPUT', `'${statusLabel(input.status)}'(으)로 바꾸려면 사유(reason)를 입력하세요. 영업대표에게 그대로 보입니다.`);
    }
    const { record } = applyHqChange(rec, { status: input.status, statusReason: input.reason ?? null, statusChangedAt: new Date().toISOString() }, Date.now());
    await saveRecord(tx, 'application', id, rec.branchId, record);
    await audit(tx, actor, {
      action: 'application.status',
      targetKind: 'application',
      targetId: id,
      before: { status: from, statusReason: rec.fields.statusReason ?? null },
      after: { status: input.status, statusReason: input.reason ?? null },
    });
    return { id, status: input.status, version: record.version, unchanged: false };
  });
}

/** Publishes a catalog as the next version (`catalog-v<n>`), unless it equals the latest. */
export async function publishCatalog(database: Database, catalog: Record<string, JsonValue>, actor: Actor = ADMIN_TOKEN_ACTOR): Promise<z.output<typeof publishResponseSchema>> {
  const hash = sha256Hex(stableJson(catalog));
  return writeTx(database.db, async (tx) => {
    const latest = (
      await q<{ version: number; sha256: string }>(
        tx,
        sql`select (fields->>'catalogVersion')::int as version, fields->>'sha256' as sha256 from records
            where entity = 'catalog' and branch_id = ${HQ_BRANCH_ID} order by (fields->>'catalogVersion')::int desc limit 1`,
      )
    )[0];
    if (latest?.sha256 === hash) return { id: catalogRecordId(latest.version), version: latest.version, unchanged: true };
    const version = (latest?.version ?? 0) + 1;
    const id = catalogRecordId(version);
    const fields: Fields = { catalogVersion: version, sha256: hash, publishedAt: new Date().toISOString(), catalog };
    await saveRecord(tx, 'catalog', id, HQ_BRANCH_ID, { version: 1, fields, stamps: {}, deleted: false });
    await audit(tx, actor, {
      action: 'catalog.publish',
      targetKind: 'catalog',
      targetId: id,
      before: latest ? { catalogVersion: latest.version, sha256: latest.sha256 } : null,
      after: { catalogVersion: version, sha256: hash, id: catalog.id ?? null, version: catalog.version ?? null, effectiveDate: catalog.effectiveDate ?? null },
    });
    return { id, version, unchanged: false };
  });
}

/** Publishes the contact list (form #6) as one HQ record that every device pulls. */
export async function publishContacts(database: Database, contacts: z.output<typeof contactSchema>[], actor: Actor = ADMIN_TOKEN_ACTOR): Promise<z.output<typeof publishResponseSchema>> {
  const hash = sha256Hex(stableJson(contacts));
  return writeTx(database.db, async (tx) => {
    const rec = await loadRecord(tx, 'contacts', HQ_CONTACTS_ID);
    if (rec?.fields.sha256 === hash) return { id: HQ_CONTACTS_ID, version: rec.version, unchanged: true };
    const version = (rec?.version ?? 0) + 1;
    const fields: Fields = { contactsVersion: version, sha256: hash, publishedAt: new Date().toISOString(), contacts };
    await saveRecord(tx, 'contacts', HQ_CONTACTS_ID, HQ_BRANCH_ID, { version, fields, stamps: {}, deleted: false });
    await audit(tx, actor, {
      action: 'contacts.publish',
      targetKind: 'contacts',
      targetId: HQ_CONTACTS_ID,
      before: rec ? { contactsVersion: rec.version, contacts: rec.fields.contacts ?? null } : null,
      after: { contactsVersion: version, contacts },
    });
    return { id: HQ_CONTACTS_ID, version, unchanged: false };
  });
}

/** Publishes the supplier block (공급자: KT's company facts) of quotes and contracts as one HQ record. */
export async function publishSupplier(database: Database, supplier: z.output<typeof supplierPublishSchema>, actor: Actor = ADMIN_TOKEN_ACTOR): Promise<z.output<typeof publishResponseSchema>> {
  const hash = sha256Hex(stableJson(supplier));
  return writeTx(database.db, async (tx) => {
    const rec = await loadRecord(tx, 'supplier', HQ_SUPPLIER_ID);
    if (rec?.fields.sha256 === hash) return { id: HQ_SUPPLIER_ID, version: rec.version, unchanged: true };
    const version = (rec?.version ?? 0) + 1;
    const fields: Fields = { supplierVersion: version, sha256: hash, publishedAt: new Date().toISOString(), supplier };
    await saveRecord(tx, 'supplier', HQ_SUPPLIER_ID, HQ_BRANCH_ID, { version, fields, stamps: {}, deleted: false });
    await audit(tx, actor, { action: 'supplier.publish', targetKind: 'supplier', targetId: HQ_SUPPLIER_ID, before: rec?.fields.supplier ?? null, after: { supplierVersion: version, supplier } });
    return { id: HQ_SUPPLIER_ID, version, unchanged: false };
  });
}

/** Quote versions (견적 버전), optionally by approval state: what HQ confirms or refuses. */
export async function listQuotes(database: Database, approval: string | undefined): Promise<z.output<typeof adminQuoteSchema>[]> {
  const rows = await q<{ id: string; quote_id: string | null; quote_version: number | null; branch: string; required: boolean | null; approval: string | null; version: number }>(
    database.db,
    sql`
      select r.id, r.fields->>'quoteId' as quote_id, (r.fields->>'version')::int as quote_version, b.name as branch,
             (r.fields->>'approvalRequired')::boolean as required, r.fields->>'approvalStatus' as approval, r.version
      from records r join branches b on b.id = r.branch_id
      where r.entity = 'quote_version' and not r.deleted
        ${approval === undefined ? sql`` : sql`and r.fields->>'approvalStatus' = ${approval}`}
      order by r.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    quoteId: r.quote_id,
    quoteVersion: r.quote_version,
    branch: r.branch,
    approvalRequired: r.required === true,
    approvalStatus: r.approval,
    version: r.version,
  }));
}

/** The quote version `id` names: a quote version, or a quote (then its latest version). */
async function quoteVersionFor(tx: HqTx, id: string): Promise<{ id: string; rec: LoadedRecord } | undefined> {
  const direct = await loadRecord(tx, 'quote_version', id);
  if (direct && !direct.deleted) return { id, rec: direct };
  const latest = (
    await q<{ id: string }>(
      tx,
      sql`select id from records where entity = 'quote_version' and not deleted and fields->>'quoteId' = ${id}
          order by (fields->>'version')::int desc nulls last, id desc limit 1`,
    )
  )[0];
  if (!latest) return undefined;
  const rec = await loadRecord(tx, 'quote_version', latest.id);
  return rec && { id: latest.id, rec };
}

/** Approves or refuses a quote version that asked for HQ approval (below list price, negotiated
 * items, exceptions). Deciding the same way again changes nothing. */
export async function decideQuote(
  database: Database,
  id: string,
  decision: 'approved' | 'refused',
  reason: string | undefined,
  actor: Actor = ADMIN_TOKEN_ACTOR,
): Promise<z.output<typeof quoteDecisionResponseSchema>> {
  return writeTx(database.db, async (tx) => {
    const found = await quoteVersionFor(tx, id);
    if (!found) throw notFound('견적', id);
    const { rec } = found;
    if (rec.fields.approvalRequired !== true) {
      throw new HttpError('CONFLICT', '이 견적은 본사 승인이 필요한 견적이 아닙니다. 견적 ID와 버전을 확인하세요.', {
        approvalStatus: rec.fields.approvalStatus ?? null,
      });
    }
    if (rec.fields.approvalStatus === decision && (rec.fields.approvalReason ?? null) === (reason ?? null)) {
      return { id: found.id, approvalStatus: decision, version: rec.version, unchanged: true };
    }
    const { record } = applyHqChange(rec, { approvalStatus: decision, approvalReason: reason ?? null, approvalDecidedAt: new Date().toISOString() }, Date.now());
    await saveRecord(tx, 'quote_version', found.id, rec.branchId, record);
    await audit(tx, actor, {
      action: decision === 'approved' ? 'quote.approve' : 'quote.refuse',
      targetKind: 'quote_version',
      targetId: found.id,
      before: { approvalStatus: rec.fields.approvalStatus ?? null, approvalReason: rec.fields.approvalReason ?? null },
      after: { approvalStatus: decision, approvalReason: reason ?? null },
    });
    return { id: found.id, approvalStatus: decision, version: record.version, unchanged: false };
  });
}

export async function revokeDevice(database: Database, id: string, actor: Actor = ADMIN_TOKEN_ACTOR): Promise<{ id: string; revoked: true }> {
  const revoked = await database.db.transaction(async (tx) => {
    const before = (await q<{ revoked_at: string | null }>(tx, sql`select revoked_at from devices where id = ${id} for update`))[0];
    if (!before) throw notFound('기기', id);
    if (before.revoked_at === null) {
      await tx.execute(sql`update devices set revoked_at = now() where id = ${id}`);
      await audit(tx, actor, { action: 'device.revoke', targetKind: 'device', targetId: id, before: { revoked: false }, after: { revoked: true } });
    }
    return { id, revoked: true as const };
  });
  // Committed: the device's next request is looked up again, and refused (server/auth.ts).
  forgetDevice(database.db, id);
  return revoked;
}

export async function stats(database: Database, branch: string | undefined): Promise<z.output<typeof statsResponseSchema>> {
  const ex: Executor = database.db;
  let branchId: number | undefined;
  if (branch !== undefined) {
    const b = (await q<{ id: number }>(ex, sql`select id from branches where name = ${branch}`))[0];
    if (!b) throw notFound('지사', branch);
    branchId = b.id;
  }
  const where = (col: string) => (branchId === undefined ? sql`` : sql`where ${sql.raw(col)} = ${branchId}`);
  const recs = await q<{ entity: string; n: number; deleted: number }>(
    ex,
    sql`select entity, count(*) filter (where not deleted)::int as n, count(*) filter (where deleted)::int as deleted
        from records ${where('branch_id')} group by entity`,
  );
  const one = async (query: ReturnType<typeof sql>) => (await q<{ n: number }>(ex, query))[0]?.n ?? 0;
  return {
    records: Object.fromEntries(recs.map((r) => [r.entity, r.n])),
    deleted: recs.reduce((s, r) => s + r.deleted, 0),
    processedMutations: await one(sql`select count(*)::int as n from processed_mutations ${where('branch_id')}`),
    conflicts: await one(sql`select count(*)::int as n from conflicts ${where('branch_id')}`),
    devices: await one(sql`select count(*)::int as n from devices ${where('branch_id')}`),
    lastSeq: await one(sql`select coalesce(greatest((select max(seq) from records), (select max(seq) from conflicts)), 0)::float8 as n`),
  };
}
