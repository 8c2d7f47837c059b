import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './fixtures';
import { ROOT } from './processes';

const TEMPLATE = path.join(ROOT, 'dist/test-bin/hq-template/pgdata');

/**
 * A new HQ data folder holding a copy of the database template test/global-setup.ts makes once
 * (PGlite's initdb and HQ's migrations; HQ seeds its own server id at start), so a test's HQ starts
 * without paying initdb again. For tests whose subject is not the first start: the HQ sync suite on
 * PGlite and `hq users add` on an empty folder still start from nothing.
 */
export function hqDataDir(prefix = 'salesdesk-hq-'): string {
  const dir = tempDir(prefix);
  if (fs.existsSync(TEMPLATE)) fs.cpSync(TEMPLATE, path.join(dir, 'pgdata'), { recursive: true });
  return dir;
}
