import { describe, expect, it } from 'vitest';
import { CONSENT_COLLECTION, CONSENT_THIRD_PARTY } from '../../../shared/forms/texts';
import {
  CONSENT_TEXTS_V1,
  consentState,
  consentTextPublishSchema,
  consentVersionOn,
  consentVersionsFromRecord,
  marketingAllowed,
  missingRequiredConsents,
  purposeOfArea,
  CONSENT_PUBLISH_MAX_BYTES,
  latestEffectiveFrom,
  type ConsentEvent,
  type ConsentTextVersion,
} from '../../../shared/privacy/consent';

const ev = (id: string, purpose: ConsentEvent['purpose'], action: ConsentEvent['action'], at: string, extra: Partial<ConsentEvent> = {}): ConsentEvent => ({
  id,
  purpose,
  action,
  at,
  textVersion: 1,
  signatureId: null,
  ...extra,
});

const v2: ConsentTextVersion = {
  version: 2,
  effectiveFrom: '2027-01-01',
  publishedAt: '2026-12-20T01:00:00.000Z',
  texts: {
    collection: { ...CONSENT_COLLECTION, lines: [...CONSENT_COLLECTION.lines], title: '개인정보 수집·이용 동의 (2027)' },
    third_party: { ...CONSENT_THIRD_PARTY, lines: [...CONSENT_THIRD_PARTY.lines] },
  },
};

describe('consent texts as versions', () => {
  it('version 1 is the 2014 text of form #1, exactly as printed', () => {
    expect(CONSENT_TEXTS_V1.texts.collection).toBe(CONSENT_COLLECTION);
    expect(CONSENT_TEXTS_V1.texts.third_party).toBe(CONSENT_THIRD_PARTY);
    expect(CONSENT_TEXTS_V1.texts.marketing).toBeUndefined();
  });

  it('the version in force on a day is the newest one effective by then, in KST (23:30 UTC on 31 Dec is already 1 Jan in Korea)', () => {
    const versions = [CONSENT_TEXTS_V1, v2];
    expect(consentVersionOn('2026-12-31', versions).version).toBe(1);
    expect(consentVersionOn('2027-01-01', versions).version).toBe(2);
    expect(consentVersionOn('2026-12-31T14:59:00.000Z', versions).version).toBe(1);
    expect(consentVersionOn('2026-12-31T15:00:00.000Z', versions).version).toBe(2);
    expect(consentVersionOn('2030-05-05').version).toBe(1);
  });

  it('versions from HQ record keep version 1 built in and ignore a malformed record', () => {
    expect(consentVersionsFromRecord({ versions: [v2] }).map((v) => v.version)).toEqual([1, 2]);
    expect(consentVersionsFromRecord({ versions: 'nonsense' }).map((v) => v.version)).toEqual([1]);
    expect(consentVersionsFromRecord(undefined).map((v) => v.version)).toEqual([1]);
  });

  it('a publication needs a KST effective day and both form texts, each clean', () => {
    const ok = consentTextPublishSchema.safeParse({ effectiveFrom: '2027-01-01', texts: v2.texts });
    expect(ok.success).toBe(true);
    const noDay = consentTextPublishSchema.safeParse({ effectiveFrom: '2027/01/01', texts: v2.texts });
    expect(noDay.success).toBe(false);
    expect(noDay.error?.issues[0]?.message).toContain('YYYY-MM-DD');
    expect(consentTextPublishSchema.safeParse({ effectiveFrom: '2027-01-01', texts: { collection: v2.texts.collection } }).success).toBe(false);
  });

  it('a text of more than 20,000 characters in all is refused naming the purpose; a version may take effect at most a year ahead (366 days)', () => {
    const long = { ...v2.texts.collection, lines: Array.from({ length: 6 }, () => ({ level: 0 as const, text: '가'.repeat(4000) })) };
    const refused = consentTextPublishSchema.safeParse({ effectiveFrom: '2027-01-01', texts: { ...v2.texts, collection: long } });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toContain('20,000자');
    expect(refused.error?.issues[0]?.path).toEqual(['texts', 'collection']);
    const atCap = { ...v2.texts.collection, title: '가', intro: '가', closing: '가', lines: Array.from({ length: 5 }, (_, i) => ({ level: 0 as const, text: '가'.repeat(i === 4 ? 3997 : 4000) })) };
    expect(consentTextPublishSchema.safeParse({ effectiveFrom: '2027-01-01', texts: { ...v2.texts, collection: atCap } }).success).toBe(true);
    expect(latestEffectiveFrom('2026-12-03')).toBe('2027-12-04');
    expect(latestEffectiveFrom('2027-12-31')).toBe('2028-12-31'); // 2028 is a leap year
    // The body limit leaves room for every character the schema allows at its widest JSON spelling.
    expect(CONSENT_PUBLISH_MAX_BYTES).toBeGreaterThan(3 * 20_000 * 6);
  });

  it('form #1 consent areas give collection and third-party consent; marketing has no area on the 2014 form', () => {
    expect(purposeOfArea('consent-collection')).toBe('collection');
    expect(purposeOfArea('consent-third-party')).toBe('third_party');
    expect(purposeOfArea('applicant')).toBeUndefined();
  });
});

describe('consentState: 동의/미동의/철회 per purpose from the events', () => {
  it('nothing recorded: every purpose 미동의, and only the required collection consent is missing', () => {
    const s = consentState([]);
    expect([s.collection.status, s.third_party.status, s.marketing.status]).toEqual(['not_given', 'not_given', 'not_given']);
    expect(missingRequiredConsents(s)).toEqual(['collection']);
  });

  it('a signed agreement carries its version, date and signature; a refused optional consent blocks nothing', () => {
    const s = consentState([ev('a', 'collection', 'agree', '2026-12-01T02:00:00.000Z', { signatureId: 'sig-1' }), ev('b', 'marketing', 'refuse', '2026-12-01T02:01:00.000Z')]);
    expect(s.collection).toMatchObject({ status: 'agreed', version: 1, at: '2026-12-01T02:00:00.000Z', signatureId: 'sig-1' });
    expect(s.marketing.status).toBe('not_given');
    expect(missingRequiredConsents(s)).toEqual([]);
  });

  it('a withdrawal ends the agreement and remembers which one it withdrew; agreeing again restores it', () => {
    const agree = ev('a', 'marketing', 'agree', '2026-12-01T02:00:00.000Z', { signatureId: 'sig-9', textVersion: 2 });
    const withdraw = ev('b', 'marketing', 'withdraw', '2026-12-10T05:00:00.000Z', { textVersion: 2 });
    const s = consentState([withdraw, agree]); // any order: read by time
    expect(s.marketing).toMatchObject({ status: 'withdrawn', at: '2026-12-10T05:00:00.000Z', withdrew: { version: 2, at: '2026-12-01T02:00:00.000Z', signatureId: 'sig-9' } });
    expect(marketingAllowed([agree, withdraw])).toBe(false);
    expect(marketingAllowed([agree, withdraw, ev('c', 'marketing', 'agree', '2026-12-11T00:00:00.000Z')])).toBe(true);
  });

  it('withdrawing what was never agreed changes nothing (미동의 stays 미동의)', () => {
    expect(consentState([ev('a', 'third_party', 'withdraw', '2026-12-01T00:00:00.000Z')]).third_party.status).toBe('not_given');
  });

  it('a withdrawn required consent blocks submission again', () => {
    const s = consentState([ev('a', 'collection', 'agree', '2026-12-01T00:00:00.000Z', { signatureId: 's' }), ev('b', 'collection', 'withdraw', '2026-12-02T00:00:00.000Z')]);
    expect(s.collection.status).toBe('withdrawn');
    expect(missingRequiredConsents(s)).toEqual(['collection']);
  });

  it('marketing is allowed only with its consent in force', () => {
    expect(marketingAllowed([])).toBe(false);
    expect(marketingAllowed([ev('a', 'marketing', 'refuse', '2026-12-01T00:00:00.000Z')])).toBe(false);
    expect(marketingAllowed([ev('a', 'marketing', 'agree', '2026-12-01T00:00:00.000Z')])).toBe(true);
  });
});
