/**
 * Vitest global setup: the process entries tests start (CLI, web host, HQ) are bundled once, and
 * again only when a source file is newer than the bundles, so spawned processes start fast.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCES = ['electron', 'server', 'shared'];

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
  const { buildTestBins, TEST_BIN_DIR, TEST_BINS } = await import('../scripts/build-test-bins.mjs');
  const bundles = Object.keys(TEST_BINS).map((name) => path.join(TEST_BIN_DIR, `${name}.mjs`));
  const built = Math.min(...bundles.map((b) => (fs.existsSync(b) ? fs.statSync(b).mtimeMs : 0)));
  const sources = Math.max(...SOURCES.map((d) => newestSource(path.join(ROOT, d))), fs.statSync(path.join(ROOT, 'package-lock.json')).mtimeMs);
  if (built < sources) await buildTestBins();
}
