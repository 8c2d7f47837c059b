import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../electron/hosts/cli';
import { runCliProcess } from '../../support/processes';
import { sampleApplication, tempDir } from '../../support/fixtures';

const io = (stdin?: string): CliIo => ({ readStdin: () => Promise.resolve(stdin), env: {} });

describe('CLI applications commands', () => {
  it('import prints {"id"}, list shows it, export prints the application JSON with id, status and timestamps', async () => {
    const dir = tempDir();
    const input = sampleApplication();
    const imported = await runCli(['applications', 'import', '--data-dir', dir], io(JSON.stringify(input)));
    expect(imported.exitCode).toBe(0);
    const { id } = JSON.parse(imported.stdout) as { id: string };
    expect(Object.keys(JSON.parse(imported.stdout))).toEqual(['id']);

    const listed = JSON.parse((await runCli(['applications', 'list', '--data-dir', dir], io())).stdout) as unknown[];
    expect(listed).toEqual([{ id, kind: 'new', customer: { name: input.customer.name, businessNumber: input.customer.businessNumber }, status: 'draft', updatedAt: expect.any(String) }]);

    const exported = JSON.parse((await runCli(['applications', 'export', id, '--reason', '고객 요청 사본', '--data-dir', dir], io())).stdout) as Record<string, unknown>;
    expect(exported).toEqual({ ...input, id, status: 'draft', createdAt: expect.any(String), updatedAt: expect.any(String) });
  });

  it('malformed JSON exits 2 with a Korean message, prints nothing on stdout and stores nothing', async () => {
    const dir = tempDir();
    const r = await runCli(['applications', 'import', '--data-dir', dir], io('{"kind": "new",'));
    expect(r).toMatchObject({ exitCode: 2, stdout: '' });
    expect(r.stderr).toContain('JSON');
    expect(JSON.parse((await runCli(['applications', 'list', '--data-dir', dir], io())).stdout)).toEqual([]);
  });

  it('a negotiated item without its agreed price, or an end date on a fixed term, exits 2 saying what to fix; nothing is stored', async () => {
    const dir = tempDir();
    const base = sampleApplication();
    const noPrice = await runCli(['applications', 'import', '--data-dir', dir], io(JSON.stringify({ ...base, items: [...base.items, { code: 'agent', quantity: 2 }] })));
    expect(noPrice).toMatchObject({ exitCode: 2, stdout: '' });
    expect(noPrice.stderr).toContain('협의한 단가(unitPrice)');
    const endOnTerm = await runCli(['applications', 'import', '--data-dir', dir], io(JSON.stringify({ ...base, term: '12m', termEnd: '2027-01-01' })));
    expect(endOnTerm).toMatchObject({ exitCode: 2, stdout: '' });
    expect(endOnTerm.stderr).toContain('무약정(none)일 때만');
    expect(JSON.parse((await runCli(['applications', 'list', '--data-dir', dir], io())).stdout)).toEqual([]);
  });

  it('JSON saved by Windows tools with a byte-order mark is read like any other', async () => {
    const dir = tempDir();
    const r = await runCli(['applications', 'import', '--data-dir', dir], io(`\uFEFF${JSON.stringify(sampleApplication())}`));
    expect(r.exitCode, r.stderr).toBe(0);
  });

  it('a wrong option, an option without its value or stray arguments exit 2 with a Korean message', async () => {
    const unknown = await runCli(['quote', '--foo'], io('{}'));
    expect(unknown).toMatchObject({ exitCode: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/^오류: 알 수 없는 옵션입니다: --foo/);
    const noValue = await runCli(['applications', 'list', '--data-dir'], io());
    expect(noValue.stderr).toMatch(/^오류: 옵션 --data-dir에 값이 필요합니다/);
    const stray = await runCli(['quote', 'extra'], io(JSON.stringify({ term: '12m', items: [{ code: 'asp-basic', quantity: 10 }] })));
    expect(stray).toMatchObject({ exitCode: 2, stdout: '' });
    expect(stray.stderr).toContain('인수를 받지 않습니다');
  });

  it('importing a known business number under another name exits 2 with the question and how to answer it ("nameChange"); answered, it imports', async () => {
    const dir = tempDir();
    await runCli(['applications', 'import', '--data-dir', dir], io(JSON.stringify(sampleApplication())));
    const renamed = { ...sampleApplication(), customer: { ...sampleApplication().customer, name: '(주)새이름콜' } };
    const asked = await runCli(['applications', 'import', '--data-dir', dir], io(JSON.stringify(renamed)));
    expect(asked.exitCode).toBe(2);
    expect(asked.stdout).toBe('');
    expect(asked.stderr).toContain("'(주)하나콜센터'");
    expect(asked.stderr).toContain('"nameChange": "renamed"');
    expect(JSON.parse((await runCli(['applications', 'list', '--data-dir', dir], io())).stdout)).toHaveLength(1);
    const answered = await runCli(['applications', 'import', '--data-dir', dir], io(JSON.stringify({ ...renamed, nameChange: 'mistake' })));
    expect(answered.exitCode).toBe(0);
  });

  it('an unknown field exits 2 naming the field, and nothing is stored', async () => {
    const dir = tempDir();
    const r = await runCli(['applications', 'import', '--data-dir', dir], io(JSON.stringify({ ...sampleApplication(), discount: 10 })));
    expect(r).toMatchObject({ exitCode: 2, stdout: '' });
    expect(r.stderr).toContain("'discount'");
    expect(JSON.parse((await runCli(['applications', 'list', '--data-dir', dir], io())).stdout)).toEqual([]);
  });

  it('unknown commands, unknown flags and a missing id exit 2 with usage', async () => {
    expect((await runCli(['applications', 'frobnicate'], io())).exitCode).toBe(2);
    expect((await runCli(['applications', 'list', '--colour'], io())).exitCode).toBe(2);
    const missing = await runCli(['applications', 'export', '--data-dir', tempDir()], io());
    expect(missing).toMatchObject({ exitCode: 2, stdout: '' });
    const unknownId = await runCli(['applications', 'export', '01a20829-6412-75d8-ac05-9d85841d445a', '--reason', '고객 요청 사본', '--data-dir', tempDir()], io());
    expect(unknownId).toMatchObject({ exitCode: 2, stdout: '' });
  });

  it('as a real process: SALESDESK_DATA_DIR chooses the store, errors go to stderr with exit code 2', () => {
    const dir = tempDir();
    const ok = runCliProcess(['applications', 'import'], JSON.stringify(sampleApplication()), { SALESDESK_DATA_DIR: dir });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toHaveProperty('id');
    const bad = runCliProcess(['applications', 'import'], '[]', { SALESDESK_DATA_DIR: dir });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/오류/);
    const list = runCliProcess(['applications', 'list', '--data-dir', dir]);
    expect(JSON.parse(list.stdout)).toHaveLength(1);
  });
});

describe('CLI pricing and format commands', () => {
  it('quote prints the exact contract shape with lines in input order', async () => {
    const r = await runCli(
      ['quote'],
      io(
        JSON.stringify({
          term: '36m',
          items: [
            { code: 'recording', quantity: 30 },
            { code: 'asp-basic', quantity: 30 },
          ],
        }),
      ),
    );
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      catalog: { id: 'kt-bizmeka-2014', version: '2014.07' },
      currency: 'KRW',
      term: '36m',
      lines: [
        { code: 'recording', quantity: 30, billedQuantity: 30, billedUnit: '석', unitPrice: 20000, amount: 600000, estimated: false },
        { code: 'asp-basic', quantity: 30, billedQuantity: 30, billedUnit: '석', unitPrice: 160000, amount: 4800000, estimated: false },
      ],
      monthly: { supply: 5400000, vat: 540000, total: 5940000 },
      oneOff: { supply: 0, vat: 0, total: 0 },
      usage: { supply: 0, estimated: false },
      contract: { months: 36, supply: 194400000, vat: 19440000, total: 213840000 },
      amountInWords: '일금 오백구십사만원정',
      warnings: [],
      approvalRequired: false,
    });
  });

  it('commission prints the schedule of the shipped sample plan; an unset plan or a bad payment is exit 2 with the reason', async () => {
    const ok = await runCli(['commission'], io(JSON.stringify({ plan: 'sample-cc-cny', term: '12m', items: [{ code: 'switchboard', quantity: 2 }], payment: 'prepaid', start: '2026-05' })));
    expect(ok.exitCode, ok.stderr).toBe(0);
    // 2 numbers × 270.00 CNY × 12 months = 6,480.00 CNY; 30% once.
    expect(JSON.parse(ok.stdout)).toEqual({ schedule: [{ period: '2026-05', base: 648_000, ratePercent: 30, amount: 194_400 }], total: 194_400, currency: 'CNY' });
    const unset = await runCli(['commission'], io(JSON.stringify({ term: '36m', items: [{ code: 'asp-basic', quantity: 10 }], payment: 'monthly' })));
    expect(unset).toMatchObject({ exitCode: 2, stdout: '' });
    expect(unset.stderr).toMatch(/미설정/);
    const badPayment = await runCli(['commission'], io(JSON.stringify({ plan: 'sample-cc-cny', term: '12m', items: [{ code: 'switchboard', quantity: 2 }], payment: 'cash' })));
    expect(badPayment.exitCode).toBe(2);
    expect(badPayment.stderr).toMatch(/payment/);
  });

  it('quote refuses an unknown product or term with exit 2 and nothing on stdout', async () => {
    for (const body of [
      { term: '36m', items: [{ code: 'fax', quantity: 1 }] },
      { term: '48m', items: [{ code: 'asp-basic', quantity: 10 }] },
    ]) {
      const r = await runCli(['quote'], io(JSON.stringify(body)));
      expect(r).toMatchObject({ exitCode: 2, stdout: '' });
      expect(r.stderr).toMatch(/오류/);
    }
  });

  it('penalty, damages, check and words answer their documented shapes', async () => {
    const penalty = await runCli(['penalty'], io(JSON.stringify({ term: '36m', items: [{ code: 'asp-basic', quantity: 30 }], monthsUsed: 12 })));
    // 30 seats × (220,000 − 160,000) × 12 months
    expect(JSON.parse(penalty.stdout)).toEqual({ penalty: 21_600_000, perMonth: 1_800_000 });
    const damages = await runCli(['damages'], io(JSON.stringify({ monthlyFee: 2_400_000, outagesHours: [4.5] })));
    expect(JSON.parse(damages.stdout)).toEqual({ eligible: true, hours: 4.5, amount: 54_000 });
    expect(JSON.parse((await runCli(['check', 'bizno', '1028142945'], io())).stdout)).toEqual({ valid: true, formatted: '102-81-42945' });
    expect(JSON.parse((await runCli(['check', 'bizno', '123-45-67890'], io())).stdout)).toMatchObject({ valid: false, formatted: null, reason: expect.any(String) });
    expect(JSON.parse((await runCli(['check', 'phone', '0505-123-4567'], io())).stdout)).toEqual({ valid: true, formatted: '0505-123-4567' });
    expect(JSON.parse((await runCli(['words', '1200000'], io())).stdout)).toEqual({ text: '일금 일백이십만원정' });
    expect((await runCli(['words', 'abc'], io())).exitCode).toBe(2);
  });

  it('sla answers {dueAt, state, remainingMinutes} from stdin and refuses an event out of order with exit 2 in Korean', async () => {
    const body = {
      kind: 'complaint',
      category: 'general',
      openedAt: '2026-12-02T09:00:00+09:00',
      events: [
        { at: '2026-12-02T10:00:00+09:00', type: 'waiting' },
        { at: '2026-12-02T14:00:00+09:00', type: 'resumed' },
      ],
      now: '2026-12-02T15:00:00+09:00',
    };
    const r = await runCli(['sla'], io(JSON.stringify(body)));
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ dueAt: '2026-12-02T21:00:00+09:00', state: 'open', remainingMinutes: 360 });
    const bad = await runCli(['sla'], io(JSON.stringify({ ...body, events: [{ at: '2026-12-02T10:00:00+09:00', type: 'resumed' }] })));
    expect(bad).toMatchObject({ exitCode: 2, stdout: '' });
    expect(bad.stderr).toMatch(/처리 재개/);
    const unknown = await runCli(['sla'], io(JSON.stringify({ ...body, category: 'urgent' })));
    expect(unknown).toMatchObject({ exitCode: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/simple\(단순\)/);
  });
});
