import { z } from 'zod';

/**
 * The personal-data access log (issue 17; PIPA safety-measure standard, art. 8): who, when, from
 * which device, whose data, what was done, and why where a reason is required. One mechanism:
 * each contract channel declares here-typed `PersonalAccess` (or `noPersonalData`), and the
 * dispatcher writes the entry — no handler logs by hand.
 *
 * Entries are chained: each entry's hash covers its canonical text, which includes the hash of
 * the entry before it, so changing, removing or reordering any entry breaks every link after it.
 * The hash function itself is the host's (node:crypto SHA-256): `shared/` does no I/O.
 */

const PERSONAL_ACTIONS = ['view', 'print', 'export', 'change', 'delete'] as const;
export type PersonalAction = (typeof PERSONAL_ACTIONS)[number];

/**
 * Whose data: the kind of record and its id (a customer is the person or company behind it; a
 * seller is the rep's own 판매자 block kept as this device's default, id 'device'; the contact
 * list is HQ's #6 list of people, id 'hq-contacts'; an export names what it exported, kind 'export';
 * a prospect list (id: the list's UUID) and one entry of it (id: the entry's UUID), issue 17 item 5).
 */
const SUBJECT_KINDS = ['customer', 'application', 'quote', 'document', 'seller', 'contact_list', 'export', 'prospect_list', 'prospect_entry'] as const;
const subjectSchema = z.strictObject({ kind: z.enum(SUBJECT_KINDS), id: z.string().min(1).max(100) });
export type Subject = z.output<typeof subjectSchema>;

/** How a channel touches personal data: the action, and how to find whose data from its input and output. */
export interface PersonalAccess<In = unknown, Out = unknown> {
  readonly action: PersonalAction;
  /** The records whose personal data the call touched (may be many: a list shows many customers). */
  subjects(input: In, output: Out): Subject[];
  /** The input field holding the reason (export, bulk print): the input schema must require it. */
  readonly reasonField?: string;
}

/** Declared by a channel that reads or writes no personal data (the contract walk checks its schemas). */
export const noPersonalData = { none: true } as const;
type NoPersonalData = typeof noPersonalData;
export type PersonalDeclaration<In = unknown, Out = unknown> = PersonalAccess<In, Out> | NoPersonalData;

export function touchesPersonalData(d: PersonalDeclaration): d is PersonalAccess {
  return !('none' in d);
}

/**
 * Field names that hold personal data wherever they appear in a schema (the contract walk uses
 * them to find a channel that carries personal data without declaring it).
 */
export const PERSONAL_FIELD_NAMES = [
  'representative',
  'phone',
  'mobile',
  'address',
  'email',
  'contactName',
  'contactPhone',
  'signer',
  'signerName',
  'imagePng',
  'pngBase64',
  // A rendered document or an attachment (ID-card copies, signed forms) as file bytes.
  'base64',
  'image',
  'residentNumber',
  'birthDate',
] as const;

/** One entry as it is chained and stored. */
export const accessEntrySchema = z.strictObject({
  seq: z.number().int().min(1),
  id: z.string().min(1).max(64),
  /** When, as an ISO instant (shown in KST). */
  at: z.iso.datetime({ offset: true }),
  /** Who: the rep enrolled on the device, or the HQ account. */
  actor: z.string().min(1).max(200),
  device: z.string().min(1).max(200),
  /** The contract channel or HQ route. */
  channel: z.string().min(1).max(200),
  action: z.enum(PERSONAL_ACTIONS),
  subjects: z.array(subjectSchema).max(1000),
  reason: z.string().max(500).nullable(),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AccessEntry = z.output<typeof accessEntrySchema>;

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The text an entry's hash covers: every field but the hash itself, in a fixed order, the previous hash included. */
export function canonicalAccessText(e: Omit<AccessEntry, 'hash'>): string {
  return JSON.stringify([e.seq, e.id, e.at, e.actor, e.device, e.channel, e.action, e.subjects.map((s) => [s.kind, s.id]), e.reason, e.prevHash]);
}

export type Sha256Hex = (text: string) => string;

export interface ChainBreak {
  /** The sequence number of the first entry that does not hold. */
  seq: number;
  problem: 'hash' | 'link' | 'gap';
  /** English, for the CLI and logs; the console translates by `problem`. */
  message: string;
}

/**
 * The first broken link of a chain read in `seq` order, or undefined when every entry holds:
 * an entry whose hash is not the hash of its text (changed), whose prevHash is not the hash
 * before it (removed or reordered), or a sequence gap (removed at the end of a run).
 */
export function verifyAccessChain(entries: Iterable<AccessEntry>, sha256: Sha256Hex, start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH }): ChainBreak | undefined {
  let prev = start.hash;
  let expectedSeq = start.seq + 1;
  for (const e of entries) {
    if (e.seq !== expectedSeq) return { seq: e.seq, problem: 'gap', message: `entry ${e.seq}: expected entry ${expectedSeq} before it (entries removed)` };
    if (e.prevHash !== prev) return { seq: e.seq, problem: 'link', message: `entry ${e.seq}: does not follow the entry before it (removed, reordered or changed)` };
    const { hash, ...rest } = e;
    if (sha256(canonicalAccessText(rest)) !== hash) return { seq: e.seq, problem: 'hash', message: `entry ${e.seq}: its content does not match its hash (changed after it was written)` };
    prev = hash;
    expectedSeq += 1;
  }
  return undefined;
}
