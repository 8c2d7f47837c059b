import crypto from 'node:crypto';
import type { PersonalAccessEvent } from '../../../shared/contract/dispatcher';
import { accessEntrySchema, canonicalAccessText, GENESIS_HASH, verifyAccessChain, type AccessEntry, type ChainBreak } from '../../../shared/privacy/access';
import type { Store } from '../store/db';
import type { Clock } from '../ids';
import { newId } from '../ids';

const sha256Hex = (text: string): string => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

interface Row {
  seq: number;
  id: string;
  at: string;
  actor: string;
  device: string;
  channel: string;
  action: string;
  subjects: string;
  reason: string | null;
  prev_hash: string;
  hash: string;
}

function entryFromRow(r: Row): AccessEntry {
  // A row that no longer parses (hand-edited JSON) still takes part in verification: its hash will not match.
  let subjects: unknown;
  try {
    subjects = JSON.parse(r.subjects);
  } catch {
    subjects = [];
  }
  return {
    seq: r.seq,
    id: r.id,
    at: r.at,
    actor: r.actor,
    device: r.device,
    channel: r.channel,
    action: r.action as AccessEntry['action'],
    subjects: Array.isArray(subjects) ? (subjects as AccessEntry['subjects']) : [],
    reason: r.reason,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export interface AccessActor {
  /** The rep enrolled on this device, or a placeholder before enrollment. */
  actor: string;
  device: string;
}

/**
 * The device's personal-data access log (table `access_log`, migration 0007): the dispatcher
 * appends one entry per call that touched personal data; `verify` walks the chain and names the
 * first broken link. Appends run in their own immediate transaction on the raw connection, so
 * they never wake sync as a record change would, and two appends never share a previous hash.
 */
export class AccessLog {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly who: () => AccessActor,
  ) {}

  append(event: PersonalAccessEvent): AccessEntry {
    const { actor, device } = this.who();
    const db = this.store.sqlite;
    const run = db.transaction((): AccessEntry => {
      const last = db.prepare('SELECT seq, hash FROM access_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
      const base = {
        seq: (last?.seq ?? 0) + 1,
        id: newId(),
        at: this.clock.now().toISOString(),
        actor,
        device,
        channel: event.channel,
        action: event.action,
        subjects: event.subjects.map((s) => ({ kind: s.kind, id: s.id })),
        reason: event.reason,
        prevHash: last?.hash ?? GENESIS_HASH,
      };
      const entry = accessEntrySchema.parse({ ...base, hash: sha256Hex(canonicalAccessText(base)) });
      db.prepare('INSERT INTO access_log (seq, id, at, actor, device, channel, action, subjects, reason, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        entry.seq,
        entry.id,
        entry.at,
        entry.actor,
        entry.device,
        entry.channel,
        entry.action,
        JSON.stringify(entry.subjects),
        entry.reason,
        entry.prevHash,
        entry.hash,
      );
      return entry;
    });
    return run.immediate();
  }

  /** Entries in order, optionally only those about one record. */
  list(options: { subjectId?: string; limit?: number } = {}): AccessEntry[] {
    const limit = Math.min(Math.max(options.limit ?? 1000, 1), 100_000);
    const rows = (
      options.subjectId === undefined
        ? this.store.sqlite.prepare('SELECT * FROM access_log ORDER BY seq LIMIT ?').all(limit)
        : this.store.sqlite
            .prepare("SELECT a.* FROM access_log a WHERE EXISTS (SELECT 1 FROM json_each(a.subjects) s WHERE json_extract(s.value, '$.id') = ?) ORDER BY seq LIMIT ?")
            .all(options.subjectId, limit)
    ) as Row[];
    return rows.map(entryFromRow);
  }

  /** Entries after `seq`, in order (what sync sends HQ next). */
  after(seq: number, limit: number): AccessEntry[] {
    return (this.store.sqlite.prepare('SELECT * FROM access_log WHERE seq > ? ORDER BY seq LIMIT ?').all(seq, limit) as Row[]).map(entryFromRow);
  }

  count(): number {
    return (this.store.sqlite.prepare('SELECT count(*) AS n FROM access_log').get() as { n: number }).n;
  }

  /** The first broken link of the whole chain, or undefined when every entry holds (read in pages: the log grows for years). */
  verify(): { entries: number; broken?: ChainBreak } {
    const page = this.store.sqlite.prepare('SELECT * FROM access_log WHERE seq > ? ORDER BY seq LIMIT 5000');
    let start = { seq: 0, hash: GENESIS_HASH };
    let entries = 0;
    for (;;) {
      const rows = (page.all(start.seq) as Row[]).map(entryFromRow);
      if (rows.length === 0) return { entries };
      const broken = verifyAccessChain(rows, sha256Hex, start);
      if (broken) return { entries: entries + rows.findIndex((r) => r.seq === broken.seq), broken };
      entries += rows.length;
      const last = rows[rows.length - 1]!;
      start = { seq: last.seq, hash: last.hash };
    }
  }
}
