import { createHash } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { sql } from 'drizzle-orm';
import {
  ADMIN_PATHS,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  SYNC_LIMITS,
  SYNC_PATHS,
  UPLOAD_COMPLETE_HEADER,
  UPLOAD_LENGTH_HEADER,
  UPLOAD_OFFSET_HEADER,
  adminApplicationsQuerySchema,
  adminQuotesQuerySchema,
  catalogPublishSchema,
  contactsPublishSchema,
  enrollRequestSchema,
  enrollmentCodeRequestSchema,
  pullQuerySchema,
  pushRequestSchema,
  quoteDecisionRequestSchema,
  quoteRefuseRequestSchema,
  setStatusRequestSchema,
  sha256Hex,
  statsQuerySchema,
  upgradeMessage,
  type ErrorResponse,
} from '../shared/sync/protocol';
import { z } from 'zod';
import { authenticateDevice, checkAdmin, type DeviceAuth } from './auth';
import { type Database } from './db/open';
import { HttpError, parseRequest } from './http';
import { enrollDevice } from './sync/enroll';
import { applyPush, type PushHooks } from './sync/push';
import { pullChanges } from './sync/pull';
import { attachmentStatus, putChunk, readAttachment } from './sync/attachments';
import * as admin from './admin/ops';
import { registerCommissionRoutes } from './admin/commission';

export interface AppOptions {
  database: Database;
  adminToken: string;
  logger: FastifyServerOptions['logger'];
  pushHooks?: PushHooks;
}

declare module 'fastify' {
  interface FastifyRequest {
    device: DeviceAuth | null;
  }
}

const idParam = z.strictObject({ id: z.string().min(1).max(200) });
const shaParam = z.strictObject({ sha256: sha256Hex });

/** Bodies over the limit but under this are read and dropped before the 413 (see onRequest). */
const DRAIN_MAX_BYTES = 64 * 1024 * 1024;

function drain(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve) => {
    stream.on('end', resolve).on('close', resolve).on('error', resolve);
    stream.resume();
  });
}

function tooLarge(limit: number | undefined): HttpError {
  const size = limit === undefined ? '' : limit < 1024 * 1024 ? ` (최대 ${Math.round(limit / 1024)}KB)` : ` (최대 ${Math.round((limit / 1024 / 1024) * 10) / 10}MB)`;
  return new HttpError('TOO_LARGE', `보낸 데이터가 너무 큽니다${size}. 더 작게 나누어 보내세요. 아무것도 적용되지 않았습니다.`, limit === undefined ? undefined : { limitBytes: limit });
}

function send(reply: FastifyReply, error: HttpError): FastifyReply {
  const body: ErrorResponse = { error: error.toWire() };
  return reply.code(error.status).type('application/json; charset=utf-8').send(body);
}

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
  if (status < 500) return new HttpError('INVALID_INPUT', `요청을 처리할 수 없습니다 (${status}). 앱을 최신 버전으로 업데이트하세요.`);
  return undefined;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { database } = options;
  const adminHash = createHash('sha256').update(options.adminToken).digest();
  const app = Fastify({
    logger: options.logger,
    bodyLimit: SYNC_LIMITS.pushMaxBytes,
    return503OnClosing: true,
    // The admin token and device tokens travel in headers; the default request log leaves them out.
  });

  app.decorateRequest('device', null);

  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: SYNC_LIMITS.attachmentChunkMaxBytes }, (_req, body, done) => {
    done(null, body);
  });

  app.addHook('onSend', async (_req, reply) => {
    reply.header(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
  });

  // Version first (nothing is read or applied for a client of another version), then the device.
  app.addHook('onRequest', async (req, reply) => {
    const isSync = req.url.startsWith('/sync/');
    const isAdmin = req.url.startsWith('/admin/');
    if (!isSync && !isAdmin) return;
    const raw = req.headers[PROTOCOL_HEADER];
    const header = Array.isArray(raw) ? raw[0] : raw;
    if (isSync || header !== undefined) {
      const version = header !== undefined && /^\d{1,6}$/.test(header) ? Number(header) : undefined;
      if (version !== PROTOCOL_VERSION) {
        return send(reply, new HttpError('UPGRADE_REQUIRED', upgradeMessage(version), { serverProtocol: PROTOCOL_VERSION, clientProtocol: version ?? null }));
      }
    }
    // An oversized body is refused before it is parsed; reading it to the end first (up to a
    // bound) lets the client see the 413 instead of a connection cut mid-upload.
    const declared = Number(req.headers['content-length'] ?? 0);
    const limit = req.routeOptions.bodyLimit ?? SYNC_LIMITS.pushMaxBytes;
    if (declared > limit) {
      if (declared <= DRAIN_MAX_BYTES) await drain(req.raw);
      else reply.header('connection', 'close');
      return send(reply, tooLarge(limit));
    }
    if (isAdmin) {
      checkAdmin(adminHash, req.headers.authorization);
    } else if (!req.url.startsWith(SYNC_PATHS.enroll)) {
      req.device = await authenticateDevice(database.db, req.headers.authorization);
    }
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
    req.log.error({ err: error }, 'unexpected error');
    return send(
      reply,
      new HttpError('INTERNAL', `HQ 서버 내부 오류입니다. 잠시 후 다시 시도하고, 계속되면 HQ 담당자에게 요청 번호 ${req.id}를 알려 주세요.`, { requestId: req.id }),
    );
  });

  app.setNotFoundHandler((_req, reply) => send(reply, new HttpError('NOT_FOUND', '없는 주소입니다. HQ 서버 주소와 앱 버전을 확인하세요.')));

  const device = (req: FastifyRequest): DeviceAuth => {
    if (!req.device) throw new HttpError('UNAUTHORIZED', '기기 인증이 필요합니다. 이 기기를 HQ에 등록하세요.');
    return req.device;
  };

  // --- health -------------------------------------------------------------------------------
  app.get(SYNC_PATHS.health, async () => {
    await database.db.execute(sql`select 1`);
    return { ok: true, protocol: PROTOCOL_VERSION, database: database.kind, serverId: database.serverId };
  });

  // --- sync ---------------------------------------------------------------------------------
  app.post(SYNC_PATHS.enroll, { bodyLimit: SYNC_LIMITS.enrollMaxBytes }, async (req) => {
    const body = parseRequest(enrollRequestSchema, req.body, '등록 요청');
    const result = await enrollDevice(database, body.code, body.deviceName);
    req.log.info({ deviceId: result.deviceId, branch: result.branch.id }, 'device enrolled');
    return result;
  });

  app.post(SYNC_PATHS.push, async (req) => {
    const dev = device(req);
    const body = parseRequest(pushRequestSchema, req.body, '보낸 변경 목록');
    const started = performance.now();
    req.log.info({ deviceId: dev.deviceId, mutations: body.mutations.length }, 'push: applying batch');
    const { results, conflicts } = await applyPush(database, dev, body.mutations, options.pushHooks);
    const count = (s: string) => results.filter((r) => r.status === s).length;
    req.log.info(
      {
        deviceId: dev.deviceId,
        mutations: results.length,
        applied: count('applied'),
        duplicate: count('duplicate'),
        rejected: count('rejected'),
        conflicts,
        ms: Math.round(performance.now() - started),
      },
      'push: committed',
    );
    return { results, serverTime: new Date().toISOString() };
  });

  app.get(SYNC_PATHS.pull, async (req) => {
    const dev = device(req);
    const query = parseRequest(pullQuerySchema, req.query, '받기 요청');
    return pullChanges(database, dev, query.cursor, query.limit);
  });

  // --- attachments --------------------------------------------------------------------------
  const attachmentRoute = SYNC_PATHS.attachment(':sha256');
  app.head(attachmentRoute, async (req, reply) => {
    const { sha256 } = parseRequest(shaParam, req.params, '파일 해시');
    const s = await attachmentStatus(database, device(req), sha256);
    return reply
      .code(s.size === 0 ? 404 : 200)
      .header(UPLOAD_OFFSET_HEADER, String(s.received))
      .header(UPLOAD_LENGTH_HEADER, String(s.size))
      .header(UPLOAD_COMPLETE_HEADER, String(s.complete))
      .send();
  });
  app.get(attachmentRoute, { exposeHeadRoute: false }, async (req, reply) => {
    const { sha256 } = parseRequest(shaParam, req.params, '파일 해시');
    const data = await readAttachment(database, device(req), sha256);
    if (!data) throw new HttpError('NOT_FOUND', '이 파일은 HQ에 아직 다 올라오지 않았습니다. 올린 기기에서 동기화를 마친 뒤 다시 받으세요.');
    return reply.type('application/octet-stream').send(data);
  });
  app.get(SYNC_PATHS.attachmentStatus(':sha256'), async (req) => {
    const { sha256 } = parseRequest(shaParam, req.params, '파일 해시');
    return attachmentStatus(database, device(req), sha256);
  });
  app.put(attachmentRoute, { bodyLimit: SYNC_LIMITS.attachmentChunkMaxBytes }, async (req) => {
    const dev = device(req);
    const { sha256 } = parseRequest(shaParam, req.params, '파일 해시');
    const headers = parseRequest(
      z.object({
        [UPLOAD_OFFSET_HEADER]: z.coerce.number().int().min(0),
        [UPLOAD_LENGTH_HEADER]: z.coerce.number().int().min(1).max(SYNC_LIMITS.attachmentMaxBytes),
      }),
      req.headers,
      '파일 조각 정보(헤더)',
    );
    if (!Buffer.isBuffer(req.body)) {
      throw new HttpError('INVALID_INPUT', '파일 조각은 application/octet-stream으로 보내세요.');
    }
    return putChunk(database, dev, sha256, headers[UPLOAD_OFFSET_HEADER]!, headers[UPLOAD_LENGTH_HEADER]!, req.body);
  });

  // --- admin --------------------------------------------------------------------------------
  app.post(ADMIN_PATHS.enrollmentCodes, async (req) => {
    const body = parseRequest(enrollmentCodeRequestSchema, req.body, '등록 코드 요청');
    const result = await admin.createEnrollmentCode(database, body);
    req.log.info({ branch: body.branch, rep: body.rep }, 'enrollment code created');
    return result;
  });
  app.get(ADMIN_PATHS.applications, async (req) => {
    const query = parseRequest(adminApplicationsQuerySchema, req.query, '조회 조건');
    return admin.listApplications(database, query);
  });
  app.post(ADMIN_PATHS.soProcess(':id'), async (req) => {
    const { id } = parseRequest(idParam, req.params, '청약 ID');
    const result = await admin.soProcess(database, id);
    req.log.info({ applicationId: id, ...result }, 'so-process');
    return result;
  });
  app.post(ADMIN_PATHS.applicationStatus(':id'), async (req) => {
    const { id } = parseRequest(idParam, req.params, '청약 ID');
    const body = parseRequest(setStatusRequestSchema, req.body, '상태 변경 요청');
    return admin.setApplicationStatus(database, id, body);
  });
  app.post(ADMIN_PATHS.catalogs, { bodyLimit: SYNC_LIMITS.adminMaxBytes }, async (req) => {
    const body = parseRequest(catalogPublishSchema, req.body, '카탈로그');
    return admin.publishCatalog(database, body);
  });
  app.post(ADMIN_PATHS.contacts, { bodyLimit: SYNC_LIMITS.adminMaxBytes }, async (req) => {
    const body = parseRequest(contactsPublishSchema, req.body, '연락처 목록');
    return admin.publishContacts(database, body);
  });
  app.get(ADMIN_PATHS.quotes, async (req) => {
    const query = parseRequest(adminQuotesQuerySchema, req.query, '조회 조건');
    return admin.listQuotes(database, query.approval);
  });
  app.post(ADMIN_PATHS.quoteApprove(':id'), async (req) => {
    const { id } = parseRequest(idParam, req.params, '견적 ID');
    const body = parseRequest(quoteDecisionRequestSchema, req.body ?? {}, '승인 요청');
    return admin.decideQuote(database, id, 'approved', body.reason);
  });
  app.post(ADMIN_PATHS.quoteRefuse(':id'), async (req) => {
    const { id } = parseRequest(idParam, req.params, '견적 ID');
    const body = parseRequest(quoteRefuseRequestSchema, req.body ?? {}, '거절 요청');
    return admin.decideQuote(database, id, 'refused', body.reason);
  });
  app.post(ADMIN_PATHS.deviceRevoke(':id'), async (req) => {
    const { id } = parseRequest(z.strictObject({ id: z.uuid({ error: '기기 ID는 UUID입니다.' }) }), req.params, '기기 ID');
    return admin.revokeDevice(database, id);
  });
  app.get(ADMIN_PATHS.stats, async (req) => {
    const query = parseRequest(statsQuerySchema, req.query, '조회 조건');
    return admin.stats(database, query.branch);
  });

  registerCommissionRoutes(app, database);

  return app;
}
