import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Core } from '../../../electron/core/core';
import { runHqCli } from '../../../electron/hosts/cli-hq';
import { q } from '../../../server/db/open';
import { marketingWithdrawn } from '../../../server/privacy/consents';
import { createAccount } from '../../../server/console/accounts';
import { CONSENT_COLLECTION, CONSENT_THIRD_PARTY } from '../../../shared/forms/texts';
import { CONSENT_ADMIN_PATHS, CONSENT_CONSOLE_PATHS } from '../../../shared/privacy/consent';
import { CONSOLE_API } from '../../../shared/console/api';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../../shared/sync/protocol';
import { businessNumberFor, sampleApplication, tempDir } from '../../support/fixtures';
import { signAreas } from '../../support/records';
import { pdftotext, requireTools, squash } from '../documents/tools';
import type { InProcessHq } from '../hq/inprocess';
import { startHqAndDevice, type HqAndDevice } from '../../support/hq-device';

/**
 * Consent as data across a sync (issue 17 item 2): a signature on a consent area of form #1 gives
 * that consent; a refusal or withdrawal is an event; the events reach HQ through the outbox, stay
 * append-only at both ends, and a marketing withdrawal puts the customer on HQ's withdrawn list.
 * HQ publishes new consent texts: a new form prints them, a signed form keeps what it printed.
 * A real HQ (PGlite, in this process), a real core on a real SQLite file.
 */
let hq: InProcessHq;
let url: string;
let core: Core;
let env: HqAndDevice | undefined;

const adminHeaders = () => ({ authorization: `Bearer ${hq.adminToken}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) });
const cli = (...args: string[]) => runHqCli(['hq', ...args, '--server', url, '--admin-token', hq.adminToken], { stdin: undefined, env: {} });
const BUSINESS_NUMBER = businessNumberFor(57);

beforeAll(async () => {
  ({ hq, url, core } = env = await startHqAndDevice({ branch: '동의지사', rep: '김동의', name: 'consent-laptop', dataDirPrefix: 'device-consent-' }));
}, 120_000);
afterAll(() => env?.close());

describe('consent events: device → HQ', () => {
  let appId: string;

  it('signing the collection consent records an agreement with its signature and text version 1; the refused marketing consent does not block; the checklist item is done', async () => {
    const app = await core.invoke('applications.create', sampleApplication({ customer: { ...sampleApplication().customer, name: '(주)동의상회', businessNumber: BUSINESS_NUMBER } }));
    appId = app.id;
    let view = await core.invoke('consents.get', { applicationId: app.id });
    expect(view.purposes.map((p) => [p.purpose, p.status])).toEqual([
      ['collection', 'not_given'],
      ['third_party', 'not_given'],
      ['marketing', 'not_given'],
    ]);
    let checklist = (await core.invoke('workflow.get', { applicationId: app.id })).checklist;
    expect(checklist.find((i) => i.key === 'consent.collection')?.done).toBe(false);

    await signAreas(core, app.id, '1', ['consent-collection']);
    await core.invoke('consents.record', { applicationId: app.id, purpose: 'marketing', action: 'refuse' });
    view = await core.invoke('consents.get', { applicationId: app.id });
    const collection = view.purposes.find((p) => p.purpose === 'collection')!;
    expect(collection).toMatchObject({ status: 'agreed', version: 1 });
    const sigId = core.store.sqlite.prepare("SELECT s.id FROM signatures s JOIN documents d ON d.id = s.document_id WHERE d.application_id = ? AND s.area = 'consent-collection'").pluck().get(app.id);
    expect(collection.signatureId).toBe(sigId);
    expect(view.purposes.find((p) => p.purpose === 'marketing')!.status).toBe('not_given');
    checklist = (await core.invoke('workflow.get', { applicationId: app.id })).checklist;
    expect(checklist.find((i) => i.key === 'consent.collection')?.done).toBe(true);
    // Optional consents are not on the checklist at all.
    expect(checklist.map((i) => i.key)).not.toContain('consentThirdParty');

    // A consent form #1 prints is given by signing it, not by a button.
    await expect(core.invoke('consents.record', { applicationId: app.id, purpose: 'third_party', action: 'agree' })).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    // Nothing to withdraw: refused, nothing written.
    await expect(core.invoke('consents.withdraw', { applicationId: app.id, purpose: 'third_party' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(view.events).toHaveLength(2);
  });

  it('the events reach HQ through the outbox; a marketing withdrawal appears in /admin/consents/withdrawn, in marketingWithdrawn and in the CLI, with the business number as digits', async () => {
    await core.invoke('consents.record', { applicationId: appId, purpose: 'marketing', action: 'agree' });
    await core.ctx.sync.engine.sync();
    const atHq = await q<{ id: string; fields: Record<string, unknown> }>(hq.database.db, sql`select id, fields from records where entity = 'consent_event' order by fields->>'at', id`);
    const onDevice = (await core.invoke('consents.get', { applicationId: appId })).events;
    expect(atHq.map((r) => r.id)).toEqual(onDevice.map((e) => e.id));
    expect(atHq[0]!.fields).toMatchObject({ purpose: 'collection', action: 'agree', textVersion: 1, applicationId: appId });
    expect((await marketingWithdrawn(hq.database.db)).size).toBe(0);

    const after = await core.invoke('consents.withdraw', { applicationId: appId, purpose: 'marketing' });
    expect(after.purposes.find((p) => p.purpose === 'marketing')).toMatchObject({ status: 'withdrawn', withdrew: { version: 1 } });
    await core.ctx.sync.engine.sync();

    const res = await hq.app.inject({ method: 'GET', url: CONSENT_ADMIN_PATHS.withdrawn, headers: adminHeaders() });
    expect(res.statusCode, res.body).toBe(200);
    const digits = BUSINESS_NUMBER.replace(/\D/g, '');
    expect(res.json<{ items: unknown[] }>().items).toEqual([expect.objectContaining({ customerName: '(주)동의상회', businessNumber: digits, applicationId: appId })]);
    expect([...(await marketingWithdrawn(hq.database.db))]).toEqual([digits]);
    const out = await cli('consents', 'withdrawn');
    expect(out.exitCode, out.stderr).toBe(0);
    expect(out.stdout).toContain(digits);
    // The list names customers: HQ's access log recorded the view.
    const logged = await q<{ channel: string }>(hq.database.db, sql`select channel from hq_access_log where channel like '%/admin/consents/withdrawn'`);
    expect(logged.length).toBeGreaterThanOrEqual(2);
  });

  it('append-only at both ends: the device refuses UPDATE and DELETE of a consent event, and so does HQ', async () => {
    expect(() => core.store.sqlite.prepare("UPDATE consent_events SET action = 'agree' WHERE action = 'withdraw'").run()).toThrow(/append-only/);
    expect(() => core.store.sqlite.prepare('DELETE FROM consent_events').run()).toThrow(/append-only/);
    // Drizzle wraps the database's error: the trigger's message is its cause.
    const refusedAtHq = async (query: ReturnType<typeof sql>) => {
      const error = await hq.database.db.execute(query).then(
        () => null,
        (e: unknown) => e as Error & { cause?: Error },
      );
      expect(error, 'HQ accepted a change of a consent event').not.toBeNull();
      expect((error!.cause ?? error!).message).toMatch(/consent events are append-only/);
    };
    await refusedAtHq(sql`update records set fields = fields || '{"action":"agree"}'::jsonb where entity = 'consent_event'`);
    await refusedAtHq(sql`delete from records where entity = 'consent_event'`);
    await refusedAtHq(sql`update records set deleted = true where entity = 'consent_event'`);
    expect((await q(hq.database.db, sql`select 1 from records where entity = 'consent_event' and fields->>'action' = 'withdraw'`)).length).toBe(1);
  });
});

describe('publishing consent texts: hostile input changes nothing and is never a 5xx', () => {
  it('a day that is not on the calendar, a day already past (retroactive), extra keys, deep nesting, control characters, a huge or non-object body and no token are refused with 4xx; the versions stay as they were', async () => {
    const kstToday = new Date(Date.now() + 9 * 3_600_000);
    const yesterday = new Date(kstToday.getTime() - 86_400_000).toISOString().slice(0, 10);
    const texts = { collection: CONSENT_COLLECTION, third_party: CONSENT_THIRD_PARTY };
    const post = (payload: unknown, headers: Record<string, string> = adminHeaders()) =>
      hq.app.inject({
        method: 'POST',
        url: CONSENT_ADMIN_PATHS.texts,
        headers: { ...headers, 'content-type': 'application/json' },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      });
    const past = await post({ effectiveFrom: yesterday, texts });
    expect(past.statusCode, past.body).toBe(400);
    expect(past.body).toContain('시행일');
    for (const day of ['2027-02-30', '2027-13-01', '0000-00-00']) {
      const res = await post({ effectiveFrom: day, texts });
      expect(res.statusCode, `${day}: ${res.body}`).toBe(400);
      expect(res.body).toContain('시행일');
    }
    // 5000 levels deep, written out by hand (JSON.stringify would overflow the test's own stack).
    const deep = `{"effectiveFrom":"2099-01-01","texts":{"collection":${JSON.stringify(CONSENT_COLLECTION)},"third_party":${JSON.stringify(CONSENT_THIRD_PARTY)},"marketing":${'{"a":'.repeat(5000)}"x"${'}'.repeat(5000)}}}`;
    const hostile: [string, unknown][] = [
      ['extra version key', { effectiveFrom: '2099-01-01', version: 1, texts }],
      ['deep nesting', deep],
      ['control character', { effectiveFrom: '2099-01-01', texts: { ...texts, collection: { ...CONSENT_COLLECTION, title: 'a\u0007b' } } }],
      ['array body', [1, 2, 3]],
      ['null body', 'null'],
      ['not JSON', '{"effectiveFrom":'],
      ['huge body', { effectiveFrom: '2099-01-01', texts: { ...texts, collection: { ...CONSENT_COLLECTION, lines: Array.from({ length: 100 }, () => ({ level: 0, text: '가'.repeat(4000) })) } } }],
    ];
    for (const [what, payload] of hostile) {
      const res = await post(payload);
      expect(res.statusCode, `${what}: ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${what}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
    }
    const noToken = await post({ effectiveFrom: '2099-01-01', texts }, { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) });
    expect(noToken.statusCode).toBe(401);
    const listed = await hq.app.inject({ method: 'GET', url: CONSENT_ADMIN_PATHS.texts, headers: adminHeaders() });
    expect(listed.json<{ versions: { version: number }[] }>().versions.map((v) => v.version)).toEqual([1]);
  });
});

describe('publishing consent texts: the body limit and the schema agree, and the day is at most a year ahead', () => {
  it('a far-future 시행일 (9999-12-31, or a year and a day ahead) is refused naming 시행일; a body the schema allows fits under the limit even with every character escaped (it reaches validation); a larger body is refused with 413 in Korean, never 5xx', async () => {
    const texts = { collection: CONSENT_COLLECTION, third_party: CONSENT_THIRD_PARTY };
    const post = (body: string) => hq.app.inject({ method: 'POST', url: CONSENT_ADMIN_PATHS.texts, headers: { ...adminHeaders(), 'content-type': 'application/json' }, payload: body });
    const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    const aYearAndADay = new Date(Date.parse(`${today}T00:00:00Z`) + 367 * 86_400_000).toISOString().slice(0, 10);
    for (const day of ['9999-12-31', aYearAndADay]) {
      const res = await post(JSON.stringify({ effectiveFrom: day, texts }));
      expect(res.statusCode, `${day}: ${res.body}`).toBe(400);
      expect(res.json<{ error: { message: string } }>().error.message).toMatch(/시행일.*1년 안/);
    }
    // Three texts of 20,000 characters each (the schema's most), every character written as \uXXXX: under the limit.
    const full = { title: '가', intro: '가', closing: '가', lines: Array.from({ length: 5 }, (_, i) => ({ level: 0, text: '가'.repeat(i === 4 ? 3997 : 4000) })) };
    const escaped = JSON.stringify({ effectiveFrom: '2014-01-02', texts: { collection: full, third_party: full, marketing: full } }).replace(/가/g, '\\uac00');
    expect(Buffer.byteLength(escaped)).toBeGreaterThan(256 * 1024);
    const fits = await post(escaped);
    expect(fits.statusCode, fits.body.slice(0, 300)).toBe(400);
    expect(fits.json<{ error: { message: string } }>().error.message).toContain('시행일'); // refused for its day, not its size
    const over = await post(JSON.stringify({ effectiveFrom: today, texts: { ...texts, marketing: { ...full, lines: Array.from({ length: 100 }, () => ({ level: 0, text: '가'.repeat(4000) })) } } }));
    expect(over.statusCode).toBe(413);
    expect(over.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'TOO_LARGE', message: expect.stringContaining('너무 큽니다') as string });
    const listed = await hq.app.inject({ method: 'GET', url: CONSENT_ADMIN_PATHS.texts, headers: adminHeaders() });
    expect(listed.json<{ versions: { version: number }[] }>().versions.map((v) => v.version)).toEqual([1]);
  });
});

describe('consent texts as versions', () => {
  it('a published text version prints on a new form #1 and not on one already signed (frozen at its first signature); bad input is refused with what to fix', async (ctx) => {
    requireTools(ctx, 'pdftotext');
    const signed = await core.invoke('applications.create', sampleApplication({ customer: { ...sampleApplication().customer, businessNumber: businessNumberFor(58) } }));
    await signAreas(core, signed.id, '1', ['applicant']);

    const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    const v2Title = '개인정보 수집·이용 동의 (2027년 개정 문안)';
    const file = path.join(tempDir('consent-texts-'), 'texts.json');
    fs.writeFileSync(file, JSON.stringify({ effectiveFrom: today, texts: { collection: { ...CONSENT_COLLECTION, title: v2Title }, third_party: CONSENT_THIRD_PARTY } }));
    const published = await cli('publish-consent-texts', file);
    expect(published.exitCode, published.stderr).toBe(0);
    expect(JSON.parse(published.stdout)).toMatchObject({ version: 2, unchanged: false });
    expect(JSON.parse((await cli('publish-consent-texts', file)).stdout)).toMatchObject({ version: 2, unchanged: true });
    const listed = await cli('consent-texts');
    expect(JSON.parse(listed.stdout)).toMatchObject({ inForce: 2, versions: [{ version: 1 }, { version: 2 }] });

    // Refused with the field named: a day before the latest version's, a missing text, no file.
    const bad = await hq.app.inject({
      method: 'POST',
      url: CONSENT_ADMIN_PATHS.texts,
      headers: adminHeaders(),
      payload: { effectiveFrom: '2014-01-01', texts: { collection: CONSENT_COLLECTION, third_party: CONSENT_THIRD_PARTY } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('시행일');
    expect((await hq.app.inject({ method: 'POST', url: CONSENT_ADMIN_PATHS.texts, headers: adminHeaders(), payload: { effectiveFrom: today, texts: {} } })).statusCode).toBe(400);
    expect((await cli('publish-consent-texts', path.join(tempDir(), 'missing.json'))).exitCode).toBe(2);

    await core.ctx.sync.engine.sync();
    const fresh = await core.invoke('applications.create', sampleApplication({ customer: { ...sampleApplication().customer, businessNumber: businessNumberFor(59) } }));
    expect((await core.invoke('consents.get', { applicationId: fresh.id })).textVersion).toBe(2);
    expect((await core.invoke('consents.get', { applicationId: signed.id })).textVersion).toBe(1);

    const printed = async (applicationId: string) => {
      const pdf = await core.invoke('documents.render', { applicationId, forms: ['1'], format: 'pdf', packet: false });
      const out = path.join(tempDir('pdf-'), 'form1.pdf');
      fs.writeFileSync(out, Buffer.from(pdf.base64, 'base64'));
      return squash(pdftotext(out));
    };
    const freshText = await printed(fresh.id);
    expect(freshText).toContain(squash(v2Title));
    expect(freshText).toContain(squash('동의서 문안 버전 2'));
    const signedText = await printed(signed.id);
    expect(signedText).not.toContain(squash(v2Title));
    expect(signedText).toContain(squash(CONSENT_COLLECTION.title));

    // Signing the new form's consent records version 2 with it.
    await signAreas(core, fresh.id, '1', ['consent-collection']);
    expect((await core.invoke('consents.get', { applicationId: fresh.id })).purposes[0]).toMatchObject({ status: 'agreed', version: 2 });
  });
});

describe("the console's 관리 → 동의서", () => {
  /** A console session of a new account (its one-time password replaced, as a person does first). */
  async function signIn(login: string, role: 'admin' | 'order_desk') {
    const created = await hq.database.db.transaction((tx) => createAccount(tx, { login, name: login, role }, { kind: 'cli', login: 'test', name: 'test', ip: null }));
    const res = await hq.app.inject({ method: 'POST', url: '/console/api/login', headers: { 'x-salesdesk-console': '1' }, payload: { login, password: created.password } });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'sd_console')!;
    const headers = { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken, 'x-salesdesk-console': '1' };
    const next = `동의서-${role}-새 비밀번호-2026!`;
    const changed = await hq.app.inject({ method: 'POST', url: '/console/api/password', headers, payload: { current: created.password, next } });
    expect(changed.statusCode, changed.body).toBe(200);
    return (method: 'GET' | 'POST', path: string, payload?: unknown) =>
      hq.app.inject({ method, url: `${CONSOLE_API}${path}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  }

  it('an administrator lists the versions, publishes one (audited with the person, a refusal too) and sees the withdrawn consents (logged as a view of the customer); other roles are refused', async () => {
    const admin = await signIn('consent.admin', 'admin');
    const desk = await signIn('consent.desk', 'order_desk');
    const listed = await admin('GET', CONSENT_CONSOLE_PATHS.texts);
    expect(listed.statusCode, listed.body).toBe(200);
    const before = listed.json<{ inForce: number; versions: { version: number }[] }>();
    const latest = before.versions.at(-1)!.version;

    // A new version from tomorrow (KST): published and audited; today's forms still print the one in force.
    const tomorrow = new Date(Date.now() + 33 * 3_600_000).toISOString().slice(0, 10);
    const texts = { collection: { ...CONSENT_COLLECTION, title: '개인정보 수집·이용 동의 (콘솔 게시)' }, third_party: CONSENT_THIRD_PARTY };
    const published = await admin('POST', CONSENT_CONSOLE_PATHS.texts, { effectiveFrom: tomorrow, texts });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ version: latest + 1, unchanged: false });
    const after = (await admin('GET', CONSENT_CONSOLE_PATHS.texts)).json<{ inForce: number; versions: { version: number; effectiveFrom: string }[] }>();
    expect(after.inForce).toBe(before.inForce);
    expect(after.versions.at(-1)).toMatchObject({ version: latest + 1, effectiveFrom: tomorrow });
    const audited = await q<{ actor_login: string; after: unknown }>(hq.database.db, sql`select actor_login, after from audit_log where action = 'consent_texts.publish' order by id desc limit 1`);
    expect(audited[0]).toMatchObject({ actor_login: 'consent.admin', after: { version: latest + 1, effectiveFrom: tomorrow } });

    // A day before the latest version's is refused with what to fix, and the refusal is audited.
    const early = await admin('POST', CONSENT_CONSOLE_PATHS.texts, { effectiveFrom: '2014-01-01', texts });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('시행일');
    const refused = await q<{ outcome: string }>(hq.database.db, sql`select outcome from audit_log where action = 'consent_texts.publish' and actor_login = 'consent.admin' order by id desc limit 1`);
    expect(refused[0]!.outcome).toBe('refused');

    // The withdrawn list names customers: shown to the administrator, logged as a view of each.
    const withdrawn = await admin('GET', CONSENT_CONSOLE_PATHS.withdrawn);
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const items = withdrawn.json<{ items: { customerId: string; customerName: string }[] }>().items;
    expect(items.map((i) => i.customerName)).toContain('(주)동의상회');
    const logged = await q<{ actor: string; subjects: { id: string }[] }>(
      hq.database.db,
      sql`select actor, subjects from hq_access_log where channel = ${`GET ${CONSOLE_API}${CONSENT_CONSOLE_PATHS.withdrawn}`} order by seq desc limit 1`,
    );
    expect(logged[0]?.actor).toBe('consent.admin');
    expect(logged[0]?.subjects.map((x) => x.id)).toEqual(items.map((i) => i.customerId));

    // The order desk may do none of it.
    for (const [method, path] of [
      ['GET', CONSENT_CONSOLE_PATHS.texts],
      ['POST', CONSENT_CONSOLE_PATHS.texts],
      ['GET', CONSENT_CONSOLE_PATHS.withdrawn],
    ] as const) {
      const res = await desk(method, path, method === 'POST' ? { effectiveFrom: tomorrow, texts } : undefined);
      expect(res.statusCode, `${method} ${path}`).toBe(403);
    }
  });
});
