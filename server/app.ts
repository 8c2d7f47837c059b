import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions, type RouteOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, SYNC_LIMITS } from '../shared/sync/protocol';
import { jsonNestsDeeper } from '../shared/domain/text';
import { type Database } from './db/open';
import { HttpError } from './http';
import type { PushHooks } from './sync/push';
import type { AttemptLimit } from './plugins/attempts';
import { send, tooLarge } from './plugins/gates';
import { healthPlugin } from './plugins/health';
import { syncPlugin } from './plugins/sync';
import { HqRetentionJob } from './privacy/retention';
import { adminPlugin } from './plugins/admin';
import { registerConsole, type ConsoleOptions } from './console/plugin';

export interface AppOptions {
  database: Database;
  adminToken: string;
  logger: FastifyServerOptions['logger'];
  pushHooks?: PushHooks;
  /** Serve HTTPS with this certificate and key (PEM); plain HTTP without. */
  tls?: { cert: Buffer; key: Buffer } | undefined;
  /** Fastify's trustProxy: which proxies' X-Forwarded-For to believe (the client address rate limits key on). */
  trustProxy?: FastifyServerOptions['trustProxy'];
  /** Failed enrollment attempts allowed per client address and window (default: DEFAULT_ENROLL_ATTEMPTS). */
  enrollAttempts?: AttemptLimit | undefined;
  /** Sees every route as it is registered (the route-table test walks them). */
  onRoute?: ((route: RouteOptions) => void) | undefined;
  /** HQ's daily retention check (issue 17 item 3): its clock and interval (tests), or false to not run it. */
  retentionJob?: { clock?: () => Date; intervalMs?: number } | false;
  /** The HQ console at /console (issue 14); its own plugin scope with its own session check. */
  console?: Omit<ConsoleOptions, 'database' | 'retentionJob'>;
}

/** Ten wrong codes per address in ten minutes; a code has 60 random bits, so guessing is hopeless anyway. */
export const DEFAULT_ENROLL_ATTEMPTS: AttemptLimit = { max: 10, windowMs: 10 * 60_000 };

/**
 * JSON nested deeper than this is refused before it is parsed, let alone validated (zod and
 * JSON.stringify recurse). A push is 4 levels down to a record's fields; a field's own JSON may
 * go MAX_JSON_DEPTH (shared/domain/text.ts) deeper, so this leaves room and no more.
 */
const WIRE_JSON_MAX_DEPTH = 48;

/** Errors Fastify raises itself (body too large, bad JSON, wrong content type), in Korean. */
function frameworkError(error: FastifyError): HttpError | undefined {
  const status = error.statusCode ?? 500;
  if (status === 413) return tooLarge(undefined);
  if (status === 415) {
    return new HttpError('INVALID_INPUT', '요청 형식(Content-Type)이 맞지 않습니다. JSON은 application/json, 파일 조각은 application/octet-stream으로 보내세요.');
  }
  if (status === 400) {
    return new HttpError('INVALID_INPUT', '요청 본문이 올바른 JSON이 아닙니다. 보낸 내용은 적용되지 않았습니다. 앱을 최신 버전으로 업데이트하고 다시 동기화하세요.');
  }
  if (status === 404) return new HttpError('NOT_FOUND', '없는 주소입니다. HQ 서버 주소와 앱 버전을 확인하세요.');
  if (status === 429) return new HttpError('RATE_LIMITED', '요청이 너무 많습니다. 잠시 뒤에 다시 시도하세요.');
  if (status < 500) return new HttpError('INVALID_INPUT', `요청을 처리할 수 없습니다 (${status}). 앱을 최신 버전으로 업데이트하세요.`);
  return undefined;
}

/**
 * A database error a value caused (SQLSTATE class 22, data exception: a NUL, a number out of
 * range, an impossible date). Input is validated so that none should reach the database; if
 * one still does, the client hears 400 for what it sent, not "HQ is broken, retry" — and the
 * log says error, because it is a validation gap to close.
 */
function dataException(error: unknown): { sqlState: string } | undefined {
  for (let e: unknown = error, i = 0; e && typeof e === 'object' && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) return { sqlState: code };
  }
  return undefined;
}

/**
 * HQ's HTTP app: one Fastify instance, and a plugin scope per kind of caller. Access is decided
 * by the scope a route is registered in — each scope's onRequest hook checks its credential
 * before any of its handlers — never by testing the URL's text.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { database } = options;
  const common = {
    logger: options.logger,
    bodyLimit: SYNC_LIMITS.pushMaxBytes,
    return503OnClosing: true,
    trustProxy: options.trustProxy ?? false,
    // Errors the router raises before any hook (a path that is not valid percent-encoded UTF-8),
    // answered in HQ's error shape like every other refusal.
    frameworkErrors: (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      req.log.info({ code: error.code }, 'request refused by the router');
      send(reply, new HttpError('INVALID_INPUT', '요청 주소(URL)에 쓸 수 없는 문자가 있습니다. HQ 서버 주소와 앱 버전을 확인하세요. 아무것도 적용되지 않았습니다.')).then(
        () => undefined,
        (err: unknown) => req.log.error({ err }, 'could not answer a request the router refused'),
      );
    },
    // The admin token and device tokens travel in headers; the default request log leaves them out.
  } satisfies FastifyServerOptions;
  // Fastify types an HTTPS instance apart from an HTTP one; both serve the same routes.
  const app = (options.tls ? Fastify({ ...common, https: { cert: options.tls.cert, key: options.tls.key } }) : Fastify(common)) as unknown as FastifyInstance;

  app.decorateRequest('device', null);
  if (options.onRoute) app.addHook('onRoute', options.onRoute);

  // JSON with its depth capped before parsing (the default parser keeps its prototype-poisoning guard).
  // Fastify's own parser is the callback kind (its type also allows the promise kind).
  const parseJson = app.getDefaultJsonParser('error', 'ignore') as (req: FastifyRequest, body: string, done: (err: Error | null, body?: unknown) => void) => void;
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (jsonNestsDeeper(body as string, WIRE_JSON_MAX_DEPTH)) {
      done(
        new HttpError('INVALID_INPUT', `요청 본문의 JSON이 너무 깊게 중첩되어 있습니다 (최대 ${WIRE_JSON_MAX_DEPTH}단계). 보낸 내용은 적용되지 않았습니다.`, {
          maxDepth: WIRE_JSON_MAX_DEPTH,
        }),
        undefined,
      );
      return;
    }
    parseJson(req, body as string, done);
  });
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: SYNC_LIMITS.attachmentChunkMaxBytes }, (_req, body, done) => {
    done(null, body);
  });

  app.addHook('onSend', async (_req, reply) => {
    reply.header(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
  });

  app.setErrorHandler((error: FastifyError, req, reply) => {
    if (error instanceof HttpError) {
      if (error.status >= 500) req.log.error({ err: error }, error.message);
      return send(reply, error);
    }
    const mapped = frameworkError(error);
    if (mapped) {
      req.log.info({ code: error.code, status: error.statusCode }, 'request refused');
      return send(reply, mapped);
    }
    const data = dataException(error);
    if (data) {
      req.log.error({ err: error, sqlState: data.sqlState }, 'a value reached the database unvalidated (answered 400)');
      return send(
        reply,
        new HttpError('INVALID_INPUT', '보낸 값 중 HQ가 저장할 수 없는 값(보이지 않는 문자, 범위를 넘는 숫자나 날짜)이 있어 아무것도 적용하지 않았습니다. 입력값을 고친 뒤 다시 보내세요.', {
          sqlState: data.sqlState,
        }),
      );
    }
    req.log.error({ err: error }, 'unexpected error');
    return send(reply, new HttpError('INTERNAL', `HQ 서버 내부 오류입니다. 잠시 후 다시 시도하고, 계속되면 HQ 담당자에게 요청 번호 ${req.id}를 알려 주세요.`, { requestId: req.id }));
  });

  app.setNotFoundHandler((_req, reply) => send(reply, new HttpError('NOT_FOUND', '없는 주소입니다. HQ 서버 주소와 앱 버전을 확인하세요.')));

  // The limiter's store, for scopes that count failed credential attempts (see plugins/attempts.ts).
  await app.register(rateLimit, { global: false });

  // --- the scopes: who may call what ---------------------------------------------------------
  // No credential: /health only.
  await app.register(healthPlugin, { database });
  // Devices: enrollment (the one-time code is the credential), then everything else behind the device token.
  await app.register(syncPlugin, {
    database,
    pushHooks: options.pushHooks,
    enrollAttempts: options.enrollAttempts ?? DEFAULT_ENROLL_ATTEMPTS,
  });
  // HQ's daily retention check (issue 17 item 3): on start and every 24 h, counts only; stopped on close.
  const jobOptions = options.retentionJob === false ? null : (options.retentionJob ?? {});
  const retentionJob = new HqRetentionJob(database, app.log, jobOptions?.clock, jobOptions?.intervalMs);
  if (jobOptions)
    app.addHook('onReady', () => {
      retentionJob.start();
      return Promise.resolve();
    });
  app.addHook('onClose', () => retentionJob.stop());
  // HQ staff tools: the admin token.
  await app.register(adminPlugin, { database, adminToken: options.adminToken, retentionJob });
  // The HQ console (a web UI for staff): static files and sign-in open (sign-in behind
  // attemptLimiter), its API behind a session cookie and CSRF token, its control route behind
  // the control token from loopback. routes-auth.test.ts walks all of them.
  await registerConsole(app, { ...options.console, database, retentionJob });

  return app;
}
