/**
 * npm run bench:hq — HQ under many devices at once, on loopback, against a real HQ process
 * (the bundle the tests start, dist/test-bin/hq.mjs, or server/main.ts through tsx), on embedded
 * PGlite and on a throw-away Debian PostgreSQL cluster (scripts/pg-cluster.ts).
 * N simulated devices (in branches of 10) enroll, then each, in a loop for a fixed time: pushes a
 * small batch (5 new customers) and pulls from its cursor. Printed per run: push and pull
 * p50/p95/p99, mutations/s, errors, per-device fairness (min/median/max rounds), the write
 * lock's cost (time writers waited for it against time they held it, from HQ's own count:
 * SALESDESK_HQ_LOCK_STATS=1), and on PostgreSQL pgbench's TPS on the same cluster (select-only
 * and TPC-B, 8 clients, 10 s) as the machine's ceiling. One JSON line per run via bench-record.
 * Targets (issue 12), PostgreSQL at 200 devices: push p95 ≤ 200 ms, p99 ≤ 500 ms, no errors, no
 * device below half the median rounds; PGlite: the same fairness rule.
 * Env: BENCH_HQ_DEVICES (default "50,200"), BENCH_HQ_SECONDS (30), BENCH_HQ_BACKENDS ("pglite,postgres"),
 * BENCH_HQ_PROFILE (a directory: HQ's CPU profile goes there), BENCH_HQ_PACE_MS (default 0: a closed loop, each device starts its next round the moment the
 * last ended). In a closed loop every device is always waiting, so a round's time is the number of
 * devices over HQ's throughput (Little's law) and says more about the machine than about HQ's
 * latency; with a pace, each device waits that long (±25 %, jittered) between rounds, as a rep's
 * background sync does, and the figures show HQ's latency under an offered load below its ceiling.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import { businessNumberCheckDigit } from '../shared/format/bizno';
import { ADMIN_PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION, SYNC_PATHS, enrollResponseSchema, pushResponseSchema } from '../shared/sync/protocol';
import { z } from 'zod';
import { postgresUnavailableReason, startPgCluster, type PgCluster } from './pg-cluster';
import { recordBench } from './bench-record';

const root = path.resolve(import.meta.dirname, '..');
const DEVICES = (process.env.BENCH_HQ_DEVICES ?? '50,200')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const SECONDS = Number(process.env.BENCH_HQ_SECONDS ?? 30);
const BACKENDS = (process.env.BENCH_HQ_BACKENDS ?? 'pglite,postgres').split(',').map((b) => b.trim()) as ('pglite' | 'postgres')[];
const PACE_MS = Math.max(0, Number(process.env.BENCH_HQ_PACE_MS ?? 0));
const BATCH = 5;
const BRANCH_SIZE = 10;

// Node's fetch (undici) keeps connections alive and opens as many per origin as requests in flight.
const fetchKeepAlive = (url: string, init: RequestInit = {}) =>
  fetch(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) } });

/**
 * The measured calls go through node:http with a keep-alive agent (one connection per device in
 * flight, as fetch opens): measured on this machine, fetch cost the bench client about as much CPU
 * as HQ's own node process, on the same 2 cores HQ and PostgreSQL need. HQ sees the same requests.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
function call(url: string, init: { method?: string; token: string; body?: string }): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${init.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
    if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(init.body));
    }
    const req = http.request(url, { method: init.method ?? 'GET', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** CPU seconds a process has used (Linux /proc; null elsewhere). */
function processCpuSeconds(pid: number | undefined): number | null {
  try {
    if (pid === undefined) return null;
    const fields = fs
      .readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
      .split(') ')[1]!
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** HQ's write lock figures (server/db/open.ts, SALESDESK_HQ_LOCK_STATS=1): sums over writers, in ms. */
interface LockStats {
  count: number;
  waitMs: number;
  holdMs: number;
  connectMs?: number;
  lockMs?: number;
}

interface Hq {
  url: string;
  pid: number | undefined;
  adminToken: string;
  stop(): Promise<{ lock?: LockStats }>;
}

async function startHq(dataDir: string, databaseUrl?: string): Promise<Hq> {
  const bundle = path.join(root, 'dist/test-bin/hq.mjs');
  const args = fs.existsSync(bundle) ? [bundle] : ['--import', 'tsx', path.join(root, 'server/main.ts')];
  // BENCH_HQ_PROFILE=DIR: HQ's node writes a CPU profile (.cpuprofile) of its whole run into DIR.
  const profile = process.env.BENCH_HQ_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_HQ_PROFILE] : [];
  const child = spawn(process.execPath, [...profile, ...args, '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl ?? '', SALESDESK_HQ_ADMIN_TOKEN: '', SALESDESK_HQ_LOG_LEVEL: 'warn', SALESDESK_HQ_LOCK_STATS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let lock: LockStats | undefined;
  let stderr = '';
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    stderr += `${line}\n`;
    try {
      const parsed = JSON.parse(line) as { msg?: string } & LockStats;
      if (parsed.msg === 'write lock stats') {
        const { count, waitMs, holdMs, connectMs, lockMs } = parsed;
        lock = { count, waitMs, holdMs, ...(connectMs === undefined ? {} : { connectMs }), ...(lockMs === undefined ? {} : { lockMs }) };
      }
    } catch {
      // not a log line
    }
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const first = await Promise.race([
    new Promise<string>((resolve) => readline.createInterface({ input: child.stdout }).once('line', resolve)),
    exited.then(() => {
      throw new Error(`HQ exited before it was ready:\n${stderr}`);
    }),
  ]);
  const ready = JSON.parse(first) as { url: string; adminToken: string };
  return {
    ...ready,
    pid: child.pid,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      return lock ? { lock } : {};
    },
  };
}

function pct(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

const pullPageSchema = z.object({ changes: z.array(z.unknown()), cursor: z.number().int(), hasMore: z.boolean() });

interface Device {
  token: string;
  cursor: number;
  rounds: number;
}

async function enroll(hq: Hq, i: number): Promise<Device> {
  const codeRes = await fetchKeepAlive(`${hq.url}${ADMIN_PATHS.enrollmentCodes}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hq.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ branch: `벤치지사${Math.floor(i / BRANCH_SIZE)}`, rep: `영업${i}` }),
  });
  const { code } = (await codeRes.json()) as { code: string };
  const res = await fetchKeepAlive(`${hq.url}${SYNC_PATHS.enroll}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, deviceName: `bench-${i}` }),
  });
  const raw: unknown = await res.json();
  if (res.status !== 200) throw new Error(`enroll ${res.status}: ${JSON.stringify(raw)}`);
  const r = enrollResponseSchema.parse(raw);
  return { token: r.deviceToken, cursor: 0, rounds: 0 };
}

let serial = 0;
function customerMutation(): Record<string, unknown> {
  serial += 1;
  const first9 = String(100_000_000 + ((serial * 7919) % 899_999_999)).slice(0, 9);
  return {
    mutationId: uuidv7(),
    entity: 'customer',
    entityId: uuidv7(),
    op: 'upsert',
    fields: {
      name: `벤치고객${serial}`,
      businessNumber: first9 + String(businessNumberCheckDigit(first9)),
      corporateNumber: null,
      representative: '대표',
      address: '서울',
      phone: '02-123-4567',
      mobile: null,
      createdAt: new Date().toISOString(),
    },
    baseVersion: 0,
    clientTime: new Date().toISOString(),
  };
}

interface RunResult {
  backend: string;
  devices: number;
  push: number[];
  pull: number[];
  mutations: number;
  errors: number;
  errorSamples: string[];
  rounds: number[];
  seconds: number;
  lock?: LockStats;
  /** CPU seconds used during the timed loop by HQ's node process and by this bench client (PostgreSQL's own is not counted here). */
  cpu: { hq: number | null; client: number; postgres: number | null };
}

async function run(backend: 'pglite' | 'postgres', n: number, cluster: PgCluster | null): Promise<RunResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-hq-'));
  let databaseUrl: string | undefined;
  if (backend === 'postgres') {
    const name = `bench_${n}_${Date.now()}`;
    cluster!.createDatabase(name);
    databaseUrl = cluster!.url(name);
  }
  const hq = await startHq(path.join(dir, 'hq'), databaseUrl);
  const result: RunResult = { backend, devices: n, push: [], pull: [], mutations: 0, errors: 0, errorSamples: [], rounds: [], seconds: SECONDS, cpu: { hq: null, client: 0, postgres: null } };
  try {
    const devices: Device[] = [];
    // Enrolled a few at a time (enrollment is not what is measured).
    for (let i = 0; i < n; i += 10) devices.push(...(await Promise.all(Array.from({ length: Math.min(10, n - i) }, (_, k) => enroll(hq, i + k)))));
    // Each device takes its first pull (what its branch already holds) before the clock starts.
    await Promise.all(devices.map((d) => pullOnce(hq, d)));
    const error = (what: string) => {
      result.errors += 1;
      if (result.errorSamples.length < 5) result.errorSamples.push(what);
    };
    const hqCpu0 = processCpuSeconds(hq.pid);
    const pgCpu0 = cluster?.cpuSeconds() ?? null;
    const clientCpu0 = process.cpuUsage();
    const deadline = performance.now() + SECONDS * 1000;
    await Promise.all(
      devices.map(async (d) => {
        // Paced devices start spread over one pace, as devices that were switched on at different times.
        if (PACE_MS > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * PACE_MS));
        while (performance.now() < deadline) {
          const mutations = Array.from({ length: BATCH }, customerMutation);
          let t = performance.now();
          try {
            const res = await call(`${hq.url}${SYNC_PATHS.push}`, { method: 'POST', token: d.token, body: JSON.stringify({ mutations }) });
            const body = res.body;
            result.push.push(performance.now() - t);
            if (res.status !== 200) {
              error(`push ${res.status}: ${JSON.stringify(body).slice(0, 200)}`);
              continue;
            }
            const answer = pushResponseSchema.parse(body);
            const refused = answer.results.filter((r) => r.status === 'rejected');
            for (const r of refused) error(`push rejected: ${r.error?.message ?? ''}`);
            result.mutations += answer.results.length - refused.length;
          } catch (e) {
            error(`push: ${e instanceof Error ? e.message : String(e)}`);
            continue;
          }
          t = performance.now();
          try {
            await pullOnce(hq, d);
            result.pull.push(performance.now() - t);
          } catch (e) {
            error(`pull: ${e instanceof Error ? e.message : String(e)}`);
            continue;
          }
          d.rounds += 1;
          if (PACE_MS > 0) {
            const wait = Math.min(deadline - performance.now(), PACE_MS * (0.75 + Math.random() * 0.5));
            if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          }
        }
      }),
    );
    result.rounds = devices.map((d) => d.rounds);
    const hqCpu1 = processCpuSeconds(hq.pid);
    const pgCpu1 = cluster?.cpuSeconds() ?? null;
    const client = process.cpuUsage(clientCpu0);
    result.cpu = {
      hq: hqCpu0 === null || hqCpu1 === null ? null : hqCpu1 - hqCpu0,
      client: (client.user + client.system) / 1e6,
      postgres: pgCpu0 === null || pgCpu1 === null ? null : pgCpu1 - pgCpu0,
    };
  } finally {
    const stopped = await hq.stop();
    if (stopped.lock) result.lock = stopped.lock;
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

async function pullOnce(hq: Hq, d: Device): Promise<void> {
  for (;;) {
    const res = await call(`${hq.url}${SYNC_PATHS.pull}?cursor=${d.cursor}&limit=1000`, { token: d.token });
    const body = res.body;
    if (res.status !== 200) throw new Error(`${res.status}: ${JSON.stringify(body).slice(0, 200)}`);
    // The page's envelope only: what HQ sends is checked by the sync tests; here the client's CPU is HQ's.
    const page = pullPageSchema.parse(body);
    d.cursor = page.cursor;
    if (!page.hasMore) return;
  }
}

function pgbench(cluster: PgCluster): { selectOnly: number; tpcb: number } {
  cluster.createDatabase('pgbench_ceiling');
  cluster.client('pgbench', ['-i', '-q', '-s', '5', 'pgbench_ceiling']);
  const tps = (out: string) => Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? NaN);
  const selectOnly = tps(cluster.client('pgbench', ['-T', '10', '-c', '8', '-j', '2', '-S', 'pgbench_ceiling']));
  const tpcb = tps(cluster.client('pgbench', ['-T', '10', '-c', '8', '-j', '2', 'pgbench_ceiling']));
  return { selectOnly, tpcb };
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
let cluster: PgCluster | null = null;
const results: RunResult[] = [];
let ceiling: { selectOnly: number; tpcb: number } | null = null;
try {
  for (const backend of BACKENDS) {
    if (backend === 'postgres') {
      const why = postgresUnavailableReason();
      if (why) {
        console.log(`PostgreSQL skipped: ${why}`);
        continue;
      }
      cluster = await startPgCluster();
    }
    for (const n of DEVICES) {
      console.log(`… ${backend}, ${n} devices, ${SECONDS} s`);
      results.push(await run(backend, n, cluster));
    }
    if (backend === 'postgres' && cluster) ceiling = pgbench(cluster);
  }
} finally {
  cluster?.stop();
}

console.log(
  `\nSalesDesk HQ under load (loopback, ${SECONDS} s per run, pushes of ${BATCH} mutations then a pull, ${PACE_MS > 0 ? `each device pausing ${PACE_MS} ms ±25 % between rounds` : 'a closed loop (no pause between rounds)'}, branches of ${BRANCH_SIZE} devices; load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')})`,
);
for (const r of results) {
  const sorted = [...r.rounds].sort((a, b) => a - b);
  const median = pct(sorted, 50);
  const starved = sorted.filter((x) => x < median / 2).length;
  const mean = (total: number | undefined) => ms((total ?? NaN) / Math.max(1, r.lock?.count ?? 1));
  const parts = r.lock?.connectMs === undefined ? '' : ` = for its branch's turn and a pool connection ${mean(r.lock.connectMs)} + for the lock itself ${mean(r.lock.lockMs)}`;
  const lock = r.lock
    ? `write lock: ${r.lock.count} transactions, waited ${(r.lock.waitMs / 1000).toFixed(1)} s in all (mean ${mean(r.lock.waitMs)}${parts}), held ${(r.lock.holdMs / 1000).toFixed(1)} s (mean ${mean(r.lock.holdMs)})`
    : 'write lock: no figures';
  const pushP95 = pct(r.push, 95);
  const pushP99 = pct(r.push, 99);
  const meets = r.backend === 'postgres' ? pushP95 <= 200 && pushP99 <= 500 && r.errors === 0 && starved === 0 : starved === 0;
  console.log(`\n${r.backend} · ${r.devices} devices`);
  console.log(`  push p50/p95/p99  ${ms(pct(r.push, 50))} / ${ms(pushP95)} / ${ms(pushP99)}   (${r.push.length} pushes)`);
  console.log(`  pull p50/p95/p99  ${ms(pct(r.pull, 50))} / ${ms(pct(r.pull, 95))} / ${ms(pct(r.pull, 99))}`);
  console.log(`  mutations/s       ${(r.mutations / r.seconds).toFixed(0)}   errors ${r.errors}${r.errorSamples.length ? ` (e.g. ${r.errorSamples[0] ?? ''})` : ''}`);
  console.log(`  rounds per device min/median/max ${sorted[0] ?? 0} / ${median} / ${sorted[sorted.length - 1] ?? 0}; below half the median: ${starved}`);
  console.log(`  ${lock}`);
  const rounds = r.rounds.reduce((a, b) => a + b, 0);
  const perRound = (s: number | null) => (s === null || rounds === 0 ? '' : ` (${((s * 1000) / rounds).toFixed(2)} ms a round)`);
  console.log(
    `  CPU in the timed loop: HQ node ${r.cpu.hq === null ? '?' : `${r.cpu.hq.toFixed(1)} s${perRound(r.cpu.hq)}`}, bench client ${r.cpu.client.toFixed(1)} s${perRound(r.cpu.client)}${
      r.cpu.postgres === null ? '' : `, PostgreSQL ${r.cpu.postgres.toFixed(1)} s${perRound(r.cpu.postgres)}`
    } (of ${(2 * r.seconds).toFixed(0)} core-seconds on this 2-core machine; ${rounds} rounds)`,
  );
  console.log(`  verdict: ${meets ? 'meets' : 'MISSES'} ${r.backend === 'postgres' ? 'push p95 ≤ 200 ms, p99 ≤ 500 ms, no errors, fair' : 'fairness (no device below half the median)'}`);
  recordBench('hq', {
    backend: r.backend,
    devices: r.devices,
    seconds: r.seconds,
    'pace ms': PACE_MS,
    'push p50 ms': Math.round(pct(r.push, 50) * 10) / 10,
    'push p95 ms': Math.round(pushP95 * 10) / 10,
    'push p99 ms': Math.round(pushP99 * 10) / 10,
    'pull p50 ms': Math.round(pct(r.pull, 50) * 10) / 10,
    'pull p95 ms': Math.round(pct(r.pull, 95) * 10) / 10,
    'pull p99 ms': Math.round(pct(r.pull, 99) * 10) / 10,
    'mutations per s': Math.round(r.mutations / r.seconds),
    errors: r.errors,
    'rounds min': sorted[0] ?? 0,
    'rounds median': median,
    'rounds max': sorted[sorted.length - 1] ?? 0,
    'devices below half the median': starved,
    ...(r.cpu.hq !== null ? { 'hq cpu s': Math.round(r.cpu.hq * 10) / 10 } : {}),
    'client cpu s': Math.round(r.cpu.client * 10) / 10,
    ...(r.cpu.postgres !== null ? { 'postgres cpu s': Math.round(r.cpu.postgres * 10) / 10 } : {}),
    ...(r.lock ? { 'lock wait ms total': Math.round(r.lock.waitMs), 'lock hold ms total': Math.round(r.lock.holdMs), 'lock transactions': r.lock.count } : {}),
    ...(r.lock?.connectMs !== undefined ? { 'lock connect ms total': Math.round(r.lock.connectMs), 'lock lock ms total': Math.round(r.lock.lockMs ?? 0) } : {}),
    ...(r.backend === 'postgres' && ceiling ? { 'pgbench select-only tps': Math.round(ceiling.selectOnly), 'pgbench tpc-b tps': Math.round(ceiling.tpcb) } : {}),
    meets,
  });
}
if (ceiling) console.log(`\nceiling on the same cluster (pgbench, 8 clients, 10 s): select-only ${ceiling.selectOnly.toFixed(0)} TPS, TPC-B ${ceiling.tpcb.toFixed(0)} TPS`);
