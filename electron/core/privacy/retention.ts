/**
 * Retention and destruction on the device (issue 17 item 3): the rules in `shared/privacy/retention.ts`
 * applied to this store, for the rules the rep confirms (`decidedBy: 'rep'`; HQ's are HQ's job).
 *
 * - `due()` lists what has come due (reads only).
 * - `destroy()` re-checks each chosen item at that moment (a hold, or activity since the list was
 *   shown, refuses it) and destroys it in one transaction with its destruction-log entry:
 *   `destroy_record` removes the application and everything hanging on it (the customer too when no
 *   other application has it); `erase_personal` blanks the personal fields and removes signatures,
 *   seal images and attachments, keeping the skeleton. The outbox's copies of the destroyed values
 *   go too (unsent ones deleted, sent ones blanked), as do conflict notes. Files leave the disk after
 *   the commit; what a crash left in `pending_file_removals` is removed at the next start.
 * - The log syncs to HQ as `destruction_entry` records (outbox trigger); mutable records HQ holds
 *   are deleted there through outbox deletes, as a discarded draft's are.
 * - `RetentionJob` runs the daily check: finishes file removals, prunes backups by their age bound,
 *   and tells the screens what is due.
 */
import fs from 'node:fs';
import { AppError } from '../../../shared/contract/errors';
import {
  DEFAULT_RETENTION_RULES,
  RETENTION_RULES_ENTITY,
  backupsGoneBy,
  holdText,
  retentionDue,
  rulesFor,
  rulesFromRecord,
  type DestructionEntry,
  type RetentionDue,
  retentionDueItem,
  type RetentionDueItem,
  type RetentionRule,
  type RetentionSubject,
} from '../../../shared/privacy/retention';
import type { ApplicationStatus } from '../../../shared/domain/status';
import type { z } from 'zod';
import type { retentionDestroyResultSchema } from '../../../shared/privacy/retention';
import type { Store } from '../store/db';
import type { Clock } from '../ids';
import { newId } from '../ids';
import type { AttachmentStore } from '../attachments';
import { eraseWithoutTrace } from '../store/secure-erase';

type DestroyResult = z.infer<typeof retentionDestroyResultSchema>['results'][number];

interface SubjectRow {
  id: string;
  status: string;
  company: string;
  last_activity: string;
  open_tickets: number;
  erased: number;
}

/** Applications with their last activity (any change to it or what hangs on it) and open tickets. */
const SUBJECTS_SQL = `
SELECT a.id, a.status, c.name AS company,
  max(a.updated_at,
      coalesce((SELECT max(d.updated_at) FROM documents d WHERE d.application_id = a.id), ''),
      coalesce((SELECT max(s.created_at) FROM signatures s JOIN documents d ON d.id = s.document_id WHERE d.application_id = a.id), ''),
      coalesce((SELECT max(q.updated_at) FROM quotes q WHERE q.application_id = a.id), ''),
      coalesce((SELECT max(x.created_at) FROM application_attachments x WHERE x.application_id = a.id), ''),
      coalesce((SELECT max(t.updated_at) FROM tickets t WHERE t.application_id = a.id), ''),
      coalesce((SELECT max(e.created_at) FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.application_id = a.id), ''),
      coalesce((SELECT max(ce.created_at) FROM consent_events ce WHERE ce.application_id = a.id), '')) AS last_activity,
  (SELECT count(*) FROM tickets t WHERE t.application_id = a.id AND coalesce((
     SELECT e.type FROM ticket_events e WHERE e.ticket_id = t.id AND e.type IN ('closed', 'reopened') ORDER BY e.seq DESC LIMIT 1), '') <> 'closed') AS open_tickets,
  EXISTS (SELECT 1 FROM destruction_log l WHERE l.subject_id = a.id AND l.action = 'erase_personal') AS erased
FROM applications a JOIN customers c ON c.id = a.customer_id`;

/** Outbox rows of destroyed records: unsent ones go, sent ones keep their place but not the values. */
const OUTBOX_DROP = "DELETE FROM outbox WHERE entity = ? AND entity_id = ? AND state IN ('queued', 'sent', 'rejected')";
const OUTBOX_BLANK = "UPDATE outbox SET fields = '{}', result = NULL, error = NULL WHERE entity = ? AND entity_id = ?";
const OUTBOX_DELETE = `INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
  VALUES (uuid7(), ?, ?, 'delete', '{}', coalesce((SELECT server_version FROM sync_records WHERE entity = ? AND entity_id = ?), 0), ?, 'queued')`;

export interface RetentionActor {
  actor: string;
  device: string;
}

export class RetentionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly attachments: AttachmentStore,
    private readonly who: () => RetentionActor,
    private readonly syncRunning: () => boolean,
  ) {}

  /** HQ's published rules if any pass the schema, else the shipped defaults. */
  rules(): { from: 'hq' | 'default'; rules: RetentionRule[] } {
    const row = this.store.sqlite.prepare('SELECT fields FROM hq_records WHERE entity = ? ORDER BY version DESC LIMIT 1').get(RETENTION_RULES_ENTITY) as { fields: string } | undefined;
    if (row) {
      let fields: unknown = null;
      try {
        fields = JSON.parse(row.fields);
      } catch {
        fields = null;
      }
      const published = rulesFromRecord(fields);
      if (published) return { from: 'hq', rules: published };
    }
    return { from: 'default', rules: [...DEFAULT_RETENTION_RULES] };
  }

  private subjects(id?: string): (RetentionSubject & { company: string })[] {
    const rows = (id === undefined ? this.store.sqlite.prepare(SUBJECTS_SQL).all() : this.store.sqlite.prepare(`${SUBJECTS_SQL} WHERE a.id = ?`).all(id)) as SubjectRow[];
    return rows.map((r) => ({
      kind: 'application',
      id: r.id,
      company: r.company,
      status: r.status as ApplicationStatus,
      lastActivityAt: r.last_activity,
      // The device does not know when a subscription ended: the termination rules are HQ's.
      terminatedAt: null,
      personalErased: r.erased === 1,
      openTickets: r.open_tickets,
    }));
  }

  private dueNow(id?: string): { from: 'hq' | 'default'; due: RetentionDue<RetentionSubject & { company: string }>[] } {
    const { from, rules } = this.rules();
    return { from, due: retentionDue(this.subjects(id), rulesFor(rules, 'rep'), this.clock.now()) };
  }

  /** What has come due under the rep's rules, with what holds each (reads only). */
  due(): { rulesFrom: 'hq' | 'default'; items: RetentionDueItem[] } {
    const { from, due } = this.dueNow();
    return {
      rulesFrom: from,
      items: due.map(retentionDueItem),
    };
  }

  /** When the last destruction happened (the backup rotation drops older backups past their bound). */
  lastDestructionAt(): string | undefined {
    const row = this.store.sqlite.prepare('SELECT max(at) AS at FROM destruction_log').get() as { at: string | null };
    return row.at ?? undefined;
  }

  /** The destruction log, newest first. */
  log(limit = 500): DestructionEntry[] {
    const rows = this.store.sqlite
      .prepare(
        `SELECT id, at, rule_id AS ruleId, basis, action, subject_kind AS subjectKind, subject_id AS subjectId, fields_erased AS fieldsErased,
           records_removed AS recordsRemoved, files_removed AS filesRemoved, confirmed_by AS confirmedBy, device, backups_gone_by AS backupsGoneBy
         FROM destruction_log ORDER BY at DESC, id DESC LIMIT ?`,
      )
      .all(limit) as DestructionEntry[];
    return rows;
  }

  /**
   * Destroys the chosen items the rep confirmed, each re-checked now and destroyed in its own
   * transaction with its log entry (a refused item never stops the others). Files go after commit.
   */
  destroy(items: readonly { subjectId: string; ruleId: string; lastActivityAt: string }[]): DestroyResult[] {
    if (this.syncRunning()) {
      throw new AppError('NOT_ALLOWED', '동기화가 끝난 뒤 다시 파기하세요. 보내는 중인 기록은 지울 수 없습니다.', { reason: 'syncing' });
    }
    const results: DestroyResult[] = [];
    eraseWithoutTrace(
      this.store,
      () => this.destroyEach(items, results),
      () => results.some((r) => r.destroyed),
    );
    return results;
  }

  private destroyEach(items: readonly { subjectId: string; ruleId: string; lastActivityAt: string }[], results: DestroyResult[]): void {
    for (const item of items) {
      const refuse = (refusal: DestroyResult['refusal'], message: string, holds: DestroyResult['holds'] = []): DestroyResult => ({
        subjectId: item.subjectId,
        destroyed: false,
        refusal,
        message,
        holds,
        entryId: null,
      });
      let files: string[] = [];
      const result = this.store.write((): DestroyResult => {
        const subject = this.subjects(item.subjectId)[0];
        if (!subject) return refuse('not_found', '이 기록은 이미 없습니다. 목록을 새로 고치세요.');
        const due = this.dueNow(item.subjectId).due[0];
        if (!due) return refuse('not_due', '이 기록은 이제 파기 대상이 아닙니다 (상태가 바뀌었거나 보관 기간이 남았습니다).');
        if (due.holds.length > 0) return refuse('held', `파기할 수 없습니다: ${due.holds.map(holdText).join(', ')}.`, due.holds);
        if (subject.lastActivityAt !== item.lastActivityAt) return refuse('changed', '목록을 본 뒤에 이 기록이 바뀌었습니다. 목록을 새로 고친 뒤 다시 확인하세요.');
        if (due.rule.id !== item.ruleId) return refuse('rule_changed', '이 기록에 적용되는 규칙이 바뀌었습니다. 목록을 새로 고친 뒤 다시 확인하세요.');
        const now = this.clock.now();
        const done = due.rule.action === 'destroy_record' ? this.destroyRecord(item.subjectId, now.toISOString()) : this.erasePersonal(item.subjectId, now.toISOString());
        files = done.files;
        const { actor, device } = this.who();
        const entryId = newId();
        this.store.sqlite
          .prepare(
            `INSERT INTO destruction_log (id, at, rule_id, basis, action, subject_kind, subject_id, fields_erased, records_removed, files_removed, confirmed_by, device, backups_gone_by, created_at)
             VALUES (?, ?, ?, ?, ?, 'application', ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            entryId,
            now.toISOString(),
            due.rule.id,
            due.rule.basis,
            due.rule.action,
            item.subjectId,
            done.fields,
            done.records,
            done.files.length,
            actor,
            device,
            backupsGoneBy(now),
            now.toISOString(),
          );
        return { subjectId: item.subjectId, destroyed: true, refusal: null, message: null, holds: [], entryId };
      });
      results.push(result);
      if (result.destroyed) this.removePendingFiles(files);
    }
  }

  /** Removes from disk the files a committed destruction queued (all of them when `only` is omitted: the start-up clean-up). */
  removePendingFiles(only?: readonly string[]): number {
    const rows = (this.store.sqlite.prepare('SELECT sha256 FROM pending_file_removals').all() as { sha256: string }[]).map((r) => r.sha256);
    const chosen = only ? rows.filter((s) => only.includes(s)) : rows;
    let removed = 0;
    for (const sha of chosen) {
      // A file stored again since (the same image signed anew) has its row back: keep the bytes then.
      // Looked at and removed inside the write: another process on the folder (the app while a CLI
      // command starts) storing it again commits before the look, or finds the file gone and writes it anew.
      this.store.write(() => {
        const back = this.store.sqlite.prepare('SELECT 1 FROM attachments WHERE sha256 = ?').get(sha);
        if (!back) {
          fs.rmSync(this.attachments.pathOf(sha), { force: true });
          removed += 1;
        }
        this.store.sqlite.prepare('DELETE FROM pending_file_removals WHERE sha256 = ?').run(sha);
      });
    }
    return removed;
  }

  /**
   * Carries destructions over a restore (issue 17 item 3): `entries` is the destruction log of the
   * store as it was before the restore. Every entry the restored store does not hold (the backup
   * was made before that destruction) is carried out again on it — the same action on the same
   * subject, if the backup holds it — and written to its log with the same id, time, rule and
   * confirmer, each in one transaction. Called on the restored store before anything uses it.
   *
   * Why carry out again rather than refuse the restore: a rep restores a backup to get their work
   * back (a broken disk, a mistake), and most backups in rotation are older than some destruction;
   * refusing them would leave the rep with no way back, while a privacy officer only needs what was
   * destroyed to stay destroyed — which this does, whatever the backup's age. An entry HQ had
   * already acknowledged is written without queueing it again (HQ holds it); one HQ had not yet
   * received is queued as the original was. Returns how many entries were carried out again.
   */
  reapply(entries: readonly (DestructionLogRow & { sentToHq: boolean })[]): number {
    const db = this.store.sqlite;
    const held = new Set(this.ids('SELECT id FROM destruction_log'));
    const missing = entries.filter((e) => !held.has(e.id)).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
    if (missing.length === 0) return 0;
    const files: string[] = [];
    eraseWithoutTrace(this.store, () => {
      for (const entry of missing) {
        this.store.write(() => {
          const exists = entry.subject_kind === 'application' && db.prepare('SELECT 1 FROM applications WHERE id = ?').get(entry.subject_id);
          if (exists) {
            const done = entry.action === 'destroy_record' ? this.destroyRecord(entry.subject_id, entry.at) : this.erasePersonal(entry.subject_id, entry.at);
            files.push(...done.files);
          }
          // HQ already holds an entry it acknowledged: write it here without sending it again.
          if (entry.sentToHq) db.prepare('UPDATE sync_control SET applying = 1 WHERE id = 1').run();
          db.prepare(
            `INSERT INTO destruction_log (id, at, rule_id, basis, action, subject_kind, subject_id, fields_erased, records_removed, files_removed, confirmed_by, device, backups_gone_by, created_at)
             VALUES (@id, @at, @rule_id, @basis, @action, @subject_kind, @subject_id, @fields_erased, @records_removed, @files_removed, @confirmed_by, @device, @backups_gone_by, @created_at)`,
          ).run(pickLogRow(entry));
          if (entry.sentToHq) db.prepare('UPDATE sync_control SET applying = 0 WHERE id = 1').run();
        });
      }
    });
    this.removePendingFiles(files);
    return missing.length;
  }

  /**
   * Follows the destructions HQ confirmed under its own rules (issue 17 item 3): a pulled
   * `destruction_entry` HQ wrote (device `HQ_DESTRUCTION_DEVICE`) whose application this device
   * still holds destroys it here by the same code as the rep's confirm, inside the pull's
   * transaction; the pulled entry itself is this device's log entry. HQ has erased its copy
   * already, so no delete goes back. Files go after commit (`removePendingFiles`). Returns the
   * applications destroyed.
   */
  followHq(entries: readonly { subjectId: string; action: string }[]): string[] {
    const followed: string[] = [];
    const now = this.clock.now().toISOString();
    for (const entry of entries) {
      if (!this.store.sqlite.prepare('SELECT 1 FROM applications WHERE id = ?').get(entry.subjectId)) continue;
      if (entry.action === 'erase_personal') this.erasePersonal(entry.subjectId, now, false);
      else this.destroyRecord(entry.subjectId, now, false);
      followed.push(entry.subjectId);
    }
    return followed;
  }

  // ── inside the destruction's transaction ──

  private withOverride<T>(work: () => T): T {
    const db = this.store.sqlite;
    db.prepare('UPDATE retention_control SET destroying = 1 WHERE id = 1').run();
    const out = work();
    db.prepare('UPDATE retention_control SET destroying = 0 WHERE id = 1').run();
    return out;
  }

  private ids(sql: string, ...params: string[]): string[] {
    return (this.store.sqlite.prepare(sql).all(...params) as { id: string }[]).map((r) => r.id);
  }

  /** Files the application's records point at (signature and seal images, signed PDFs, attachments). */
  private filesOf(applicationId: string): string[] {
    const rows = this.store.sqlite
      .prepare(
        `SELECT s.image_sha256 AS sha FROM signatures s JOIN documents d ON d.id = s.document_id WHERE d.application_id = @id
         UNION SELECT d.signed_pdf_sha256 FROM documents d WHERE d.application_id = @id AND d.signed_pdf_sha256 IS NOT NULL
         UNION SELECT x.sha256 FROM application_attachments x WHERE x.application_id = @id`,
      )
      .all({ id: applicationId }) as { sha: string }[];
    return rows.map((r) => r.sha);
  }

  /** Attachment rows nothing refers to any more go, their files queued for removal after commit. */
  private releaseFiles(candidates: readonly string[], now: string): string[] {
    const db = this.store.sqlite;
    const gone: string[] = [];
    for (const sha of candidates) {
      const used = db
        .prepare(
          `SELECT EXISTS (SELECT 1 FROM signatures WHERE image_sha256 = @sha) OR EXISTS (SELECT 1 FROM documents WHERE signed_pdf_sha256 = @sha)
             OR EXISTS (SELECT 1 FROM application_attachments WHERE sha256 = @sha) AS used`,
        )
        .get({ sha }) as { used: number };
      if (used.used) continue;
      db.prepare('DELETE FROM attachments WHERE sha256 = ?').run(sha);
      db.prepare('INSERT INTO pending_file_removals (sha256, queued_at) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING').run(sha, now);
      gone.push(sha);
    }
    return gone;
  }

  /** Forget the destroyed values wherever the sync bookkeeping kept a copy. */
  private scrubSync(entity: string, id: string): void {
    const db = this.store.sqlite;
    db.prepare(OUTBOX_DROP).run(entity, id);
    db.prepare(OUTBOX_BLANK).run(entity, id);
    db.prepare('DELETE FROM sync_conflicts WHERE entity = ? AND entity_id = ?').run(entity, id);
  }

  /** Does HQ hold the record (it was pulled, or a change of it was accepted)? Then it gets a delete. */
  private hqHolds(entity: string, id: string): boolean {
    return !!this.store.sqlite
      .prepare("SELECT 1 FROM sync_records WHERE entity = @entity AND entity_id = @id UNION ALL SELECT 1 FROM outbox WHERE entity = @entity AND entity_id = @id AND state = 'accepted' LIMIT 1")
      .get({ entity, id });
  }

  /** `tellHq`: queue deletes for what HQ holds (not when following HQ's own destruction). */
  private destroyRecord(applicationId: string, now: string, tellHq = true): { fields: number; records: number; files: string[] } {
    const db = this.store.sqlite;
    return this.withOverride(() => {
      const files = this.filesOf(applicationId);
      const customerId = (db.prepare('SELECT customer_id AS id FROM applications WHERE id = ?').get(applicationId) as { id: string }).id;
      const tickets = this.ids('SELECT id FROM tickets WHERE application_id = ?', applicationId);
      const docs = this.ids('SELECT id FROM documents WHERE application_id = ?', applicationId);
      const quotes = this.ids('SELECT id FROM quotes WHERE application_id = ?', applicationId);
      // Children first (foreign keys), each with what HQ needs to hear (mutable records only:
      // immutable ones — signatures, versions, events — are HQ's to erase on the destruction entry).
      const plan: { entity: string; table: string; ids: string[]; tellHq: boolean }[] = [
        { entity: 'ticket_event', table: 'ticket_events', ids: tickets.flatMap((t) => this.ids('SELECT id FROM ticket_events WHERE ticket_id = ?', t)), tellHq: false },
        { entity: 'ticket', table: 'tickets', ids: tickets, tellHq: false },
        { entity: 'consent_event', table: 'consent_events', ids: this.ids('SELECT id FROM consent_events WHERE application_id = ?', applicationId), tellHq: false },
        { entity: 'signature', table: 'signatures', ids: docs.flatMap((d) => this.ids('SELECT id FROM signatures WHERE document_id = ?', d)), tellHq: false },
        { entity: 'document', table: 'documents', ids: docs, tellHq: true },
        { entity: 'quote_version', table: 'quote_versions', ids: quotes.flatMap((q) => this.ids('SELECT id FROM quote_versions WHERE quote_id = ?', q)), tellHq: false },
        { entity: 'quote', table: 'quotes', ids: quotes, tellHq: true },
        { entity: 'application_attachment', table: 'application_attachments', ids: this.ids('SELECT id FROM application_attachments WHERE application_id = ?', applicationId), tellHq: true },
        { entity: 'application', table: 'applications', ids: [applicationId], tellHq: true },
      ];
      const others = (db.prepare('SELECT count(*) AS n FROM applications WHERE customer_id = ? AND id <> ?').get(customerId, applicationId) as { n: number }).n;
      if (others === 0) plan.push({ entity: 'customer', table: 'customers', ids: [customerId], tellHq: true });
      let records = 0;
      for (const step of plan) {
        for (const id of step.ids) {
          const tell = tellHq && step.tellHq && this.hqHolds(step.entity, id);
          this.scrubSync(step.entity, id);
          if (tell) db.prepare(OUTBOX_DELETE).run(step.entity, id, step.entity, id, now);
          db.prepare(`DELETE FROM ${step.table} WHERE id = ?`).run(id);
          records += 1;
        }
      }
      return { fields: 0, records, files: this.releaseFiles(files, now) };
    });
  }

  private erasePersonal(applicationId: string, now: string, tellHq = true): { fields: number; records: number; files: string[] } {
    const db = this.store.sqlite;
    return this.withOverride(() => {
      const files = this.filesOf(applicationId);
      let fields = 0;
      let records = 0;
      // The customer block the application applied with: 대표자, address, phones; the billing party's address and phone.
      const app = db.prepare('SELECT customer_id AS customerId, customer, billing FROM applications WHERE id = ?').get(applicationId) as {
        customerId: string;
        customer: string | null;
        billing: string | null;
      };
      const count = (json: string | null, keys: string[]) => {
        if (!json) return 0;
        const value = JSON.parse(json) as Record<string, unknown>;
        return keys.filter((k) => value[k] !== undefined && value[k] !== null && value[k] !== '').length;
      };
      fields += count(app.customer, ['representative', 'address', 'phone', 'mobile']) + count(app.billing, ['address', 'phone']);
      db.prepare(
        `UPDATE applications SET
           customer = CASE WHEN customer IS NULL THEN NULL ELSE json_remove(json_set(customer, '$.representative', '', '$.address', '', '$.phone', ''), '$.mobile') END,
           billing = CASE WHEN billing IS NULL THEN NULL ELSE json_set(billing, '$.address', '', '$.phone', '') END,
           updated_at = ?
         WHERE id = ?`,
      ).run(now, applicationId);
      // The company's master record, when no other application still uses it.
      const others = (db.prepare('SELECT count(*) AS n FROM applications WHERE customer_id = ? AND id <> ?').get(app.customerId, applicationId) as { n: number }).n;
      if (others === 0) {
        const c = db.prepare('SELECT representative, address, phone, mobile FROM customers WHERE id = ?').get(app.customerId) as Record<string, string | null>;
        fields += Object.values(c).filter((v) => v !== null && v !== '').length;
        db.prepare("UPDATE customers SET representative = '', address = '', phone = '', mobile = NULL, updated_at = ? WHERE id = ?").run(now, app.customerId);
        this.scrubSync('customer', app.customerId);
      }
      // Signatures and seal images, the signed PDFs and the forms' own inputs; attachments (rows and files).
      const docs = this.ids('SELECT id FROM documents WHERE application_id = ?', applicationId);
      for (const d of docs) {
        for (const s of this.ids('SELECT id FROM signatures WHERE document_id = ?', d)) {
          this.scrubSync('signature', s);
          db.prepare('DELETE FROM signatures WHERE id = ?').run(s);
          records += 1;
        }
        const doc = db.prepare('SELECT inputs, signed_pdf_sha256 AS pdf FROM documents WHERE id = ?').get(d) as { inputs: string | null; pdf: string | null };
        fields += (doc.inputs ? 1 : 0) + (doc.pdf ? 1 : 0);
        db.prepare('UPDATE documents SET inputs = NULL, signed_pdf_sha256 = NULL, signed_version_key = NULL, facts = NULL, updated_at = ? WHERE id = ?').run(now, d);
        this.scrubSync('document', d);
      }
      for (const x of this.ids('SELECT id FROM application_attachments WHERE application_id = ?', applicationId)) {
        const tell = tellHq && this.hqHolds('application_attachment', x);
        this.scrubSync('application_attachment', x);
        if (tell) db.prepare(OUTBOX_DELETE).run('application_attachment', x, 'application_attachment', x, now);
        db.prepare('DELETE FROM application_attachments WHERE id = ?').run(x);
        records += 1;
      }
      // The erased values must not travel either: HQ erases its copy on the destruction entry.
      this.scrubSync('application', applicationId);
      return { fields, records, files: this.releaseFiles(files, now) };
    });
  }
}

/** A destruction-log row as the store keeps it (no destroyed data). */
interface DestructionLogRow {
  id: string;
  at: string;
  rule_id: string;
  basis: string;
  action: string;
  subject_kind: string;
  subject_id: string;
  fields_erased: number;
  records_removed: number;
  files_removed: number;
  confirmed_by: string;
  device: string;
  backups_gone_by: string;
  created_at: string;
}
const pickLogRow = (e: DestructionLogRow): DestructionLogRow => ({
  id: e.id,
  at: e.at,
  rule_id: e.rule_id,
  basis: e.basis,
  action: e.action,
  subject_kind: e.subject_kind,
  subject_id: e.subject_id,
  fields_erased: e.fields_erased,
  records_removed: e.records_removed,
  files_removed: e.files_removed,
  confirmed_by: e.confirmed_by,
  device: e.device,
  backups_gone_by: e.backups_gone_by,
  created_at: e.created_at,
});

/**
 * The whole destruction log of a store, each entry marked with whether HQ acknowledged it (read
 * from the store about to be replaced by a restore: `RetentionService.reapply` carries it over).
 */
export function readDestructionLog(store: Store): (DestructionLogRow & { sentToHq: boolean })[] {
  const rows = store.sqlite
    .prepare(
      `SELECT l.*, EXISTS (SELECT 1 FROM sync_records r WHERE r.entity = 'destruction_entry' AND r.entity_id = l.id)
         OR EXISTS (SELECT 1 FROM outbox o WHERE o.entity = 'destruction_entry' AND o.entity_id = l.id AND o.state = 'accepted') AS sent
       FROM destruction_log l ORDER BY l.at, l.id`,
    )
    .all() as (DestructionLogRow & { sent: number })[];
  return rows.map(({ sent, ...row }) => ({ ...pickLogRow(row), sentToHq: sent === 1 }));
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * The daily retention check: on start and every 24 h while the core runs. It never rejects (every
 * failure is logged) and stops on close; it writes no records — it finishes file removals a crash
 * left, prunes backups past their age bound, and tells the screens (and the log) what is due.
 */
export class RetentionJob {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly service: () => RetentionService,
    private readonly pruneBackups: () => void,
    private readonly onChecked: (due: number) => void,
    private readonly log: (entry: { level: 'error' | 'info'; msg: string; [k: string]: unknown }) => void,
    private readonly intervalMs = DAY_MS,
  ) {}

  start(): void {
    this.stopped = false;
    this.runOnce();
  }

  /** One check now (tests call it; the timer calls it daily). */
  runOnce(): void {
    if (this.stopped) return;
    try {
      const service = this.service();
      const removed = service.removePendingFiles();
      if (removed > 0) log(this.log, 'retention: removed files a destruction left behind', { removed });
      this.pruneBackups();
      const due = service.due().items.filter((i) => i.holds.length === 0).length;
      this.onChecked(due);
      if (due > 0) log(this.log, 'retention: records due for destruction, waiting for the rep', { due });
    } catch (error) {
      this.log({ level: 'error', msg: 'retention check failed', error: error instanceof Error ? error.message : String(error) });
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.runOnce();
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

function log(sink: (entry: { level: 'error' | 'info'; msg: string; [k: string]: unknown }) => void, msg: string, extra: Record<string, unknown>): void {
  sink({ level: 'info', msg, ...extra });
}
