import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { noPersonalData, touchesPersonalData, type PersonalAction, type Subject } from '../../shared/privacy/access';
import { ACCESS_ADMIN_PATHS, EXPORT_REASON_MISSING, exportReasonSchema } from '../../shared/privacy/hq';
import { COMMISSION_ADMIN_PATHS } from '../../shared/commission/protocol';
import { PROSPECT_PATHS } from '../../shared/prospects/protocol';
import { TICKET_ADMIN_PATHS } from '../../shared/service/protocol';
import { CONSENT_ADMIN_PATHS, CONSENT_CONSOLE_PATHS } from '../../shared/privacy/consent';
import { RETENTION_ADMIN_PATHS, RETENTION_CONSOLE_PATHS } from '../../shared/privacy/retention';
import { ADMIN_PATHS, HQ_CONTACTS_ID } from '../../shared/sync/protocol';
import type { Actor } from '../console/audit';
import type { Database } from '../db/open';
import { HttpError } from '../http';
import { appendHqAccess } from './access-log';

/**
 * How every console and admin-API route touches personal data (issue 17), in one table keyed by
 * `METHOD /route/pattern`: an action and whose data (from the request and the answer), or
 * `noPersonalData`. A route missing here stops HQ at start (`installAccessLogging`), as a contract
 * channel without a declaration does not compile; `test/integration/privacy/hq-access-log.test.ts`
 * walks the route table and fails on a route that answers with personal data without logging.
 *
 * The entry is written after the handler and before the answer leaves (onSend): if it cannot be
 * written the caller gets an error, never the data. An export names its `reasonField`; without a
 * reason it is refused before the handler runs.
 */
interface RouteCall {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  /** The handler's answer before serialisation (undefined for files and CSV). */
  payload: unknown;
}

interface RouteAccess {
  action: PersonalAction;
  subjects(call: RouteCall): Subject[];
  /** The query or body field holding the reason (exports): required. */
  reasonField?: 'reason';
}
type RouteDeclaration = RouteAccess | typeof noPersonalData;

const application = (id: string): Subject => ({ kind: 'application', id });
const customer = (id: string): Subject => ({ kind: 'customer', id });
const quote = (id: string): Subject => ({ kind: 'quote', id });
const prospectList = (id: string): Subject => ({ kind: 'prospect_list', id });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (list: unknown, key: string): string[] => (Array.isArray(list) ? list : []).flatMap((x) => (isObject(x) && typeof x[key] === 'string' ? [x[key]] : []));
const itemsOf = (payload: unknown): unknown => (isObject(payload) ? payload.items : payload);
const param = (call: RouteCall, name = 'id'): string => call.params[name] ?? '';

const view = (subjects: (c: RouteCall) => Subject[]): RouteAccess => ({ action: 'view', subjects });
const change = (subjects: (c: RouteCall) => Subject[]): RouteAccess => ({ action: 'change', subjects });
const theApplication = (c: RouteCall) => [application(param(c))];
const listedApplications = (key: string) => (c: RouteCall) => strings(itemsOf(c.payload), key).map(application);

/** An export: whatever it covered, named by its route and filter; the reason is required. */
const exportOf = (what: string): RouteAccess => ({
  action: 'export',
  reasonField: 'reason',
  subjects: (c) => {
    const filter = Object.entries(c.query).flatMap(([k, v]) => (k !== 'reason' && typeof v === 'string' && v !== '' ? [`${k}=${v}`] : []));
    return [{ kind: 'export', id: (filter.length > 0 ? `${what} ${filter.join(' ')}` : what).slice(0, 100) }];
  },
});

const C = '/console/api';

/**
 * 명단 (issue 17 item 5), the same in the console API and the admin API: the lists' page shows
 * counts only; a list's own page shows its entries (numbers masked) and every change names the list.
 */
const prospectRoutes = (prefix: string): Record<string, RouteDeclaration> => ({
  [`GET ${prefix}${PROSPECT_PATHS.lists}`]: noPersonalData,
  [`POST ${prefix}${PROSPECT_PATHS.lists}`]: change((c) => (isObject(c.payload) && isObject(c.payload.list) && typeof c.payload.list.id === 'string' ? [prospectList(c.payload.list.id)] : [])),
  [`GET ${prefix}${PROSPECT_PATHS.list(':id')}`]: view((c) => [prospectList(param(c))]),
  [`POST ${prefix}${PROSPECT_PATHS.handout(':id')}`]: change((c) => [prospectList(param(c))]),
  [`POST ${prefix}${PROSPECT_PATHS.archive(':id')}`]: change((c) => [prospectList(param(c))]),
  [`POST ${prefix}${PROSPECT_PATHS.decide(':id')}`]: change((c) => strings([c.payload], 'listId').map(prospectList)),
  [`POST ${prefix}${PROSPECT_PATHS.recall(':id')}`]: change((c) => strings([c.payload], 'listId').map(prospectList)),
});

/** HQ confirms destructions: a delete of each application it destroyed (the answer holds ids and refusals only). */
const destroyedApplications: RouteAccess = {
  action: 'delete',
  subjects: (c) => {
    const results = isObject(c.payload) && Array.isArray(c.payload.results) ? c.payload.results : [];
    return strings(
      results.filter((r) => isObject(r) && r.destroyed === true),
      'subjectId',
    ).map(application);
  },
};

export const HQ_ROUTE_ACCESS: Record<string, RouteDeclaration> = {
  // ── console: session and account management (HQ staff, audited) ──
  [`GET ${C}/session`]: noPersonalData,
  [`POST ${C}/logout`]: noPersonalData,
  [`POST ${C}/password`]: noPersonalData,
  [`GET ${C}/accounts`]: noPersonalData,
  [`POST ${C}/accounts`]: noPersonalData,
  [`POST ${C}/accounts/:id/reset-password`]: noPersonalData,
  [`PATCH ${C}/accounts/:id`]: noPersonalData,
  // counts and stale devices (device and rep names: HQ's own staff records)
  [`GET ${C}/overview`]: noPersonalData,
  // ── 주문접수 ──
  [`GET ${C}/applications`]: view(listedApplications('id')),
  [`GET ${C}/applications/:id`]: view((c) => {
    const fields = isObject(c.payload) && isObject(c.payload.fields) ? c.payload.fields : {};
    return [application(param(c)), ...(typeof fields.customerId === 'string' ? [customer(fields.customerId)] : [])];
  }),
  [`POST ${C}/applications/:id/so-process`]: change(theApplication),
  [`POST ${C}/applications/:id/return`]: change(theApplication),
  [`POST ${C}/applications/:id/decline`]: change(theApplication),
  [`POST ${C}/applications/:id/status`]: change(theApplication),
  // signed pages, signatures, seals, ID-card copies
  [`GET ${C}/applications/:id/files/:sha256`]: view((c) => [application(param(c)), { kind: 'document', id: param(c, 'sha256') }]),
  // ── 승인 ──
  [`GET ${C}/quotes`]: view((c) => [...strings(itemsOf(c.payload), 'applicationId').map(application)]),
  [`GET ${C}/quotes/:id`]: view((c) => {
    const p = isObject(c.payload) ? c.payload : {};
    return [quote(param(c)), ...(typeof p.applicationId === 'string' ? [application(p.applicationId)] : [])];
  }),
  [`POST ${C}/quotes/:id/approve`]: change((c) => [quote(param(c))]),
  [`POST ${C}/quotes/:id/refuse`]: change((c) => [quote(param(c))]),
  // ── 정산 ──
  [`GET ${C}/settlements`]: view(listedApplications('id')),
  [`POST ${C}/settlements/:id/handled`]: change(theApplication),
  // commission per rep and branch: HQ's own pay figures, no customer's data
  [`GET ${C}/commission/statement`]: noPersonalData,
  [`GET ${C}/commission/statement.csv`]: noPersonalData,
  [`GET ${C}/commission/plans`]: noPersonalData,
  [`POST ${C}/commission/plans`]: noPersonalData,
  // ── 관리 ──
  [`GET ${C}/branches`]: noPersonalData,
  [`GET ${C}/devices`]: noPersonalData,
  [`POST ${C}/devices/:id/revoke`]: noPersonalData,
  [`GET ${C}/enrollment-codes`]: noPersonalData,
  [`POST ${C}/enrollment-codes`]: noPersonalData,
  [`GET ${C}/catalogs`]: noPersonalData,
  [`POST ${C}/catalogs/preview`]: noPersonalData,
  [`POST ${C}/catalogs`]: noPersonalData,
  // #6: people's names and mobile numbers
  [`GET ${C}/contacts`]: view(() => [{ kind: 'contact_list', id: HQ_CONTACTS_ID }]),
  [`POST ${C}/contacts`]: change(() => [{ kind: 'contact_list', id: HQ_CONTACTS_ID }]),
  [`GET ${C}/supplier`]: noPersonalData,
  [`POST ${C}/supplier`]: noPersonalData,
  // ── 고객 응대: tickets name the customer and what they said ──
  [`GET ${C}/tickets`]: view((c) => [...new Set(strings(c.payload, 'applicationId'))].map(application)),
  [`GET ${C}/service-figures`]: noPersonalData,
  [`GET ${C}/service-targets`]: noPersonalData,
  [`POST ${C}/service-targets`]: noPersonalData,
  [`POST ${C}/tickets/:id/assign`]: change((c) => strings([c.payload], 'applicationId').map(application)),
  [`POST ${C}/tickets/:id/events`]: change((c) => strings([c.payload], 'applicationId').map(application)),
  [`POST ${C}/tickets/:id/close`]: change((c) => strings([c.payload], 'applicationId').map(application)),
  // ── 감사 기록: who did what (before/after of records) ──
  [`GET ${C}/audit`]: view((c) => {
    const rows = itemsOf(c.payload);
    return (Array.isArray(rows) ? rows : []).flatMap((r) => (isObject(r) && r.targetKind === 'application' && typeof r.targetId === 'string' ? [application(r.targetId)] : []));
  }),
  // one entry opened: its before → after whole (the list masks phones, addresses and 대표자)
  [`GET ${C}/audit/:id`]: view((c) => {
    const p = isObject(c.payload) ? c.payload : {};
    const id = typeof p.targetId === 'string' ? p.targetId : null;
    return id && p.targetKind === 'application' ? [application(id)] : id && p.targetKind === 'customer' ? [customer(id)] : [];
  }),
  [`GET ${C}/audit.csv`]: exportOf('audit.csv'),
  // ── 접속기록 (this log): searching names entry ids, not people's data; exporting needs a reason ──
  [`GET ${C}/access-log`]: noPersonalData,
  [`GET ${C}/access-log.csv`]: exportOf('access-log.csv'),
  [`GET ${C}/access-log/review`]: noPersonalData,
  [`POST ${C}/access-log/review`]: noPersonalData,
  // ── 관리 → 동의서: the texts are the same for everyone; the withdrawn list names customers ──
  [`GET ${C}${CONSENT_CONSOLE_PATHS.texts}`]: noPersonalData,
  [`POST ${C}${CONSENT_CONSOLE_PATHS.texts}`]: noPersonalData,
  [`GET ${C}${CONSENT_CONSOLE_PATHS.withdrawn}`]: view((c) => strings(itemsOf(c.payload), 'customerId').map(customer)),
  ...prospectRoutes(C),
  // ── 파기 (issue 17 item 6): as the admin API's below — the due list names applications (company names) ──
  [`GET ${C}${RETENTION_CONSOLE_PATHS.due}`]: view((c) => strings(itemsOf(c.payload), 'subjectId').map(application)),
  [`GET ${C}${RETENTION_CONSOLE_PATHS.log}`]: noPersonalData,
  [`GET ${C}${RETENTION_CONSOLE_PATHS.status}`]: noPersonalData,
  [`GET ${C}${RETENTION_CONSOLE_PATHS.holds}`]: noPersonalData,
  [`POST ${C}${RETENTION_CONSOLE_PATHS.holds}`]: noPersonalData,
  [`POST ${C}${RETENTION_CONSOLE_PATHS.liftHold}`]: noPersonalData,
  [`POST ${C}${RETENTION_CONSOLE_PATHS.destroy}`]: destroyedApplications,

  // ── admin API (the admin token: `cli hq`) ──
  [`POST ${ADMIN_PATHS.enrollmentCodes}`]: noPersonalData,
  [`GET ${ADMIN_PATHS.applications}`]: view((c) => strings(c.payload, 'id').map(application)),
  [`POST ${ADMIN_PATHS.soProcess(':id')}`]: change(theApplication),
  [`POST ${ADMIN_PATHS.applicationStatus(':id')}`]: change(theApplication),
  [`POST ${ADMIN_PATHS.catalogs}`]: noPersonalData,
  [`POST ${ADMIN_PATHS.contacts}`]: change(() => [{ kind: 'contact_list', id: HQ_CONTACTS_ID }]),
  [`POST ${ADMIN_PATHS.supplier}`]: noPersonalData,
  [`GET ${ADMIN_PATHS.quotes}`]: noPersonalData,
  [`POST ${ADMIN_PATHS.quoteApprove(':id')}`]: change((c) => [quote(param(c))]),
  [`POST ${ADMIN_PATHS.quoteRefuse(':id')}`]: change((c) => [quote(param(c))]),
  [`POST ${ADMIN_PATHS.deviceRevoke(':id')}`]: noPersonalData,
  [`GET ${ADMIN_PATHS.stats}`]: noPersonalData,
  [`POST ${COMMISSION_ADMIN_PATHS.plans}`]: noPersonalData,
  [`GET ${COMMISSION_ADMIN_PATHS.statement}`]: noPersonalData,
  [`GET ${TICKET_ADMIN_PATHS.tickets}`]: view((c) => [...new Set(strings(c.payload, 'applicationId'))].map(application)),
  [`POST ${TICKET_ADMIN_PATHS.tickets}`]: change((c) => strings([c.payload], 'applicationId').map(application)),
  [`POST ${TICKET_ADMIN_PATHS.assign(':id')}`]: change((c) => strings([c.payload], 'applicationId').map(application)),
  [`POST ${TICKET_ADMIN_PATHS.events(':id')}`]: change((c) => strings([c.payload], 'applicationId').map(application)),
  [`POST ${TICKET_ADMIN_PATHS.close(':id')}`]: change((c) => strings([c.payload], 'applicationId').map(application)),
  [`GET ${TICKET_ADMIN_PATHS.figures}`]: noPersonalData,
  [`GET ${TICKET_ADMIN_PATHS.targets}`]: noPersonalData,
  [`POST ${TICKET_ADMIN_PATHS.targets}`]: noPersonalData,
  [`GET ${ACCESS_ADMIN_PATHS.verify}`]: noPersonalData,
  // Consent texts are the same for everyone; the withdrawn list names customers (and their business numbers).
  [`GET ${CONSENT_ADMIN_PATHS.texts}`]: noPersonalData,
  [`POST ${CONSENT_ADMIN_PATHS.texts}`]: noPersonalData,
  [`GET ${CONSENT_ADMIN_PATHS.withdrawn}`]: view((c) => strings(itemsOf(c.payload), 'customerId').map(customer)),
  // Issue 17 item 3: what HQ's retention rules made due names the applications; the log holds no personal data.
  [`GET ${RETENTION_ADMIN_PATHS.due}`]: view((c) => strings(itemsOf(c.payload), 'subjectId').map((id) => ({ kind: 'application', id }))),
  [`GET ${RETENTION_ADMIN_PATHS.log}`]: noPersonalData,
  // The daily check's counts.
  [`GET ${RETENTION_ADMIN_PATHS.status}`]: noPersonalData,
  // Legal holds name a subject by id and a reason (no personal data); placing or lifting one changes none.
  [`GET ${RETENTION_ADMIN_PATHS.holds}`]: noPersonalData,
  [`POST ${RETENTION_ADMIN_PATHS.holds}`]: noPersonalData,
  [`POST ${RETENTION_ADMIN_PATHS.liftHold}`]: noPersonalData,
  // the rules are data about periods, no one's personal data
  [`GET ${RETENTION_ADMIN_PATHS.rules}`]: noPersonalData,
  [`PUT ${RETENTION_ADMIN_PATHS.rules}`]: noPersonalData,
  [`POST ${RETENTION_ADMIN_PATHS.destroy}`]: destroyedApplications,
  ...prospectRoutes('/admin'),
};

declare module 'fastify' {
  interface FastifyRequest {
    /** The handler's answer as an object, kept for the access log's subjects (set by preSerialization). */
    personalPayload?: unknown;
  }
}

/** Every route this scope registers must be declared (HEAD routes follow their GET). */
const declarationOf = (method: string, url: string): RouteDeclaration | undefined => HQ_ROUTE_ACCESS[`${method === 'HEAD' ? 'GET' : method} ${url}`];

/**
 * Installs the access log on a scope (the console API, the admin API): refuses to register an
 * undeclared route, refuses an export without its reason, and writes the entry of every
 * successful call that touched personal data before the answer leaves.
 */
export function installAccessLogging(scope: FastifyInstance, database: Database, actorOf: (req: FastifyRequest) => Actor): void {
  scope.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (declarationOf(method, route.url) === undefined) {
        throw new Error(`access log: ${method} ${route.url} does not say how it touches personal data; declare it in server/privacy/routes.ts (HQ_ROUTE_ACCESS)`);
      }
    }
  });
  const declared = (req: FastifyRequest): RouteAccess | undefined => {
    const d = declarationOf(req.method, req.routeOptions.url ?? '');
    return d !== undefined && touchesPersonalData(d) ? d : undefined;
  };
  const reasonOf = (req: FastifyRequest, d: RouteAccess): string | null => {
    if (d.reasonField === undefined) return null;
    const from = isObject(req.body) ? req.body : isObject(req.query) ? req.query : {};
    const sent = from[d.reasonField];
    if (typeof sent !== 'string' || sent.trim() === '') throw new HttpError('INVALID_INPUT', EXPORT_REASON_MISSING, { field: d.reasonField });
    const checked = exportReasonSchema.safeParse(sent);
    if (!checked.success) throw new HttpError('INVALID_INPUT', checked.error.issues[0]?.message ?? EXPORT_REASON_MISSING, { field: d.reasonField });
    return checked.data;
  };
  scope.addHook('preHandler', (req, _reply, done) => {
    try {
      const d = declared(req);
      if (d) reasonOf(req, d);
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  });
  scope.addHook('preSerialization', async (req, _reply, payload) => {
    req.personalPayload = payload;
    return payload;
  });
  scope.addHook('onSend', async (req, reply, payload) => {
    const d = declared(req);
    if (!d || reply.statusCode >= 300) return payload;
    const call: RouteCall = {
      params: isObject(req.params) ? (req.params as Record<string, string>) : {},
      query: isObject(req.query) ? req.query : {},
      body: req.body,
      payload: req.personalPayload,
    };
    const subjects = d.subjects(call);
    // A call that touched no one's data (an empty list) leaves no entry; an export always does.
    if (subjects.length === 0 && d.action !== 'export') return payload;
    await appendHqAccess(database.db, { actor: actorOf(req), channel: `${req.method} ${req.routeOptions.url ?? req.url}`, action: d.action, subjects, reason: reasonOf(req, d) });
    return payload;
  });
}
