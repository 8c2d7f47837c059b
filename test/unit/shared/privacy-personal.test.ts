import { describe, expect, it } from 'vitest';
import { findResidentNumber } from '../../../shared/privacy/personal';
import { maskAddress, maskPersonName, maskPhone } from '../../../shared/privacy/mask';
import { requiredText, optionalText } from '../../../shared/domain/fields';
import { signInputSchema } from '../../../shared/domain/documents';
import { localizeText } from '../../../shared/i18n/error-messages';
import { checkMutationFields } from '../../../shared/sync/merge';
import { entryResultSchema, importRows, prospectDecideSchema } from '../../../shared/prospects/protocol';
import { hqTicketEventSchema, ticketAssignSchema, ticketCloseSchema } from '../../../shared/service/protocol';
import { ticketCreateSchema, ticketEventInputSchema } from '../../../shared/service/tickets';

describe('personal data on screen: masking in lists and search results', () => {
  it('a phone number shows its first and last groups only (010-1234-5432 → 010-****-5432, 02-123-4567 → 02-***-4567)', () => {
    expect(maskPhone('010-1234-5432')).toBe('010-****-5432');
    expect(maskPhone('02-123-4567')).toBe('02-***-4567');
    expect(maskPhone('1588-1234')).toBe('****-1234');
    expect(maskPhone('01012345432')).toBe('*******5432');
    expect(maskPhone('123')).toBe('***');
  });

  it('an address keeps its region (시·도, 시·군·구) and masks the rest; a name keeps its first and last character', () => {
    expect(maskAddress('서울특별시 강남구 테헤란로 123, 4층')).toBe('서울특별시 강남구 ***');
    expect(maskAddress('세종특별자치시')).toBe('세종특별자치시 ***');
    expect(maskAddress('  ')).toBe('');
    expect(maskPersonName('홍길동')).toBe('홍*동');
    expect(maskPersonName('김철')).toBe('김*');
    expect(maskPersonName('남궁민수')).toBe('남**수');
  });
});

describe('resident registration numbers are refused where they have no place', () => {
  it('finds a number by its birth date and check digit, with or without the hyphen, inside text', () => {
    expect(findResidentNumber('주민번호 850615-1234562 입니다')).toBe('850615-1234562');
    expect(findResidentNumber('8506151234562')).toBe('8506151234562');
    expect(findResidentNumber('0102034123453')).toBe('0102034123453');
  });

  it('finds a number issued since October 2020 (random last six digits, no valid check digit) by its birth date and gender digit alone', () => {
    expect(findResidentNumber('850615-1234563')).toBe('850615-1234563'); // the old check digit does not hold
    expect(findResidentNumber('고객 201118-4839201 확인')).toBe('201118-4839201');
    expect(findResidentNumber('9912316765432', new Date('2026-12-02'))).toBe('9912316765432'); // a foreigner born 1999
    expect(findResidentNumber('0203047000001', new Date('2026-12-02'))).toBe('0203047000001');
  });

  it('finds a number however it is typed: full-width digits and hyphen, spaces around the hyphen, an en dash, minus sign or ㅡ, a dot, an invisible character', () => {
    for (const typed of [
      '８５０６１５－１２３４５６２',
      '８５０６１５-1234562',
      '850615 - 1234562',
      '850615  1234562',
      '850615–1234562',
      '850615−1234562',
      '850615ㅡ1234562',
      '850615.1234562',
      '850615\u200b-1234562',
      '850615\u00a0-\u00a01234562',
      '메모: ８５０６１５ １２３４５６３ 확인',
    ]) {
      expect(findResidentNumber(typed), typed).toBeDefined();
      expect(optionalText('메모', 500).safeParse(typed).success, typed).toBe(false);
    }
  });

  it('still leaves alone a business number, a phone, a date alone and a real corporate number typed in full width', () => {
    expect(findResidentNumber('１２３－４５－６７８９０')).toBeUndefined();
    expect(findResidentNumber('０１０－１２３４－５６７８')).toBeUndefined();
    expect(findResidentNumber('생년월일 900101')).toBeUndefined();
    expect(findResidentNumber('９００１０１ 접수')).toBeUndefined();
    expect(findResidentNumber('법인 １１０１１１－１４６８７５４')).toBeUndefined();
  });

  it('leaves alone what only looks like one: an impossible date, a gender digit 0 or 9, a 2000s birth still to come, a corporate number, a longer digit run, phone and business numbers', () => {
    expect(findResidentNumber('851315-1234562')).toBeUndefined(); // month 13
    expect(findResidentNumber('850230-1234563')).toBeUndefined(); // 30 February
    expect(findResidentNumber('850615-9234563')).toBeUndefined(); // gender digit 9
    expect(findResidentNumber('850615-0234563')).toBeUndefined(); // gender digit 0
    expect(findResidentNumber('950615-3234563', new Date('2026-12-02'))).toBeUndefined(); // born in 2095?
    expect(findResidentNumber('법인등록번호 110111-1468754')).toBeUndefined(); // a 주식회사 in Seoul, its own check digit holds
    expect(findResidentNumber('134511-0001239')).toBeUndefined(); // a 유한회사 number: gender digit 0 anyway
    expect(findResidentNumber('98506151234562')).toBeUndefined(); // 14 digits
    expect(findResidentNumber('010-1234-5678, 102-81-42945')).toBeUndefined();
    expect(findResidentNumber('')).toBeUndefined();
  });

  it('names, addresses and notes refuse one with a Korean message that says to remove it; everything else passes as before', () => {
    const note = optionalText('메모', 500, { lines: true });
    const refused = note.safeParse('고객 주민번호 850615-1234562 확인함');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toContain('주민등록번호');
    expect(refused.error?.issues[0]?.message).toContain('지우고');
    expect(requiredText('대표자 성명').safeParse('홍길동 8506151234562').success).toBe(false);
    expect(note.safeParse('상담석 35석, 02-123-4567로 연락').data).toBe('상담석 35석, 02-123-4567로 연락');
    expect(note.safeParse(undefined).success).toBe(true);
  });
});

describe('a resident registration number is refused in every free-text door where it has no place', () => {
  const RRN = '850615-1234562';
  const APP = '01900000-0000-7000-8000-000000000001';
  const ticket = { applicationId: APP, kind: 'complaint', category: 'general', channel: 'phone', description: '통화 품질 불만', receivedBy: '홍길동' } as const;
  /** The first issue of a refused parse: its Korean message and its English one. */
  function refusal(result: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) {
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    const en = localizeText(issue.message, 'en');
    // Every door's refusal reads whole in English too (its field label translated).
    expect(en).toContain('resident registration number');
    expect(en, en).not.toMatch(/[가-힣]/);
    return { path: issue.path.join('.'), ko: issue.message, en };
  }

  it('ticket text (내용, 접수자, 메모) on the device and HQ notes (assign, step, close) refuse one, in Korean and English, naming the field', () => {
    expect(ticketCreateSchema.safeParse(ticket).success).toBe(true);
    const description = refusal(ticketCreateSchema.safeParse({ ...ticket, description: `고객 주민번호 ${RRN}로 본인 확인` }));
    expect(description).toMatchObject({ path: 'description' });
    expect(description.ko).toContain('내용에 주민등록번호로 보이는 숫자가 있습니다');
    expect(refusal(ticketCreateSchema.safeParse({ ...ticket, receivedBy: `홍길동 ${RRN}` })).path).toBe('receivedBy');
    expect(refusal(ticketEventInputSchema.safeParse({ ticketId: APP, type: 'note', note: `확인 ${RRN.replace('-', '')}` })).path).toBe('note');
    expect(refusal(ticketAssignSchema.safeParse({ assignee: '김담당', note: RRN })).path).toBe('note');
    expect(refusal(hqTicketEventSchema.safeParse({ type: 'note', note: `본인 ${RRN}` })).path).toBe('note');
    expect(refusal(ticketCloseSchema.safeParse({ note: RRN, satisfaction: 'satisfied' })).path).toBe('note');
    // A phone number or a business number in a note is fine.
    expect(ticketEventInputSchema.safeParse({ ticketId: APP, type: 'note', note: '02-123-4567, 102-81-42945로 회신' }).success).toBe(true);
  });

  it('a prospect list refuses one in a row (company or contact, naming the line) and in a result or decision note', () => {
    expect(() => importRows({ name: '12월 명단', csv: `company,contact,phone\n가나상사,김가나,010-2000-0001\n다라상사,박다라 ${RRN},010-2000-0002` })).toThrow(
      /2번째 줄: 담당자에 주민등록번호로 보이는 숫자가 있습니다/,
    );
    expect(() => importRows({ name: '12월 명단', rows: [{ company: `가나상사 ${RRN}`, contact: '', phone: '010-2000-0001' }] })).toThrow(/1번째 줄: 회사명에 주민등록번호/);
    expect(importRows({ name: '12월 명단', rows: [{ company: '가나상사', contact: '', phone: '010-2000-0001' }] })).toHaveLength(1);
    expect(refusal(entryResultSchema.safeParse({ handoutId: 'h', entryId: 'e', result: 'interested', note: `생년월일 ${RRN}` })).path).toBe('note');
    expect(refusal(prospectDecideSchema.safeParse({ approve: true, note: RRN })).path).toBe('note');
  });

  it('the name of the person signing refuses one', () => {
    expect(refusal(signInputSchema.safeParse({ applicationId: APP, form: '1', area: 'customer', mark: 'signature', signerName: `홍길동 ${RRN}`, pngBase64: 'iVBORw0KGgo=' })).path).toBe('signerName');
  });
});

describe('a destruction entry carries no personal data', () => {
  const entry = {
    at: '2026-12-03T00:00:00Z',
    ruleId: 'draft-unsigned-90d',
    basis: '미제출 청약서 90일 경과',
    action: 'destroy_record',
    subjectKind: 'application',
    subjectId: '01900000-0000-7000-8000-000000000001',
    fieldsErased: 0,
    recordsRemoved: 3,
    filesRemoved: 1,
    confirmedBy: '홍길동',
    device: '영업 노트북 1',
    backupsGoneBy: '2027-01-02',
    createdAt: '2026-12-03T00:00:00Z',
  };

  it('HQ refuses a pushed destruction_entry whose rule, basis, confirmer or device text holds a resident registration number, and takes the honest one', () => {
    expect(checkMutationFields('destruction_entry', entry)).toEqual([]);
    for (const field of ['ruleId', 'basis', 'confirmedBy', 'device'] as const) {
      const issues = checkMutationFields('destruction_entry', { ...entry, [field]: `홍길동 850615-1234562`.slice(0, field === 'ruleId' ? 40 : 200) });
      expect(
        issues.map((i) => i.path),
        field,
      ).toEqual([`fields.${field}`]);
      expect(issues[0]!.message).toContain('주민등록번호');
    }
  });
});
