/**
 * npm run bench:sync — the device sync client against a real HQ (PGlite) on loopback.
 *  1. 10k mutations pushed by one device and pulled by another of the same branch (time, bytes);
 *  2. one change among 100k stored records: what the other device pays to get it (time, bytes).
 * Peer: a full re-download of the branch (pull from cursor 0), what a naive snapshot sync costs.
 * Targets: 10k up+down ≤ 3 s; one change ≤ 50 ms and ≤ 2 KB.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { openCore, type Core } from '../electron/core/core';
import { SyncEngine } from '../electron/core/sync/engine';
import { plainSecretBox } from '../electron/core/sync/secrets';
import { businessNumberCheckDigit } from '../shared/format/bizno';
import { insertDraftCompany } from './bench-branch';
import { recordBench } from './bench-record';

const root = path.resolve(import.meta.dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sync-'));
const BIG = Number(process.env.BENCH_SYNC_BIG ?? 100_000);

async function startHq() {
  // BENCH_SYNC_PROFILE=<dir>: HQ writes a CPU profile there when it stops (where a pull's and a push's time goes).
  const profile = process.env.BENCH_SYNC_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_SYNC_PROFILE] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'server/main.ts', '--port', '0', '--data-dir', path.join(tmp, 'hq')], {
    cwd: root,
    env: { ...process.env, SALESDESK_HQ_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout }).once('line', resolve));
  return { child, ...(JSON.parse(line) as { url: string; adminToken: string }) };
}

/** CPU time (user + system, ms) a process has used so far, read from /proc (Linux; 0 elsewhere). */
function cpuMsOf(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return 0;
  }
}

/** CPU used by each side over `fn`: the device (this process) and HQ (its own process). */
async function cpuOfBothSides<T>(hqPid: number, fn: () => Promise<T>): Promise<{ result: T; deviceCpuMs: number; hqCpuMs: number }> {
  const hq0 = cpuMsOf(hqPid);
  const dev0 = process.cpuUsage();
  const result = await fn();
  const dev = process.cpuUsage(dev0);
  return { result, deviceCpuMs: (dev.user + dev.system) / 1000, hqCpuMs: cpuMsOf(hqPid) - hq0 };
}

/** BENCH_SYNC_DEVICE_PROFILE=<dir>: the device side's CPU profile of `fn` (the first full pull) written there. */
async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_SYNC_DEVICE_PROFILE;
  if (!dir) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

/** fetch that counts the bytes on the wire (bodies both ways). */
function countingFetch() {
  const counter = { up: 0, down: 0, requests: 0 };
  const f = (async (input: RequestInfo | URL, init?: RequestInit) => {
    counter.requests += 1;
    const body = init?.body;
    if (typeof body === 'string') counter.up += Buffer.byteLength(body);
    else if (body instanceof Uint8Array) counter.up += body.byteLength;
    const res = await fetch(input, init);
    const buf = await res.arrayBuffer();
    counter.down += buf.byteLength;
    return new Response(buf, { status: res.status, statusText: res.statusText, headers: res.headers });
  }) as typeof fetch;
  return { f, counter, reset: () => Object.assign(counter, { up: 0, down: 0, requests: 0 }) };
}

async function device(name: string, url: string, adminToken: string): Promise<{ core: Core; engine: SyncEngine; net: ReturnType<typeof countingFetch> }> {
  const core = openCore({ dataDir: path.join(tmp, name), host: 'cli' });
  const net = countingFetch();
  const engine = new SyncEngine(core.ctx, plainSecretBox, net.f);
  const codeRes = await fetch(`${url}/admin/enrollment-codes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ branch: '벤치지사', rep: name }),
  });
  const { code } = (await codeRes.json()) as { code: string };
  await engine.enroll(url, code, name);
  return { core, engine, net };
}

/** n customers, each with one application: 2n outbox mutations, written the way the app writes them. */
function seed(core: Core, n: number, offset = 0) {
  const now = new Date().toISOString();
  for (let start = 0; start < n; start += 5000) {
    core.store.write((tx) => {
      for (let i = start; i < Math.min(n, start + 5000); i++) {
        const k = offset + i;
        const first9 = String(100_000_000 + k).slice(0, 9);
        insertDraftCompany(tx, { name: `벤치회사${k}`, businessNumber: `${first9}${businessNumberCheckDigit(first9)}`, createdAt: now, quantity: 10 + (k % 50) });
      }
    });
  }
}

/**
 * Waits until the devices' background upkeep (search-index merging, a WAL checkpoint worker) is
 * done. The devices share this process, unlike two reps' laptops: without the wait, A's merging
 * after its seeding ran on the same thread during B's measured pull (first full pull: 3.9 to 5.0 s
 * for the same code, depending on where A's merges fell).
 */
async function idle(...devices: { core: Core }[]): Promise<void> {
  await Promise.all(devices.flatMap((d) => [d.core.store.searchIndexIdle(), d.core.store.checkpointIdle()]));
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n: number) => `${n.toFixed(0)} ms`;

const hq = await startHq();
try {
  // 1. 10k mutations up and down
  const a = await device('A', hq.url, hq.adminToken);
  const b = await device('B', hq.url, hq.adminToken);
  seed(a.core, 5_000);
  await idle(a, b);
  a.net.reset();
  let t = performance.now();
  const up = await a.engine.sync();
  const upMs = performance.now() - t;
  const upBytes = { ...a.net.counter };
  await idle(a, b);
  b.net.reset();
  t = performance.now();
  const pull10k = await cpuOfBothSides(hq.child.pid!, () => b.engine.sync());
  const down = pull10k.result;
  const downMs = performance.now() - t;
  const downBytes = { ...b.net.counter };

  // 2. one change among BIG stored records
  seed(a.core, BIG / 2 - 5_000, 5_000);
  await a.engine.sync();
  await idle(a, b);
  t = performance.now();
  const fullPull = await cpuOfBothSides(hq.child.pid!, () => profiled('device-full-pull', () => b.engine.sync()));
  const fullPullMs = performance.now() - t;
  const firstApp = a.core.store.sqlite.prepare('SELECT id, revision FROM applications ORDER BY created_at LIMIT 1').get() as { id: string; revision: number };
  a.core.store.sqlite.prepare("UPDATE applications SET term = '24m' WHERE id = ?").run(firstApp.id);
  await a.engine.sync();
  const samples: { ms: number; bytes: number }[] = [];
  for (let i = 0; i < 15; i++) {
    a.core.store.sqlite.prepare('UPDATE applications SET term = ? WHERE id = ?').run(i % 2 ? '12m' : '24m', firstApp.id);
    await a.engine.sync();
    b.net.reset();
    t = performance.now();
    const r = await b.engine.sync();
    samples.push({ ms: performance.now() - t, bytes: b.net.counter.up + b.net.counter.down });
    if (r.pulled !== 1) throw new Error(`expected one change, pulled ${r.pulled}`);
  }
  samples.sort((x, y) => x.ms - y.ms);
  const one = samples[Math.floor(samples.length / 2)]!;
  const p95 = samples[Math.floor(samples.length * 0.95)]!;
  const records = b.core.store.sqlite.prepare('SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM applications) AS n').get() as { n: number };

  // Peer: a snapshot sync re-downloads the whole branch to get that one change.
  const peer = await device('Peer', hq.url, hq.adminToken);
  await idle(a, b, peer);
  peer.net.reset();
  t = performance.now();
  await peer.engine.sync();
  const peerMs = performance.now() - t;
  const peerBytes = peer.net.counter.down + peer.net.counter.up;

  console.log('\nSalesDesk sync (device client ⇄ HQ on PGlite, loopback)');
  console.log(`10k mutations pushed (A):  ${ms(upMs)}  ${up.pushed} pushed, ${kb(upBytes.up)} up / ${kb(upBytes.down)} down, ${upBytes.requests} requests`);
  console.log(`10k changes pulled (B):    ${ms(downMs)}  ${down.pulled} pulled, ${kb(downBytes.down)} down, ${downBytes.requests} requests`);
  console.log(`  CPU of the 10k pull:      device ${ms(pull10k.deviceCpuMs)}, HQ ${ms(pull10k.hqCpuMs)}`);
  console.log(`10k up + down:             ${ms(upMs + downMs)}  (target ≤ 3000 ms: ${upMs + downMs <= 3000 ? 'meets' : 'MISSES'})`);
  console.log(
    `store on device B:         ${records.n.toLocaleString('en')} records (first full pull ${ms(fullPullMs)}: ${fullPull.result.pulled.toLocaleString('en')} records, CPU device ${ms(fullPull.deviceCpuMs)} + HQ ${ms(fullPull.hqCpuMs)}; target ≤ 5000 ms: ${fullPullMs <= 5000 ? 'meets' : 'MISSES'})`,
  );
  console.log(
    `one change among them:     p50 ${one.ms.toFixed(1)} ms, p95 ${p95.ms.toFixed(1)} ms, ${one.bytes} bytes on the wire (targets ≤ 50 ms, ≤ 2048 B: ${one.ms <= 50 && one.bytes <= 2048 ? 'meets' : 'MISSES'})`,
  );
  console.log(`peer (full re-download):   ${ms(peerMs)}, ${kb(peerBytes)} — ratio ${(peerMs / one.ms).toFixed(0)}× the time, ${(peerBytes / one.bytes).toFixed(0)}× the bytes`);
  recordBench('sync', {
    'push 10k ms': Math.round(upMs),
    'pull 10k ms': Math.round(downMs),
    'up+down 10k ms': Math.round(upMs + downMs),
    'first full pull ms': Math.round(fullPullMs),
    'first full pull device cpu ms': Math.round(fullPull.deviceCpuMs),
    'first full pull hq cpu ms': Math.round(fullPull.hqCpuMs),
    'pull 10k device cpu ms': Math.round(pull10k.deviceCpuMs),
    'pull 10k hq cpu ms': Math.round(pull10k.hqCpuMs),
    records: records.n,
    'one change p50 ms': Math.round(one.ms * 10) / 10,
    'one change p95 ms': Math.round(p95.ms * 10) / 10,
    'one change bytes': one.bytes,
    'peer full re-download ms': Math.round(peerMs),
    'peer/ours time': Math.round(peerMs / one.ms),
  });
  for (const d of [a, b, peer]) d.core.close();
} finally {
  hq.child.kill('SIGTERM');
  await new Promise((r) => hq.child.once('exit', r));
  fs.rmSync(tmp, { recursive: true, force: true });
}
