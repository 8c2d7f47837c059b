// Prints the SQL that migration 0004 appends after its tables: the sync_control row, the queue
// of records written before sync existed, and the outbox triggers. Used once to write the
// migration; test/unit/sync/triggers.test.ts checks the database still matches.
import { SYNCED_TABLES, allOutboxTriggersSql, seedOutboxSql } from '../electron/core/sync/entities';

const parts = [
  'INSERT INTO `sync_control` (`id`, `applying`) VALUES (1, 0);',
  ...SYNCED_TABLES.map(seedOutboxSql),
  allOutboxTriggersSql(),
];
process.stdout.write(`--> statement-breakpoint\n${parts.join('\n--> statement-breakpoint\n')}\n`);
