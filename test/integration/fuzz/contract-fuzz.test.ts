import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openCore, type Core } from '../../../electron/core/core';
import { contract, type Channel } from '../../../shared/contract/contract';
import type { WireResult } from '../../../shared/contract/errors';
import { businessNumberFor, sampleApplication, tempDir } from '../../support/fixtures';
import { signaturePng } from '../documents/tools';
import { hostile, withinMs } from './arbitraries';

/**
 * Property-based fuzzing of every contract channel (issue 10, item 3), through `dispatch` of a
 * real core on a real SQLite file — the door the renderer, the web host and the CLI all use.
 * Each generated malformed input must be answered within a bound with a value or a typed
 * error other than INTERNAL (the contract's 5xx: an unexpected error is a bug), and after every
 * refusal the store and the data folder must be exactly as before. Counts are printed.
 */
const RUNS_PER_CHANNEL = Number(process.env.SALESDESK_FUZZ_RUNS_PER_CHANNEL ?? 40);
const ANSWER_WITHIN_MS = 30_000;

let core: Core;
let dataDir: string;
const ids = { applicationId: '', customerId: '', quoteId: '', catalogId: '', ticketId: '', attachmentId: '' };

beforeAll(async () => {
  dataDir = tempDir('salesdesk-contract-fuzz-');
  core = openCore({ dataDir, host: 'test', validateOutput: true, log: () => undefined });
  const app = await core.invoke('applications.create', sampleApplication({ customer: { ...sampleApplication().customer, businessNumber: businessNumberFor(91) } }));
  ids.applicationId = app.id;
  ids.customerId = app.customerId;
  ids.quoteId = (await core.invoke('quotes.save', { applicationId: app.id, term: '36m', items: [{ code: 'asp-basic', quantity: 12 }] })).quoteId;
  ids.catalogId = (await core.invoke('catalog.list', {}))[0]!.id;
  ids.attachmentId = (await core.invoke('attachments.add', { applicationId: app.id, purpose: 'other', fileName: '사업자등록증.png', base64: Buffer.from(signaturePng()).toString('base64') }))
    .attachments[0]!.id;
  ids.ticketId = (await core.invoke('tickets.create', { applicationId: app.id, kind: 'complaint', category: 'general', channel: 'phone', description: '통화 품질 불만', receivedBy: '홍길동' })).id;
});

afterAll(() => {
  core.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** A valid input for each channel: the material the fuzzer breaks. */
function template(channel: Channel): unknown {
  const { applicationId, customerId, quoteId, catalogId, ticketId, attachmentId } = ids;
  const png = Buffer.from(signaturePng()).toString('base64');
  const templates: Record<Channel, unknown> = {
    'app.info': {},
    'settings.get': {},
    'settings.set': { language: 'en', seller: { team: '강북법인지사 기업영업1팀', name: '김영업', phone: '010-1111-2222' } },
    'customers.list': { query: '하나', limit: 10, offset: 0 },
    'customers.get': { id: customerId },
    'applications.list': { query: '하나', kind: 'new', status: 'draft', limit: 10, offset: 0 },
    'applications.get': { id: applicationId },
    'applications.export': { id: applicationId, reason: '고객 요청으로 청약서 사본 전달' },
    'applications.create': sampleApplication({ customer: { ...sampleApplication().customer, businessNumber: businessNumberFor(92) } }),
    'applications.update': { id: applicationId, revision: 1, application: sampleApplication({ customer: { ...sampleApplication().customer, businessNumber: businessNumberFor(91) } }) },
    // An id no record has: the fuzzer must not delete the application the other templates use.
    'applications.discard': { id: '01900000-0000-7000-8000-000000000001', revision: 1 },
    'catalog.list': {},
    'catalog.get': { id: catalogId },
    'quotes.save': { applicationId, term: '36m', items: [{ code: 'asp-basic', quantity: 12, unitPrice: 190_000 }], notes: '비고\n둘째 줄', validDays: 30 },
    'quotes.get': { quoteId, version: 1 },
    'quotes.list': { applicationId, query: '하나', limit: 10, offset: 0 },
    'documents.status': { applicationId },
    'documents.render': { applicationId, forms: ['1'], format: 'pdf', packet: false },
    'documents.packet': { applicationId, forms: ['1', '2'], format: 'pdf', packet: true },
    'jobs.get': { jobId: 'J1' },
    'documents.sign': { applicationId, form: '1', area: 'applicant', mark: 'signature', signerName: '홍길동', pngBase64: png },
    'documents.saveInputs': { applicationId, form: '5', inputs: { description: '헤드셋 납품', rows: [{ name: '헤드셋', quantity: 12 }] } },
    'attachments.add': { applicationId, purpose: 'other', fileName: '사업자등록증.png', base64: png },
    'attachments.get': { applicationId, id: attachmentId },
    // An id no attachment has: the fuzzer must not remove the one the other templates use.
    'attachments.remove': { applicationId, id: '01900000-0000-7000-8000-000000000002' },
    'workflow.get': { applicationId },
    'workflow.settlement': { applicationId, inputs: { notes: '정산 비고', billingOffice: '강북' } },
    'applications.derive': { fromId: applicationId, kind: 'change', reason: '상담석 증설' },
    'dashboard.get': {},
    'workflow.update': { applicationId, patch: { step: { key: 'line-order', done: true, note: '회선 신청' }, networkPreReview: { done: true, note: 'VPN 가능' } } },
    'workflow.transition': { applicationId, event: 'quote' },
    'sync.status': {},
    // A closed port on this computer: a valid enrollment fails at once, never waits on a network.
    'sync.enroll': { serverUrl: 'http://127.0.0.1:1', code: 'ABCD-EFGH-JKMN', deviceName: '노트북' },
    'sync.now': {},
    'sync.conflicts': { unseenOnly: true },
    'sync.conflictsSeen': { ids: ['none'] },
    'sync.waiting': {},
    'sync.refused': {},
    // Unknown ids: nothing to resend or discard (their own tests cover the real ones).
    'sync.resendRefused': { ids: ['00000000-0000-7000-8000-000000000000'] },
    'sync.discardRefused': { ids: ['00000000-0000-7000-8000-000000000000'] },
    'commission.plan': { catalogId },
    'commission.mine': {},
    'store.status': {},
    'store.backup': {},
    // No real backup id: a restore would swap the whole store under the fuzzer (its own tests cover it).
    'store.restore': { backup: 'salesdesk-20261122-000000.sqlite' },
    'store.recoverySeen': {},
    'tickets.list': { applicationId },
    'consents.get': { applicationId },
    'consents.record': { applicationId, purpose: 'marketing', action: 'refuse' },
    'consents.withdraw': { applicationId, purpose: 'marketing' },
    'tickets.create': {
      applicationId,
      kind: 'fault',
      category: 'software',
      channel: 'phone',
      description: '통화 연결 안 됨\n둘째 줄',
      receivedBy: '홍길동',
      outage: { start: '2026-11-10T09:00:00+09:00', end: '2026-11-10T14:00:00+09:00' },
    },
    'tickets.event': { ticketId, type: 'note', note: '고객에게 다시 연락함' },
    'tickets.credits': { applicationId },
    // 내 명단: no hand-out on this device, so every call is a refusal (the walk proves refusals change nothing).
    'prospects.mine': {},
    'prospects.reveal': { handoutId: ticketId, entryId: ticketId },
    'prospects.acknowledge': { handoutId: ticketId },
    'prospects.result': { handoutId: ticketId, entryId: ticketId, result: 'called', note: '메모' },
    'prospects.checkIn': { handoutId: ticketId },
    'prospects.print': { handoutId: ticketId },
    'retention.due': {},
    'retention.destroy': { items: [{ subjectId: ticketId, ruleId: 'unsigned-6m', lastActivityAt: '2026-01-01T00:00:00.000Z' }] },
    'retention.log': { limit: 10 },
  };
  return templates[channel];
}

/** Every table of the store, and every file of the data folder but the store's own. */
function digest(): string {
  return `${tablesDigest()}:${filesDigest()}`;
}

/**
 * Whether any table may have changed since the last look: this connection's row changes
 * (total_changes(): every INSERT, UPDATE and DELETE, trigger programs included, rolled back or
 * not), the schema version (DDL), data_version (a commit by any other connection, a background
 * job's own one) and which connection the store is (a restore opens another). While all four stand
 * still no row changed, and the table digest taken before still holds.
 */
const connections = { seen: new WeakMap<object, number>(), count: 0 };
function writeMark(): string {
  const sqlite = core.store.sqlite;
  if (!connections.seen.has(sqlite)) connections.seen.set(sqlite, ++connections.count);
  const changes = sqlite.prepare('SELECT total_changes()').pluck().get() as number;
  return `${String(connections.seen.get(sqlite))}:${changes}:${String(sqlite.pragma('schema_version', { simple: true }))}:${String(sqlite.pragma('data_version', { simple: true }))}`;
}
/**
 * The table digest, read again only when writeMark moved (reading every table after each of the
 * fuzzer's ~2,900 inputs was most of its time); every 10th unchanged look reads them anyway and
 * must find the same, so the shortcut is checked in every run.
 */
const tables = { mark: '', digest: '', read: 0, skipped: 0, checked: 0 };
function tablesDigest(): string {
  const mark = writeMark();
  if (mark === tables.mark) {
    tables.skipped++;
    if (tables.skipped % 10 === 0) {
      tables.checked++;
      expect(readTables(), 'no write was seen, yet a table changed').toBe(tables.digest);
    }
    return tables.digest;
  }
  tables.read++;
  tables.mark = mark;
  tables.digest = readTables();
  return tables.digest;
}

function readTables(): string {
  const hash = createHash('sha256');
  const tables = core.store.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  for (const { name } of tables) {
    const rows = core.store.sqlite.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all();
    hash.update(name);
    for (const row of rows.map((r) => JSON.stringify(r)).sort()) hash.update(row);
  }
  return hash.digest('hex');
}

function filesDigest(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(dataDir).sort()) {
    if (/\.(sqlite|db)(-wal|-shm|-journal)?$/.test(file)) continue;
    hash.update(`${path.relative(dataDir, file)}:${fs.statSync(file).size}`);
  }
  return hash.digest('hex');
}

/** A background job (a packet) runs to its end before the store is compared again. */
async function jobSettled(jobId: string): Promise<void> {
  for (;;) {
    const r = await core.dispatch('jobs.get', { jobId });
    if (!r.ok || (r.value as { state: string }).state !== 'running') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('contract fuzzing (fast-check)', () => {
  it(`every contract channel, ${RUNS_PER_CHANNEL} generated malformed inputs each: never INTERNAL, never a hang, and a refusal leaves the store and the data folder as they were`, async () => {
    const channels = Object.keys(contract) as Channel[];
    const counts = new Map<string, Map<string, number>>();
    let baseline = digest();
    for (const channel of channels) {
      const perChannel = new Map<string, number>();
      counts.set(channel, perChannel);
      await fc.assert(
        fc.asyncProperty(hostile(template(channel)), async (input) => {
          const result: WireResult = await withinMs(core.dispatch(channel, input), ANSWER_WITHIN_MS, channel);
          const outcome = result.ok ? 'ok' : result.error.code;
          perChannel.set(outcome, (perChannel.get(outcome) ?? 0) + 1);
          if (result.ok) {
            if (channel === 'documents.packet') await withinMs(jobSettled((result.value as { jobId: string }).jobId), ANSWER_WITHIN_MS, 'packet job');
            baseline = digest();
            return;
          }
          expect(result.error.code, `${channel}: ${result.error.message}`).not.toBe('INTERNAL');
          expect(result.error.message, channel).toMatch(/[가-힣]/);
          expect(digest(), `${channel} refused (${result.error.code}) but the store or the data folder changed`).toBe(baseline);
        }),
        { numRuns: RUNS_PER_CHANNEL, endOnFailure: true },
      );
    }
    const total = [...counts.values()].reduce((n, m) => n + [...m.values()].reduce((a, b) => a + b, 0), 0);
    const all = new Map<string, number>();
    for (const m of counts.values()) for (const [k, n] of m) all.set(k, (all.get(k) ?? 0) + n);
    console.info(
      `[fuzz:contract] ${total} inputs to ${counts.size} channels; ${[...all].map(([k, n]) => `${k}×${n}`).join(' ')}; 0 INTERNAL; ` +
        `tables read ${tables.read} times (a write seen), skipped ${tables.skipped} (of which ${tables.checked} read anyway and found the same)\n` +
        [...counts].map(([c, m]) => `  ${c}: ${[...m].map(([k, n]) => `${k}×${n}`).join(' ')}`).join('\n'),
    );
    expect(counts.size).toBe(channels.length);
    expect(total).toBeGreaterThanOrEqual(1000);
  }, 900_000);
});
