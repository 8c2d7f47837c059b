import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
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
  (t) => [primaryKey({ columns: [t.entity, t.id] }), index('records_branch_seq_idx').on(t.branchId, t.seq)],
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
