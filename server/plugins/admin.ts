import { createHash } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ADMIN_PATHS,
  SYNC_LIMITS,
  adminApplicationsQuerySchema,
  adminIdSchema,
  adminQuotesQuerySchema,
  catalogPublishSchema,
  contactsPublishSchema,
  enrollmentCodeRequestSchema,
  quoteDecisionRequestSchema,
  quoteRefuseRequestSchema,
  setStatusRequestSchema,
  statsQuerySchema,
  supplierPublishSchema,
} from '../../shared/sync/protocol';
import { checkAdmin } from '../auth';
import type { Database } from '../db/open';
import { parseRequest } from '../http';
import * as admin from '../admin/ops';
import { ADMIN_TOKEN_ACTOR, type Actor } from '../console/audit';

import { registerCommissionRoutes } from '../admin/commission';
import { registerTicketRoutes } from '../admin/tickets';
import { registerConsentRoutes } from '../privacy/consents';
import { registerRetentionRoutes, type HqRetentionJob } from '../privacy/retention';
import { protocolGate, sizeGate } from './gates';
import { ACCESS_ADMIN_PATHS } from '../../shared/privacy/hq';
import { verifyAccessLogs } from '../privacy/access-log';
import { installAccessLogging } from '../privacy/routes';
import { registerProspectRoutes } from '../prospects/routes';

/** The admin token's changes are audited with the address they came from. */
const tokenActor = (req: FastifyRequest): Actor => ({ ...ADMIN_TOKEN_ACTOR, ip: req.ip });

export interface AdminPluginOptions {
  database: Database;
  /** HQ's daily retention check (its status is an admin route). */
  retentionJob: HqRetentionJob;
  adminToken: string;
}

const idParam = z.strictObject({ id: adminIdSchema });

/**
 * /admin: HQ's own API (the HQ CLI). The scope's onRequest hook checks the admin token before
 * any handler runs, for every route registered here — whatever way the path was spelled.
 */
export const adminPlugin: FastifyPluginAsync<AdminPluginOptions> = (scope, { database, adminToken, retentionJob }) => {
  const adminHash = createHash('sha256').update(adminToken).digest();
  scope.addHook('onRequest', protocolGate(false));
  scope.addHook('onRequest', sizeGate);
  scope.addHook('onRequest', (req, _reply, done) => {
    try {
      checkAdmin(adminHash, req.headers.authorization);
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  });

  // Issue 17: every route declares how it touches personal data; those that do are logged.
  installAccessLogging(scope, database, tokenActor);

  scope.post(ADMIN_PATHS.enrollmentCodes, async (req) => {
    const body = parseRequest(enrollmentCodeRequestSchema, req.body, '등록 코드 요청');
    const result = await admin.createEnrollmentCode(database, body, tokenActor(req));
    req.log.info({ branch: body.branch, rep: body.rep }, 'enrollment code created');
    return result;
  });
  scope.get(ADMIN_PATHS.applications, async (req) => {
    const query = parseRequest(adminApplicationsQuerySchema, req.query, '조회 조건');
    return admin.listApplications(database, query);
  });
  scope.post(ADMIN_PATHS.soProcess(':id'), async (req) => {
    const { id } = parseRequest(idParam, req.params, '청약 ID');
    const result = await admin.soProcess(database, id, tokenActor(req));
    req.log.info({ applicationId: id, ...result }, 'so-process');
    return result;
  });
  scope.post(ADMIN_PATHS.applicationStatus(':id'), async (req) => {
    const { id } = parseRequest(idParam, req.params, '청약 ID');
    const body = parseRequest(setStatusRequestSchema, req.body, '상태 변경 요청');
    return admin.setApplicationStatus(database, id, body, tokenActor(req));
  });
  scope.post(ADMIN_PATHS.catalogs, { bodyLimit: SYNC_LIMITS.adminMaxBytes }, async (req) => {
    const body = parseRequest(catalogPublishSchema, req.body, '카탈로그');
    return admin.publishCatalog(database, body, tokenActor(req));
  });
  scope.post(ADMIN_PATHS.contacts, { bodyLimit: SYNC_LIMITS.adminMaxBytes }, async (req) => {
    const body = parseRequest(contactsPublishSchema, req.body, '연락처 목록');
    return admin.publishContacts(database, body, tokenActor(req));
  });
  scope.post(ADMIN_PATHS.supplier, { bodyLimit: SYNC_LIMITS.adminMaxBytes }, async (req) => {
    const body = parseRequest(supplierPublishSchema, req.body, '공급자 정보');
    return admin.publishSupplier(database, body, tokenActor(req));
  });
  scope.get(ADMIN_PATHS.quotes, async (req) => {
    const query = parseRequest(adminQuotesQuerySchema, req.query, '조회 조건');
    return admin.listQuotes(database, query.approval);
  });
  scope.post(ADMIN_PATHS.quoteApprove(':id'), async (req) => {
    const { id } = parseRequest(idParam, req.params, '견적 ID');
    const body = parseRequest(quoteDecisionRequestSchema, req.body ?? {}, '승인 요청');
    return admin.decideQuote(database, id, 'approved', body.reason, tokenActor(req));
  });
  scope.post(ADMIN_PATHS.quoteRefuse(':id'), async (req) => {
    const { id } = parseRequest(idParam, req.params, '견적 ID');
    const body = parseRequest(quoteRefuseRequestSchema, req.body ?? {}, '거절 요청');
    return admin.decideQuote(database, id, 'refused', body.reason, tokenActor(req));
  });
  scope.post(ADMIN_PATHS.deviceRevoke(':id'), async (req) => {
    const { id } = parseRequest(z.strictObject({ id: z.uuid({ error: '기기 ID는 UUID입니다.' }) }), req.params, '기기 ID');
    return admin.revokeDevice(database, id, tokenActor(req));
  });
  scope.get(ADMIN_PATHS.stats, async (req) => {
    const query = parseRequest(statsQuerySchema, req.query, '조회 조건');
    return admin.stats(database, query.branch);
  });
  // Commission plans and statements (issue 15) are admin routes: in this scope, behind its hook.
  registerCommissionRoutes(scope, database, tokenActor);
  // Complaints and faults (issue 16): the board, assignment, steps, closing, monthly figures.
  registerTicketRoutes(scope, database, tokenActor);
  // Consent texts and withdrawn consents (issue 17).
  registerConsentRoutes(scope, database, tokenActor);
  registerRetentionRoutes(scope, database, tokenActor, retentionJob);
  // The access log's chains (HQ's and each device's): `cli hq access-log verify`.
  scope.get(ACCESS_ADMIN_PATHS.verify, async () => ({ chains: await verifyAccessLogs(database.db) }));
  // Prospect lists under lock (issue 17 item 5): `cli hq prospects …`.
  registerProspectRoutes(scope, { prefix: '/admin', database, actorOf: tokenActor });
  return Promise.resolve();
};
