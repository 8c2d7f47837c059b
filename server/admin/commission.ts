import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { catalogSchema, type Catalog } from '../../shared/catalog/schema';
import { commissionPlanSchema, type CommissionPlan } from '../../shared/commission/schema';
import { COMMISSION_ADMIN_PATHS, COMMISSION_ENTITY, commissionPlanPublishSchema, commissionPlanRecordId, commissionStatementQuerySchema } from '../../shared/commission/protocol';
import { LIVE_STATUSES, monthlyStatement, statementCsv, type LiveSubscription, type PlanLookup, type StatementRow } from '../../shared/commission/statement';
import { SYNC_LIMITS, type Fields, type JsonValue, type publishResponseSchema } from '../../shared/sync/protocol';
import { DEFAULT_CATALOG_ID } from '../../shared/catalog/cli';
import { applicationItemSchema, TERMS } from '../../shared/domain/application';
import type { CommissionPlanView } from '../../shared/console/api';
import { sha256Hex } from '../auth';
import { HQ_BRANCH_ID, q, writeTx, type Database, type Executor } from '../db/open';
import { parseRequest } from '../http';
import { saveRecord } from './ops';
import { ADMIN_TOKEN_ACTOR, audit, type Actor } from '../console/audit';
import { stableJson } from '../../shared/stable-json';

/**
 * HQ's side of commission plans (issue 15): publishing a plan to every device, and the monthly
 * statement per rep and branch. Registered as its own routes so app.ts only gains one line.
 */

/** The app's shipped data (catalogs, commission plans), read when HQ has not published its own. */
const RESOURCES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources');

function readJsonDir<T>(dir: string, parse: (raw: unknown) => T | undefined): T[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => {
      try {
        const parsed = parse(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
        return parsed === undefined ? [] : [parsed];
      } catch {
        return [];
      }
    });
}

/**
 * Publishes a plan as the next version (`commission-plan-v<n>`), unless it equals the latest;
 * audited in the same transaction, attributed to the console person or the admin token.
 */
export async function publishCommissionPlan(database: Database, plan: Record<string, JsonValue>, actor: Actor = ADMIN_TOKEN_ACTOR): Promise<z.output<typeof publishResponseSchema>> {
  const hash = sha256Hex(stableJson(plan));
  return writeTx(database.db, async (tx) => {
    const latest = (
      await q<{ version: number | string; sha256: string }>(
        tx,
        sql`select (fields->>'planVersion')::int as version, fields->>'sha256' as sha256 from records
            where entity = ${COMMISSION_ENTITY} and branch_id = ${HQ_BRANCH_ID} order by (fields->>'planVersion')::int desc limit 1`,
      )
    )[0];
    // The driver may answer int columns as strings: read the version as a number either way.
    const latestVersion = latest ? Number(latest.version) : 0;
    if (latest?.sha256 === hash) return { id: commissionPlanRecordId(latestVersion), version: latestVersion, unchanged: true };
    const version = latestVersion + 1;
    const id = commissionPlanRecordId(version);
    const fields: Fields = { planVersion: version, sha256: hash, publishedAt: new Date().toISOString(), plan };
    await saveRecord(tx, COMMISSION_ENTITY, id, HQ_BRANCH_ID, { version: 1, fields, stamps: {}, deleted: false });
    await audit(tx, actor, {
      action: 'commission_plan.publish',
      targetKind: 'commission_plan',
      targetId: id,
      before: latest ? { planVersion: latestVersion } : null,
      after: { planVersion: version, id: plan.id ?? null, version: plan.version ?? null, title: plan.title ?? null, status: plan.status ?? null },
    });
    return { id, version, unchanged: false };
  });
}

/** Catalogs and plans HQ goes by: the shipped ones, overridden by the highest published version of each id. */
async function planLookup(ex: Executor, resourcesDir = RESOURCES_DIR): Promise<PlanLookup> {
  const catalogs = new Map<string, Catalog>(readJsonDir(path.join(resourcesDir, 'catalogs'), (raw) => catalogSchema.safeParse(raw).data).map((c) => [c.id, c]));
  const plans = new Map<string, CommissionPlan>(readJsonDir(path.join(resourcesDir, 'commission'), (raw) => commissionPlanSchema.safeParse(raw).data).map((p) => [p.id, p]));
  const published = await q<{ entity: string; fields: Fields }>(
    ex,
    sql`select entity, fields from records where branch_id = ${HQ_BRANCH_ID} and entity in ('catalog', ${COMMISSION_ENTITY}) and not deleted
        order by coalesce((fields->>'catalogVersion')::int, (fields->>'planVersion')::int)`,
  );
  for (const row of published) {
    if (row.entity === 'catalog') {
      const c = catalogSchema.safeParse(row.fields.catalog);
      if (c.success) catalogs.set(c.data.id, c.data);
    } else {
      const p = commissionPlanSchema.safeParse(row.fields.plan);
      if (p.success) plans.set(p.data.id, p.data);
    }
  }
  return {
    catalog: (id) => catalogs.get(id),
    // A published plan for the catalog wins over a shipped one (the shipped KT plan is 미설정).
    planFor: (catalogId) => [...plans.values()].reverse().find((p) => p.catalog === catalogId && p.status === 'active') ?? [...plans.values()].find((p) => p.catalog === catalogId),
  };
}

/** Live new subscriptions HQ holds, with their branch, the seller named on form #1, and the latest quote's catalog. */
async function liveSubscriptions(ex: Executor, branch: string | undefined): Promise<LiveSubscription[]> {
  const rows = await q<{ id: string; branch: string; fields: Fields; customer_name: string | null; catalog_id: string | null }>(
    ex,
    sql`
      select a.id, b.name as branch, a.fields, c.fields->>'name' as customer_name,
             (select v.fields->>'catalogId' from records qq join records v on v.entity = 'quote_version' and v.fields->>'quoteId' = qq.id and not v.deleted
               where qq.entity = 'quote' and qq.fields->>'applicationId' = a.id and not qq.deleted
               order by (v.fields->>'version')::int desc limit 1) as catalog_id
      from records a
      join branches b on b.id = a.branch_id
      left join records c on c.entity = 'customer' and c.id = a.fields->>'customerId'
      where a.entity = 'application' and not a.deleted and a.fields->>'kind' = 'new'
        and a.fields->>'status' in (${sql.join(
          LIVE_STATUSES.map((s) => sql`${s}`),
          sql`, `,
        )})
        ${branch !== undefined ? sql`and b.name = ${branch}` : sql``}
      order by a.id`,
  );
  return rows.flatMap((r) => {
    const f = r.fields;
    const workflow = (f.workflow ?? {}) as { openDate?: unknown };
    const openDate = typeof workflow.openDate === 'string' ? workflow.openDate : typeof f.statusChangedAt === 'string' ? f.statusChangedAt.slice(0, 10) : undefined;
    const items = applicationItemSchema.array().safeParse(f.items);
    const term = typeof f.term === 'string' && (TERMS as readonly string[]).includes(f.term) ? (f.term as (typeof TERMS)[number]) : undefined;
    if (!openDate || !items.success || !term) return [];
    const seller = (f.seller ?? {}) as { name?: unknown };
    return [
      {
        id: r.id,
        customerName: r.customer_name ?? '',
        catalogId: r.catalog_id ?? DEFAULT_CATALOG_ID,
        term,
        items: items.data,
        openDate,
        branch: r.branch,
        rep: typeof seller.name === 'string' ? seller.name : undefined,
      },
    ];
  });
}

/** The monthly statement per branch, rep and currency (the same rows the CSV holds). */
export async function commissionStatement(ex: Executor, query: z.output<typeof commissionStatementQuerySchema>): Promise<StatementRow[]> {
  return monthlyStatement(await liveSubscriptions(ex, query.branch), query.month, await planLookup(ex));
}

type PlanSummary = CommissionPlanView;

/** Every plan HQ knows: published versions (newest first), then the ones shipped with the app. */
export async function commissionPlans(ex: Executor, resourcesDir = RESOURCES_DIR): Promise<PlanSummary[]> {
  const rows = await q<{ id: string; fields: Fields }>(
    ex,
    sql`select id, fields from records where entity = ${COMMISSION_ENTITY} and branch_id = ${HQ_BRANCH_ID} and not deleted order by (fields->>'planVersion')::int desc`,
  );
  const summary = (plan: CommissionPlan, source: PlanSummary['source'], recordId: string | null, planVersion: number | null, publishedAt: string | null): PlanSummary => ({
    source,
    recordId,
    planVersion,
    publishedAt,
    id: plan.id,
    version: plan.version,
    title: plan.title,
    catalog: plan.catalog,
    currency: plan.currency,
    status: plan.status,
    rules: plan.rules.length,
  });
  const published = rows.flatMap((r) => {
    const p = commissionPlanSchema.safeParse(r.fields.plan);
    return p.success ? [summary(p.data, 'published', r.id, Number(r.fields.planVersion), typeof r.fields.publishedAt === 'string' ? r.fields.publishedAt : null)] : [];
  });
  const shipped = readJsonDir(path.join(resourcesDir, 'commission'), (raw) => commissionPlanSchema.safeParse(raw).data).map((p) => summary(p, 'shipped', null, null, null));
  return [...published, ...shipped];
}

export function registerCommissionRoutes(app: FastifyInstance, database: Database, actorOf: (req: FastifyRequest) => Actor): void {
  app.post(COMMISSION_ADMIN_PATHS.plans, { bodyLimit: SYNC_LIMITS.adminMaxBytes }, async (req) => {
    const body = parseRequest(commissionPlanPublishSchema, req.body, '수수료 기준');
    return publishCommissionPlan(database, body, actorOf(req));
  });
  app.get(COMMISSION_ADMIN_PATHS.statement, async (req, reply) => {
    const query = parseRequest(commissionStatementQuerySchema, req.query, '조회 조건');
    const rows = await commissionStatement(database.db, query);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="commission-${query.month}.csv"`).send(statementCsv(rows));
  });
}
