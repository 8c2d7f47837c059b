/**
 * npm run bench:apply — the device applying pulled pages (no HTTP): records/s of one page after
 * another, the way a first sync of a large branch stores them. Target ≥ 20,000 records/s.
 * `BENCH_APPLY_N` records (default 50,000: half customers, half their applications).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../electron/core/core';
import { applyPulledPage } from '../electron/core/sync/apply';
import { DEFAULT_TIMEOUTS } from '../electron/core/sync/http';
import { SyncState } from '../electron/core/sync/state';
import { businessNumberCheckDigit } from '../shared/format/bizno';
import type { Change } from '../shared/sync/protocol';
import { applicationSearchPage } from '../electron/core/repos/search-sql';
import { optimizeSearchIndexes } from '../electron/core/store/search-index';
import { pulledCompany } from './bench-branch';
import { recordBench } from './bench-record';

const N = Number(process.env.BENCH_APPLY_N ?? 50_000);
const PAGE = 5000;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-apply-'));

/** n customers with one application each, as HQ sends them (2n changes, parents first in each page). */
function branchChanges(n: number): Change[] {
  const out: Change[] = [];
  const createdAt = new Date().toISOString();
  for (let k = 0; k < n; k++) {
    const first9 = String(100_000_000 + k).slice(0, 9);
    out.push(...pulledCompany(out.length, { name: `벤치회사${k}`, businessNumber: `${first9}${businessNumberCheckDigit(first9)}`, createdAt, quantity: 10 + (k % 50) }));
  }
  return out;
}

const changes = branchChanges(N / 2);
const core = openCore({ dataDir: path.join(tmp, 'dev'), host: 'cli' });
const deps = { ctx: core.ctx, state: new SyncState(core.ctx), timeouts: DEFAULT_TIMEOUTS };
const apply = (page: Change[], files: Map<string, Uint8Array>, cursor: number) => applyPulledPage(deps, page, files, cursor);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
for (let i = 0; i < changes.length; i += PAGE) {
  const page = changes.slice(i, i + PAGE);
  apply(page, new Map(), page[page.length - 1]!.seq);
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const rate = changes.length / (ms / 1000);
/** A common substring (about 1 in 90 companies) searched 200 times: p50 / p95 ms. */
function searchTimes(): [number, number] {
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    applicationSearchPage(core.store, `사${10 + (i % 90)}`, 50, 0);
    samples.push(performance.now() - t);
  }
  samples.sort((x, y) => x - y);
  return [samples[100]!, samples[190]!];
}
const [before50, before95] = searchTimes();
const tOpt = performance.now();
optimizeSearchIndexes(core.store);
const optimizeMs = performance.now() - tOpt;
const [after50, after95] = searchTimes();
const counts = core.store.sqlite.prepare('SELECT (SELECT count(*) FROM customers) AS c, (SELECT count(*) FROM applications) AS a, (SELECT count(*) FROM outbox) AS o').get() as {
  c: number;
  a: number;
  o: number;
};
if (counts.c + counts.a !== changes.length || counts.o !== 0) throw new Error(`stored ${JSON.stringify(counts)}`);
core.close();
const bytes = fs.statSync(path.join(tmp, 'dev', 'salesdesk.sqlite')).size;
console.log(
  `apply ${changes.length.toLocaleString('en')} pulled records in pages of ${PAGE}: ${ms.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU → ${Math.round(rate).toLocaleString('en')} records/s (target ≥ 20,000: ${rate >= 20_000 ? 'meets' : 'MISSES'}); ${(bytes / changes.length).toFixed(0)} B per record on disk`,
);
console.log(
  `common-substring search right after: p50 ${before50.toFixed(2)} / p95 ${before95.toFixed(2)} ms; FTS5 optimize ${optimizeMs.toFixed(0)} ms; after it: p50 ${after50.toFixed(2)} / p95 ${after95.toFixed(2)} ms`,
);
recordBench('apply', {
  'search p95 before optimize ms': Math.round(before95 * 100) / 100,
  'optimize ms': Math.round(optimizeMs),
  'search p95 after optimize ms': Math.round(after95 * 100) / 100,
  records: changes.length,
  'apply ms': Math.round(ms),
  'records/s': Math.round(rate),
  'cpu ms': Math.round((cpu.user + cpu.system) / 1000),
  'bytes per record': Math.round(bytes / changes.length),
});
fs.rmSync(tmp, { recursive: true, force: true });
