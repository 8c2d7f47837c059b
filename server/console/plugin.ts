import { registerProspectRoutes } from '../prospects/routes';
import { registerConsoleConsentRoutes } from '../privacy/consents';
import { registerConsoleRetentionRoutes, type HqRetentionJob } from '../privacy/retention';
import { addTicketEvent, assignTicket, closeTicket, listTickets, publishServiceTargets, serviceFigures, serviceTargets } from '../admin/tickets';
import { HQ_SERVICE_TARGETS_ID, SERVICE_TARGETS_ENTITY, serviceTargetsPublishSchema } from '../../shared/service/targets';
import { figuresQuerySchema, hqTicketEventSchema, ticketAssignSchema, ticketBoardQuerySchema, ticketCloseSchema } from '../../shared/service/protocol';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { catalogSchema } from '../../shared/catalog/schema';
import {
  accountCreateSchema,
  accountUpdateSchema,
  applicationListQuerySchema,
  auditQuerySchema,
  catalogUploadSchema,
  commissionPlanUploadSchema,
  changePasswordRequestSchema,
  deviceListQuerySchema,
  enrollmentCodeCreateSchema,
  loginRequestSchema,
  overviewQuerySchema,
  quoteApproveRequestSchema,
  quoteListQuerySchema,
  quoteRefuseRequestSchema,
  returnRequestSchema,
  declineRequestSchema,
  settlementListQuerySchema,
  statusMoveRequestSchema,
  supplierPublishSchema,
  type CommissionStatementView,
  type SessionInfo,
} from '../../shared/console/api';
import { commissionPlanPublishSchema, commissionStatementQuerySchema } from '../../shared/commission/protocol';
import { statementCsv } from '../../shared/commission/statement';
import { jsonDiff } from '../../shared/console/diff';
import { CONSOLE_HEADERS, can, type Permission } from '../../shared/console/roles';
import { contactsPublishSchema, sha256Hex, SYNC_LIMITS, HQ_CONTACTS_ID, HQ_SUPPLIER_ID, type JsonValue } from '../../shared/sync/protocol';
import { supplierSchema } from '../../shared/forms/inputs';
import * as admin from '../admin/ops';
import { commissionPlans, commissionStatement, publishCommissionPlan } from '../admin/commission';
import { q, type Database } from '../db/open';
import { HttpError, parseRequest } from '../http';
import { attemptLimiter, type AttemptLimit } from '../plugins/attempts';
import { sql } from 'drizzle-orm';
import { changePassword, createAccount, DEFAULT_SESSION_OPTIONS, endSession, listAccounts, LoginRefused, loadSession, resetPassword, sameToken, signIn, updateAccount, type Session, type SessionOptions } from './accounts';
import { audit, auditCsv, auditEntry, searchAudit, type Actor } from './audit';
import { currentCatalog, publishedCatalogs, shippedCatalogs } from './catalogs';
import {
  applicationDetail,
  branchIdOfApplication,
  fileBelongsTo,
  listApplications,
  listBranches,
  listDevices,
  listEnrollmentCodes,
  listQuotes,
  listSettlements,
  overview,
  quoteDetail,
  readFile,
} from './queries';
import { readSupplier } from './supplier';
import { accessLogExportSchema, accessLogQuerySchema, reviewMarkSchema, reviewMonthSchema } from '../../shared/privacy/hq';
import { accessLogCsv, markReviewed, monthlyReview, searchAccessLog } from '../privacy/access-log';
import { installAccessLogging } from '../privacy/routes';

/**
 * The HQ console (issue 14): the web app HQ staff work in, served by HQ itself at /console.
 *
 * One Fastify plugin in its own scope. Three inner scopes decide access, never a string test on
 * the URL:
 * - `/console/` static files (the built React app) and `POST /console/api/login`: open;
 * - `/console/api/…` everything else: a valid session cookie (onRequest), the CSRF token on every
 *   write, and the permission each route names in `config.permission` (preHandler);
 * - `/console/api/control/…`: the `hq users add` command on the server's own machine, with the
 *   control token HQ wrote into its data folder, from loopback only.
 * Every change is written to the audit log, attributed to the person signed in.
 */
export interface ConsoleOptions {
  database: Database;
  /** Built console (default dist/console beside the repository). */
  staticDir?: string | undefined;
  session?: Partial<SessionOptions> | undefined;
  /** Mark cookies Secure (HQ behind TLS). Requests that arrived over TLS get Secure cookies anyway. */
  secureCookies?: boolean | undefined;
  /** Token for `hq users add` while the server runs (see control.ts); no control routes without it. */
  controlToken?: string | undefined;
  /** The server's own address, printed in enrollment QR codes. */
  publicUrl?: () => string | undefined;
  /** Failed sign-ins allowed per client address and window (on top of the per-account lock). */
  loginAttempts?: AttemptLimit | undefined;
  /** HQ's daily retention check: the 파기 page shows its counts (issue 17). */
  retentionJob: HqRetentionJob;
}

/** Per address: 20 failed sign-ins in 15 minutes, whichever accounts they named. */
const DEFAULT_LOGIN_ATTEMPTS: AttemptLimit = { max: 20, windowMs: 15 * 60_000 };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the signed-in person needs for this console route. */
    permission?: Permission;
    /** Reachable before a one-time password was replaced (session, password change, sign-out). */
    beforePasswordChange?: boolean;
  }
  interface FastifyRequest {
    consoleSession: Session | null;
  }
}

const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const COOKIE = 'sd_console';
const DEFAULT_STATIC = fileURLToPath(new URL('../../dist/console', import.meta.url));

const idParam = z.strictObject({ id: z.string().min(1).max(200).regex(/^[A-Za-z0-9_-]+$/, { error: 'ID 형식이 올바르지 않습니다.' }) });
const numericId = z.strictObject({ id: z.coerce.number({ error: 'ID는 숫자입니다.' }).int().min(1) });
const fileParams = z.strictObject({ id: idParam.shape.id, sha256: sha256Hex });

function securityHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', CONSOLE_CSP);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-frame-options', 'DENY');
  reply.header('cache-control', 'no-store');
}

/** What a file's first bytes say it is (uploads carry no type): PDF, PNG, JPEG, else plain bytes. */
function sniff(data: Buffer): string {
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  return 'application/octet-stream';
}

const consolePlugin: FastifyPluginAsync<ConsoleOptions> = async (app, options) => {
  const { database } = options;
  const db = database.db;
  const sessionOptions: SessionOptions = { ...DEFAULT_SESSION_OPTIONS, ...options.session };
  const staticDir = options.staticDir ?? DEFAULT_STATIC;

  await app.register(fastifyCookie);
  app.decorateRequest('consoleSession', null);

  const cookieOptions = (req: FastifyRequest) => ({
    path: '/console',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: options.secureCookies === true || req.protocol === 'https',
  });
  const actorOf = (req: FastifyRequest): Actor => {
    const s = req.consoleSession!;
    return { kind: 'user', login: s.user.login, name: s.user.name, ip: req.ip };
  };
  /** Runs a change; a refusal (a move the lifecycle forbids, a conflict) is audited too, then answered. */
  const act = async <T>(req: FastifyRequest, action: string, target: { kind: string; id: string }, run: (actor: Actor) => Promise<T>): Promise<T> => {
    const actor = actorOf(req);
    try {
      return await run(actor);
    } catch (error) {
      if (error instanceof HttpError) {
        await audit(db, actor, { action, targetKind: target.kind, targetId: target.id, outcome: 'refused', note: error.message.slice(0, 500) });
      }
      throw error;
    }
  };

  // ── the app: static files ─────────────────────────────────────────────────────────────────
  app.get('/console', async (_req, reply) => reply.redirect('/console/'));
  if (fs.existsSync(path.join(staticDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: staticDir,
      prefix: '/console/',
      decorateReply: false,
      index: 'index.html',
      setHeaders: (reply) => {
        reply.header('content-security-policy', CONSOLE_CSP);
        reply.header('x-content-type-options', 'nosniff');
        reply.header('referrer-policy', 'no-referrer');
        reply.header('x-frame-options', 'DENY');
      },
    });
  } else {
    app.get('/console/', async (_req, reply) => {
      securityHeaders(reply);
      // Not built (a developer's checkout): say how to build it. 404, as for any page HQ does not have.
      return reply
        .code(404)
        .type('text/html; charset=utf-8')
        .send('<!doctype html><meta charset="utf-8"><title>SalesDesk HQ 콘솔</title><p>콘솔 화면이 아직 빌드되지 않았습니다. <code>npm run build</code>를 실행한 뒤 HQ 서버를 다시 시작하세요.</p>');
    });
  }

  // ── open API: sign-in ─────────────────────────────────────────────────────────────────────
  await app.register((open, _opts, done) => {
    open.addHook('onSend', async (_req, reply) => securityHeaders(reply));
    // One address guessing across many accounts stops here; one account guessed from many
    // addresses stops at its own lock (accounts.ts).
    const attempts = attemptLimiter(open, options.loginAttempts ?? DEFAULT_LOGIN_ATTEMPTS, '콘솔 로그인', '아이디와 비밀번호를 확인하고, 계속 안 되면 관리자에게 비밀번호 재설정을 요청하세요.');
    open.post('/console/api/login', { bodyLimit: 4096 }, async (req, reply) => {
      // A page on another site cannot set this header without a CORS preflight HQ never grants.
      if (req.headers[CONSOLE_HEADERS.client] !== '1') throw new HttpError('FORBIDDEN', '콘솔 화면에서 로그인하세요.');
      await attempts.check(req, reply);
      let body;
      try {
        body = parseRequest(loginRequestSchema, req.body, '로그인 정보');
      } catch (error) {
        await attempts.failed(req);
        throw error;
      }
      try {
        const result = await signIn(db, body.login, body.password, { ip: req.ip, userAgent: req.headers['user-agent'] }, sessionOptions);
        reply.setCookie(COOKIE, result.sessionId, cookieOptions(req));
        const info: SessionInfo = { user: result.user, csrfToken: result.csrfToken, idleMinutes: sessionOptions.idleMinutes };
        return info;
      } catch (error) {
        if (error instanceof LoginRefused && error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
        if (error instanceof HttpError && error.status < 500) await attempts.failed(req);
        throw error;
      }
    });
    done();
  });

  // ── the console API: a session, CSRF on writes, a permission per route ───────────────────
  await app.register((api, _opts, done) => {
    api.addHook('onSend', async (_req, reply) => securityHeaders(reply));
    api.addHook('onRequest', async (req, reply) => {
      try {
        req.consoleSession = await loadSession(db, req.cookies[COOKIE], sessionOptions);
      } catch (error) {
        reply.clearCookie(COOKIE, { path: '/console' });
        throw error;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        const sent = req.headers[CONSOLE_HEADERS.csrf];
        if (!sameToken(Array.isArray(sent) ? sent[0] : sent, req.consoleSession.csrfToken)) {
          throw new HttpError('FORBIDDEN', '요청 확인 값(CSRF)이 맞지 않습니다. 콘솔 화면을 새로 고친 뒤 다시 시도하세요.');
        }
      }
    });
    api.addHook('preHandler', (req, _reply, next) => {
      next(permissionProblem(req));
    });
    function permissionProblem(req: FastifyRequest): HttpError | undefined {
      const session = req.consoleSession!;
      const config = req.routeOptions.config;
      if (session.user.mustChangePassword && config.beforePasswordChange !== true) {
        return new HttpError('FORBIDDEN', '처음 받은 임시 비밀번호를 먼저 바꾸세요.', { reason: 'password_change_required' });
      }
      if (config.permission === undefined && config.beforePasswordChange !== true) {
        // A route that forgot to name its permission is closed, not open.
        return new HttpError('FORBIDDEN', '이 기능에 대한 권한 설정이 없습니다. HQ 담당자에게 알리세요.');
      }
      if (config.permission !== undefined && !can(session.user.role, config.permission)) {
        return new HttpError('FORBIDDEN', '이 작업을 할 권한이 없습니다. 필요하면 관리자에게 역할 변경을 요청하세요.', { permission: config.permission });
      }
      return undefined;
    }
    const need = (permission: Permission) => ({ config: { permission } });
    // Issue 17: every route declares how it touches personal data; those that do are logged.
    installAccessLogging(api, database, actorOf);

    // session
    api.get('/console/api/session', { config: { beforePasswordChange: true } }, (req) => {
      const s = req.consoleSession!;
      const info: SessionInfo = { user: s.user, csrfToken: s.csrfToken, idleMinutes: sessionOptions.idleMinutes };
      return info;
    });
    api.post('/console/api/logout', { config: { beforePasswordChange: true } }, async (req, reply) => {
      const s = req.consoleSession!;
      await endSession(db, s.idHash);
      await audit(db, actorOf(req), { action: 'auth.logout', targetKind: 'account', targetId: s.user.login });
      reply.clearCookie(COOKIE, { path: '/console' });
      return { ok: true };
    });
    api.post('/console/api/password', { config: { beforePasswordChange: true }, bodyLimit: 4096 }, async (req) => {
      const body = parseRequest(changePasswordRequestSchema, req.body, '비밀번호 변경');
      await changePassword(db, req.consoleSession!, body.current, body.next, req.ip);
      return { ok: true };
    });

    // overview
    api.get('/console/api/overview', need('overview.read'), async (req) => {
      const query = parseRequest(overviewQuerySchema, req.query, '조회 조건');
      return overview(db, query.staleDays);
    });

    // 주문접수: applications
    api.get('/console/api/applications', need('applications.read'), async (req) => {
      return listApplications(db, parseRequest(applicationListQuerySchema, req.query, '조회 조건'));
    });
    api.get('/console/api/applications/:id', need('applications.read'), async (req) => {
      const { id } = parseRequest(idParam, req.params, '청약 ID');
      return applicationDetail(db, id);
    });
    api.post('/console/api/applications/:id/so-process', need('applications.process'), async (req) => {
      const { id } = parseRequest(idParam, req.params, '청약 ID');
      return act(req, 'application.so_process', { kind: 'application', id }, (actor) => admin.soProcess(database, id, actor));
    });
    api.post('/console/api/applications/:id/return', need('applications.process'), async (req) => {
      const { id } = parseRequest(idParam, req.params, '청약 ID');
      const body = parseRequest(returnRequestSchema, req.body, '반려 요청');
      return act(req, 'application.status', { kind: 'application', id }, (actor) => admin.setApplicationStatus(database, id, { status: 'rejected', reason: body.reason }, actor));
    });
    api.post('/console/api/applications/:id/decline', need('applications.process'), async (req) => {
      const { id } = parseRequest(idParam, req.params, '청약 ID');
      const body = parseRequest(declineRequestSchema, req.body, '접수 거절 요청');
      return act(req, 'application.status', { kind: 'application', id }, (actor) => admin.setApplicationStatus(database, id, { status: 'declined', reason: body.reason }, actor));
    });
    api.post('/console/api/applications/:id/status', need('applications.process'), async (req) => {
      const { id } = parseRequest(idParam, req.params, '청약 ID');
      const body = parseRequest(statusMoveRequestSchema, req.body, '상태 변경 요청');
      return act(req, 'application.status', { kind: 'application', id }, (actor) => admin.setApplicationStatus(database, id, body, actor));
    });
    api.get('/console/api/applications/:id/files/:sha256', need('files.read'), async (req, reply) => {
      const { id, sha256 } = parseRequest(fileParams, req.params, '파일');
      const branchId = await branchIdOfApplication(db, id);
      if (branchId === undefined || !(await fileBelongsTo(db, id, sha256))) throw new HttpError('NOT_FOUND', '이 청약에 그런 파일이 없습니다. 화면을 새로 고치세요.');
      const data = await readFile(db, branchId, sha256);
      if (!data) throw new HttpError('NOT_FOUND', '이 파일은 아직 기기에서 다 올라오지 않았습니다. 영업대표의 기기가 동기화를 마치면 볼 수 있습니다.');
      await audit(db, actorOf(req), { action: 'file.view', targetKind: 'application', targetId: id, note: sha256 });
      return reply.type(sniff(data)).header('content-disposition', 'inline').send(data);
    });

    // 승인: quotes
    api.get('/console/api/quotes', need('quotes.read'), async (req) => listQuotes(db, parseRequest(quoteListQuerySchema, req.query, '조회 조건')));
    api.get('/console/api/quotes/:id', need('quotes.read'), async (req) => {
      const { id } = parseRequest(idParam, req.params, '견적 ID');
      return quoteDetail(db, id);
    });
    api.post('/console/api/quotes/:id/approve', need('quotes.decide'), async (req) => {
      const { id } = parseRequest(idParam, req.params, '견적 ID');
      const body = parseRequest(quoteApproveRequestSchema, req.body ?? {}, '승인 요청');
      return act(req, 'quote.approve', { kind: 'quote_version', id }, (actor) => admin.decideQuote(database, id, 'approved', body.reason, actor));
    });
    api.post('/console/api/quotes/:id/refuse', need('quotes.decide'), async (req) => {
      const { id } = parseRequest(idParam, req.params, '견적 ID');
      const body = parseRequest(quoteRefuseRequestSchema, req.body ?? {}, '거절 요청');
      return act(req, 'quote.refuse', { kind: 'quote_version', id }, (actor) => admin.decideQuote(database, id, 'refused', body.reason, actor));
    });

    // 정산: settlement requests
    api.get('/console/api/settlements', need('settlements.read'), async (req) => listSettlements(db, parseRequest(settlementListQuerySchema, req.query, '조회 조건')));
    api.post('/console/api/settlements/:id/handled', need('settlements.handle'), async (req) => {
      const { id } = parseRequest(idParam, req.params, '청약 ID');
      return act(req, 'settlement.handled', { kind: 'application', id }, (actor) => admin.setApplicationStatus(database, id, { status: 'active' }, actor));
    });

    // 판매 수수료: the monthly statement (정산) and the plans devices compute with (관리)
    api.get('/console/api/commission/statement', need('settlements.read'), async (req): Promise<CommissionStatementView> => {
      const query = parseRequest(commissionStatementQuerySchema, req.query, '조회 조건');
      const rows = await commissionStatement(db, query);
      const totals = new Map<string, CommissionStatementView['totals'][number]>();
      for (const r of rows) {
        const t = totals.get(r.currency) ?? { currency: r.currency, subscriptions: 0, amount: 0, withoutPlan: 0 };
        t.subscriptions += r.subscriptions;
        t.amount += r.amount;
        t.withoutPlan += r.withoutPlan;
        totals.set(r.currency, t);
      }
      return {
        month: query.month,
        branch: query.branch ?? null,
        rows: rows.map((r) => ({ branch: r.branch, rep: r.rep, currency: r.currency, subscriptions: r.subscriptions, amount: r.amount, withoutPlan: r.withoutPlan })),
        totals: [...totals.values()],
      };
    });
    api.get('/console/api/commission/statement.csv', need('settlements.read'), async (req, reply) => {
      const query = parseRequest(commissionStatementQuerySchema, req.query, '조회 조건');
      const rows = await commissionStatement(db, query);
      await audit(db, actorOf(req), { action: 'commission.export', targetKind: 'commission_statement', targetId: query.month, after: { month: query.month, branch: query.branch ?? null, rows: rows.length } });
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="commission-${query.month}.csv"`).send(statementCsv(rows));
    });
    api.get('/console/api/commission/plans', need('settlements.read'), async () => commissionPlans(db));
    api.post('/console/api/commission/plans', { ...need('admin.manage'), bodyLimit: SYNC_LIMITS.adminMaxBytes }, async (req) => {
      const body = parseRequest(commissionPlanUploadSchema, req.body, '수수료 기준');
      const plan = parseRequest(commissionPlanPublishSchema, body.plan, '수수료 기준');
      return act(req, 'commission_plan.publish', { kind: 'commission_plan', id: typeof plan.id === 'string' ? plan.id : '(id 없음)' }, (actor) => publishCommissionPlan(database, plan, actor));
    });

    // 관리: branches, reps, devices, enrollment codes
    api.get('/console/api/branches', need('admin.read'), async () => listBranches(db));
    api.get('/console/api/devices', need('admin.read'), async (req) => listDevices(db, parseRequest(deviceListQuerySchema, req.query, '조회 조건')));
    api.post('/console/api/devices/:id/revoke', need('admin.manage'), async (req) => {
      const { id } = parseRequest(z.strictObject({ id: z.uuid({ error: '기기 ID는 UUID입니다.' }) }), req.params, '기기 ID');
      return act(req, 'device.revoke', { kind: 'device', id }, (actor) => admin.revokeDevice(database, id, actor));
    });
    api.get('/console/api/enrollment-codes', need('admin.read'), async () => listEnrollmentCodes(db));
    api.post('/console/api/enrollment-codes', need('admin.manage'), async (req) => {
      const body = parseRequest(enrollmentCodeCreateSchema, req.body, '등록 코드 요청');
      const created = await act(req, 'enrollment_code.create', { kind: 'rep', id: `${body.branch}/${body.rep}` }, (actor) =>
        admin.createEnrollmentCode(database, { branch: body.branch, rep: body.rep, ttlSeconds: body.ttlHours * 3600 }, actor),
      );
      return { ...created, server: options.publicUrl?.() ?? null };
    });

    // price tables
    api.get('/console/api/catalogs', need('admin.read'), async () => {
      const current = await currentCatalog(db);
      return {
        current: current.catalog ? { source: current.source, catalogVersion: current.catalogVersion, id: current.catalog.id, version: current.catalog.version, effectiveDate: current.catalog.effectiveDate, catalog: current.catalog } : null,
        published: (await publishedCatalogs(db)).map((p) => {
          const c = p.catalog as { id?: unknown; version?: unknown; effectiveDate?: unknown; title?: unknown } | null;
          return { recordId: p.recordId, catalogVersion: p.catalogVersion, publishedAt: p.publishedAt, sha256: p.sha256, id: c?.id ?? null, version: c?.version ?? null, effectiveDate: c?.effectiveDate ?? null, title: c?.title ?? null };
        }),
        shipped: [...shippedCatalogs().values()].map((c) => ({ id: c.id, version: c.version, effectiveDate: c.effectiveDate, title: c.title })),
      };
    });
    const prepared = (body: z.output<typeof catalogUploadSchema>): Record<string, JsonValue> =>
      body.effectiveDate === undefined ? body.catalog : { ...body.catalog, effectiveDate: body.effectiveDate };
    api.post('/console/api/catalogs/preview', { ...need('admin.read'), bodyLimit: SYNC_LIMITS.adminMaxBytes }, async (req) => {
      const body = parseRequest(catalogUploadSchema, req.body, '단가표');
      const next = prepared(body);
      const parsed = parseRequest(catalogSchema, next, '단가표');
      const current = await currentCatalog(db);
      return { valid: true, id: parsed.id, version: parsed.version, effectiveDate: parsed.effectiveDate, products: parsed.products.length, against: current.catalog ? { id: current.catalog.id, version: current.catalog.version, source: current.source } : null, diff: jsonDiff(current.catalog ?? {}, next) };
    });
    api.post('/console/api/catalogs', { ...need('admin.manage'), bodyLimit: SYNC_LIMITS.adminMaxBytes }, async (req) => {
      const body = parseRequest(catalogUploadSchema, req.body, '단가표');
      const next = prepared(body);
      parseRequest(catalogSchema, next, '단가표');
      return act(req, 'catalog.publish', { kind: 'catalog', id: typeof next.id === 'string' ? next.id : '(id 없음)' }, (actor) => admin.publishCatalog(database, next, actor));
    });

    // contacts (#6)
    api.get('/console/api/contacts', need('admin.read'), async () => {
      const row = (await q<{ version: number; fields: { contacts?: unknown; publishedAt?: string } }>(db, sql`select version, fields from records where entity = 'contacts' and id = ${HQ_CONTACTS_ID}`))[0];
      return { version: row ? row.version : null, publishedAt: row?.fields.publishedAt ?? null, contacts: Array.isArray(row?.fields.contacts) ? row.fields.contacts : [] };
    });
    api.post('/console/api/contacts', { ...need('admin.manage'), bodyLimit: SYNC_LIMITS.adminMaxBytes }, async (req) => {
      const body = parseRequest(z.strictObject({ contacts: contactsPublishSchema }), req.body, '연락처 목록');
      return act(req, 'contacts.publish', { kind: 'contacts', id: HQ_CONTACTS_ID }, (actor) => admin.publishContacts(database, body.contacts, actor));
    });

    // supplier block printed on quotes and contracts
    api.get('/console/api/supplier', need('admin.read'), async () => readSupplier(db));
    api.post('/console/api/supplier', { ...need('admin.manage'), bodyLimit: 16 * 1024 }, async (req) => {
      const body = parseRequest(supplierPublishSchema, req.body, '공급자 정보');
      const supplier = parseRequest(supplierSchema, body.supplier, '공급자 정보');
      return act(req, 'supplier.publish', { kind: 'supplier', id: HQ_SUPPLIER_ID }, (actor) => admin.publishSupplier(database, supplier, actor));
    });

    // accounts
    api.get('/console/api/accounts', need('accounts.manage'), async () => listAccounts(db));
    api.post('/console/api/accounts', { ...need('accounts.manage'), bodyLimit: 4096 }, async (req) => {
      const body = parseRequest(accountCreateSchema, req.body, '계정');
      return act(req, 'account.create', { kind: 'account', id: body.login }, (actor) => db.transaction((tx) => createAccount(tx, body, actor)));
    });
    api.post('/console/api/accounts/:id/reset-password', need('accounts.manage'), async (req) => {
      const { id } = parseRequest(numericId, req.params, '계정 ID');
      return act(req, 'account.reset_password', { kind: 'account', id: String(id) }, (actor) => db.transaction((tx) => resetPassword(tx, id, actor)));
    });
    api.patch('/console/api/accounts/:id', { ...need('accounts.manage'), bodyLimit: 4096 }, async (req) => {
      const { id } = parseRequest(numericId, req.params, '계정 ID');
      const body = parseRequest(accountUpdateSchema, req.body, '계정 변경');
      if (id === req.consoleSession!.user.id && (body.disabled === true || (body.role !== undefined && body.role !== 'admin'))) {
        throw new HttpError('CONFLICT', '자기 계정의 관리자 역할을 없애거나 사용 중지할 수 없습니다. 다른 관리자에게 요청하세요.');
      }
      return act(req, 'account.update', { kind: 'account', id: String(id) }, (actor) => db.transaction((tx) => updateAccount(tx, id, body, actor)));
    });

    // 고객 응대 (issue 16): the board of open tickets by due time, assignment, steps, closing; monthly figures
    api.get('/console/api/tickets', need('tickets.read'), async (req) => listTickets(database, parseRequest(ticketBoardQuerySchema, req.query, '조회 조건')));
    api.get('/console/api/service-figures', need('tickets.read'), async (req) => serviceFigures(database, parseRequest(figuresQuerySchema, req.query, '조회 조건')));
    api.get('/console/api/service-targets', need('tickets.read'), async () => serviceTargets(database));
    api.post('/console/api/service-targets', { ...need('admin.manage'), bodyLimit: 64 * 1024 }, async (req) => {
      const body = parseRequest(z.strictObject({ targets: serviceTargetsPublishSchema }), req.body, '서비스 목표');
      return act(req, 'service_targets.publish', { kind: SERVICE_TARGETS_ENTITY, id: HQ_SERVICE_TARGETS_ID }, (actor) => publishServiceTargets(database, body.targets, actor));
    });
    api.post('/console/api/tickets/:id/assign', { ...need('tickets.handle'), bodyLimit: 8192 }, async (req) => {
      const { id } = parseRequest(idParam, req.params, '접수 건 ID');
      const body = parseRequest(ticketAssignSchema, req.body, '배정');
      return act(req, 'ticket.assign', { kind: 'ticket', id }, (actor) => assignTicket(database, id, body, actor));
    });
    api.post('/console/api/tickets/:id/events', { ...need('tickets.handle'), bodyLimit: 8192 }, async (req) => {
      const { id } = parseRequest(idParam, req.params, '접수 건 ID');
      const body = parseRequest(hqTicketEventSchema, req.body, '처리 기록');
      return act(req, 'ticket.event', { kind: 'ticket', id }, (actor) => addTicketEvent(database, id, body, actor));
    });
    api.post('/console/api/tickets/:id/close', { ...need('tickets.handle'), bodyLimit: 8192 }, async (req) => {
      const { id } = parseRequest(idParam, req.params, '접수 건 ID');
      const body = parseRequest(ticketCloseSchema, req.body ?? {}, '종결');
      return act(req, 'ticket.close', { kind: 'ticket', id }, (actor) => closeTicket(database, id, body, actor));
    });

    // audit log
    api.get('/console/api/audit', need('audit.read'), async (req) => searchAudit(db, parseRequest(auditQuerySchema, req.query, '조회 조건')));
    api.get('/console/api/audit/:id', need('audit.read'), async (req) => {
      const { id } = parseRequest(z.strictObject({ id: z.coerce.number({ error: '감사 기록 번호는 숫자입니다.' }).int({ error: '감사 기록 번호는 정수입니다.' }).min(1, { error: '감사 기록 번호는 1 이상입니다.' }).max(Number.MAX_SAFE_INTEGER, { error: '감사 기록 번호가 너무 큽니다.' }) }), req.params, '감사 기록 번호');
      const entry = await auditEntry(db, id);
      if (!entry) throw new HttpError('NOT_FOUND', `감사 기록 ${id}번이 없습니다. 목록을 새로 고친 뒤 다시 여세요.`);
      return entry;
    });
    api.get('/console/api/audit.csv', need('audit.read'), async (req, reply) => {
      // The reason is required and kept by the access log (issue 17); the audit entry keeps it too.
      const query = parseRequest(auditQuerySchema.extend({ reason: z.string().optional() }), req.query, '조회 조건');
      await audit(db, actorOf(req), { action: 'audit.export', targetKind: 'audit', after: { ...query, offset: undefined, limit: undefined } });
      const stamp = new Date().toISOString().slice(0, 10);
      let csv = '';
      for await (const chunk of auditCsv(db, query)) csv += chunk;
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="audit-${stamp}.csv"`).send(csv);
    });
    // 접속기록 (issue 17): search both logs, export with a reason, the monthly review and its mark
    api.get('/console/api/access-log', need('privacy.read'), async (req) => searchAccessLog(db, parseRequest(accessLogQuerySchema, req.query, '조회 조건')));
    api.get('/console/api/access-log.csv', need('privacy.read'), async (req, reply) => {
      const query = parseRequest(accessLogExportSchema, req.query, '조회 조건');
      const { csv, rows } = await accessLogCsv(db, query);
      await audit(db, actorOf(req), { action: 'access_log.export', targetKind: 'access_log', after: { ...query, rows } });
      const stamp = new Date().toISOString().slice(0, 10);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="access-log-${stamp}.csv"`).send(csv);
    });
    api.get('/console/api/access-log/review', need('privacy.read'), async (req) => monthlyReview(db, parseRequest(reviewMonthSchema, req.query, '조회 조건').month));
    api.post('/console/api/access-log/review', { ...need('privacy.read'), bodyLimit: 4096 }, async (req) => {
      const body = parseRequest(reviewMarkSchema, req.body, '점검 완료 표시');
      return act(req, 'access_log.reviewed', { kind: 'access_review', id: body.month }, (actor) =>
        db.transaction(async (tx) => {
          const reviewed = await markReviewed(tx, body.month, actor, body.note);
          await audit(tx, actor, { action: 'access_log.reviewed', targetKind: 'access_review', targetId: body.month, after: reviewed });
          return reviewed;
        }),
      );
    });
    // 명단 (issue 17 item 5): import, hand out, approve a second campaign, recall, archive
    registerProspectRoutes(api, { prefix: '/console/api', database, actorOf, act });
    // 관리 → 동의서 (issue 17): consent text versions, publishing one, withdrawn marketing consents
    registerConsoleConsentRoutes(api, database, act);
    // 파기 (issue 17 item 6): HQ's due items, confirming destructions, legal holds, the destruction log
    registerConsoleRetentionRoutes(api, database, options.retentionJob, act);
    done();
  });

  // ── control: `hq users add` while the server runs ───────────────────────────────────────
  const controlToken = options.controlToken;
  if (controlToken) {
    await app.register((control, _opts, done) => {
      control.addHook('onRequest', (req, _reply, next) => {
        const loopback = req.socket.remoteAddress === '127.0.0.1' || req.socket.remoteAddress === '::1' || req.socket.remoteAddress === '::ffff:127.0.0.1';
        const m = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? '');
        next(loopback && sameToken(m?.[1], controlToken) ? undefined : new HttpError('UNAUTHORIZED', '서버 제어 토큰이 맞지 않습니다. HQ 서버와 같은 컴퓨터에서 같은 --data-dir로 실행하세요.'));
      });
      control.post('/console/api/control/users', { bodyLimit: 4096 }, async (req) => {
        const body = parseRequest(accountCreateSchema, req.body, '계정');
        const actor: Actor = { kind: 'cli', login: 'hq-cli', name: '서버 명령 (hq users add)', ip: req.ip };
        const created = await db.transaction((tx) => createAccount(tx, body, actor));
        return { login: created.login, password: created.password };
      });
      done();
    });
  }
};

/** Registers the console on an HQ app (one call in buildApp). */
export async function registerConsole(app: FastifyInstance, options: ConsoleOptions): Promise<void> {
  await app.register(consolePlugin, options);
}
