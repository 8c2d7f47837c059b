import { registerProspectRoutes } from '../prospects/routes';
import { registerConsoleConsentRoutes } from '../privacy/consents';
import { registerConsoleRetentionRoutes, type HqRetentionJob } from '../privacy/retention';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { accountCreateSchema, changePasswordRequestSchema, loginRequestSchema, type SessionInfo } from '../../shared/console/api';
import { CONSOLE_HEADERS, can, type Permission } from '../../shared/console/roles';
import type { Database } from '../db/open';
import { HttpError, parseRequest } from '../http';
import { attemptLimiter, type AttemptLimit } from '../plugins/attempts';
import { changePassword, createAccount, DEFAULT_SESSION_OPTIONS, endSession, LoginRefused, loadSession, sameToken, signIn, type Session, type SessionOptions } from './accounts';
import { audit, type Actor } from './audit';
import { installAccessLogging } from '../privacy/routes';
import type { ConsoleRoutes } from './routes/context';
import { registerAdminRoutes } from './routes/admin';
import { registerAuditRoutes } from './routes/audit';
import { registerCommissionRoutes } from './routes/commission';
import { registerOrderRoutes } from './routes/orders';
import { registerServiceRoutes } from './routes/service';

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

function securityHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', CONSOLE_CSP);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-frame-options', 'DENY');
  reply.header('cache-control', 'no-store');
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

    const routes: ConsoleRoutes = { api, database, actorOf, act, publicUrl: options.publicUrl };
    registerOrderRoutes(routes);
    registerCommissionRoutes(routes);
    registerAdminRoutes(routes);
    registerServiceRoutes(routes);
    registerAuditRoutes(routes);
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
