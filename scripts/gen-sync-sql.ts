// Prints the SQL a migration appends for sync. Without arguments: what migration 0004 appends
// after its tables (the sync_control row, the queue of records written before sync existed, and
// the outbox triggers). With table names (`tsx scripts/gen-sync-sql.ts applications documents`):
// the DROP and CREATE of those tables' triggers, for a migration that adds synced columns (0005).
// test/unit/sync/triggers.test.ts checks the database still matches.
import { SYNCED_TABLES, allOutboxTriggersSql, replaceOutboxTriggersSql, seedOutboxSql } from '../electron/core/sync/entities';

const tables = process.argv.slice(2);
const parts = tables.length > 0 ? [replaceOutboxTriggersSql(tables)] : ['INSERT INTO `sync_control` (`id`, `applying`) VALUES (1, 0);', ...SYNCED_TABLES.map(seedOutboxSql), allOutboxTriggersSql()];
process.stdout.write(`--> statement-breakpoint\n${parts.join('\n--> statement-breakpoint\n')}\n`);
