import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { ApplicationItem, BillingParty, Customer, Seller } from '../../../shared/domain/application';
import type { CustomerNameChange } from '../../../shared/domain/customer';
import type { DocumentFacts } from '../../../shared/forms/facts';

/**
 * The local store. Append-only migrations are generated from this file by drizzle-kit
 * (`npm run db:generate`) and committed under ./migrations; never edit a committed one.
 */

/** 고객사: one row per business registration number. */
export const customers = sqliteTable(
  'customers',
  {
    id: text('id').primaryKey(), // UUIDv7
    name: text('name').notNull(),
    /** Lower-cased name without spaces or legal-form marks, for search (see searchKey). */
    nameKey: text('name_key').notNull(),
    /** Digits only; formatted XXX-XX-XXXXX on the way out. */
    businessNumber: text('business_number').notNull(),
    corporateNumber: text('corporate_number'),
    representative: text('representative').notNull(),
    address: text('address').notNull(),
    phone: text('phone').notNull(),
    mobile: text('mobile'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    revision: integer('revision').notNull().default(1),
    /** Earlier names of the company, each with when the rep recorded the rename (상호 변경), oldest first. */
    nameHistory: text('name_history', { mode: 'json' }).$type<CustomerNameChange[]>(),
  },
  (t) => [
    // Not unique: two devices may enter the same company offline; sync keeps both records.
    index('customers_business_number_idx').on(t.businessNumber),
    index('customers_name_key_idx').on(t.nameKey),
    index('customers_updated_at_idx').on(t.updatedAt),
  ],
);

/** 청약: an application for a new subscription, a change or a termination. */
export const applications = sqliteTable(
  'applications',
  {
    id: text('id').primaryKey(), // UUIDv7
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: ['new', 'change', 'termination'] }).notNull(),
    billing: text('billing', { mode: 'json' }).$type<BillingParty>(),
    term: text('term', { enum: ['none', '12m', '24m', '36m'] }).notNull(),
    termEnd: text('term_end'),
    items: text('items', { mode: 'json' }).$type<ApplicationItem[]>().notNull(),
    seller: text('seller', { mode: 'json' }).$type<Seller>().notNull(),
    serviceNumber: text('service_number'),
    date: text('date').notNull(),
    status: text('status').notNull().default('draft'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    revision: integer('revision').notNull().default(1),
    /** The rep's tracking of the application's life: checklist, provisioning steps, dates, history. */
    workflow: text('workflow', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** HQ's reason for its last status change (반려, 직권해지 …), from sync. */
    statusReason: text('status_reason'),
    /**
     * The customer block as this application applied with it (신청고객): what its forms print. The
     * customers row is the company's master record (search, the next application); a later
     * application of the same company never changes what this one says. Null only on rows made
     * before it existed (then the customers row is read).
     */
    customer: text('customer', { mode: 'json' }).$type<Customer>(),
  },
  (t) => [
    index('applications_customer_idx').on(t.customerId),
    // The list's order (newest first, id breaking ties): a first sync stores thousands of records in one second.
    index('applications_order_idx').on(t.updatedAt, t.id),
    index('applications_status_idx').on(t.status),
    // Not unique: change and termination applications carry the service number of the subscription they alter.
    index('applications_service_number_idx').on(t.serviceNumber),
  ],
);

export type CustomerRow = typeof customers.$inferSelect;
export type ApplicationRow = typeof applications.$inferSelect;

/** 견적: one quote per application thread; its content lives in immutable versions. */
export const quotes = sqliteTable(
  'quotes',
  {
    id: text('id').primaryKey(), // UUIDv7
    applicationId: text('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'restrict' }),
    latestVersion: integer('latest_version').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('quotes_application_idx').on(t.applicationId), index('quotes_updated_at_idx').on(t.updatedAt)],
);

/**
 * A saved quote version. Its content never changes (a trigger refuses it); editing a quote
 * saves the next version. Only the approval columns, owned by HQ, are updated afterwards.
 */
export const quoteVersions = sqliteTable(
  'quote_versions',
  {
    id: text('id').primaryKey(), // UUIDv7
    quoteId: text('quote_id')
      .notNull()
      .references(() => quotes.id, { onDelete: 'restrict' }),
    version: integer('version').notNull(),
    catalogId: text('catalog_id').notNull(),
    catalogVersion: text('catalog_version').notNull(),
    currency: text('currency').notNull(),
    term: text('term', { enum: ['none', '12m', '24m', '36m'] }).notNull(),
    items: text('items', { mode: 'json' }).$type<ApplicationItem[]>().notNull(),
    /** The engine's full result at save time (lines, totals, warnings), so a version reads back exactly as priced. */
    result: text('result', { mode: 'json' }).$type<unknown>().notNull(),
    monthlyTotal: integer('monthly_total').notNull(),
    approvalRequired: integer('approval_required', { mode: 'boolean' }).notNull(),
    approvalStatus: text('approval_status', { enum: ['not_required', 'pending', 'approved', 'refused'] }).notNull(),
    approvalReason: text('approval_reason'),
    approvalDecidedAt: text('approval_decided_at'),
    notes: text('notes'),
    validUntil: text('valid_until').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('quote_versions_quote_version_uq').on(t.quoteId, t.version)],
);

export type QuoteRow = typeof quotes.$inferSelect;
export type QuoteVersionRow = typeof quoteVersions.$inferSelect;

/**
 * Files kept by content (SHA-256): signature and seal images, scans of the business registration,
 * signed PDFs. The bytes live in <data dir>/attachments/<sha256>; this row says what they are.
 */
export const attachments = sqliteTable('attachments', {
  sha256: text('sha256').primaryKey(),
  mime: text('mime').notNull(),
  bytes: integer('bytes').notNull(),
  createdAt: text('created_at').notNull(),
  /** When HQ confirmed it holds the whole file (sync). */
  uploadedAt: text('uploaded_at'),
});

/** A printable document of an application (#1–#6, quote, settlement request, contract draft). */
export const documents = sqliteTable(
  'documents',
  {
    id: text('id').primaryKey(), // UUIDv7: the document id printed in every page's QR
    applicationId: text('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'restrict' }),
    form: text('form').notNull(),
    /** What the rep filled in for this form only (#4 reason and dates, #5 rows, settlement fields…). */
    inputs: text('inputs', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** The last fully signed PDF (an attachment) and the content version it was signed for. */
    signedPdfSha256: text('signed_pdf_sha256').references(() => attachments.sha256),
    signedVersionKey: text('signed_version_key'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    /**
     * Facts from outside the application that the form printed when its first signature was
     * given (the supplier block HQ publishes): kept so a later publication never changes a signed
     * paper. Cleared when the rep's own change makes the content new (its signatures void).
     */
    facts: text('facts', { mode: 'json' }).$type<DocumentFacts>(),
  },
  (t) => [uniqueIndex('documents_application_form_uq').on(t.applicationId, t.form)],
);

/**
 * A signature or seal given to one content version of a document. Never changed or deleted
 * (triggers): when the content changes, the signature stays on record and shows as void.
 */
export const signatures = sqliteTable(
  'signatures',
  {
    id: text('id').primaryKey(),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'restrict' }),
    area: text('area').notNull(),
    versionKey: text('version_key').notNull(),
    mark: text('mark', { enum: ['signature', 'seal'] }).notNull(),
    signerName: text('signer_name').notNull(),
    signedAt: text('signed_at').notNull(),
    device: text('device').notNull(),
    appVersion: text('app_version').notNull(),
    imageSha256: text('image_sha256')
      .notNull()
      .references(() => attachments.sha256),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('signatures_document_idx').on(t.documentId)],
);

/** Files attached to an application: the business registration copy, the signed contract, scans. */
export const applicationAttachments = sqliteTable(
  'application_attachments',
  {
    id: text('id').primaryKey(),
    applicationId: text('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'restrict' }),
    purpose: text('purpose', { enum: ['businessRegistration', 'signedContract', 'other'] }).notNull(),
    sha256: text('sha256')
      .notNull()
      .references(() => attachments.sha256),
    fileName: text('file_name').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('application_attachments_application_idx').on(t.applicationId)],
);

export type AttachmentRow = typeof attachments.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;
export type SignatureRow = typeof signatures.$inferSelect;

// ─────────────────────────────── Sync (see electron/core/sync) ───────────────────────────────

/**
 * The transactional outbox: every local write of a synced table adds its mutation here in the
 * same transaction (triggers, migration 0004). Sent in `seq` order; resent with the same
 * mutation id until HQ answers, so nothing is lost and nothing applied twice.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    mutationId: text('mutation_id').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    op: text('op', { enum: ['upsert', 'delete'] }).notNull(),
    fields: text('fields', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    baseVersion: integer('base_version').notNull().default(0),
    clientTime: text('client_time').notNull(),
    /** discarded: refused by HQ, then resent as a new change or dropped by the rep (kept for the record). */
    state: text('state', { enum: ['queued', 'sent', 'accepted', 'rejected', 'discarded'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    /** HQ's answer (version, conflicts, error), once it came. */
    result: text('result', { mode: 'json' }).$type<Record<string, unknown>>(),
    error: text('error'),
    sentAt: text('sent_at'),
    ackedAt: text('acked_at'),
  },
  (t) => [uniqueIndex('outbox_mutation_uq').on(t.mutationId), index('outbox_state_idx').on(t.state, t.seq), index('outbox_record_idx').on(t.entity, t.entityId)],
);

/** The version of each record as last received from HQ (the base of the next mutation). */
export const syncRecords = sqliteTable(
  'sync_records',
  {
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    serverVersion: integer('server_version').notNull(),
    pulledAt: text('pulled_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entity, t.entityId] })],
);

/** 1 while pulled changes are written, so the outbox triggers leave them out. */
export const syncControl = sqliteTable('sync_control', {
  id: integer('id').primaryKey(),
  applying: integer('applying').notNull().default(0),
});

/** Enrollment and progress of this device's sync (one row per key). */
export const syncState = sqliteTable('sync_state', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).$type<unknown>(),
});

/** Values that lost a conflict at HQ (or overrode another device's), shown to the rep. */
export const syncConflicts = sqliteTable(
  'sync_conflicts',
  {
    id: text('id').primaryKey(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    field: text('field').notNull(),
    yours: text('yours', { mode: 'json' }).$type<unknown>(),
    theirs: text('theirs', { mode: 'json' }).$type<unknown>(),
    winner: text('winner', { enum: ['yours', 'theirs'] }).notNull(),
    reason: text('reason').notNull(),
    mutationId: text('mutation_id'),
    createdAt: text('created_at').notNull(),
    seenAt: text('seen_at'),
  },
  (t) => [index('sync_conflicts_record_idx').on(t.entity, t.entityId)],
);

/** Records only HQ writes (catalogs, contacts), kept as pulled. */
export const hqRecords = sqliteTable(
  'hq_records',
  {
    entity: text('entity').notNull(),
    id: text('id').notNull(),
    version: integer('version').notNull(),
    fields: text('fields', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    pulledAt: text('pulled_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entity, t.id] })],
);

// ─────────────────────── Personal data (issue 17, see shared/privacy) ───────────────────────

/**
 * The personal-data access log: every view, print, export, change and deletion of personal data
 * made through the contract, written by the dispatcher (`electron/core/privacy/access-log.ts`).
 * Append-only (triggers in the migration refuse UPDATE and DELETE) and hash-chained: each row's
 * `hash` covers its content and the previous row's hash (`shared/privacy/access.ts`).
 */
export const accessLog = sqliteTable(
  'access_log',
  {
    seq: integer('seq').primaryKey(),
    id: text('id').notNull(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    device: text('device').notNull(),
    channel: text('channel').notNull(),
    action: text('action', { enum: ['view', 'print', 'export', 'change', 'delete'] }).notNull(),
    subjects: text('subjects', { mode: 'json' }).$type<{ kind: string; id: string }[]>().notNull(),
    reason: text('reason'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('access_log_id_uq').on(t.id), index('access_log_at_idx').on(t.at)],
);

// ── Issue 16: complaints (VOC) and faults after the sale. The SLA clock is computed on read from
// ticket_events (shared/service/sla.ts); no counter is stored. ──

/** 민원/장애 접수 건 of a subscription (application). */
export const tickets = sqliteTable(
  'tickets',
  {
    id: text('id').primaryKey(), // UUIDv7
    applicationId: text('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: ['complaint', 'fault'] }).notNull(),
    category: text('category').notNull(),
    channel: text('channel').notNull(),
    description: text('description').notNull(),
    receivedBy: text('received_by').notNull(),
    /** HQ's assignment (pulled); null until HQ assigns. */
    assignee: text('assignee'),
    openedAt: text('opened_at').notNull(),
    /** A fault's outage window (ISO instants), credited by art. 10. */
    outageStart: text('outage_start'),
    outageEnd: text('outage_end'),
    /** Not used since 0009 (read from the 'closed' event, which syncs); kept for older stores. */
    satisfaction: text('satisfaction', { enum: ['satisfied', 'dissatisfied', 'no-answer'] }),
    justified: integer('justified', { mode: 'boolean' }),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('tickets_application_idx').on(t.applicationId)],
);

/**
 * The append-only event log of a ticket (triggers refuse UPDATE and DELETE, migration 0009). `seq`
 * is this device's order of arrival (an HQ event pulled later gets the next one); the log is read
 * in time order (`at`). Synced as `ticket_event`.
 */
export const ticketEvents = sqliteTable(
  'ticket_events',
  {
    id: text('id').primaryKey(), // UUIDv7
    ticketId: text('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'restrict' }),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    at: text('at').notNull(),
    note: text('note'),
    by: text('by').notNull(),
    /** A 'closed' complaint: the customer's satisfaction and whether it was justified (migration 0009). */
    satisfaction: text('satisfaction', { enum: ['satisfied', 'dissatisfied', 'no-answer'] }),
    justified: integer('justified', { mode: 'boolean' }),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('ticket_events_ticket_seq_uq').on(t.ticketId, t.seq)],
);
export type TicketRow = typeof tickets.$inferSelect;
export type TicketEventRow = typeof ticketEvents.$inferSelect;

/**
 * Issue 17 item 2: consent as data. One row per decision (agree / refuse / withdraw) of a
 * customer for a purpose (shared/privacy/consent.ts), with the text version and the signature
 * that gave it. Append-only (migration 0013: triggers refuse UPDATE and DELETE): a withdrawal is
 * a new row. Synced as `consent_event`.
 */
export const consentEvents = sqliteTable(
  'consent_events',
  {
    id: text('id').primaryKey(), // UUIDv7
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'restrict' }),
    applicationId: text('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'restrict' }),
    purpose: text('purpose', { enum: ['collection', 'third_party', 'marketing'] }).notNull(),
    action: text('action', { enum: ['agree', 'refuse', 'withdraw'] }).notNull(),
    textVersion: integer('text_version').notNull(),
    /** The form #1 signature that gave an agreement; null when recorded on the 고객 동의 tab. */
    signatureId: text('signature_id'),
    at: text('at').notNull(),
    by: text('by').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('consent_events_customer_idx').on(t.customerId, t.at), index('consent_events_application_idx').on(t.applicationId)],
);
export type ConsentEventRow = typeof consentEvents.$inferSelect;

/**
 * This device's own settings (issue 11, item 13): the UI language and the seller defaults the
 * application form starts with. One row per key, values checked with `shared/domain/settings.ts`;
 * never synced (each laptop keeps its own).
 */
export const deviceSettings = sqliteTable('device_settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).$type<unknown>().notNull(),
  updatedAt: text('updated_at').notNull(),
});

/**
 * Prospect lists handed to this device's rep (issue 17 item 5), as HQ sent them on the last sync
 * (`POST /sync/prospects`). Not an outbox entity: the `*_pending` marks are what the next sync
 * sends (acknowledgement, check-in, each result); a hand-out HQ no longer lists (checked in,
 * recalled, archived) is deleted with its entries, so the numbers leave the device with it.
 */
export const prospectHandouts = sqliteTable('prospect_handouts', {
  id: text('id').primaryKey(),
  listId: text('list_id').notNull(),
  listNumber: text('list_number').notNull(),
  listName: text('list_name').notNull(),
  campaign: text('campaign').notNull(),
  state: text('state', { enum: ['handed_out', 'acknowledged', 'checked_in', 'recalled', 'archived'] }).notNull(),
  handedAt: text('handed_at').notNull(),
  acknowledgedAt: text('acknowledged_at'),
  checkedInAt: text('checked_in_at'),
  ackPending: integer('ack_pending', { mode: 'boolean' }).notNull().default(false),
  checkInPending: integer('check_in_pending', { mode: 'boolean' }).notNull().default(false),
});

/** One number of a hand-out and the rep's result for it (kept whole here; every screen masks it). */
export const prospectEntries = sqliteTable(
  'prospect_entries',
  {
    handoutId: text('handout_id')
      .notNull()
      .references(() => prospectHandouts.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    seq: integer('seq').notNull(),
    company: text('company').notNull(),
    contact: text('contact').notNull(),
    phone: text('phone').notNull(),
    result: text('result', { enum: ['called', 'no_answer', 'interested', 'refused', 'do_not_call'] }),
    resultAt: text('result_at'),
    note: text('note'),
    resultPending: integer('result_pending', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.handoutId, t.id] })],
);

/**
 * Issue 17 item 3: the destruction log. One row per record destroyed (or whose personal data was
 * erased) under a retention rule, holding no destroyed personal data: the rule and its basis, the
 * subject's kind and id, counts of what went, who confirmed, when, on which device, and the date by
 * which the last backup in rotation still holding it is gone. Append-only (triggers), synced as
 * `destruction_entry` so HQ keeps the record of the destruction.
 */
export const destructionLog = sqliteTable(
  'destruction_log',
  {
    id: text('id').primaryKey(), // UUIDv7
    at: text('at').notNull(),
    ruleId: text('rule_id').notNull(),
    basis: text('basis').notNull(),
    action: text('action', { enum: ['erase_personal', 'destroy_record'] }).notNull(),
    subjectKind: text('subject_kind').notNull(),
    subjectId: text('subject_id').notNull(),
    fieldsErased: integer('fields_erased').notNull(),
    recordsRemoved: integer('records_removed').notNull(),
    filesRemoved: integer('files_removed').notNull(),
    confirmedBy: text('confirmed_by').notNull(),
    device: text('device').notNull(),
    /** The KST date by which the backup rotation has dropped every backup that still holds the data. */
    backupsGoneBy: text('backups_gone_by').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('destruction_log_at_idx').on(t.at), index('destruction_log_subject_idx').on(t.subjectId)],
);
export type DestructionLogRow = typeof destructionLog.$inferSelect;

/**
 * Files a destruction took out of the records, removed from disk after the transaction commits; a
 * row left here by a crash in between is finished at the next start (no orphan file stays).
 */
export const pendingFileRemovals = sqliteTable('pending_file_removals', {
  sha256: text('sha256').primaryKey(),
  queuedAt: text('queued_at').notNull(),
});

/**
 * 1 only inside a destruction's transaction: the append-only triggers of signatures, quote versions,
 * consent and ticket events let that one transaction remove them (migration 0015). One row.
 */
export const retentionControl = sqliteTable('retention_control', {
  id: integer('id').primaryKey(),
  destroying: integer('destroying').notNull().default(0),
});
