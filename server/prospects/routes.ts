import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Permission } from '../../shared/console/roles';
import { PROSPECT_PATHS, prospectDecideSchema, prospectHandoutSchema, prospectIdParam, prospectImportSchema } from '../../shared/prospects/protocol';
import type { Actor } from '../console/audit';
import type { Database } from '../db/open';
import { parseRequest } from '../http';
import { archiveProspectList, decideCampaignRequest, handOutProspects, importProspectList, listProspectLists, prospectListDetail, recallHandout } from './ops';

/** An import may carry up to 20,000 rows (or 4 MiB of CSV). */
const IMPORT_BODY_LIMIT = 6 * 1024 * 1024;

export interface ProspectRouteOptions {
  /** '/admin' (the admin token's scope) or '/console/api' (the console's, with a permission per route). */
  prefix: '/admin' | '/console/api';
  database: Database;
  actorOf: (req: FastifyRequest) => Actor;
  /** Wraps each change so that a refusal is audited too (the console's `act`); the admin API runs it as it is. */
  act?: <T>(req: FastifyRequest, action: string, target: { kind: string; id: string }, run: (actor: Actor) => Promise<T>) => Promise<T>;
}

/**
 * 명단 (issue 17 item 5): the same routes in the admin API and the console API. In the console
 * each needs `prospects.manage`; every route is declared in HQ_ROUTE_ACCESS (server/privacy/routes.ts).
 */
export function registerProspectRoutes(scope: FastifyInstance, { prefix, database, actorOf, act }: ProspectRouteOptions): void {
  const config = prefix === '/console/api' ? { config: { permission: 'prospects.manage' as Permission } } : {};
  const run = <T>(req: FastifyRequest, action: string, target: { kind: string; id: string }, work: (actor: Actor) => Promise<T>): Promise<T> =>
    act ? act(req, action, target, work) : work(actorOf(req));
  const id = (req: FastifyRequest, what: string) => parseRequest(prospectIdParam, req.params, what).id;

  scope.get(`${prefix}${PROSPECT_PATHS.lists}`, config, async () => listProspectLists(database));
  scope.post(`${prefix}${PROSPECT_PATHS.lists}`, { ...config, bodyLimit: IMPORT_BODY_LIMIT }, async (req) => {
    const body = parseRequest(prospectImportSchema, req.body, '명단 가져오기');
    return run(req, 'prospects.import', { kind: 'prospect_list', id: '(new)' }, (actor) => importProspectList(database, body, actor));
  });
  scope.get(`${prefix}${PROSPECT_PATHS.list(':id')}`, config, async (req) => prospectListDetail(database, id(req, '명단 ID')));
  scope.post(`${prefix}${PROSPECT_PATHS.handout(':id')}`, { ...config, bodyLimit: 8192 }, async (req) => {
    const listId = id(req, '명단 ID');
    const body = parseRequest(prospectHandoutSchema, req.body, '명단 배부');
    return run(req, 'prospects.handout', { kind: 'prospect_list', id: listId }, (actor) => handOutProspects(database, listId, body, actor));
  });
  scope.post(`${prefix}${PROSPECT_PATHS.archive(':id')}`, { ...config, bodyLimit: 4096 }, async (req) => {
    const listId = id(req, '명단 ID');
    return run(req, 'prospects.archive', { kind: 'prospect_list', id: listId }, (actor) => archiveProspectList(database, listId, actor));
  });
  scope.post(`${prefix}${PROSPECT_PATHS.decide(':id')}`, { ...config, bodyLimit: 4096 }, async (req) => {
    const requestId = id(req, '요청 ID');
    const body = parseRequest(prospectDecideSchema, req.body, '캠페인 승인');
    return run(req, 'prospects.decide', { kind: 'prospect_request', id: requestId }, (actor) => decideCampaignRequest(database, requestId, body, actor));
  });
  scope.post(`${prefix}${PROSPECT_PATHS.recall(':id')}`, { ...config, bodyLimit: 4096 }, async (req) => {
    const handoutId = id(req, '배부 ID');
    return run(req, 'prospects.recall', { kind: 'prospect_handout', id: handoutId }, (actor) => recallHandout(database, handoutId, actor));
  });
}
