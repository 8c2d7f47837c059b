import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Core } from '../../../electron/core/core';
import { q } from '../../../server/db/open';
import { runHqCli } from '../../../electron/hosts/cli-hq';
import { hqRetentionDue } from '../../../server/privacy/retention';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../../shared/sync/protocol';
import { DEFAULT_RETENTION_RULES, RETENTION_ADMIN_PATHS } from '../../../shared/privacy/retention';
import { businessNumberFor, sampleApplication, tempDir } from '../../support/fixtures';
import type { InProcessHq } from '../hq/inprocess';
import { startHqAndDevice, type HqAndDevice } from '../../support/hq-device';

/**
 * HQ publishes the retention rules (issue 17 item 3): `PUT /admin/retention/rules` and
 * `hq retention rules --file`, one `retention_rules` record every device pulls. The device's due
 * list follows the rep's rules from its next pull; HQ's finder follows HQ's at once. A real HQ on
 * PGlite in this process, a real core on a real SQLite file, its clock moved by the test.
 */
let hq: InProcessHq;
let core: Core;
let env: HqAndDevice | undefined;
let url: string;
const cli = (...args: string[]) => runHqCli(['hq', ...args, '--server', url, '--admin-token', hq.adminToken], { stdin: undefined, env: {} });
const clock = {
  t: new Date('2025-10-01T01:00:00Z'),
  now() {
    return this.t;
  },
};
const headers = () => ({ authorization: `Bearer ${hq.adminToken}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) });

/** The shipped rules with the rep's unsigned-application rule at 3 months and HQ's declined rule at 2. */
const SHORTER = DEFAULT_RETENTION_RULES.map((r) =>
  r.id === 'unsigned-6m'
    ? { ...r, id: 'unsigned-3m', months: 3, basis: '계약에 이르지 않은 청약: 마지막 활동 후 3개월' }
    : r.id === 'declined-6m'
      ? { ...r, id: 'declined-2m', months: 2, basis: '접수 거절 후 2개월' }
      : r,
);

beforeAll(async () => {
  ({ hq, url, core } = env = await startHqAndDevice({ branch: '규칙지사', rep: '김규칙', name: 'rules-laptop', dataDirPrefix: 'device-rules-', clock }));
}, 180_000);
afterAll(() => env?.close());

describe('retention rules published by HQ', { timeout: 240_000 }, () => {
  it("HQ publishes a shorter rule: after a pull the device's due list follows it (a 4-month-old draft is due under unsigned-3m), and HQ's own finder follows HQ's shorter rule at once", async () => {
    const base = sampleApplication();
    const draft = await core.invoke('applications.create', { ...base, customer: { ...base.customer, name: '(주)규칙상사', businessNumber: businessNumberFor(831) } });
    const declined = await core.invoke('applications.create', { ...base, customer: { ...base.customer, name: '(주)거절규칙', businessNumber: businessNumberFor(832) } });
    await core.ctx.sync.engine.sync();
    await hq.database.db.execute(sql`update records set fields = jsonb_set(fields, '{status}', '"declined"') where entity = 'application' and id = ${declined.id}`);

    const shown = await cli('retention', 'rules');
    expect(shown.exitCode, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ rulesFrom: 'default', version: 0, publishedAt: null, rules: DEFAULT_RETENTION_RULES });

    clock.t = new Date('2026-02-02T01:00:00Z'); // 4 months on: not due under the shipped 6 months
    expect((await core.invoke('retention.due', {})).items.filter((i) => i.subjectId === draft.id)).toEqual([]);
    const in3Months = new Date(Date.now() + 95 * 86_400_000);
    expect((await hqRetentionDue(hq.database.db, in3Months)).find((i) => i.subjectId === declined.id)).toBeUndefined();

    const file = path.join(tempDir('rules-file-'), 'rules.json');
    fs.writeFileSync(file, JSON.stringify({ rules: SHORTER }));
    const published = await cli('retention', 'rules', '--file', file);
    expect(published.exitCode, published.stderr).toBe(0);
    expect(JSON.parse(published.stdout)).toEqual({ id: 'hq-retention-rules', version: 1, unchanged: false });
    // The same rules again (as a bare list) change nothing.
    fs.writeFileSync(file, JSON.stringify(SHORTER));
    expect(JSON.parse((await cli('retention', 'rules', '--file', file)).stdout)).toEqual({ id: 'hq-retention-rules', version: 1, unchanged: true });

    // HQ's finder uses HQ's published rules at once.
    expect((await hqRetentionDue(hq.database.db, in3Months)).find((i) => i.subjectId === declined.id)).toMatchObject({ ruleId: 'declined-2m', months: 2 });
    const view = JSON.parse((await cli('retention', 'rules')).stdout) as { rulesFrom: string; version: number; publishedAt: string | null };
    expect(view).toMatchObject({ rulesFrom: 'hq', version: 1 });
    expect(view.publishedAt).not.toBeNull();

    // The device has not pulled yet: still the shipped rules.
    expect((await core.invoke('retention.due', {})).rulesFrom).toBe('default');
    await core.ctx.sync.engine.sync();
    const due = await core.invoke('retention.due', {});
    expect(due.rulesFrom).toBe('hq');
    expect(due.items.find((i) => i.subjectId === draft.id)).toMatchObject({ ruleId: 'unsigned-3m', months: 3, basis: '계약에 이르지 않은 청약: 마지막 활동 후 3개월' });
    // HQ's rule (decidedBy 'hq') never lists on the device.
    expect(due.items.map((i) => i.ruleId)).not.toContain('declined-2m');

    const audited = await q<{ action: string }>(hq.database.db, sql`select action from audit_log where action = 'retention.rules_publish'`);
    expect(audited).toHaveLength(1);
  });

  it('malformed rules are refused with 400 saying what to fix, never a 5xx, and the published rules stay as they were', async () => {
    const put = (payload: unknown, contentType = 'application/json') =>
      hq.app.inject({
        method: 'PUT',
        url: RETENTION_ADMIN_PATHS.rules,
        headers: { ...headers(), 'content-type': contentType },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      });
    const version = async () => (await q<{ version: number }>(hq.database.db, sql`select version from records where entity = 'retention_rules'`))[0]?.version;
    const before = await version();
    const prospect6 = SHORTER.map((r) => (r.scope === 'prospect_list' ? { ...r, months: 6 } : r));
    const cases: [unknown, string][] = [
      [{ rules: prospect6 }, '1년(12개월) 이상'],
      [{ rules: [...SHORTER, SHORTER[0]] }, '두 번'],
      [{ rules: [] }, '하나 이상'],
      [{ rules: [{ ...SHORTER[0], months: 0 }] }, '1개월 이상'],
      [{ rules: [{ ...SHORTER[0], months: 2.5 }] }, '정수'],
      [{ rules: [{ ...SHORTER[0], scope: 'everything' }] }, '적용 대상'],
      [{ rules: [{ ...SHORTER[0], decidedBy: 'nobody' }] }, '확인자'],
      [{ rules: [{ ...SHORTER[0], basis: '  ' }] }, '근거'],
      [{ rules: SHORTER, extra: 1 }, 'extra'],
      [SHORTER.slice(0, 1), '보관 규칙'],
      ['{"rules": [', ''],
      ['null', ''],
    ];
    for (const [payload, words] of cases) {
      const res = await put(payload);
      expect(res.statusCode, `${JSON.stringify(payload).slice(0, 120)} → ${res.body.slice(0, 300)}`).toBe(400);
      const message = res.json<{ error: { message: string } }>().error.message;
      expect(message).toMatch(/[가-힣]/);
      expect(message).toContain(words);
    }
    const tooBig = await put({ rules: SHORTER.map((r) => ({ ...r, basis: 'ㄱ'.repeat(200) })), padding: 'x'.repeat(70 * 1024) });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json<{ error: { message: string } }>().error.message).toContain('너무 큽니다');
    expect(await version()).toBe(before);

    const file = path.join(tempDir('rules-bad-'), 'rules.json');
    fs.writeFileSync(file, JSON.stringify({ rules: prospect6 }));
    const refused = await cli('retention', 'rules', '--file', file);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('1년(12개월) 이상');
    const missing = await cli('retention', 'rules', '--file', path.join(path.dirname(file), 'none.json'));
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('읽을 수 없습니다');
  });
});
