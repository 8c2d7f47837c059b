import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { q, type Database, type Executor, type HqTx } from '../db/open';
import type { ApplicationStatus } from '../../shared/domain/status';
import {
  DEFAULT_RETENTION_RULES,
  RETENTION_ADMIN_PATHS,
  retentionDue,
  rulesFor,
  type hqDestructionLogSchema,
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
    const [app] = await q<{ fields: Record<string, unknown>; deleted: boolean }>(tx, sql`select fields, deleted from records where entity = 'application' and id = ${appId} and branch_id = ${branchId}`);
    const status = app?.fields.status;
    if (app && !app.deleted && typeof status === 'string' && !NEVER_SUBMITTED.includes(status)) {
      kept.push(appId);
      continue;
    }
    if (entry.action !== 'destroy_record') {
      // erase_personal (no shipped rule the rep confirms does this): HQ keeps its copy for now;
      // erasing its personal fields is left to HQ's own retention rules.
      kept.push(appId);
      continue;
    }
    const customerId = typeof app?.fields.customerId === 'string' ? app.fields.customerId : null;
    const ids = await q<{ entity: string; id: string }>(tx, sql`
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
        and not exists (select 1 from records a where a.entity = 'application' and a.branch_id = ${branchId} and a.id <> ${appId} and not a.deleted and a.fields->>'customerId' = ${customerId ?? ''})`);
    if (ids.length === 0) continue;
    const list = JSON.stringify(ids);
    await tx.execute(sql`select set_config('salesdesk.destroying', 'on', true)`);
    const updated = await q(tx, sql`
      update records r set fields = '{}'::jsonb, stamps = '{}'::jsonb, deleted = true, version = r.version + 1, seq = nextval('change_seq'), updated_at = now()
      from jsonb_to_recordset(${list}::jsonb) as t(entity text, id text)
      where r.entity = t.entity and r.id = t.id and r.branch_id = ${branchId} and (r.fields <> '{}'::jsonb or not r.deleted) returning 1`);
    await tx.execute(sql`select set_config('salesdesk.destroying', 'off', true)`);
    await tx.execute(sql`
      update processed_mutations p set fields = '{}'::jsonb
      from jsonb_to_recordset(${list}::jsonb) as t(entity text, id text)
      where p.entity = t.entity and p.entity_id = t.id and p.branch_id = ${branchId}`);
    erased += updated.length;
  }
  return { erased, kept };
}

/**
 * HQ's finder (issue 17 item 3): the same rules on HQ's records, for the rules HQ confirms
 * (`decidedBy: 'hq'`: declined applications, terminated contracts, prospect lists). An open complaint
 * or fault holds an application. A terminated contract's months run from its status change.
 */
export async function hqRetentionDue(ex: Executor, now: Date, rules: readonly RetentionRule[] = DEFAULT_RETENTION_RULES): Promise<RetentionDueItem[]> {
  const rows = await q<{ id: string; fields: Record<string, unknown>; updated_at: string | Date; company: string | null; open_tickets: number }>(
    ex,
    sql`select a.id, a.fields, a.updated_at,
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
    };
  });
  return retentionDue(subjects, rulesFor(rules, 'hq'), now).map((d) => ({
    subjectKind: d.subject.kind,
    subjectId: d.subject.id,
    company: (d.subject as RetentionSubject & { company: string }).company,
    status: d.subject.status ?? null,
    lastActivityAt: d.subject.lastActivityAt,
    dueAt: d.dueAt,
    ruleId: d.rule.id,
    action: d.rule.action,
    basis: d.rule.basis,
    months: d.rule.months,
    holds: d.holds,
  }));
}

/** Every device's destruction-log entries as HQ holds them, newest first. */
async function hqDestructionLog(ex: Executor): Promise<z.infer<typeof hqDestructionLogSchema>['items']> {
  const rows = await q<{ id: string; branch_id: number; fields: Record<string, unknown> }>(
    ex,
    sql`select id, branch_id, fields from records where entity = 'destruction_entry' and not deleted order by fields->>'at' desc, id desc limit 5000`,
  );
  return rows.map((r) => {
    const f = r.fields;
    const s = (k: string) => (typeof f[k] === 'string' ? f[k] : '');
    const n = (k: string) => (typeof f[k] === 'number' ? f[k] : 0);
    return {
      id: r.id,
      branchId: r.branch_id,
      at: s('at'),
      ruleId: s('ruleId'),
      basis: s('basis'),
      action: f.action === 'erase_personal' ? 'erase_personal' : 'destroy_record',
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
}

/** The admin API's retention routes (admin token scope; declared in HQ_ROUTE_ACCESS). */
export function registerRetentionRoutes(app: FastifyInstance, database: Database): void {
  app.get(RETENTION_ADMIN_PATHS.due, async () => ({ items: await hqRetentionDue(database.db, new Date()) }));
  app.get(RETENTION_ADMIN_PATHS.log, async () => ({ items: await hqDestructionLog(database.db) }));
}
