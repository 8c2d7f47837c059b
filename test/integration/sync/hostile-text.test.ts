import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { ContractError } from '../../../shared/contract/client';
import { startHq, type HqProcess } from '../hq/harness';
import { Admin } from '../hq/client';
import { businessNumberFor, sampleApplication, tempDir } from '../../support/fixtures';
import { hqDataDir } from '../../support/hq-data';

/**
 * Issue 10's repro: one control character in quote or workflow notes stopped a device's sync for
 * good (HQ's database refused it, every push of the device got a 500, and the rep was told it
 * was a temporary problem). Now the device refuses it at the form, and a note an older version
 * already queued is rejected by HQ on its own while everything else syncs.
 */
let hq: HqProcess;
let admin: Admin;
const cores: Core[] = [];

beforeAll(async () => {
  hq = await startHq({ dataDir: hqDataDir('hq-hostile-') });
  admin = new Admin(hq.url, hq.adminToken);
});
afterAll(async () => {
  for (const c of cores) c.close();
  await hq.stop();
});

function core(): Core {
  const c = openCore({ dataDir: tempDir('device-hostile-'), host: 'test', validateOutput: true });
  cores.push(c);
  return c;
}

async function refusal(promise: Promise<unknown>): Promise<ContractError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContractError);
  return error as ContractError;
}

const outboxSize = (c: Core) => (c.store.sqlite.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;

describe('hostile text at the device', () => {
  it('the device refuses a NUL in quote notes and workflow notes, and a lone surrogate in a name, with a Korean message naming the field; nothing is stored or queued', async () => {
    const c = core();
    const app = await c.invoke('applications.create', sampleApplication({ customer: { ...sampleApplication().customer, businessNumber: businessNumberFor(71) } }));
    const queued = outboxSize(c);

    const quote = await refusal(c.invoke('quotes.save', { applicationId: app.id, term: '36m', items: [{ code: 'asp-basic', quantity: 12 }], notes: '할인\u0000조건' }));
    expect(quote.code).toBe('INVALID_INPUT');
    expect(quote.message).toContain('견적 비고');
    expect(quote.message).toContain('제어 문자');
    expect(quote.issues[0]?.path).toBe('notes');

    const note = await refusal(c.invoke('workflow.update', { applicationId: app.id, patch: { step: { key: 'line-order', done: true, note: '회선\u0000신청' } } }));
    expect(note.code).toBe('INVALID_INPUT');
    expect(note.message).toMatch(/메모에 보이지 않는 제어 문자/);

    const name = await refusal(c.invoke('applications.create', sampleApplication({ customer: { ...sampleApplication().customer, name: '하나\ud800콜' } })));
    expect(name.message).toContain('법인명(상호)에 깨진 문자');

    const file = await refusal(c.invoke('attachments.add', { applicationId: app.id, purpose: 'other', fileName: '../../etc/passwd', base64: 'AAAA' }));
    expect(file.message).toContain('첨부파일 이름');

    // Line breaks stay fine where a field allows them; NFC: a decomposed 한 (ᄒ+ᅡ+ᆫ) is stored composed.
    const saved = await c.invoke('quotes.save', { applicationId: app.id, term: '36m', items: [{ code: 'asp-basic', quantity: 12 }], notes: '1행\n2행 \u1112\u1161\u11ab' });
    expect(saved.version.notes).toBe('1행\n2행 한');
    expect(outboxSize(c)).toBeGreaterThan(queued);
    const afterGood = outboxSize(c);
    await refusal(c.invoke('quotes.save', { applicationId: app.id, quoteId: saved.quoteId, term: '36m', items: [{ code: 'asp-basic', quantity: 12 }], notes: '\u0085' }));
    expect(outboxSize(c)).toBe(afterGood);
  });

  it('a device refuses an HQ address that is not https:// unless it is this computer, and says why', async () => {
    const c = core();
    for (const serverUrl of ['http://hq.example.co.kr', 'http://10.0.0.5:8787', 'ftp://hq.example.co.kr', 'https://user:pw@hq.example.co.kr']) {
      const e = await refusal(c.invoke('sync.enroll', { serverUrl, code: 'ABCD-EFGH-JKMN' }));
      expect(e.code, serverUrl).toBe('INVALID_INPUT');
      expect(e.issues[0]?.path).toBe('serverUrl');
    }
    const plain = await refusal(c.invoke('sync.enroll', { serverUrl: 'http://hq.example.co.kr', code: 'ABCD-EFGH-JKMN' }));
    expect(plain.message).toContain('https://');
    expect(plain.message).toContain('암호화');
    expect((await c.invoke('sync.status', {})).enrolled).toBe(false);
  });

  it('a NUL in notes an older app version already queued is rejected by HQ on its own; the rest syncs, the rep sees why, and later syncs are not stalled', async () => {
    const c = core();
    await c.ctx.sync.engine.enroll(hq.url, await admin.enrollCode('강서지사', '김영업'), 'hostile-laptop');
    const app = await c.invoke('applications.create', sampleApplication({ customer: { ...sampleApplication().customer, businessNumber: businessNumberFor(72) } }));
    const quote = await c.invoke('quotes.save', { applicationId: app.id, term: '36m', items: [{ code: 'asp-basic', quantity: 12 }] });
    expect((await c.ctx.sync.engine.sync()).rejected).toBe(0);

    // What an older version stored without the text rule: a NUL in workflow notes and in quote notes.
    const forge = c.store.sqlite.prepare(
      "INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state) VALUES (uuid7(), ?, ?, 'upsert', ?, 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'), 'queued')",
    );
    forge.run('application', app.id, JSON.stringify({ workflow: { history: [], provisioning: { steps: { 'line-order': { done: true, note: '회선\u0000신청' } } } } }));
    forge.run('quote_version', quote.version.id, JSON.stringify({ notes: '할인\u0000조건' }));
    // …and an ordinary edit queued after them.
    await c.invoke('workflow.update', { applicationId: app.id, patch: { networkPreReview: { done: true, note: 'VPN 가능' } } });

    const first = await c.ctx.sync.engine.sync();
    expect(first.rejected).toBe(2);
    const status = await c.invoke('sync.status', {});
    expect(status.facts).toMatchObject({ waiting: 0, refused: 2, lastFailure: null });
    const refused = await c.invoke('sync.refused', {});
    expect(refused.map((r) => r.reason).join(' ')).toMatch(/제어 문자/);

    // The ordinary edit reached HQ; the next change syncs as usual.
    await c.invoke('workflow.update', { applicationId: app.id, patch: { step: { key: 'line-order', done: true, note: '회선 신청 완료' } } });
    const second = await c.ctx.sync.engine.sync();
    expect(second.rejected).toBe(0);
    expect((await c.invoke('sync.status', {})).facts).toMatchObject({ waiting: 0, refused: 2, lastFailure: null });
    const other = core();
    await other.ctx.sync.engine.enroll(hq.url, await admin.enrollCode('강서지사', '이영업'), 'other-laptop');
    await other.ctx.sync.engine.sync();
    const seen = await other.invoke('workflow.get', { applicationId: app.id });
    expect(seen.networkPreReview).toMatchObject({ done: true, note: 'VPN 가능' });
    expect(seen.provisioning?.find((s) => s.key === 'line-order')).toMatchObject({ done: true, note: '회선 신청 완료' });
  }, 120_000);
});
