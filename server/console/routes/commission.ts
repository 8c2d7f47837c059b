import { commissionPlanUploadSchema, type CommissionStatementView } from '../../../shared/console/api';
import { commissionPlanPublishSchema, commissionStatementQuerySchema } from '../../../shared/commission/protocol';
import { statementCsv } from '../../../shared/commission/statement';
import { SYNC_LIMITS } from '../../../shared/sync/protocol';
import { commissionPlans, commissionStatement, publishCommissionPlan } from '../../admin/commission';
import { parseRequest } from '../../http';
import { audit } from '../audit';
import { need, type ConsoleRoutes } from './context';

/**
 * Console routes of 판매 수수료: the monthly statement (정산, on screen and as CSV) and the plans devices compute with (관리).
 */
export function registerCommissionRoutes({ api, database, actorOf, act }: ConsoleRoutes): void {
  const db = database.db;
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
    await audit(db, actorOf(req), {
      action: 'commission.export',
      targetKind: 'commission_statement',
      targetId: query.month,
      after: { month: query.month, branch: query.branch ?? null, rows: rows.length },
    });
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="commission-${query.month}.csv"`).send(statementCsv(rows));
  });
  api.get('/console/api/commission/plans', need('settlements.read'), async () => commissionPlans(db));
  api.post('/console/api/commission/plans', { ...need('admin.manage'), bodyLimit: SYNC_LIMITS.adminMaxBytes }, async (req) => {
    const body = parseRequest(commissionPlanUploadSchema, req.body, '수수료 기준');
    const plan = parseRequest(commissionPlanPublishSchema, body.plan, '수수료 기준');
    return act(req, 'commission_plan.publish', { kind: 'commission_plan', id: typeof plan.id === 'string' ? plan.id : '(id 없음)' }, (actor) => publishCommissionPlan(database, plan, actor));
  });
}
