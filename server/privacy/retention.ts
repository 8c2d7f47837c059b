import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { CONSOLE_API } from '../../shared/console/api';
import type { z } from 'zod';
import { HQ_BRANCH_ID, q, writeTx, type Database, type Executor, type HqTx } from '../db/open';
import { audit, type Actor } from '../console/audit';
import { HttpError, parseRequest } from '../http';
import { saveRecord } from '../admin/ops';
import { sha256Hex } from '../auth';
import { stableJson } from '../../shared/stable-json';
import type { publishResponseSchema, Fields } from '../../shared/sync/protocol';
import type { ApplicationStatus } from '../../shared/domain/status';
import {
  DEFAULT_RETENTION_RULES,
  HQ_RETENTION_RULES_ID,
  RETENTION_ADMIN_PATHS,
  RETENTION_CONSOLE_PATHS,
  RETENTION_RULES_ENTITY,
  retentionRulesPublishSchema,
  rulesFromRecord,
  type RetentionRulesView,
  retentionDue,
  rulesFor,
  legalHoldIdSchema,
  legalHoldLiftSchema,
  legalHoldPlaceSchema,
  backupsGoneBy,
  HQ_DESTRUCTION_DEVICE,
  holdText,
  type hqDestructionLogSchema,
  type HqRetentionStatus,
  retentionDestroyInputSchema,
  type retentionDestroyResultSchema,
  type LegalHold,
  retentionDueItem,
  type RetentionDueItem,
  type RetentionRule,
  type RetentionSubject,
} from '../../shared/privacy/retention';

/**
 * HQ's side of a destruction confirmed on a device (issue 17 item 3). The device sends the records
 * it destroyed as outbox deletes (mutable ones) and a `destruction_entry` naming the subject; in the
 * same push transaction HQ erases its own copy: every record of the application (forms, signatures,
 * quote versions, attachment links, consent events — the immutable ones the device cannot delete)
 * and the customer when no other application has it, keeping only the id, marked deleted with empty
 * fields, and blanks the pushed payloads it kept of them (`processed_mutations`).
 *
 * HQ has its own retention duty and never lets a device erase what it must keep: only an
 * application HQ still holds as never submitted (draft / quoted / signed) is erased here. Anything
 * further along stays as it is (the destruction entry is stored regardless, as the record of what
 * the device did); its end is HQ's own retention rules (`decidedBy: 'hq'`).
 */
const NEVER_SUBMITTED = ['draft', 'quoted', 'signed'];

/** HQ itself, when it follows (or refuses to follow) a device's destruction in a push. */
const HQ_RETENTION_ACTOR: Actor = { kind: 'cli', login: 'hq-retention', name: '본사 보관 규칙 (기기 파기 반영)', ip: null };

/**
 * What HQ's open legal holds cover: the applications (held themselves or through their customer),
 * the customers, and the parents a record of the application names instead of the application:
 * its quotes (a quote version names its quote) and its documents (a signature names its document).
 */
export interface HeldSubjects {
  applications: Set<string>;
  customers: Set<string>;
  quotes: Set<string>;
  documents: Set<string>;
}
export async function heldSubjects(ex: Executor): Promise<HeldSubjects> {
  const rows = await q<{ kind: string; id: string }>(
    ex,
    sql`with h as (select subject_kind, subject_id from retention_holds where lifted_at is null),
        apps as (select a.id, a.fields->>'customerId' as customer_id from records a where a.entity = 'application'
          and (a.id in (select subject_id from h where subject_kind = 'application') or a.fields->>'customerId' in (select subject_id from h where subject_kind = 'customer')))
        select 'application' as kind, id from apps
        union select 'customer', subject_id from h where subject_kind = 'customer'
        union select 'customer', a.fields->>'customerId' from records a where a.entity = 'application' and a.fields->>'customerId' is not null
          and a.id in (select subject_id from h where subject_kind = 'application')
        union select 'quote', r.id from records r where r.entity = 'quote' and r.fields->>'applicationId' in (select id from apps)
        union select 'document', r.id from records r where r.entity = 'document' and r.fields->>'applicationId' in (select id from apps)`,
  );
  const of = (kind: string) => new Set(rows.filter((r) => r.kind === kind).map((r) => r.id));
  return { applications: of('application'), customers: of('customer'), quotes: of('quote'), documents: of('document') };
}

/**
 * A device's delete of a record HQ holds (the application, its customer, or a record of the
 * application: one naming it, a quote version through its quote, a signature through its
 * document): refused, HQ keeps its copy. The device's own destruction stands; the rep sees why.
 */
export function heldDeleteRefusal(
  m: { op: string; entity: string; entityId: string },
  existing: Record<string, unknown> | undefined,
  held: HeldSubjects,
): { code: 'CONFLICT'; message: string; details: Record<string, unknown> } | null {
  if (m.op !== 'delete') return null;
  const ref = (key: string) => (typeof existing?.[key] === 'string' ? existing[key] : null);
  const appId = m.entity === 'application' ? m.entityId : ref('applicationId');
  const quoteId = m.entity === 'quote_version' ? ref('quoteId') : null;
  const documentId = m.entity === 'signature' ? ref('documentId') : null;
  const isHeld =
    (appId !== null && held.applications.has(appId)) ||
    (m.entity === 'customer' && held.customers.has(m.entityId)) ||
    (quoteId !== null && held.quotes.has(quoteId)) ||
    (documentId !== null && held.documents.has(documentId));
  if (!isHeld) return null;
  return {
    code: 'CONFLICT',
    message: '본사가 법적 보존 조치로 이 기록을 보존하고 있어 본사 사본은 지우지 않았습니다. 이 기기의 파기는 그대로이며, 보존 조치가 해제되면 본사가 직접 파기합니다.',
    details: { reason: 'legal_hold', entity: m.entity, id: m.entityId },
  };
}

/** The open legal holds on an application or on its customer. */
async function openHoldsOn(ex: Executor, applicationId: string, customerId: string | null): Promise<{ id: string; reason: string }[]> {
  return q<{ id: string; reason: string }>(
    ex,
    sql`select id, reason from retention_holds where lifted_at is null
          and ((subject_kind = 'application' and subject_id = ${applicationId}) or (subject_kind = 'customer' and subject_id = ${customerId ?? ''}))
        order by placed_at, id`,
  );
}

interface EntryFields {
  action?: unknown;
  subjectKind?: unknown;
  subjectId?: unknown;
}

export async function eraseDestroyedAtHq(tx: HqTx, branchId: number, entries: readonly EntryFields[]): Promise<{ erased: number; kept: string[] }> {
  let erased = 0;
  const kept: string[] = [];
  for (const entry of entries) {
    if (entry.subjectKind !== 'application' || typeof entry.subjectId !== 'string') continue;
    const appId = entry.subjectId;
    const [app] = await q<{ fields: Record<string, unknown>; deleted: boolean }>(
      tx,
      sql`select fields, deleted from records where entity = 'application' and id = ${appId} and branch_id = ${branchId}`,
    );
    const status = app?.fields.status;
    const held = await openHoldsOn(tx, appId, typeof app?.fields.customerId === 'string' ? app.fields.customerId : null);
    if (held.length > 0) {
      // A legal hold at HQ: HQ keeps its copy whatever the device did, and says so in its audit log.
      kept.push(appId);
      await audit(tx, HQ_RETENTION_ACTOR, {
        action: 'retention.follow_device',
        targetKind: 'application',
        targetId: appId,
        outcome: 'refused',
        note: `법적 보존 조치 중이라 기기의 파기를 따르지 않고 본사 사본을 보존합니다 (${held.map((h) => h.reason).join('; ')}).`,
      });
      continue;
    }
    if (app && !app.deleted && typeof status === 'string' && !NEVER_SUBMITTED.includes(status)) {
      kept.push(appId);
      continue;
    }
    const action = entry.action === 'erase_personal' ? 'erase_personal' : 'destroy_record';
    erased += (await eraseApplicationAtHq(tx, branchId, appId, action)).records;
  }
  return { erased, kept };
}

/** What an erasure at HQ did, for the log: counts, nothing of the erased values. */
interface HqErasure {
  /** Records made id-only (deleted, empty) or whose personal fields were blanked. */
  records: number;
  /** Personal fields blanked (erase_personal). */
  fields: number;
  /** Files (signature and seal images, signed PDFs, attachments) removed from HQ's attachment store. */
  files: number;
}

type Ref = { entity: string; id: string };

/** The personal fields `erase_personal` blanks, per record (as the device's erasure does). */
const ERASED_CUSTOMER_BLOCK = ['representative', 'address', 'phone'] as const;
const ERASED_BILLING = ['address', 'phone'] as const;
const ERASED_DOCUMENT = ['inputs', 'signedPdfSha256', 'signedVersionKey', 'facts'] as const;
const filled = (v: unknown) => v !== undefined && v !== null && v !== '';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The blob hashes the given records point at (signature and seal images, signed PDFs, attachments). */
async function blobsOf(tx: HqTx, branchId: number, refs: readonly Ref[]): Promise<string[]> {
  if (refs.length === 0) return [];
  const rows = await q<{ sha: string }>(
    tx,
    sql`
    select distinct coalesce(r.fields->>'imageSha256', r.fields->>'signedPdfSha256', r.fields->>'sha256') as sha
    from records r join jsonb_to_recordset(${JSON.stringify(refs)}::jsonb) as t(entity text, id text) on r.entity = t.entity and r.id = t.id
    where r.branch_id = ${branchId} and r.entity in ('signature', 'document', 'application_attachment')
      and coalesce(r.fields->>'imageSha256', r.fields->>'signedPdfSha256', r.fields->>'sha256') is not null`,
  );
  return rows.map((r) => r.sha);
}

/** Removes the blobs no live record of the branch still points at (the same image may sign another application). */
async function releaseBlobs(tx: HqTx, branchId: number, shas: readonly string[]): Promise<number> {
  let removed = 0;
  for (const sha of shas) {
    const [used] = await q(
      tx,
      sql`select 1 from records where branch_id = ${branchId} and not deleted and entity in ('signature', 'document', 'application_attachment')
      and (fields->>'imageSha256' = ${sha} or fields->>'signedPdfSha256' = ${sha} or fields->>'sha256' = ${sha}) limit 1`,
    );
    if (used) continue;
    await tx.execute(sql`delete from attachment_chunks where branch_id = ${branchId} and sha256 = ${sha}`);
    const gone = await q(tx, sql`delete from attachments where branch_id = ${branchId} and sha256 = ${sha} returning 1`);
    removed += gone.length;
  }
  return removed;
}

/** Records made id-only: empty fields and stamps, deleted, a new version the devices pull. */
async function tombstone(tx: HqTx, branchId: number, refs: readonly Ref[]): Promise<number> {
  if (refs.length === 0) return 0;
  const list = JSON.stringify(refs);
  await tx.execute(sql`select set_config('salesdesk.destroying', 'on', true)`);
  const updated = await q(
    tx,
    sql`
    update records r set fields = '{}'::jsonb, stamps = '{}'::jsonb, deleted = true, version = r.version + 1, seq = nextval('change_seq'), updated_at = now()
    from jsonb_to_recordset(${list}::jsonb) as t(entity text, id text)
    where r.entity = t.entity and r.id = t.id and r.branch_id = ${branchId} and (r.fields <> '{}'::jsonb or not r.deleted) returning 1`,
  );
  await tx.execute(sql`select set_config('salesdesk.destroying', 'off', true)`);
  return updated.length;
}

/** A record's fields replaced by their erased form (a new version the devices pull). */
async function rewrite(tx: HqTx, branchId: number, ref: Ref, fields: Record<string, unknown>): Promise<void> {
  await tx.execute(sql`update records set fields = ${JSON.stringify(fields)}::jsonb, version = version + 1, seq = nextval('change_seq'), updated_at = now()
    where entity = ${ref.entity} and id = ${ref.id} and branch_id = ${branchId}`);
}

/**
 * Erases HQ's copy of an application (issue 17 item 3) — the one code both paths run: a device's
 * destruction followed in its push (`eraseDestroyedAtHq`) and a destruction an HQ account confirmed
 * under HQ's rules (`hqConfirmDestruction`). The caller has checked that HQ may erase it (no hold).
 *
 * - `destroy_record`: the application and what hangs on it (forms, signatures, quotes and their
 *   versions, attachment links, consent events; the customer when no other live application has
 *   it) become id-only rows, marked deleted.
 * - `erase_personal`: the record stays; 대표자, address and phones in the application's customer
 *   block and billing party and in the customer (when no other live application has it) are blanked,
 *   the forms lose their inputs and signed PDFs, signatures and attachment links become id-only.
 *
 * Either way the pushed payloads HQ kept of those records are blanked, the values conflicts kept
 * are dropped, and the blobs (images, PDFs, attachments) nothing else points at are removed.
 */
async function eraseApplicationAtHq(tx: HqTx, branchId: number, appId: string, action: 'destroy_record' | 'erase_personal'): Promise<HqErasure> {
  const [app] = await q<{ fields: Record<string, unknown> }>(tx, sql`select fields from records where entity = 'application' and id = ${appId} and branch_id = ${branchId}`);
  const customerId = typeof app?.fields.customerId === 'string' ? app.fields.customerId : null;
  const refs = await q<Ref>(
    tx,
    sql`
    with docs as (select id from records where entity = 'document' and branch_id = ${branchId} and fields->>'applicationId' = ${appId}),
         quotes as (select id from records where entity = 'quote' and branch_id = ${branchId} and fields->>'applicationId' = ${appId})
    select 'application' as entity, ${appId}::text as id
    union all select 'document', id from docs
    union all select 'signature', id from records where entity = 'signature' and branch_id = ${branchId} and fields->>'documentId' in (select id from docs)
    union all select 'quote', id from quotes
    union all select 'quote_version', id from records where entity = 'quote_version' and branch_id = ${branchId} and fields->>'quoteId' in (select id from quotes)
    union all select 'application_attachment', id from records where entity = 'application_attachment' and branch_id = ${branchId} and fields->>'applicationId' = ${appId}
    union all select 'consent_event', id from records where entity = 'consent_event' and branch_id = ${branchId} and fields->>'applicationId' = ${appId}
    union all select 'customer', id from records where entity = 'customer' and branch_id = ${branchId} and id = ${customerId ?? ''}
      and not exists (select 1 from records a where a.entity = 'application' and a.branch_id = ${branchId} and a.id <> ${appId} and not a.deleted and a.fields->>'customerId' = ${customerId ?? ''})`,
  );
  const blobs = await blobsOf(tx, branchId, refs);
  let records = 0;
  let fields = 0;
  if (action === 'destroy_record') {
    records = await tombstone(tx, branchId, refs);
  } else {
    records = await tombstone(
      tx,
      branchId,
      refs.filter((r) => r.entity === 'signature' || r.entity === 'application_attachment'),
    );
    const blank = refs.filter((r) => r.entity === 'application' || r.entity === 'customer' || r.entity === 'document');
    const rows = await q<{ entity: string; id: string; fields: Record<string, unknown> }>(
      tx,
      sql`
      select r.entity, r.id, r.fields from records r join jsonb_to_recordset(${JSON.stringify(blank)}::jsonb) as t(entity text, id text) on r.entity = t.entity and r.id = t.id
      where r.branch_id = ${branchId} and not r.deleted`,
    );
    for (const row of rows) {
      const next = { ...row.fields };
      let n = 0;
      const blankIn = (obj: Record<string, unknown>, keys: readonly string[], empty: '' | null) => {
        const out = { ...obj };
        for (const k of keys) {
          if (filled(out[k])) n += 1;
          if (k in out) out[k] = empty;
        }
        return out;
      };
      if (row.entity === 'application') {
        if (isRecord(next.customer)) {
          const block = blankIn(next.customer, ERASED_CUSTOMER_BLOCK, '');
          if (filled(block.mobile)) n += 1;
          delete block.mobile;
          next.customer = block;
        }
        if (isRecord(next.billing)) next.billing = blankIn(next.billing, ERASED_BILLING, '');
      } else if (row.entity === 'customer') {
        Object.assign(next, blankIn(next, ERASED_CUSTOMER_BLOCK, ''));
        if (filled(next.mobile)) n += 1;
        if ('mobile' in next) next.mobile = null;
      } else {
        Object.assign(next, blankIn(next, ERASED_DOCUMENT, null));
      }
      if (n === 0) continue;
      fields += n;
      records += 1;
      await rewrite(tx, branchId, row, next);
    }
  }
  const list = JSON.stringify(refs);
  await tx.execute(sql`
    update processed_mutations p set fields = '{}'::jsonb
    from jsonb_to_recordset(${list}::jsonb) as t(entity text, id text)
    where p.entity = t.entity and p.entity_id = t.id and p.branch_id = ${branchId} and p.fields <> '{}'::jsonb`);
  await tx.execute(sql`
    update conflicts c set yours = null, theirs = null
    from jsonb_to_recordset(${list}::jsonb) as t(entity text, id text)
    where c.entity = t.entity and c.entity_id = t.id and c.branch_id = ${branchId}`);
  const files = await releaseBlobs(tx, branchId, blobs);
  return { records, fields, files };
}

/**
 * The retention rules in force at HQ: its last publication (one `retention_rules` record every
 * device pulls), or the shipped defaults (version 0) while there is none or it does not pass.
 */
async function retentionRules(ex: Executor): Promise<RetentionRulesView> {
  const row = (
    await q<{ version: number; fields: Fields }>(ex, sql`select version, fields from records where entity = ${RETENTION_RULES_ENTITY} and id = ${HQ_RETENTION_RULES_ID} and not deleted`)
  )[0];
  const published = rulesFromRecord(row?.fields);
  if (!row || !published) return { rulesFrom: 'default', version: 0, publishedAt: null, rules: [...DEFAULT_RETENTION_RULES] };
  return { rulesFrom: 'hq', version: row.version, publishedAt: typeof row.fields.publishedAt === 'string' ? row.fields.publishedAt : null, rules: published };
}

/**
 * Publishes the whole set of retention rules (the rep's and HQ's): devices use the rep's from their
 * next pull, HQ's finder uses HQ's at once. The same rules again change nothing; each publication is
 * audited with the rules before and after (rules carry no personal data).
 */
async function publishRetentionRules(database: Database, input: z.output<typeof retentionRulesPublishSchema>, actor: Actor): Promise<z.output<typeof publishResponseSchema>> {
  const hash = sha256Hex(stableJson(input.rules));
  return writeTx(database.db, async (tx) => {
    const rec = (await q<{ version: number; fields: Fields }>(tx, sql`select version, fields from records where entity = ${RETENTION_RULES_ENTITY} and id = ${HQ_RETENTION_RULES_ID} for update`)).at(
      0,
    );
    if (rec?.fields.sha256 === hash) return { id: HQ_RETENTION_RULES_ID, version: rec.version, unchanged: true };
    const version = (rec?.version ?? 0) + 1;
    const fields: Fields = { rulesVersion: version, sha256: hash, publishedAt: new Date().toISOString(), rules: input.rules };
    await saveRecord(tx, RETENTION_RULES_ENTITY, HQ_RETENTION_RULES_ID, HQ_BRANCH_ID, { version, fields, stamps: {}, deleted: false });
    const before = rulesFromRecord(rec?.fields) ?? DEFAULT_RETENTION_RULES;
    await audit(tx, actor, {
      action: 'retention.rules_publish',
      targetKind: RETENTION_RULES_ENTITY,
      targetId: HQ_RETENTION_RULES_ID,
      before: { rules: before },
      after: { rules: input.rules, version },
    });
    return { id: HQ_RETENTION_RULES_ID, version, unchanged: false };
  });
}

/**
 * HQ's finder (issue 17 item 3): the same rules on HQ's records, for the rules HQ confirms
 * (`decidedBy: 'hq'`: declined applications, terminated contracts, prospect lists). An open complaint
 * or fault holds an application. A terminated contract's months run from its status change.
 */
export async function hqRetentionDue(ex: Executor, now: Date, rulesInForce?: readonly RetentionRule[]): Promise<RetentionDueItem[]> {
  const rules = rulesInForce ?? (await retentionRules(ex)).rules;
  const rows = await q<{ id: string; fields: Record<string, unknown>; updated_at: string | Date; company: string | null; open_tickets: number; legal_hold: string | null; erased: boolean }>(
    ex,
    sql`select a.id, a.fields, a.updated_at,
          exists (select 1 from hq_destruction_log l where l.subject_id = a.id and l.action = 'erase_personal') as erased,
          (select string_agg(h.reason, '; ' order by h.placed_at, h.id) from retention_holds h where h.lifted_at is null
             and ((h.subject_kind = 'application' and h.subject_id = a.id) or (h.subject_kind = 'customer' and h.subject_id = a.fields->>'customerId'))) as legal_hold,
          coalesce(a.fields->'customer'->>'name', (select c.fields->>'name' from records c where c.entity = 'customer' and c.id = a.fields->>'customerId')) as company,
          (select count(*)::int from records t where t.entity = 'ticket' and not t.deleted and t.fields->>'applicationId' = a.id
             and coalesce((select e.fields->>'type' from records e where e.entity = 'ticket_event' and e.fields->>'ticketId' = t.id and e.fields->>'type' in ('closed', 'reopened')
                           order by e.fields->>'at' desc limit 1), '') <> 'closed') as open_tickets
        from records a where a.entity = 'application' and not a.deleted`,
  );
  const subjects: (RetentionSubject & { company: string })[] = rows.map((r) => {
    const status = typeof r.fields.status === 'string' ? (r.fields.status as ApplicationStatus) : undefined;
    const changed = typeof r.fields.statusChangedAt === 'string' ? r.fields.statusChangedAt : null;
    return {
      kind: 'application',
      id: r.id,
      company: r.company ?? '',
      ...(status ? { status } : {}),
      lastActivityAt: new Date(r.updated_at).toISOString(),
      terminatedAt: changed,
      openTickets: r.open_tickets,
      legalHold: r.legal_hold,
      // HQ erased its personal data already (erase_personal): due again only for a destroy_record rule.
      personalErased: r.erased,
    };
  });
  return retentionDue(subjects, rulesFor(rules, 'hq'), now).map(retentionDueItem);
}

/**
 * The destruction log HQ shows, newest first: every device's entries as HQ holds them (origin
 * `device`) and HQ's own (origin `hq`, from `hq_destruction_log`; the `destruction_entry` HQ wrote
 * into the branch for the devices to follow is that same entry, listed once).
 */
async function hqDestructionLog(ex: Executor): Promise<z.infer<typeof hqDestructionLogSchema>['items']> {
  const rows = await q<{ id: string; branch_id: number; fields: Record<string, unknown> }>(
    ex,
    sql`select id, branch_id, fields from records r where entity = 'destruction_entry' and not deleted
          and not exists (select 1 from hq_destruction_log h where h.id::text = r.id)
        order by fields->>'at' desc, id desc limit 5000`,
  );
  const fromDevices = rows.map((r) => {
    const f = r.fields;
    const s = (k: string) => (typeof f[k] === 'string' ? f[k] : '');
    const n = (k: string) => (typeof f[k] === 'number' ? f[k] : 0);
    return {
      id: r.id,
      branchId: r.branch_id,
      origin: 'device' as const,
      at: s('at'),
      ruleId: s('ruleId'),
      basis: s('basis'),
      action: f.action === 'erase_personal' ? ('erase_personal' as const) : ('destroy_record' as const),
      subjectKind: s('subjectKind'),
      subjectId: s('subjectId'),
      fieldsErased: n('fieldsErased'),
      recordsRemoved: n('recordsRemoved'),
      filesRemoved: n('filesRemoved'),
      confirmedBy: s('confirmedBy'),
      device: s('device'),
      backupsGoneBy: s('backupsGoneBy'),
    };
  });
  const own = await q<HqLogRow>(ex, sql`select * from hq_destruction_log order by at desc, id desc limit 5000`);
  return [...fromDevices, ...own.map(hqEntryOf)].sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id));
}

interface HqLogRow {
  id: string;
  at: string | Date;
  branch_id: number;
  rule_id: string;
  basis: string;
  action: string;
  subject_kind: string;
  subject_id: string;
  fields_erased: number;
  records_removed: number;
  files_removed: number;
  confirmed_by: string;
  backups_gone_by: string;
}
const hqEntryOf = (r: HqLogRow) => ({
  id: r.id,
  branchId: r.branch_id,
  origin: 'hq' as const,
  at: new Date(r.at).toISOString(),
  ruleId: r.rule_id,
  basis: r.basis,
  action: r.action === 'erase_personal' ? ('erase_personal' as const) : ('destroy_record' as const),
  subjectKind: r.subject_kind,
  subjectId: r.subject_id,
  fieldsErased: r.fields_erased,
  recordsRemoved: r.records_removed,
  filesRemoved: r.files_removed,
  confirmedBy: r.confirmed_by,
  device: HQ_DESTRUCTION_DEVICE,
  backupsGoneBy: r.backups_gone_by,
});

/** A pushed destruction entry that claims to be HQ's: refused (only HQ writes those, and devices follow them). */
export function forgedHqEntryRefusal(m: { op: string; entity: string; fields: Record<string, unknown> }): { code: 'FORBIDDEN'; message: string } | null {
  if (m.entity !== 'destruction_entry' || m.op !== 'upsert' || m.fields.device !== HQ_DESTRUCTION_DEVICE) return null;
  return { code: 'FORBIDDEN', message: `기기는 '${HQ_DESTRUCTION_DEVICE}' 이름으로 파기 기록을 보낼 수 없습니다. 앱을 최신 버전으로 업데이트하세요.` };
}

type DestroyResult = z.infer<typeof retentionDestroyResultSchema>['results'][number];

/**
 * HQ confirms the destruction of items HQ's own rules made due (issue 17 item 3, `decidedBy: 'hq'`),
 * in one transaction under HQ's write lock. Each item is re-checked at that moment — gone, no longer
 * due, held (legal hold, open complaint or fault), changed since it was listed (its last activity),
 * or now under another rule — and refused with a Korean message saying what to do; the others are
 * erased by `eraseApplicationAtHq` (the code a device's destruction runs at HQ too), each with an
 * entry in HQ's destruction log (no destroyed data) and the same entry written into the branch as a
 * `destruction_entry`, so a device still holding the application destroys its copy when it pulls.
 */
async function hqConfirmDestruction(database: Database, input: z.output<typeof retentionDestroyInputSchema>, actor: Actor, now: () => Date = () => new Date()): Promise<{ results: DestroyResult[] }> {
  return writeTx(database.db, async (tx) => {
    const at = now();
    const due = new Map((await hqRetentionDue(tx, at)).map((d) => [d.subjectId, d]));
    const done = new Set<string>();
    const results: DestroyResult[] = [];
    for (const item of input.items) {
      const refuse = (refusal: NonNullable<DestroyResult['refusal']>, message: string, holds: DestroyResult['holds'] = []) =>
        results.push({ subjectId: item.subjectId, destroyed: false, refusal, message, holds, entryId: null });
      if (done.has(item.subjectId)) {
        refuse('not_found', '같은 항목이 두 번 골라졌습니다. 한 번 파기했습니다.');
        continue;
      }
      const d = due.get(item.subjectId);
      const [app] = await q<{ branch_id: number; deleted: boolean }>(tx, sql`select branch_id, deleted from records where entity = 'application' and id = ${item.subjectId}`);
      if (!app || app.deleted) {
        refuse('not_found', '본사에 이 청약이 없습니다 (이미 파기되었거나 ID가 틀렸습니다). 목록을 새로 고치세요.');
        continue;
      }
      if (!d) {
        refuse('not_due', '이 청약은 이제 파기 대상이 아닙니다 (상태가 바뀌었거나 보관 기간이 남았습니다). 목록을 새로 고치세요.');
        continue;
      }
      if (d.holds.length > 0) {
        refuse('held', `파기할 수 없습니다: ${d.holds.map(holdText).join(', ')}.`, d.holds);
        continue;
      }
      if (d.lastActivityAt !== new Date(item.lastActivityAt).toISOString()) {
        refuse('changed', '목록을 본 뒤에 이 청약이 바뀌었습니다. 목록을 새로 고친 뒤 다시 확인하세요.');
        continue;
      }
      if (d.ruleId !== item.ruleId) {
        refuse('rule_changed', '이 청약에 적용되는 규칙이 바뀌었습니다. 목록을 새로 고친 뒤 다시 확인하세요.');
        continue;
      }
      const erased = await eraseApplicationAtHq(tx, app.branch_id, item.subjectId, d.action);
      const entryId = crypto.randomUUID();
      const confirmedBy = actorText(actor);
      const goneBy = backupsGoneBy(at);
      await tx.execute(sql`insert into hq_destruction_log (id, at, branch_id, rule_id, basis, action, subject_kind, subject_id, fields_erased, records_removed, files_removed, confirmed_by, backups_gone_by)
        values (${entryId}, ${at.toISOString()}, ${app.branch_id}, ${d.ruleId}, ${d.basis}, ${d.action}, 'application', ${item.subjectId}, ${erased.fields}, ${erased.records}, ${erased.files}, ${confirmedBy}, ${goneBy})`);
      const entry = {
        at: at.toISOString(),
        ruleId: d.ruleId,
        basis: d.basis,
        action: d.action,
        subjectKind: 'application',
        subjectId: item.subjectId,
        fieldsErased: erased.fields,
        recordsRemoved: erased.records,
        filesRemoved: erased.files,
        confirmedBy,
        device: HQ_DESTRUCTION_DEVICE,
        backupsGoneBy: goneBy,
        createdAt: at.toISOString(),
      };
      await tx.execute(sql`insert into records (entity, id, branch_id, version, fields, stamps, deleted, seq)
        values ('destruction_entry', ${entryId}, ${app.branch_id}, 1, ${JSON.stringify(entry)}::jsonb, '{}'::jsonb, false, nextval('change_seq'))`);
      await audit(tx, actor, {
        action: 'retention.destroy',
        targetKind: 'application',
        targetId: item.subjectId,
        after: { entryId, ruleId: d.ruleId, action: d.action, records: erased.records, fields: erased.fields, files: erased.files },
      });
      done.add(item.subjectId);
      results.push({ subjectId: item.subjectId, destroyed: true, refusal: null, message: null, holds: [], entryId });
    }
    return { results };
  });
}

interface HoldRow {
  id: string;
  subject_kind: string;
  subject_id: string;
  reason: string;
  placed_by: string;
  placed_at: string | Date;
  lifted_by: string | null;
  lifted_at: string | Date | null;
  lift_reason: string | null;
}
const iso = (v: string | Date) => new Date(v).toISOString();
const holdOf = (r: HoldRow): LegalHold => ({
  id: r.id,
  subjectKind: r.subject_kind === 'customer' ? 'customer' : 'application',
  subjectId: r.subject_id,
  reason: r.reason,
  placedBy: r.placed_by,
  placedAt: iso(r.placed_at),
  liftedBy: r.lifted_by,
  liftedAt: r.lifted_at === null ? null : iso(r.lifted_at),
  liftReason: r.lift_reason,
});
const actorText = (actor: Actor) => (actor.kind === 'user' ? `${actor.name} (${actor.login})` : actor.name);

/** Every legal hold, open ones first, lifted ones kept as the record of what was held and why. */
async function legalHolds(ex: Executor): Promise<LegalHold[]> {
  const rows = await q<HoldRow>(ex, sql`select * from retention_holds order by (lifted_at is null) desc, placed_at desc, id limit 5000`);
  return rows.map(holdOf);
}

/** Places a legal hold on an application or a customer HQ holds (a second open hold on the same subject is refused). */
async function placeLegalHold(database: Database, input: z.output<typeof legalHoldPlaceSchema>, actor: Actor): Promise<LegalHold> {
  return writeTx(database.db, async (tx) => {
    const what = input.subjectKind === 'customer' ? '고객' : '청약';
    const [subject] = await q(tx, sql`select 1 from records where entity = ${input.subjectKind} and id = ${input.subjectId} and not deleted`);
    if (!subject) throw new HttpError('NOT_FOUND', `${what}(${input.subjectId})을 본사에서 찾을 수 없습니다. ID를 확인하세요 (이미 파기되었거나 기기에서 아직 동기화하지 않았을 수 있습니다).`);
    const [open] = await q<{ id: string }>(tx, sql`select id from retention_holds where lifted_at is null and subject_kind = ${input.subjectKind} and subject_id = ${input.subjectId}`);
    if (open) throw new HttpError('CONFLICT', `이 ${what}에는 이미 법적 보존 조치(${open.id})가 있습니다. 사유를 바꾸려면 그 조치를 해제한 뒤 다시 거세요.`, { holdId: open.id });
    const [row] = await q<HoldRow>(
      tx,
      sql`insert into retention_holds (id, subject_kind, subject_id, reason, placed_by) values (${crypto.randomUUID()}, ${input.subjectKind}, ${input.subjectId}, ${input.reason}, ${actorText(actor)}) returning *`,
    );
    const hold = holdOf(row!);
    await audit(tx, actor, { action: 'retention.hold', targetKind: input.subjectKind, targetId: input.subjectId, after: { holdId: hold.id, reason: hold.reason } });
    return hold;
  });
}

/** Lifts a legal hold: the hold stays, with who lifted it, when and why. */
async function liftLegalHold(database: Database, id: string, reason: string, actor: Actor): Promise<LegalHold> {
  return writeTx(database.db, async (tx) => {
    const [row] = await q<HoldRow>(tx, sql`select * from retention_holds where id = ${id} for update`);
    if (!row) throw new HttpError('NOT_FOUND', `법적 보존 조치(${id})를 찾을 수 없습니다. hq retention holds로 ID를 확인하세요.`);
    if (row.lifted_at !== null) throw new HttpError('CONFLICT', `이 법적 보존 조치는 이미 ${iso(row.lifted_at)}에 ${row.lifted_by ?? ''}이(가) 해제했습니다.`, { holdId: id });
    const [lifted] = await q<HoldRow>(tx, sql`update retention_holds set lifted_at = now(), lifted_by = ${actorText(actor)}, lift_reason = ${reason} where id = ${id} returning *`);
    await audit(tx, actor, { action: 'retention.unhold', targetKind: row.subject_kind, targetId: row.subject_id, before: { holdId: id, reason: row.reason }, after: { liftReason: reason } });
    return holdOf(lifted!);
  });
}

/** 50 rules of at most ~400 characters each fit in well under this. */
const RETENTION_RULES_MAX_BYTES = 64 * 1024;
const DAY_MS = 24 * 60 * 60_000;

/**
 * HQ's daily retention check (issue 17 item 3): on start and every 24 h while HQ runs (stopped on
 * close), it counts what HQ's rules made due — free to go once a person confirms, or held — keeps
 * that as the status the console and `cli hq retention status` read ("파기 대상 N건") and writes an
 * ops log line. It never destroys anything: an HQ account confirms (POST /admin/retention/destroy).
 * It never rejects: a failed check is logged and tried again at the next interval.
 */
export class HqRetentionJob {
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private running: Promise<void> | null = null;
  private last: HqRetentionStatus = { checkedAt: null, due: 0, held: 0 };

  constructor(
    private readonly database: Database,
    private readonly log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void },
    private readonly clock: () => Date = () => new Date(),
    private readonly intervalMs = DAY_MS,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.runInBackground();
  }

  /** What the last check counted. */
  status(): HqRetentionStatus {
    return this.last;
  }

  /** One check now (the timer calls it daily; tests call it). Resolves when it has run. */
  async runOnce(): Promise<void> {
    if (this.stopped) return;
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        const now = this.clock();
        const items = await hqRetentionDue(this.database.db, now);
        const held = items.filter((i) => i.holds.length > 0).length;
        this.last = { checkedAt: now.toISOString(), due: items.length - held, held };
        this.log.info({ due: this.last.due, held }, `retention: 파기 대상 ${this.last.due}건 (보존 중 ${held}건), waiting for an HQ account to confirm`);
      } catch (error) {
        this.log.error({ err: error }, 'retention: the daily check failed');
      } finally {
        this.running = null;
        this.schedule();
      }
    })();
    return this.running;
  }

  /** runOnce logs its own failures and never rejects; this is its caller that does not wait. */
  private runInBackground(): void {
    this.runOnce().catch((error: unknown) => this.log.error({ err: error }, 'retention: the daily check failed'));
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.runInBackground();
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a check in flight (HQ's database closes after). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}

/** The admin API's retention routes (admin token scope; declared in HQ_ROUTE_ACCESS). */
export function registerRetentionRoutes(app: FastifyInstance, database: Database, actorOf: (req: FastifyRequest) => Actor, job: HqRetentionJob): void {
  registerRetentionPaths(app, RETENTION_ADMIN_PATHS, { database, job, read: {}, write: {}, run: (req, _action, _target, work) => work(actorOf(req)) });
  app.get(RETENTION_ADMIN_PATHS.rules, async () => retentionRules(database.db));
  app.put(RETENTION_ADMIN_PATHS.rules, { bodyLimit: RETENTION_RULES_MAX_BYTES }, async (req) =>
    publishRetentionRules(database, parseRequest(retentionRulesPublishSchema, req.body, '보관 규칙'), actorOf(req)),
  );
}

type Act = <T>(req: FastifyRequest, action: string, target: { kind: string; id: string }, run: (actor: Actor) => Promise<T>) => Promise<T>;

/**
 * The console API's retention routes (the 파기 page, admin only): the same work as the admin API's,
 * reading under `privacy.read`, destroying and holds under `admin.manage`; a refused change is
 * audited too (`act`). Declared in HQ_ROUTE_ACCESS.
 */
export function registerConsoleRetentionRoutes(api: FastifyInstance, database: Database, job: HqRetentionJob, act: Act): void {
  const paths = Object.fromEntries(Object.entries(RETENTION_CONSOLE_PATHS).map(([k, v]) => [k, `${CONSOLE_API}${v}`])) as { [K in keyof typeof RETENTION_CONSOLE_PATHS]: string };
  registerRetentionPaths(api, paths, { database, job, read: { config: { permission: 'privacy.read' } }, write: { config: { permission: 'admin.manage' } }, run: act });
}

function registerRetentionPaths(
  app: FastifyInstance,
  paths: Record<'status' | 'due' | 'log' | 'holds' | 'liftHold' | 'destroy', string>,
  { database, job, read, write, run }: { database: Database; job: HqRetentionJob; read: RouteShorthandOptions; write: RouteShorthandOptions; run: Act },
): void {
  app.get(paths.status, read, () => job.status());
  app.get(paths.due, read, async () => ({ items: await hqRetentionDue(database.db, new Date()) }));
  app.get(paths.log, read, async () => ({ items: await hqDestructionLog(database.db) }));
  app.get(paths.holds, read, async () => ({ items: await legalHolds(database.db) }));
  app.post(paths.destroy, write, async (req) => {
    const body = parseRequest(retentionDestroyInputSchema, req.body, '파기 확인');
    return run(
      req,
      'retention.destroy',
      {
        kind: 'application',
        id: body.items
          .map((i) => i.subjectId)
          .join(',')
          .slice(0, 200),
      },
      (actor) => hqConfirmDestruction(database, body, actor),
    );
  });
  app.post(paths.holds, write, async (req) => {
    const body = parseRequest(legalHoldPlaceSchema, req.body, '법적 보존 조치');
    return run(req, 'retention.hold', { kind: body.subjectKind, id: body.subjectId }, (actor) => placeLegalHold(database, body, actor));
  });
  app.post(paths.liftHold, write, async (req) => {
    const { id } = parseRequest(legalHoldIdSchema, req.params, '법적 보존 조치 ID');
    const { reason } = parseRequest(legalHoldLiftSchema, req.body ?? {}, '보존 조치 해제');
    return run(req, 'retention.unhold', { kind: 'retention_hold', id }, (actor) => liftLegalHold(database, id, reason, actor));
  });
}
