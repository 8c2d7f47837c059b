import { z } from 'zod';
import { auditQuerySchema } from '../../../shared/console/api';
import { HttpError, parseRequest } from '../../http';
import { audit, auditCsv, auditEntry, searchAudit } from '../audit';
import { accessLogExportSchema, accessLogQuerySchema, reviewMarkSchema, reviewMonthSchema } from '../../../shared/privacy/hq';
import { accessLogCsv, markReviewed, monthlyReview, searchAccessLog } from '../../privacy/access-log';
import { need, type ConsoleRoutes } from './context';

/**
 * Console routes of the 감사 기록 (audit log) and the 접속기록 (issue 17): search, one entry whole, export with a reason, the monthly review.
 */
export function registerAuditRoutes({ api, database, actorOf, act }: ConsoleRoutes): void {
  const db = database.db;
  // audit log
  api.get('/console/api/audit', need('audit.read'), async (req) => searchAudit(db, parseRequest(auditQuerySchema, req.query, '조회 조건')));
  api.get('/console/api/audit/:id', need('audit.read'), async (req) => {
    const { id } = parseRequest(
      z.strictObject({
        id: z.coerce
          .number({ error: '감사 기록 번호는 숫자입니다.' })
          .int({ error: '감사 기록 번호는 정수입니다.' })
          .min(1, { error: '감사 기록 번호는 1 이상입니다.' })
          .max(Number.MAX_SAFE_INTEGER, { error: '감사 기록 번호가 너무 큽니다.' }),
      }),
      req.params,
      '감사 기록 번호',
    );
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
}
