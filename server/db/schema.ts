import { bigint, boolean, customType, index, integer, jsonb, pgSequence, pgTable, primaryKey, serial, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { FieldConflict, Fields, MutationResult } from '../../shared/sync/protocol';
import type { FieldStamp } from '../../shared/sync/merge';

/**
 * HQ's PostgreSQL schema (embedded PGlite or a real server). Migrations are generated from this
 * file by drizzle-kit (`npm run hq:db:generate`, config server/drizzle.config.ts) into
 * server/migrations and applied at start. Never edit a generated migration; add a new one.
 */

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

/** Every synced change gets the next number; devices pull "everything after my cursor". */
export const changeSeq = pgSequence('change_seq', { startWith: 1 });
/** 서비스번호 J + 8 digits, assigned at S/O processing. */
export const serviceNumberSeq = pgSequence('service_number_seq', { startWith: 1, minValue: 1, maxValue: 99_999_999 });

export const serverMeta = pgTable('server_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** 지사. Branch 0 is HQ-wide data (catalogs, contacts) every device pulls; it has no devices. */
export const branches = pgTable('branches', {
  id: serial('id').primaryKey(),
  name: text('name').notNull().unique(),
  createdAt: tstz('created_at').notNull().defaultNow(),
});

/** 영업대표. */
export const reps = pgTable(
  'reps',
  {
    id: serial('id').primaryKey(),
    branchId: integer('branch_id')
      .notNull()
      .references(() => branches.id),
    name: text('name').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [unique('reps_branch_name_uq').on(t.branchId, t.name)],
);

/** One-time enrollment codes; only their SHA-256 is kept. */
export const enrollmentCodes = pgTable('enrollment_codes', {
  codeHash: text('code_hash').primaryKey(),
  branchId: integer('branch_id')
    .notNull()
    .references(() => branches.id),
  repId: integer('rep_id')
    .notNull()
    .references(() => reps.id),
  expiresAt: tstz('expires_at').notNull(),
  usedAt: tstz('used_at'),
  deviceId: uuid('device_id'),
  createdAt: tstz('created_at').notNull().defaultNow(),
});

/** Enrolled devices. `num` is the short writer number used in field stamps. */
export const devices = pgTable('devices', {
  id: uuid('id').primaryKey(),
  num: serial('num').notNull().unique(),
  branchId: integer('branch_id')
    .notNull()
    .references(() => branches.id),
  repId: integer('rep_id')
    .notNull()
    .references(() => reps.id),
  name: text('name').notNull(),
  /** SHA-256 (hex) of the random 32-byte token; the token itself is never stored. */
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: tstz('created_at').notNull().defaultNow(),
  lastSeenAt: tstz('last_seen_at'),
  revokedAt: tstz('revoked_at'),
  /** What the device last reported on a /sync call (optional headers; null until it does). */
  appVersion: text('app_version'),
  /** Changes still waiting in the device's outbox at that call. */
  pendingChanges: integer('pending_changes'),
});

/**
 * Current state of every synced record, of every entity. `seq` is the change number of its
 * latest change: a pull is an index range scan on (branch_id, seq), so its cost follows the
 * number of changes, not the number of records.
 */
export const records = pgTable(
  'records',
  {
    entity: text('entity').notNull(),
    id: text('id').notNull(),
    branchId: integer('branch_id').notNull(),
    version: integer('version').notNull(),
    fields: jsonb('fields').$type<Fields>().notNull(),
    stamps: jsonb('stamps').$type<Record<string, FieldStamp>>().notNull(),
    deleted: boolean('deleted').notNull().default(false),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.entity, t.id] }),
    index('records_branch_seq_idx').on(t.branchId, t.seq),
    // Issue 16: a ticket's events (push checks a device's event against the whole log; the board
    // reads them). The events themselves are append-only: migration 0004's trigger refuses an
    // UPDATE that changes one and every DELETE.
    index('records_ticket_events_idx').on(sql`(${t.fields}->>'ticketId')`).where(sql`${t.entity} = 'ticket_event'`),
    index('records_tickets_idx').on(t.branchId).where(sql`${t.entity} = 'ticket'`),
    // Issue 17: a customer's consent decisions (folded per customer; append-only: migration 0006's trigger).
    index('records_consent_events_idx').on(sql`(${t.fields}->>'customerId')`).where(sql`${t.entity} = 'consent_event'`),
  ],
);

/**
 * Every mutation HQ has processed, written in the same transaction as its effect: a resent
 * mutationId is answered from here and never applied again. The payload is kept too, so a
 * rejected or overridden edit is never lost.
 */
export const processedMutations = pgTable(
  'processed_mutations',
  {
    mutationId: uuid('mutation_id').primaryKey(),
    branchId: integer('branch_id').notNull(),
    deviceId: uuid('device_id').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    op: text('op').notNull(),
    baseVersion: integer('base_version').notNull(),
    clientTime: tstz('client_time').notNull(),
    fields: jsonb('fields').$type<Fields>().notNull(),
    result: jsonb('result').$type<MutationResult>().notNull(),
    receivedAt: tstz('received_at').notNull().defaultNow(),
  },
  (t) => [index('processed_mutations_branch_idx').on(t.branchId, t.receivedAt)],
);

/** Every value a conflict overrode (or refused), kept for people to see; pulled as `conflict`. */
export const conflicts = pgTable(
  'conflicts',
  {
    id: uuid('id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    branchId: integer('branch_id').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    field: text('field').notNull(),
    yours: jsonb('yours').$type<FieldConflict['yours']>(),
    theirs: jsonb('theirs').$type<FieldConflict['theirs']>(),
    winner: text('winner').notNull(),
    reason: text('reason').notNull(),
    mutationId: uuid('mutation_id').notNull(),
    deviceId: uuid('device_id').notNull(),
    otherDeviceId: uuid('other_device_id'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [index('conflicts_branch_seq_idx').on(t.branchId, t.seq)],
);

/** Assigned service numbers: unique, and the idempotency key of S/O processing. */
export const serviceNumbers = pgTable('service_numbers', {
  number: text('number').primaryKey(),
  applicationId: text('application_id').notNull().unique(),
  assignedAt: tstz('assigned_at').notNull().defaultNow(),
});

/** Attachments by SHA-256, per branch (a branch cannot probe another's files). */
export const attachments = pgTable(
  'attachments',
  {
    branchId: integer('branch_id').notNull(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    received: bigint('received', { mode: 'number' }).notNull().default(0),
    complete: boolean('complete').notNull().default(false),
    deviceId: uuid('device_id').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    completedAt: tstz('completed_at'),
  },
  (t) => [primaryKey({ columns: [t.branchId, t.sha256] })],
);

export const attachmentChunks = pgTable(
  'attachment_chunks',
  {
    branchId: integer('branch_id').notNull(),
    sha256: text('sha256').notNull(),
    offset: bigint('offset', { mode: 'number' }).notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.branchId, t.sha256, t.offset] })],
);

// ---------------------------------------------------------------------------------------------
// HQ console (issue 14): named accounts, their sessions, login throttling and the audit log.

/** Console roles: 주문접수 (order desk), 승인 (quote approver), 정산 (settlement), 관리자 (admin). */
export const consoleUsers = pgTable('console_users', {
  id: serial('id').primaryKey(),
  /** What the person types to sign in (lower case, unique). */
  login: text('login').notNull().unique(),
  name: text('name').notNull(),
  role: text('role').notNull(),
  /** argon2id PHC string; the password itself is never stored. */
  passwordHash: text('password_hash').notNull(),
  /** A one-time password was issued: the person must choose their own before anything else. */
  mustChangePassword: boolean('must_change_password').notNull().default(true),
  createdAt: tstz('created_at').notNull().defaultNow(),
  passwordChangedAt: tstz('password_changed_at'),
  lastLoginAt: tstz('last_login_at'),
  disabledAt: tstz('disabled_at'),
});

/**
 * Console sessions, server-side: the cookie carries a random id, HQ keeps only its SHA-256, so
 * a session can be ended (logout, idle time-out, account disabled) and a copied database holds
 * no usable cookie. `csrf_token` must come back in a header on every write.
 */
export const consoleSessions = pgTable(
  'console_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => consoleUsers.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
    /** Absolute end, however active the session is. */
    expiresAt: tstz('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('console_sessions_user_idx').on(t.userId)],
);

/**
 * Failed sign-ins by login name (known or not, so the answer never tells which logins exist):
 * each failure past the free ones doubles the wait before the next try.
 */
export const consoleLoginThrottle = pgTable('console_login_throttle', {
  login: text('login').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lockedUntil: tstz('locked_until'),
  lastFailedAt: tstz('last_failed_at'),
});

/**
 * Every console and admin-API action: who (a person, or a named token), when, from where, what,
 * before → after. Append-only: a trigger (migration) refuses UPDATE and DELETE. Kept at least a
 * year — nothing in HQ deletes from it.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: tstz('at').notNull().defaultNow(),
    /** 'user' (a console account), 'token' (the admin token of `cli hq`), 'cli' (`hq users` on the server machine). */
    actorKind: text('actor_kind').notNull(),
    actorLogin: text('actor_login').notNull(),
    actorName: text('actor_name').notNull(),
    ip: text('ip'),
    action: text('action').notNull(),
    targetKind: text('target_kind'),
    targetId: text('target_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    /** Did it succeed? Refused attempts (failed sign-in, a move the lifecycle refused) are kept too. */
    outcome: text('outcome').notNull().default('ok'),
    note: text('note'),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_target_idx').on(t.targetKind, t.targetId), index('audit_log_actor_idx').on(t.actorLogin, t.at)],
);

// ---------------------------------------------------------------------------------------------
// Personal data (issue 17): the access log. Append-only (migration triggers refuse UPDATE,
// DELETE and TRUNCATE) and hash-chained like the device's (shared/privacy/access.ts); `at` is
// kept as the exact text the hash covers, `at_ts` as the instant searches use.

/** HQ's own entries: every console and admin-API access to personal data, one chain. */
export const hqAccessLog = pgTable(
  'hq_access_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    id: text('id').notNull().unique(),
    at: text('at').notNull(),
    atTs: tstz('at_ts').notNull(),
    /** The console login, or 'admin-token'. */
    actor: text('actor').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorName: text('actor_name').notNull(),
    /** `ip:<address>`: where the call came from. */
    device: text('device').notNull(),
    /** `METHOD /route/pattern`. */
    channel: text('channel').notNull(),
    action: text('action').notNull(),
    subjects: jsonb('subjects').$type<{ kind: string; id: string }[]>().notNull(),
    reason: text('reason'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('hq_access_log_at_idx').on(t.atTs), index('hq_access_log_actor_idx').on(t.actor, t.atTs), index('hq_access_log_subjects_idx').using('gin', sql`${t.subjects} jsonb_path_ops`)],
);

/** The devices' entries as they arrived over sync: each device's chain, with who and where it came from. */
export const deviceAccessLog = pgTable(
  'device_access_log',
  {
    deviceId: uuid('device_id').notNull(),
    seq: integer('seq').notNull(),
    branchId: integer('branch_id').notNull(),
    repId: integer('rep_id').notNull(),
    id: text('id').notNull(),
    at: text('at').notNull(),
    atTs: tstz('at_ts').notNull(),
    actor: text('actor').notNull(),
    device: text('device').notNull(),
    channel: text('channel').notNull(),
    action: text('action').notNull(),
    subjects: jsonb('subjects').$type<{ kind: string; id: string }[]>().notNull(),
    reason: text('reason'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    receivedAt: tstz('received_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.deviceId, t.seq] }),
    index('device_access_log_at_idx').on(t.atTs),
    index('device_access_log_rep_idx').on(t.repId, t.atTs),
    index('device_access_log_subjects_idx').using('gin', sql`${t.subjects} jsonb_path_ops`),
  ],
);

/** Breaks HQ found in a device's chain as it arrived (the entries are kept; the break is shown). */
export const accessChainBreaks = pgTable(
  'access_chain_breaks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    deviceId: uuid('device_id').notNull(),
    seq: integer('seq').notNull(),
    problem: text('problem').notNull(),
    message: text('message').notNull(),
    /** A conflicting resend: the hash HQ was sent (the stored entry stays). */
    sentHash: text('sent_hash'),
    detectedAt: tstz('detected_at').notNull().defaultNow(),
  },
  (t) => [unique('access_chain_breaks_uq').on(t.deviceId, t.seq, t.problem)],
);

/** The monthly review: who marked a KST month of the log as checked, and when. Once per month. */
export const accessReviews = pgTable('access_reviews', {
  month: text('month').primaryKey(),
  byLogin: text('by_login').notNull(),
  byName: text('by_name').notNull(),
  at: tstz('at').notNull().defaultNow(),
  note: text('note'),
});

// ── Prospect lists under lock (issue 17 item 5; shared/prospects) ──────────────────────────────

/** A list HQ imported: numbered PL-YYYY-NNNN, kept at least a year after its last use. */
export const prospectLists = pgTable('prospect_lists', {
  id: uuid('id').primaryKey(),
  number: text('number').notNull().unique(),
  name: text('name').notNull(),
  source: text('source'),
  importedAt: tstz('imported_at').notNull(),
  importedBy: text('imported_by').notNull(),
  lastUsedAt: tstz('last_used_at').notNull(),
  /** KST date (YYYY-MM-DD): a year after the last use; the retention job destroys the list after it. */
  keepUntil: text('keep_until').notNull(),
  archivedAt: tstz('archived_at'),
});

/** The list's entries as screened on import (company, contact, phone), in the file's order. */
export const prospectEntries = pgTable(
  'prospect_entries',
  {
    id: uuid('id').primaryKey(),
    listId: uuid('list_id')
      .notNull()
      .references(() => prospectLists.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    company: text('company').notNull(),
    contact: text('contact').notNull(),
    /** Conventional grouping (010-1234-5678). */
    phone: text('phone').notNull(),
    /** Digits only: duplicates, do-not-call and withdrawn consent are judged on it. */
    digits: text('digits').notNull(),
  },
  (t) => [unique('prospect_entries_list_seq_uq').on(t.listId, t.seq), index('prospect_entries_digits_idx').on(t.digits)],
);

/** A part of a list handed to a named rep for a campaign: who, when, campaign, count, and where it stands. */
export const prospectHandouts = pgTable(
  'prospect_handouts',
  {
    id: uuid('id').primaryKey(),
    listId: uuid('list_id')
      .notNull()
      .references(() => prospectLists.id, { onDelete: 'cascade' }),
    repId: integer('rep_id')
      .notNull()
      .references(() => reps.id),
    campaign: text('campaign').notNull(),
    count: integer('count').notNull(),
    state: text('state').notNull(),
    handedAt: tstz('handed_at').notNull(),
    handedBy: text('handed_by').notNull(),
    acknowledgedAt: tstz('acknowledged_at'),
    checkedInAt: tstz('checked_in_at'),
    recalledAt: tstz('recalled_at'),
    archivedAt: tstz('archived_at'),
  },
  (t) => [index('prospect_handouts_rep_idx').on(t.repId, t.state), index('prospect_handouts_list_idx').on(t.listId)],
);

/** Which entries a hand-out carries, and the rep's result for each. */
export const prospectHandoutEntries = pgTable(
  'prospect_handout_entries',
  {
    handoutId: uuid('handout_id')
      .notNull()
      .references(() => prospectHandouts.id, { onDelete: 'cascade' }),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => prospectEntries.id, { onDelete: 'cascade' }),
    result: text('result'),
    resultAt: tstz('result_at'),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.handoutId, t.entryId] }), index('prospect_handout_entries_entry_idx').on(t.entryId)],
);

/** A second campaign on a list, asked for and decided by HQ. */
export const prospectCampaignRequests = pgTable(
  'prospect_campaign_requests',
  {
    id: uuid('id').primaryKey(),
    listId: uuid('list_id')
      .notNull()
      .references(() => prospectLists.id, { onDelete: 'cascade' }),
    campaign: text('campaign').notNull(),
    status: text('status').notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedAt: tstz('requested_at').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: tstz('decided_at'),
    note: text('note'),
  },
  (t) => [index('prospect_campaign_requests_list_idx').on(t.listId)],
);

/** Numbers nobody may call again (a rep's 'do_not_call' result, or HQ's own list). Digits only. */
export const prospectDoNotCall = pgTable('prospect_do_not_call', {
  digits: text('digits').primaryKey(),
  at: tstz('at').notNull().defaultNow(),
  source: text('source').notNull(),
});

/**
 * Legal holds at HQ (issue 17 item 3): a customer or an application kept from destruction (litigation,
 * an authority's request), with who placed it, when and why. Lifting records who, when and why too;
 * nothing is deleted. While a hold is open HQ's finder shows the item as held and HQ never erases it.
 */
export const retentionHolds = pgTable(
  'retention_holds',
  {
    id: uuid('id').primaryKey(),
    subjectKind: text('subject_kind').notNull(),
    subjectId: text('subject_id').notNull(),
    reason: text('reason').notNull(),
    placedBy: text('placed_by').notNull(),
    placedAt: tstz('placed_at').notNull().defaultNow(),
    liftedBy: text('lifted_by'),
    liftedAt: tstz('lifted_at'),
    liftReason: text('lift_reason'),
  },
  (t) => [index('retention_holds_subject_idx').on(t.subjectKind, t.subjectId)],
);

/**
 * HQ's own destruction log (issue 17 item 3): one entry per item an HQ account confirmed under HQ's
 * rules (`decidedBy: 'hq'`), written in the destruction's transaction, WITHOUT the destroyed data:
 * the rule, its basis, counts, who confirmed, when, and the date by which backups holding it are
 * gone. Its id is also the id of the `destruction_entry` HQ wrote into the branch so the devices
 * follow. Append-only (migration 0010's trigger).
 */
export const hqDestructionLog = pgTable(
  'hq_destruction_log',
  {
    id: uuid('id').primaryKey(),
    at: tstz('at').notNull().defaultNow(),
    branchId: integer('branch_id').notNull(),
    ruleId: text('rule_id').notNull(),
    basis: text('basis').notNull(),
    action: text('action').notNull(),
    subjectKind: text('subject_kind').notNull(),
    subjectId: text('subject_id').notNull(),
    fieldsErased: integer('fields_erased').notNull(),
    recordsRemoved: integer('records_removed').notNull(),
    filesRemoved: integer('files_removed').notNull(),
    confirmedBy: text('confirmed_by').notNull(),
    backupsGoneBy: text('backups_gone_by').notNull(),
  },
  (t) => [index('hq_destruction_log_at_idx').on(t.at)],
);
