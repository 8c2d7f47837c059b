import {
  applicationListQuerySchema,
  overviewQuerySchema,
  quoteApproveRequestSchema,
  quoteListQuerySchema,
  quoteRefuseRequestSchema,
  returnRequestSchema,
  declineRequestSchema,
  settlementListQuerySchema,
  statusMoveRequestSchema,
} from '../../../shared/console/api';
import * as admin from '../../admin/ops';
import { HttpError, parseRequest } from '../../http';
import { audit } from '../audit';
import { applicationDetail, branchIdOfApplication, fileBelongsTo, listApplications, listQuotes, listSettlements, overview, quoteDetail, readFile } from '../queries';
import { idParam, fileParams, need, type ConsoleRoutes } from './context';

/** What a file's first bytes say it is (uploads carry no type): PDF, PNG, JPEG, else plain bytes. */
function sniff(data: Buffer): string {
  if (data.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  return 'application/octet-stream';
}

/**
 * Console routes of 주문접수, 승인 and 정산 requests: the overview, applications (S/O, return, decline,
 * status moves, their files), quotes awaiting a decision, settlement requests.
 */
export function registerOrderRoutes({ api, database, actorOf, act }: ConsoleRoutes): void {
  const db = database.db;
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
}
