import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  CONSENT_ADMIN_PATHS,
  CONSENT_CONSOLE_PATHS,
  CONSENT_PUBLISH_MAX_BYTES,
  CONSENT_PURPOSES,
  CONSENT_TEXTS_ENTITY,
  consentState,
  consentTextPublishSchema,
  consentVersionOn,
  consentVersionsFromRecord,
  HQ_CONSENT_TEXTS_ID,
  kstDay,
  latestEffectiveFrom,
  type ConsentEvent,
  type ConsentTextVersion,
} from '../../shared/privacy/consent';
import type { Permission } from '../../shared/console/roles';
import { CONSOLE_API } from '../../shared/console/api';
import { stableJson } from '../../shared/stable-json';
import { publishResponseSchema, type Fields } from '../../shared/sync/protocol';
import { sha256Hex } from '../auth';
import { ADMIN_TOKEN_ACTOR, audit, type Actor } from '../console/audit';
import { HQ_BRANCH_ID, q, writeTx, type Database, type Executor } from '../db/open';
import { HttpError, parseRequest } from '../http';
import { saveRecord } from '../admin/ops';

/**
 * HQ's side of consent as data (issue 17 item 2). Devices push each decision as a synced
 * `consent_event` record (append-only here too: HQ migration 0006's trigger); HQ folds them per
 * customer with the same `consentState` the device uses. HQ publishes consent text versions as
 * one record (`consent_texts`) every device pulls: forms print the version in force on the day of
 * their first signature.
 */

interface EventRow {
  id: string;
  fields: Fields;
}

/**
 * A list of ids as one parameter (a JSON array, unnested by the query), however long: one
 * placeholder per id stops at PostgreSQL's 65,535 parameters (~65k withdrawn customers).
 */
const idList = (ids: readonly string[]) => sql`${JSON.stringify(ids)}::jsonb`;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function toEvent(r: EventRow): (ConsentEvent & { customerId: string; applicationId: string }) | null {
  const f = r.fields;
  const purpose = CONSENT_PURPOSES.find((p) => p === f.purpose);
  const action = f.action === 'agree' || f.action === 'refuse' || f.action === 'withdraw' ? f.action : undefined;
  const customerId = str(f.customerId);
  const at = str(f.at);
  if (!purpose || !action || !customerId || !at || typeof f.textVersion !== 'number') return null;
  return { id: r.id, purpose, action, at, textVersion: f.textVersion, signatureId: str(f.signatureId), customerId, applicationId: str(f.applicationId) ?? '' };
}

/** The consent decisions HQ holds for these customers (all customers when `customerIds` is undefined). */
export async function consentEventsOf(ex: Executor, customerIds?: readonly string[]): Promise<Map<string, (ConsentEvent & { applicationId: string })[]>> {
  if (customerIds?.length === 0) return new Map();
  const filter = customerIds ? sql` and fields->>'customerId' in (select jsonb_array_elements_text(${idList(customerIds)}))` : sql``;
  const rows = await q<EventRow>(ex, sql`select id, fields from records where entity = 'consent_event' and not deleted${filter} order by fields->>'at', id`);
  const out = new Map<string, (ConsentEvent & { applicationId: string })[]>();
  for (const row of rows) {
    const e = toEvent(row);
    if (!e) continue;
    const list = out.get(e.customerId) ?? [];
    list.push(e);
    out.set(e.customerId, list);
  }
  return out;
}

/** Every consent text version (version 1 built in, then HQ's) and the one in force today. */
async function consentTexts(ex: Executor, now: Date = new Date()): Promise<{ versions: ConsentTextVersion[]; inForce: number }> {
  const row = (await q<{ fields: Fields }>(ex, sql`select fields from records where entity = ${CONSENT_TEXTS_ENTITY} and id = ${HQ_CONSENT_TEXTS_ID} and not deleted`))[0];
  const versions = consentVersionsFromRecord(row?.fields);
  return { versions, inForce: consentVersionOn(now, versions).version };
}

/**
 * Publishes a new consent text version: the next number, effective from its KST day. Forms
 * signed before keep the version they printed (frozen with their first signature). The same
 * texts and day as the latest version change nothing; a day before the latest version's is
 * refused (versions take effect in their order), and so is a day already past (KST). Audited.
 */
async function publishConsentTexts(database: Database, input: z.output<typeof consentTextPublishSchema>, actor: Actor = ADMIN_TOKEN_ACTOR): Promise<z.output<typeof publishResponseSchema>> {
  return writeTx(database.db, async (tx) => {
    const rec = (await q<{ version: number; fields: Fields }>(tx, sql`select version, fields from records where entity = ${CONSENT_TEXTS_ENTITY} and id = ${HQ_CONSENT_TEXTS_ID} for update`)).at(0);
    const versions = consentVersionsFromRecord(rec?.fields);
    const latest = versions.at(-1)!;
    if (sha256Hex(stableJson({ effectiveFrom: latest.effectiveFrom, texts: latest.texts })) === sha256Hex(stableJson(input))) {
      return { id: HQ_CONSENT_TEXTS_ID, version: latest.version, unchanged: true };
    }
    // A version takes effect from today on, never retroactively: forms signed on the days before
    // already printed (and froze) the version then in force.
    const today = kstDay(new Date());
    if (input.effectiveFrom < today) {
      throw new HttpError('INVALID_INPUT', `시행일(${input.effectiveFrom})이 이미 지났습니다. 오늘(${today}) 이후 날짜로 정하세요.`, {
        issues: [{ path: 'effectiveFrom', message: `${today} 이후 날짜를 쓰세요.` }],
      });
    }
    const furthest = latestEffectiveFrom(today);
    if (input.effectiveFrom > furthest) {
      throw new HttpError('INVALID_INPUT', `시행일(${input.effectiveFrom})이 너무 먼 날입니다. 1년 안(${furthest}까지)의 날짜로 정하세요.`, {
        issues: [{ path: 'effectiveFrom', message: `${furthest}까지의 날짜를 쓰세요.` }],
      });
    }
    if (input.effectiveFrom < latest.effectiveFrom) {
      throw new HttpError('INVALID_INPUT', `시행일(${input.effectiveFrom})이 지금 최신 문안(버전 ${latest.version})의 시행일 ${latest.effectiveFrom}보다 빠릅니다. 그 날 이후로 정하세요.`, {
        issues: [{ path: 'effectiveFrom', message: `${latest.effectiveFrom} 이후 날짜를 쓰세요.` }],
      });
    }
    const version: ConsentTextVersion = { version: latest.version + 1, effectiveFrom: input.effectiveFrom, publishedAt: new Date().toISOString(), texts: input.texts };
    const published = versions.filter((v) => v.version > 1);
    await saveRecord(tx, CONSENT_TEXTS_ENTITY, HQ_CONSENT_TEXTS_ID, HQ_BRANCH_ID, { version: (rec?.version ?? 0) + 1, fields: { versions: [...published, version] }, stamps: {}, deleted: false });
    await audit(tx, actor, {
      action: 'consent_texts.publish',
      targetKind: CONSENT_TEXTS_ENTITY,
      targetId: HQ_CONSENT_TEXTS_ID,
      before: { version: latest.version },
      after: { version: version.version, effectiveFrom: version.effectiveFrom },
    });
    return { id: HQ_CONSENT_TEXTS_ID, version: version.version, unchanged: false };
  });
}

/** Customers whose marketing consent is withdrawn now, with the business number as digits. */
async function withdrawnMarketing(ex: Executor): Promise<{ customerId: string; customerName: string | null; businessNumber: string | null; withdrawnAt: string; applicationId: string }[]> {
  const events = await consentEventsOf(ex);
  const withdrawn = [...events].flatMap(([customerId, list]) => {
    const s = consentState(list).marketing;
    if (s.status !== 'withdrawn' || !s.at) return [];
    const last = list.filter((e) => e.purpose === 'marketing' && e.action === 'withdraw').at(-1);
    return [{ customerId, withdrawnAt: s.at, applicationId: last?.applicationId ?? '' }];
  });
  if (withdrawn.length === 0) return [];
  const customers = await q<{ id: string; fields: Fields }>(
    ex,
    sql`select id, fields from records where entity = 'customer' and id in (select jsonb_array_elements_text(${idList(withdrawn.map((w) => w.customerId))}))`,
  );
  const byId = new Map(customers.map((c) => [c.id, c.fields]));
  return withdrawn.map((w) => {
    const f = byId.get(w.customerId);
    const bn = str(f?.businessNumber);
    return { ...w, customerName: str(f?.name), businessNumber: bn ? bn.replace(/\D/g, '') : null };
  });
}

/**
 * The telephone and mobile numbers (digits only) of customers whose marketing consent is withdrawn:
 * prospect lists are numbers, so this is what keeps a withdrawn customer off every list.
 */
export async function marketingWithdrawnPhones(ex: Executor): Promise<Set<string>> {
  const withdrawn = await withdrawnMarketing(ex);
  if (withdrawn.length === 0) return new Set();
  const customers = await q<{ fields: Fields }>(
    ex,
    sql`select fields from records where entity = 'customer' and id in (select jsonb_array_elements_text(${idList(withdrawn.map((w) => w.customerId))}))`,
  );
  const digits = customers.flatMap((c) => [str(c.fields.phone), str(c.fields.mobile)]).flatMap((v) => (v ? [v.replace(/\D/g, '')] : []));
  return new Set(digits.filter((d) => d.length >= 8));
}

/**
 * The business numbers (digits only) of customers whose marketing consent is withdrawn: no
 * prospect-list use after a withdrawal (the prospect-list work filters its lists with this).
 */
export async function marketingWithdrawn(ex: Executor): Promise<Set<string>> {
  return new Set((await withdrawnMarketing(ex)).flatMap((w) => (w.businessNumber ? [w.businessNumber] : [])));
}

/** The admin API's consent routes (registered in the admin token's scope; declared in HQ_ROUTE_ACCESS). */
export function registerConsentRoutes(app: FastifyInstance, database: Database, actorOf: (req: FastifyRequest) => Actor): void {
  app.get(CONSENT_ADMIN_PATHS.texts, async () => consentTexts(database.db));
  app.post(CONSENT_ADMIN_PATHS.texts, { bodyLimit: CONSENT_PUBLISH_MAX_BYTES }, async (req) =>
    publishConsentTexts(database, parseRequest(consentTextPublishSchema, req.body, '동의서 문안'), actorOf(req)),
  );
  app.get(CONSENT_ADMIN_PATHS.withdrawn, async () => ({ items: await withdrawnMarketing(database.db) }));
}

/**
 * The console API's consent routes (관리 → 동의서): the versions (`admin.read`), publishing one
 * (`admin.manage`, audited like the admin API's, a refusal audited too through `act`) and the
 * withdrawn marketing consents (`privacy.read`: it names customers). Declared in HQ_ROUTE_ACCESS.
 */
export function registerConsoleConsentRoutes(
  api: FastifyInstance,
  database: Database,
  act: <T>(req: FastifyRequest, action: string, target: { kind: string; id: string }, run: (actor: Actor) => Promise<T>) => Promise<T>,
): void {
  const need = (permission: Permission) => ({ config: { permission } });
  api.get(`${CONSOLE_API}${CONSENT_CONSOLE_PATHS.texts}`, need('admin.read'), async () => consentTexts(database.db));
  api.post(`${CONSOLE_API}${CONSENT_CONSOLE_PATHS.texts}`, { ...need('admin.manage'), bodyLimit: CONSENT_PUBLISH_MAX_BYTES }, async (req) => {
    const body = parseRequest(consentTextPublishSchema, req.body, '동의서 문안');
    return act(req, 'consent_texts.publish', { kind: CONSENT_TEXTS_ENTITY, id: HQ_CONSENT_TEXTS_ID }, (actor) => publishConsentTexts(database, body, actor));
  });
  api.get(`${CONSOLE_API}${CONSENT_CONSOLE_PATHS.withdrawn}`, need('privacy.read'), async () => ({ items: await withdrawnMarketing(database.db) }));
}
