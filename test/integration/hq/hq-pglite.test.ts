import { hqSyncSuite } from './suite';
import { tempDir } from './harness';

// The HQ sync suite on the embedded database (PGlite), the default `npm run hq` uses.
hqSyncSuite({
  name: 'embedded PGlite',
  kind: 'pglite',
  storage: () => Promise.resolve({ dataDir: tempDir('salesdesk-hq-') }),
});
