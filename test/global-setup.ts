/**
 * Vitest and Playwright global setup: the process entries tests start (CLI, web host, HQ) are
 * bundled once, and the HQ database template made once (scripts/build-test-bins.mjs), and again
 * only when a source file is newer, so spawned processes start fast.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCES = ['electron', 'server', 'shared', 'test/support'];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.(ts|tsx|json|sql)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

export default async function setup(): Promise<void> {
  const { buildTestBins, HQ_TEMPLATE_DIR, TEST_BIN_DIR, TEST_BINS } = await import('../scripts/build-test-bins.mjs');
  const bundles = [...Object.keys(TEST_BINS).map((name) => path.join(TEST_BIN_DIR, `${name}.mjs`)), path.join(HQ_TEMPLATE_DIR, 'pgdata', 'PG_VERSION')];
  const built = Math.min(...bundles.map((b) => (fs.existsSync(b) ? fs.statSync(b).mtimeMs : 0)));
  const sources = Math.max(...SOURCES.map((d) => newestSource(path.join(ROOT, d))), fs.statSync(path.join(ROOT, 'package-lock.json')).mtimeMs);
  if (built < sources) await buildTestBins();
}
