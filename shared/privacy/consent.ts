import { z } from 'zod';
import { CONSENT_COLLECTION, CONSENT_THIRD_PARTY } from '../forms/texts';
import { requiredCleanText } from '../domain/text';
import { isIsoDate } from '../format/date';

/**
 * Consent as data (issue 17 item 2, PIPA art. 15, 17, 22): each purpose a customer may agree to,
 * whether it is required, the texts as numbered versions (the 2014 texts of form #1 are version
 * 1, printable as they are; HQ publishes later ones), and the state of a customer's consents
 * folded from an append-only list of events (agree / refuse / withdraw). A withdrawal is an event,
 * never a deletion. Pure: the device and HQ store the events, this decides what they mean.
 */

export const CONSENT_PURPOSES = ['collection', 'third_party', 'marketing'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

interface PurposeRule {
  /** A required consent not given blocks submission; an optional one never does. */
  required: boolean;
  /** Korean name, for messages and HQ. */
  label: string;
  /** The form #1 signature area whose signature gives this consent (marketing has none on the 2014 form). */
  area?: string;
}

export const CONSENT_PURPOSE_RULES: Record<ConsentPurpose, PurposeRule> = {
  collection: { required: true, label: '개인정보 수집·이용 및 취급위탁 동의 (필수)', area: 'consent-collection' },
  third_party: { required: false, label: '개인정보 제3자 제공 동의 (선택)', area: 'consent-third-party' },
  marketing: { required: false, label: '마케팅 활용 동의 (선택)' },
};

/** The purpose a form #1 signature area gives, if any. */
export function purposeOfArea(area: string): ConsentPurpose | undefined {
  return CONSENT_PURPOSES.find((p) => CONSENT_PURPOSE_RULES[p].area === area);
}

const consentTextSchema = z.strictObject({
  title: requiredCleanText('동의서 제목', 200),
  intro: requiredCleanText('동의서 안내문', 4000, { lines: true }),
  lines: z.array(z.strictObject({ level: z.union([z.literal(0), z.literal(1), z.literal(2)]), text: requiredCleanText('동의서 문단', 4000, { lines: true }) })).max(100),
  closing: requiredCleanText('동의서 맺음말', 1000, { lines: true }),
});

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '시행일은 YYYY-MM-DD 형식으로 쓰세요 (예: 2027-01-01).' })
  .refine(isIsoDate, { error: '시행일이 달력에 없는 날짜입니다. 실제 날짜를 YYYY-MM-DD로 쓰세요 (예: 2027-01-01).' });

/**
 * A whole consent text (title, intro, every paragraph, closing) is at most this many characters.
 * The 2014 texts are about 1,200 and 500; each field's own cap alone would allow ~400,000 per text,
 * a body far beyond what HQ should keep in the one record every device pulls.
 */
const CONSENT_TEXT_MAX_CHARS = 20_000;
/**
 * The publish body's byte limit, from the schema: every character at its widest JSON spelling
 * (`\uXXXX`, 6 bytes; a client that escapes non-ASCII sends that) for the three texts, plus the
 * keys and punctuation of 300 paragraphs. A body the schema allows always fits; a larger one is
 * refused before it is parsed (413).
 */
export const CONSENT_PUBLISH_MAX_BYTES = 3 * CONSENT_TEXT_MAX_CHARS * 6 + 64 * 1024;
/**
 * How far ahead a version may take effect: a year. A later day (9999-12-31) is a typo, and the
 * version would wait unseen while every later publication had to come after it.
 */
const CONSENT_EFFECTIVE_MAX_DAYS_AHEAD = 366;

/** The last KST day a version published on `today` (KST, YYYY-MM-DD) may take effect from. */
export function latestEffectiveFrom(today: string): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) + CONSENT_EFFECTIVE_MAX_DAYS_AHEAD * 86_400_000).toISOString().slice(0, 10);
}

const textChars = (t: z.output<typeof consentTextSchema>) => t.title.length + t.intro.length + t.closing.length + t.lines.reduce((n, l) => n + l.text.length, 0);

const consentTextPublishShape = z.strictObject({
  /** The KST day from which forms print this version. */
  effectiveFrom: isoDay,
  texts: z.strictObject({
    collection: consentTextSchema,
    third_party: consentTextSchema,
    marketing: consentTextSchema.optional(),
  }),
});

/** A consent text version as HQ publishes it (the version number is HQ's: the next one). */
export const consentTextPublishSchema = consentTextPublishShape.superRefine((v, ctx) => {
  for (const purpose of CONSENT_PURPOSES) {
    const text = v.texts[purpose];
    if (text && textChars(text) > CONSENT_TEXT_MAX_CHARS) {
      ctx.addIssue({
        code: 'custom',
        path: ['texts', purpose],
        message: `${CONSENT_PURPOSE_RULES[purpose].label} 문안이 ${textChars(text).toLocaleString('en-US')}자입니다. 제목·안내문·문단·맺음말을 합쳐 ${CONSENT_TEXT_MAX_CHARS.toLocaleString('en-US')}자 이내로 줄이세요.`,
      });
    }
  }
});

export const consentTextVersionSchema = consentTextPublishShape.safeExtend({ version: z.number().int().min(1), publishedAt: z.string().nullable() });
export type ConsentTextVersion = z.output<typeof consentTextVersionSchema>;

/** Version 1: the 2014 texts of form #1, exactly as printed since (no marketing consent then). */
export const CONSENT_TEXTS_V1: ConsentTextVersion = {
  version: 1,
  effectiveFrom: '2014-01-01',
  publishedAt: null,
  texts: { collection: CONSENT_COLLECTION as ConsentTextVersion['texts']['collection'], third_party: CONSENT_THIRD_PARTY as ConsentTextVersion['texts']['third_party'] },
};

/** The HQ record every device pulls: all published versions (version 1 is built in and never in it). */
export const CONSENT_TEXTS_ENTITY = 'consent_texts';
export const HQ_CONSENT_TEXTS_ID = 'hq-consent-texts';

/** The versions known from HQ's record (fields `{versions}`), version 1 first; a malformed record counts as none. */
export function consentVersionsFromRecord(fields: unknown): ConsentTextVersion[] {
  const parsed = z.object({ versions: z.array(consentTextVersionSchema) }).safeParse(fields);
  const published = parsed.success ? parsed.data.versions.filter((v) => v.version > 1) : [];
  return [CONSENT_TEXTS_V1, ...published].sort((a, b) => a.version - b.version);
}

/** The KST calendar day (YYYY-MM-DD) of an instant, or a day as it is. */
export function kstDay(date: string | Date): string {
  if (typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  const t = typeof date === 'string' ? Date.parse(date) : date.getTime();
  if (Number.isNaN(t)) throw new RangeError(`날짜 형식이 아닙니다: ${String(date)}.`);
  return new Date(t + 9 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The version in force on a day (KST): the highest-numbered version whose `effectiveFrom` is on
 * or before it; version 1 when nothing later applies yet.
 */
export function consentVersionOn(date: string | Date, versions: readonly ConsentTextVersion[] = [CONSENT_TEXTS_V1]): ConsentTextVersion {
  const day = kstDay(date);
  let best = CONSENT_TEXTS_V1;
  for (const v of versions) if (v.effectiveFrom <= day && v.version > best.version) best = v;
  return best;
}

export const CONSENT_ACTIONS = ['agree', 'refuse', 'withdraw'] as const;
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];

/** One recorded consent decision (append-only at both ends; synced as `consent_event`). */
export interface ConsentEvent {
  id: string;
  purpose: ConsentPurpose;
  action: ConsentAction;
  textVersion: number;
  /** The signature that gave an agreement (a form #1 consent area), or null (recorded on the 고객 동의 tab). */
  signatureId: string | null;
  /** When it was given (ISO instant). */
  at: string;
}

/** 동의 / 미동의 / 철회. */
type ConsentStatus = 'agreed' | 'not_given' | 'withdrawn';

interface PurposeState {
  purpose: ConsentPurpose;
  required: boolean;
  status: ConsentStatus;
  /** The event that decided the status (null: nothing recorded). */
  version: number | null;
  at: string | null;
  signatureId: string | null;
  /** For a withdrawal: the agreement it withdrew (version, date, signature). */
  withdrew: { version: number; at: string; signatureId: string | null } | null;
}

export type ConsentState = Record<ConsentPurpose, PurposeState>;

/**
 * The state per purpose from the events (any order; read by time, then id): the last decision
 * counts. A withdrawal of a consent not in force changes nothing (there was nothing to withdraw).
 */
export function consentState(events: readonly ConsentEvent[]): ConsentState {
  const sorted = [...events].sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.at < b.at ? -1 : 1));
  const state = Object.fromEntries(
    CONSENT_PURPOSES.map((p): [ConsentPurpose, PurposeState] => [
      p,
      { purpose: p, required: CONSENT_PURPOSE_RULES[p].required, status: 'not_given', version: null, at: null, signatureId: null, withdrew: null },
    ]),
  ) as ConsentState;
  for (const e of sorted) {
    const s = state[e.purpose];
    if (e.action === 'withdraw') {
      if (s.status !== 'agreed') continue;
      state[e.purpose] = { ...s, status: 'withdrawn', version: e.textVersion, at: e.at, signatureId: null, withdrew: { version: s.version!, at: s.at!, signatureId: s.signatureId } };
    } else {
      state[e.purpose] = { ...s, status: e.action === 'agree' ? 'agreed' : 'not_given', version: e.textVersion, at: e.at, signatureId: e.signatureId, withdrew: null };
    }
  }
  return state;
}

/** Whether the customer may be contacted for marketing (e.g. put on a prospect list): only with the consent in force. */
export function marketingAllowed(events: readonly ConsentEvent[]): boolean {
  return consentState(events).marketing.status === 'agreed';
}

/** Required purposes whose consent is not in force: each blocks submission. */
export function missingRequiredConsents(state: ConsentState): ConsentPurpose[] {
  return CONSENT_PURPOSES.filter((p) => CONSENT_PURPOSE_RULES[p].required && state[p].status !== 'agreed');
}

// ── The contract's shapes (consents.get / consents.record / consents.withdraw) ──

const purposeSchema = z.enum(CONSENT_PURPOSES, { error: '동의 항목(purpose)은 collection, third_party, marketing 중 하나입니다.' });
const appId = z.uuid({ error: '청약 ID가 올바르지 않습니다. 목록에서 청약을 다시 선택하세요.' });

export const consentsGetInputSchema = z.strictObject({ applicationId: appId });
/** Recorded on the 고객 동의 tab: a refusal, or an agreement to a purpose form #1 has no signature area for (marketing). */
export const consentRecordInputSchema = z.strictObject({
  applicationId: appId,
  purpose: purposeSchema,
  action: z.enum(['agree', 'refuse'], { error: '기록할 내용(action)은 agree(동의) 또는 refuse(거부)입니다.' }),
});
export const consentWithdrawInputSchema = z.strictObject({ applicationId: appId, purpose: purposeSchema });

const purposeStateSchema = z.object({
  purpose: purposeSchema,
  required: z.boolean(),
  status: z.enum(['agreed', 'not_given', 'withdrawn']),
  version: z.number().int().nullable(),
  at: z.string().nullable(),
  signatureId: z.string().nullable(),
  withdrew: z.object({ version: z.number().int(), at: z.string(), signatureId: z.string().nullable() }).nullable(),
});

export const consentsViewSchema = z.object({
  applicationId: z.string(),
  customerId: z.string(),
  /** The text version this application's form #1 prints (frozen at its first signature). */
  textVersion: z.number().int(),
  purposes: z.array(purposeStateSchema),
  /** Every decision of this customer, oldest first (the record that stays). */
  events: z.array(
    z.object({
      id: z.string(),
      applicationId: z.string(),
      purpose: purposeSchema,
      action: z.enum(CONSENT_ACTIONS),
      textVersion: z.number().int(),
      signatureId: z.string().nullable(),
      at: z.string(),
      by: z.string(),
    }),
  ),
});
export type ConsentsView = z.output<typeof consentsViewSchema>;

// ── HQ: the admin API (cli hq consent-texts | publish-consent-texts FILE | consents withdrawn) ──

export const CONSENT_ADMIN_PATHS = { texts: '/admin/consent-texts', withdrawn: '/admin/consents/withdrawn' } as const;

/**
 * The same under the console API (`/console/api` + these; the console's 관리 → 동의서 tab): the
 * versions need `admin.read`, publishing `admin.manage`, the withdrawn list `privacy.read`.
 */
export const CONSENT_CONSOLE_PATHS = { texts: '/consent-texts', withdrawn: '/consents/withdrawn' } as const;

/** GET /admin/consent-texts: every version (1 is built in) and the one new forms print today (KST). */
export const consentTextsViewSchema = z.object({ versions: z.array(consentTextVersionSchema), inForce: z.number().int() });

/** GET /admin/consents/withdrawn: customers whose marketing consent is withdrawn now. */
export const withdrawnConsentsSchema = z.object({
  items: z.array(
    z.object({
      customerId: z.string(),
      customerName: z.string().nullable(),
      /** Digits only (the prospect-list work compares on these). */
      businessNumber: z.string().nullable(),
      withdrawnAt: z.string(),
      applicationId: z.string(),
    }),
  ),
});
