import { afterAll, describe, it } from 'vitest';
import { hqSyncSuite } from './suite';
import { postgresUnavailableReason, startPgCluster, tempDir, type PgCluster } from './harness';

// The same HQ sync suite on a real PostgreSQL (Debian's), in a throw-away cluster on a free port.
const unavailable = postgresUnavailableReason();

if (unavailable) {
  // Said loudly, and counted as skipped by name: never a silent pass.
  console.warn(`\n*** SKIPPED: HQ sync suite on Debian PostgreSQL — ${unavailable} ***\n`);
  describe.skipIf(true)(`HQ sync server on Debian PostgreSQL (SKIPPED: ${unavailable})`, () => {
    it('runs the whole HQ sync suite against PostgreSQL', () => undefined);
  });
} else {
  let cluster: PgCluster | undefined;
  afterAll(() => cluster?.stop());
  hqSyncSuite({
    name: 'Debian PostgreSQL 15',
    kind: 'postgres',
    storage: async () => {
      cluster ??= await startPgCluster();
      const name = `hq_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
      cluster.createDatabase(name);
      return { dataDir: tempDir('salesdesk-hq-pg-'), databaseUrl: cluster.url(name) };
    },
  });
}
