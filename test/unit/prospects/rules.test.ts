import { describe, expect, it } from 'vitest';
import { campaignAllowed, handoutMoveRefusal, keepUntil, mayDestroyList, moveHandout, nextListNumber, resultRefusal, screenImport, watermarkText } from '../../../shared/prospects/rules';
import { importRows, parseProspectCsv, prospectImportSchema } from '../../../shared/prospects/protocol';

describe('screening an import', () => {
  it('refuses an invalid phone, a number seen earlier in the file, a do-not-call number and one already listed; keeps the rest formatted', () => {
    const rows = [
      { company: '가나상사', contact: '김가나', phone: '010-1234-5678' },
      { company: '다라무역', contact: '', phone: '12345' },
      { company: '마바산업', contact: '이마바', phone: '01012345678' },
      { company: '사아물산', contact: '', phone: '02-555-1234' },
      { company: '자차건설', contact: '', phone: '031-777-8888' },
      { company: '카타식품', contact: '', phone: '0212345678' },
    ];
    const r = screenImport(rows, { doNotCall: new Set(['025551234']), listed: new Set(['0317778888']) });
    expect(r.accepted.map((a) => [a.company, a.phone, a.digits])).toEqual([
      ['가나상사', '010-1234-5678', '01012345678'],
      ['카타식품', '02-1234-5678', '0212345678'],
    ]);
    expect(r.rejected.map((x) => [x.line, x.reason])).toEqual([
      [2, 'invalid_phone'],
      [3, 'duplicate'],
      [4, 'do_not_call'],
      [5, 'already_listed'],
    ]);
  });

  it('reads CSV with Korean or English headers and quoted commas', () => {
    expect(parseProspectCsv('\uFEFF회사명,담당자,전화번호\r\n"가나, 주식회사",김가나,010-1234-5678\n\n')).toEqual([{ company: '가나, 주식회사', contact: '김가나', phone: '010-1234-5678' }]);
    expect(() => parseProspectCsv('name,tel\nA,1')).toThrow(/company/);
  });

  it('an import is rows or CSV, not both and not neither; a bad row names its line', () => {
    expect(prospectImportSchema.safeParse({ name: 'A' }).success).toBe(false);
    expect(prospectImportSchema.safeParse({ name: 'A', rows: [], csv: 'x' }).success).toBe(false);
    const input = prospectImportSchema.parse({ name: 'A', csv: 'company,phone\n,010-1234-5678' });
    expect(() => importRows(input)).toThrow(/^1번째 줄/);
  });
});

describe('list numbers and keeping', () => {
  it("numbers lists PL-YYYY-NNNN by the KST year, counting on from the year's highest", () => {
    expect(nextListNumber('2026-12-03T01:00:00Z', [])).toBe('PL-2026-0001');
    expect(nextListNumber('2026-12-03T01:00:00Z', ['PL-2026-0001', 'PL-2026-0007', 'PL-2025-0042'])).toBe('PL-2026-0008');
    // 31 Dec 16:00 UTC is 1 Jan in Korea: a new year's count
    expect(nextListNumber('2026-12-31T16:00:00Z', ['PL-2026-0008'])).toBe('PL-2027-0001');
  });

  it('keeps a list until one year after its last use, by the KST date, and never less than a year', () => {
    expect(keepUntil('2026-12-03T01:00:00Z')).toBe('2027-12-03');
    expect(keepUntil('2026-12-31T15:30:00Z')).toBe('2028-01-01'); // 1 Jan 2027 00:30 KST
    expect(keepUntil('2028-02-29T03:00:00Z')).toBe('2029-03-01');
  });

  it('destroys only an archived list past its keep-until date', () => {
    expect(mayDestroyList({ archived: true, keepUntil: '2027-12-03' }, '2027-12-03')).toBe(false);
    expect(mayDestroyList({ archived: true, keepUntil: '2027-12-03' }, '2027-12-04')).toBe(true);
    expect(mayDestroyList({ archived: false, keepUntil: '2027-12-03' }, '2030-01-01')).toBe(false);
  });
});

describe('the hand-out', () => {
  it('goes handed out → acknowledged → checked in → archived, the device moving the first two and HQ the last', () => {
    let s = moveHandout('handed_out', 'acknowledge', 'device');
    expect(s).toBe('acknowledged');
    s = moveHandout(s, 'check_in', 'device');
    expect(s).toBe('checked_in');
    expect(moveHandout(s, 'archive', 'hq')).toBe('archived');
  });

  it('HQ recalls a list still out, and archives it recalled; nobody else does either', () => {
    expect(moveHandout('handed_out', 'recall', 'hq')).toBe('recalled');
    expect(moveHandout('acknowledged', 'recall', 'hq')).toBe('recalled');
    expect(moveHandout('recalled', 'archive', 'hq')).toBe('archived');
    expect(handoutMoveRefusal('acknowledged', 'recall', 'device')).toMatch(/본사/);
    expect(handoutMoveRefusal('handed_out', 'acknowledge', 'hq')).toMatch(/기기/);
  });

  it('refuses a check-in before acknowledgement, a recall after the return, and archiving a list still out', () => {
    expect(handoutMoveRefusal('handed_out', 'check_in', 'device')).toMatch(/수령을 확인/);
    expect(handoutMoveRefusal('checked_in', 'recall', 'hq')).toMatch(/회수할 수 없/);
    expect(handoutMoveRefusal('acknowledged', 'archive', 'hq')).toMatch(/반납되거나 회수된/);
    expect(() => moveHandout('archived', 'acknowledge', 'device')).toThrow();
  });

  it('takes results only while the rep holds the acknowledged list', () => {
    expect(resultRefusal('acknowledged')).toBeUndefined();
    expect(resultRefusal('handed_out')).toMatch(/수령 확인/);
    expect(resultRefusal('checked_in')).toMatch(/반납/);
    expect(resultRefusal('recalled')).toMatch(/회수/);
  });
});

describe('campaigns', () => {
  it("a list's first campaign needs nothing; a second needs HQ's approval of that campaign", () => {
    expect(campaignAllowed('12월 소상공인', [], [])).toBe('ok');
    expect(campaignAllowed('12월 소상공인', ['12월 소상공인'], [])).toBe('ok');
    expect(campaignAllowed('1월 재통화', ['12월 소상공인'], [])).toBe('needs_approval');
    expect(campaignAllowed('1월 재통화', ['12월 소상공인'], [{ campaign: '1월 재통화', status: 'pending' }])).toBe('needs_approval');
    expect(campaignAllowed('1월 재통화', ['12월 소상공인'], [{ campaign: '1월 재통화', status: 'refused' }])).toBe('refused');
    expect(campaignAllowed('1월 재통화', ['12월 소상공인'], [{ campaign: '1월 재통화', status: 'approved' }])).toBe('ok');
    expect(campaignAllowed('2월', ['12월 소상공인'], [{ campaign: '1월 재통화', status: 'approved' }])).toBe('needs_approval');
  });
});

describe('the print watermark', () => {
  it('names the list, the rep and the KST time', () => {
    expect(watermarkText({ rep: '김영업', at: '2026-12-03T01:05:00Z', listNumber: 'PL-2026-0003' })).toBe('PL-2026-0003 · 김영업 · 2026. 12. 3. 10:05 KST · 외부 반출·복사 금지');
  });
});
