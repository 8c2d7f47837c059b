import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  SYNC_LIMITS,
  APP_VERSION_HEADER,
  SYNC_PATHS,
  deviceReportSchema,
  UPLOAD_COMPLETE_HEADER,
  UPLOAD_LENGTH_HEADER,
  UPLOAD_OFFSET_HEADER,
  enrollRequestSchema,
  PULL_SKIP_HEADER,
  pullQuerySchema,
  pullSkipSchema,
  pushRequestSchema,
  sha256Hex,
} from '../../shared/sync/protocol';
import { authenticateDevice, type DeviceAuth } from '../auth';
import type { Database } from '../db/open';
import { inBackground } from '../db/pool';
import { HttpError, parseRequest } from '../http';
import { enrollDevice } from '../sync/enroll';
import { recordDeviceReport } from '../sync/device-report';
import { applyPush, type PushHooks } from '../sync/push';
import { pullChanges, pullPageJson } from '../sync/pull';
import { attachmentStatus, putChunk, readAttachment } from '../sync/attachments';
import { attemptLimiter, type AttemptLimit } from './attempts';
import { protocolGate, sizeGate } from './gates';
import { ACCESS_LOG_SYNC_PATH, accessLogPushSchema } from '../../shared/privacy/hq';
import { receiveDeviceEntries } from '../privacy/access-log';
import { PROSPECT_SYNC_PATH, prospectSyncRequestSchema, prospectSyncResponseSchema } from '../../shared/prospects/protocol';
import { syncDeviceProspects } from '../prospects/ops';

declare module 'fastify' {
  interface FastifyRequest {
    /** The device behind the request's token; set by the device scope's hook, null elsewhere. */
    device: DeviceAuth | null;
  }
}

export interface SyncPluginOptions {
  database: Database;
  pushHooks?: PushHooks | undefined;
  /** Failed enrollment attempts allowed per client address and window. */
  enrollAttempts: AttemptLimit;
}

const shaParam = z.strictObject({ sha256: sha256Hex });

/**
 * /sync: every route needs the protocol version. Enrollment is the one route without a device
 * token (the one-time code is its credential, and failed codes are rate-limited); every other
 * route lives in the device scope, whose onRequest hook authenticates the token before any
 * handler runs.
 */
export const syncPlugin: FastifyPluginAsync<SyncPluginOptions> = async (scope, options) => {
  const { database } = options;
  scope.addHook('onRequest', protocolGate(true));
  scope.addHook('onRequest', sizeGate);

  const attempts = attemptLimiter(scope, options.enrollAttempts, '기기 등록', '등록 코드를 다시 확인하고, 계속 안 되면 본사 담당자에게 새 코드를 요청하세요.');
  scope.post(SYNC_PATHS.enroll, { bodyLimit: SYNC_LIMITS.enrollMaxBytes }, async (req, reply) => {
    await attempts.check(req, reply);
    try {
      const body = parseRequest(enrollRequestSchema, req.body, '등록 요청');
      const result = await enrollDevice(database, body.code, body.deviceName);
      req.log.info({ deviceId: result.deviceId, branch: result.branch.id }, 'device enrolled');
      return result;
    } catch (error) {
      if (error instanceof HttpError && error.status < 500) await attempts.failed(req);
      throw error;
    }
  });

  await scope.register(deviceRoutes, options);
};

/** The device scope: a valid, unrevoked device token or 401, before anything else. */
const deviceRoutes: FastifyPluginAsync<SyncPluginOptions> = (scope, options) => {
  const { database } = options;
  scope.addHook('onRequest', async (req) => {
    const check = async () => {
      req.device = await authenticateDevice(database.db, req.headers.authorization);
      await recordDeviceReport(database.db, req.device.deviceId, req.headers);
    };
    // A pull's database work waits behind pushes' for a connection (server/db/pool.ts), its token check too.
    await (req.routeOptions.url === SYNC_PATHS.pull ? inBackground(check) : check());
  });

  const device = (req: FastifyRequest): DeviceAuth => {
    // The scope's hook sets it for every route here; this is the type's guard, not a second check.
    if (!req.device) throw new HttpError('UNAUTHORIZED', '기기 인증이 필요합니다. 이 기기를 HQ에 등록하세요.');
    return req.device;
  };

  scope.post(SYNC_PATHS.push, async (req) => {
    const dev = device(req);
    const body = parseRequest(pushRequestSchema, req.body, '보낸 변경 목록');
    const started = performance.now();
    req.log.info({ deviceId: dev.deviceId, mutations: body.mutations.length }, 'push: applying batch');
    const { results, conflicts, echo } = await applyPush(database, dev, body.mutations, options.pushHooks);
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
    return { results, serverTime: new Date().toISOString(), ...(echo ? { echo } : {}) };
  });

  scope.get(SYNC_PATHS.pull, async (req, reply) => {
    const dev = device(req);
    const query = parseRequest(pullQuerySchema, req.query, '받기 요청');
    // The device's own exact pushes, which it holds already (PushEcho): absent, nothing is left out.
    const skipHeader = req.headers[PULL_SKIP_HEADER];
    const skip = skipHeader === undefined ? [] : parseRequest(pullSkipSchema, skipHeader, `받기 요청의 ${PULL_SKIP_HEADER} 헤더`);
    // An app that does not report its version predates some statuses: shared/sync/compat.ts.
    const reported = deviceReportSchema.shape.appVersion.safeParse(req.headers[APP_VERSION_HEADER]);
    if (!reported.success || reported.data === undefined) return inBackground(() => pullChanges(database, dev, query.cursor, query.limit, undefined, skip));
    const appVersion = reported.data;
    // The page's JSON is written by the database (server/sync/pull.ts): sent as it is.
    return reply.type('application/json; charset=utf-8').send(await inBackground(() => pullPageJson(database, dev, query.cursor, query.limit, appVersion, skip)));
  });

  // The device's personal-data access log (issue 17): its entries after the last HQ holds.
  scope.post(ACCESS_LOG_SYNC_PATH, async (req) => {
    const dev = device(req);
    const body = parseRequest(accessLogPushSchema, req.body, '접속기록');
    const result = await receiveDeviceEntries(database.db, dev, body.entries);
    if (result.breaks.length > 0) req.log.warn({ deviceId: dev.deviceId, breaks: result.breaks }, 'access log: the device chain does not hold');
    return result;
  });

  // Prospect lists (issue 17 item 5): the rep's acknowledgements, results and check-ins in; the
  // hand-outs the rep holds out (in full: the device keeps them encrypted and logs every reveal).
  scope.post(PROSPECT_SYNC_PATH, async (req) => {
    const dev = device(req);
    const body = parseRequest(prospectSyncRequestSchema, req.body, '명단 동기화');
    const result = await syncDeviceProspects(database, dev, body);
    req.log.info({ deviceId: dev.deviceId, handouts: result.handouts.length, refused: result.refused.length }, 'prospects: synced');
    // The device reads this answer as its store's truth: its shape is checked on the way out too.
    return prospectSyncResponseSchema.parse(result);
  });

  // Attachments: HEAD (state in headers), GET (the file once complete), PUT (one chunk), and
  // GET …/status (state as JSON).
  const attachmentRoute = SYNC_PATHS.attachment(':sha256');
  scope.head(attachmentRoute, async (req, reply) => {
    const { sha256 } = parseRequest(shaParam, req.params, '파일 해시');
    const s = await attachmentStatus(database, device(req), sha256);
    return reply
      .code(s.size === 0 ? 404 : 200)
      .header(UPLOAD_OFFSET_HEADER, String(s.received))
      .header(UPLOAD_LENGTH_HEADER, String(s.size))
      .header(UPLOAD_COMPLETE_HEADER, String(s.complete))
      .send();
  });
  scope.get(attachmentRoute, { exposeHeadRoute: false }, async (req, reply) => {
    const { sha256 } = parseRequest(shaParam, req.params, '파일 해시');
    const data = await readAttachment(database, device(req), sha256);
    if (!data) throw new HttpError('NOT_FOUND', '이 파일은 HQ에 아직 다 올라오지 않았습니다. 올린 기기에서 동기화를 마친 뒤 다시 받으세요.');
    return reply.type('application/octet-stream').send(data);
  });
  scope.get(SYNC_PATHS.attachmentStatus(':sha256'), async (req) => {
    const { sha256 } = parseRequest(shaParam, req.params, '파일 해시');
    return attachmentStatus(database, device(req), sha256);
  });
  scope.put(attachmentRoute, { bodyLimit: SYNC_LIMITS.attachmentChunkMaxBytes }, async (req) => {
    const dev = device(req);
    const { sha256 } = parseRequest(shaParam, req.params, '파일 해시');
    const headers = parseRequest(
      z.object({
        [UPLOAD_OFFSET_HEADER]: z.coerce.number().int().min(0).max(SYNC_LIMITS.attachmentMaxBytes),
        [UPLOAD_LENGTH_HEADER]: z.coerce.number().int().min(1).max(SYNC_LIMITS.attachmentMaxBytes),
      }),
      req.headers,
      '파일 조각 정보(헤더)',
    );
    if (!Buffer.isBuffer(req.body)) {
      throw new HttpError('INVALID_INPUT', '파일 조각은 application/octet-stream으로 보내세요.');
    }
    return putChunk(database, dev, sha256, headers[UPLOAD_OFFSET_HEADER], headers[UPLOAD_LENGTH_HEADER], req.body);
  });
  return Promise.resolve();
};
