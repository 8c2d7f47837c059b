import { addTicketEvent, assignTicket, closeTicket, listTickets, publishServiceTargets, serviceFigures, serviceTargets } from '../../admin/tickets';
import { HQ_SERVICE_TARGETS_ID, SERVICE_TARGETS_ENTITY, serviceTargetsPublishSchema } from '../../../shared/service/targets';
import { figuresQuerySchema, hqTicketEventSchema, ticketAssignSchema, ticketBoardQuerySchema, ticketCloseSchema } from '../../../shared/service/protocol';
import { z } from 'zod';
import { parseRequest } from '../../http';
import { idParam, need, type ConsoleRoutes } from './context';

/**
 * Console routes of 고객 응대 (issue 16): the board of open tickets by due time, assignment, steps, closing; monthly figures; service targets.
 */
export function registerServiceRoutes({ api, database, act }: ConsoleRoutes): void {
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
}
