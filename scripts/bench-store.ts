/**
 * npm run bench:store — the local store at field scale.
 * Measures: open + migrate of a fresh store; 100k applications inserted; the application list's
 * first page; search by company name and by business-number prefix (p50/p95). Peer: the same
 * searches over a JSON file loaded into memory and filtered in JS (what a simple "electron-store"
 * style app does). Targets: open + migrate ≤ 150 ms; search p95 ≤ 10 ms at 100k.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../electron/core/core';
import { openStore } from '../electron/core/store/db';
import { applications, customers } from '../electron/core/store/schema';
import { newId } from '../electron/core/ids';
import { businessNumberCheckDigit } from '../shared/format/bizno';
import { companySearchKey } from '../shared/search/keys';

const N = Number(process.env.BENCH_N ?? 100_000);
const RUNS = 200;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-store-'));

function pct(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
const ms = (n: number) => `${n.toFixed(2)} ms`;
function time<T>(fn: () => T): [number, T] {
  const t = performance.now();
  const r = fn();
  return [performance.now() - t, r];
}

// 1. open + migrate (fresh file each time), median of 15
const opens: number[] = [];
for (let i = 0; i < 15; i++) {
  const file = path.join(dir, `open-${i}.sqlite`);
  const [t, store] = time(() => openStore({ file }));
  opens.push(t);
  store.close();
}
const reopenFile = path.join(dir, 'open-0.sqlite');
const reopens: number[] = [];
for (let i = 0; i < 15; i++) {
  const [t, store] = time(() => openStore({ file: reopenFile }));
  reopens.push(t);
  store.close();
}

// 2. 100k applications, each with its own customer (the worst case for search)
const PREFIXES = ['(주)', '주식회사 ', '㈜', ''];
const WORDS = ['하나', '두리', '세움', '나래', '한빛', '미래', '푸른', '다온', '새롬', '가람', '온누리', '별빛'];
const SUFFIX = ['콜센터', '텔레콤', '유통', '병원', '의료재단', '물산', '정보통신', '보험'];
const dataDir = path.join(dir, 'data');
const core = openCore({ dataDir, host: 'cli' });
const people: { name: string; bn: string }[] = [];
const now = Date.now();
const [insertMs] = time(() => {
  const CHUNK = 5_000;
  for (let start = 0; start < N; start += CHUNK) {
    core.store.write((tx) => {
      for (let i = start; i < Math.min(N, start + CHUNK); i++) {
        const name = `${PREFIXES[i % 4]}${WORDS[i % WORDS.length]}${SUFFIX[(i >> 3) % SUFFIX.length]}${i}`;
        const first9 = String(100_000_000 + ((i * 7919) % 899_999_999)).slice(0, 9);
        const bn = first9 + String(businessNumberCheckDigit(first9));
        const ts = new Date(now - (N - i) * 1000).toISOString();
        const customerId = newId();
        tx.insert(customers).values({ id: customerId, name, nameKey: companySearchKey(name), businessNumber: bn, representative: '대표', address: '서울', phone: '02-123-4567', createdAt: ts, updatedAt: ts }).run();
        tx.insert(applications)
          .values({ id: newId(), customerId, kind: 'new', term: '36m', items: [{ code: 'asp-basic', quantity: 10 + (i % 90) }], seller: { team: '팀', name: '영업', phone: '010-1111-2222' }, date: '2026-11-22', status: 'draft', createdAt: ts, updatedAt: ts })
          .run();
        if (i % 997 === 0) people.push({ name, bn });
      }
    });
  }
});
const dbBytes = fs.statSync(path.join(dataDir, 'salesdesk.sqlite')).size;

// 3. queries through the contract (what the UI pays), p50/p95
async function measure(label: string, make: (i: number) => unknown, channel: 'applications.list' = 'applications.list') {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const input = make(i);
    const t = performance.now();
    const r = await core.dispatch(channel, input);
    samples.push(performance.now() - t);
    if (!r.ok) throw new Error(`${label}: ${r.error.message}`);
  }
  return { label, p50: pct(samples, 50), p95: pct(samples, 95) };
}
const queries = [
  await measure('list first page (50 rows + total)', () => ({})),
  await measure('search company name (substring)', (i) => ({ query: WORDS[i % WORDS.length]! + SUFFIX[i % SUFFIX.length]! })),
  await measure('search company name (rare: one match)', (i) => ({ query: people[i % people.length]!.name.replace(/^\(주\)|^주식회사 |^㈜/, '') })),
  await measure('search business-number prefix (5 digits)', (i) => ({ query: people[i % people.length]!.bn.slice(0, 5) })),
  await measure('search business-number prefix (full, with hyphens)', (i) => {
    const bn = people[i % people.length]!.bn;
    return { query: `${bn.slice(0, 3)}-${bn.slice(3, 5)}-${bn.slice(5)}` };
  }),
];
core.close();

// 4. peer: a JSON file of the same rows, loaded and filtered in JS
const jsonFile = path.join(dir, 'peer.json');
const rows = Array.from({ length: N }, (_, i) => ({
  name: `${PREFIXES[i % 4]}${WORDS[i % WORDS.length]}${SUFFIX[(i >> 3) % SUFFIX.length]}${i}`,
  bn: String(100_000_000 + ((i * 7919) % 899_999_999)).slice(0, 9),
  updatedAt: new Date(now - (N - i) * 1000).toISOString(),
}));
fs.writeFileSync(jsonFile, JSON.stringify(rows));
const [peerOpenMs, loaded] = time(() => JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as typeof rows);
function peerSearch(q: string) {
  const hits = loaded.filter((r) => r.name.includes(q) || r.bn.startsWith(q));
  hits.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
  return { total: hits.length, items: hits.slice(0, 50) };
}
const peerSamples: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  peerSearch(WORDS[i % WORDS.length]! + SUFFIX[i % SUFFIX.length]!);
  peerSamples.push(performance.now() - t);
}
const peer = { p50: pct(peerSamples, 50), p95: pct(peerSamples, 95) };

console.log(`\nSalesDesk local store — ${N.toLocaleString('en')} applications (better-sqlite3, WAL)`);
console.log(`open + migrate, fresh file   median ${ms(pct(opens, 50))}   max ${ms(Math.max(...opens))}   (target ≤ 150 ms)`);
console.log(`open existing store          median ${ms(pct(reopens, 50))}`);
console.log(`insert ${N.toLocaleString('en')} applications   ${ms(insertMs)}  (${Math.round(N / (insertMs / 1000)).toLocaleString('en')}/s, ${(dbBytes / 1e6).toFixed(1)} MB on disk)`);
for (const q of queries) console.log(`${q.label.padEnd(52)} p50 ${ms(q.p50)}   p95 ${ms(q.p95)}`);
const nameSearch = queries[1]!;
console.log(`\npeer: JSON file filtered in JS — load ${ms(peerOpenMs)}; name search p50 ${ms(peer.p50)}  p95 ${ms(peer.p95)}`);
console.log(`ratio (peer / SalesDesk, name search p95): ${(peer.p95 / nameSearch.p95).toFixed(1)}×`);
const worst = Math.max(...queries.slice(1).map((q) => q.p95));
console.log(`verdict: open+migrate ${pct(opens, 50) <= 150 ? 'meets' : 'MISSES'} 150 ms; search p95 ${worst.toFixed(2)} ms ${worst <= 10 ? 'meets' : 'MISSES'} 10 ms`);
fs.rmSync(dir, { recursive: true, force: true });
