/**
 * npm run bench:hq-restart — how long devices wait for HQ after it is killed (SIGKILL) and
 * started again, on the embedded PGlite (default) or PostgreSQL (DATABASE_URL=postgres://…).
 *
 * For each round: HQ holds BENCH_RESTART_RECORDS records pushed by a device; a push of 1,000 more
 * is in flight when HQ is killed; HQ is started again and timed until its first answer to a
 * device (GET /health), with the database's own open time from HQ's log. Rounds alternate between
 * the server run from source (`npm run hq`: tsx compiles it at each start) and from its bundle
 * (`npm run hq:build`, then `node dist/hq/server/main.mjs`).
 * Peer: a clean restart (SIGTERM, then start) of the same data folder.
 * Target: a killed HQ answers again within 5 s.
 */
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { performance } from 'node:perf_hooks';
import { openCore } from '../electron/core/core';
import { plainSecretBox } from '../electron/core/sync/secrets';
import { businessNumberCheckDigit } from '../shared/format/bizno';
import { insertDraftCompany } from './bench-branch';
import { recordBench } from './bench-record';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, SYNC_PATHS } from '../shared/sync/protocol';

const root = path.resolve(import.meta.dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-hq-restart-'));
const RECORDS = Number(process.env.BENCH_RESTART_RECORDS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_RESTART_ROUNDS ?? 4);
const TARGET_MS = 5_000;

interface Hq {
  child: ChildProcessByStdio<null, Readable, Readable>;
  url: string;
  adminToken: string;
  /** ms from spawn to the `{url}` line, and the database-open figures HQ logs. */
  readyMs: number;
  openLog: Record<string, unknown> | undefined;
  exited: Promise<void>;
}

type Entry = 'tsx' | 'bundle';
const ENTRY_ARGS: Record<Entry, string[]> = { tsx: ['--import', 'tsx', 'server/main.ts'], bundle: ['dist/hq/server/main.mjs'] };

async function startHq(port = 0, adminToken = 'bench-admin-token-0123456789', entry: Entry = 'tsx'): Promise<Hq> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...ENTRY_ARGS[entry], '--port', String(port), '--data-dir', path.join(tmp, 'hq')], {
    cwd: root,
    env: { ...process.env, SALESDESK_HQ_LOG_LEVEL: 'info', SALESDESK_HQ_ADMIN_TOKEN: adminToken },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let openLog: Record<string, unknown> | undefined;
  let stderr = '';
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    stderr += `${line}\n`;
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if (parsed.msg === 'database opened') openLog = parsed;
    } catch {
      // not a log line
    }
  });
  const line = await Promise.race([
    new Promise<string>((resolve) => readline.createInterface({ input: child.stdout }).once('line', resolve)),
    exited.then(() => {
      throw new Error(`HQ exited before it was ready:\n${stderr}`);
    }),
  ]);
  const ready = JSON.parse(line) as { url: string; adminToken: string };
  return { child, url: ready.url, adminToken: ready.adminToken, readyMs: performance.now() - t0, openLog, exited };
}

let deviceToken = '';
async function health(url: string): Promise<void> {
  const r = await fetch(`${url}${SYNC_PATHS.health}`, { headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), authorization: `Bearer ${deviceToken}` } });
  if (!r.ok) throw new Error(`health ${r.status}`);
}

function seed(core: ReturnType<typeof openCore>, n: number, offset: number) {
  const now = new Date().toISOString();
  core.store.write((tx) => {
    for (let i = 0; i < n; i++) {
      const k = offset + i;
      const first9 = String(100_000_000 + k).slice(0, 9);
      insertDraftCompany(tx, { name: `재시작회사${k}`, businessNumber: `${first9}${businessNumberCheckDigit(first9)}`, createdAt: now, quantity: 10 });
    }
  });
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const built = spawnSync(process.execPath, ['scripts/build.mjs', '--hq'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) throw new Error('could not build the HQ bundle');
let hq = await startHq();
const port = Number(new URL(hq.url).port);
const device = openCore({ dataDir: path.join(tmp, 'device'), host: 'cli' });
try {
  const codeRes = await fetch(`${hq.url}/admin/enrollment-codes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
    body: JSON.stringify({ branch: '재시작지사', rep: '벤치' }),
  });
  const { code } = (await codeRes.json()) as { code: string };
  await device.ctx.sync.engine.enroll(hq.url, code, 'bench');
  deviceToken = await plainSecretBox.open(device.ctx.sync.engine.get('token') ?? '');
  for (let done = 0; done < RECORDS; done += 5_000) {
    seed(device, Math.min(5_000, RECORDS - done) / 2, done / 2);
    await device.ctx.sync.engine.sync();
  }
  const killed: { entry: Entry; readyMs: number; answerMs: number; open: Record<string, unknown> | undefined }[] = [];
  let offset = RECORDS;
  for (let round = 0; round < ROUNDS; round++) {
    // A push of 1,000 mutations in flight when HQ dies.
    seed(device, 500, offset);
    offset += 500;
    const push = device.ctx.sync.engine.sync().catch(() => null);
    await new Promise<void>((resolve) => {
      // Kill once HQ has started on the batch (its log says so), else after the push ended.
      const stop = () => {
        hq.child.kill('SIGKILL');
        resolve();
      };
      const rl = readline.createInterface({ input: hq.child.stderr });
      rl.on('line', (line) => {
        if (line.includes('push: applying batch')) stop();
      });
      push.then(stop, stop);
    });
    await hq.exited;
    await push;
    const entry: Entry = round % 2 === 0 ? 'tsx' : 'bundle';
    const t0 = performance.now();
    hq = await startHq(port, hq.adminToken, entry);
    await health(hq.url);
    killed.push({ entry, readyMs: hq.readyMs, answerMs: performance.now() - t0, open: hq.openLog });
    // Let the device finish what was in flight (it resends the same ids).
    await device.ctx.sync.engine.sync();
  }
  // Peer: a clean restart.
  hq.child.kill('SIGTERM');
  await hq.exited;
  const t0 = performance.now();
  hq = await startHq(port, hq.adminToken, 'bundle');
  await health(hq.url);
  const cleanMs = performance.now() - t0;
  const cleanOpen = hq.openLog;

  const worstOf = (entry: Entry) => Math.max(...killed.filter((k) => k.entry === entry).map((k) => k.answerMs));
  const worst = worstOf('bundle');
  const kind = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  console.log(`\nHQ restart after SIGKILL (${kind}, ${RECORDS.toLocaleString('en')} records + 1,000 in flight, ${ROUNDS} rounds)`);
  killed.forEach((k, i) => {
    const o = k.open ? ` (database open ${String(k.open.openMs)} ms, migrations ${String(k.open.migrateMs)} ms)` : '';
    console.log(`round ${i + 1} (${k.entry === 'tsx' ? 'from source, tsx' : 'from the bundle'}): answers devices after ${fmt(k.answerMs)}${o}`);
  });
  console.log(`worst from source (npm run hq):       ${fmt(worstOf('tsx'))}`);
  console.log(`worst from the bundle (npm run hq:start): ${fmt(worst)}  (target ≤ ${fmt(TARGET_MS)}: ${worst <= TARGET_MS ? 'meets' : 'MISSES'})`);
  const co = cleanOpen ? ` (database open ${String(cleanOpen.openMs)} ms)` : '';
  recordBench('hq-restart', {
    database: kind,
    'worst from source ms': Math.round(worstOf('tsx')),
    'worst from bundle ms': Math.round(worst),
    'clean restart ms': Math.round(cleanMs),
    'killed/clean': Math.round((worst / cleanMs) * 10) / 10,
  });
  console.log(`peer, clean restart from the bundle (SIGTERM): ${fmt(cleanMs)}${co} — killed/clean ${(worst / cleanMs).toFixed(1)}×`);
} finally {
  device.close();
  hq.child.kill('SIGTERM');
  await hq.exited;
  fs.rmSync(tmp, { recursive: true, force: true });
}
