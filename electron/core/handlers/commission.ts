import { and, desc, eq, inArray } from 'drizzle-orm';
import type { HandlerMap } from '../../../shared/contract/dispatcher';
import type { Contract } from '../../../shared/contract/contract';
import { DEFAULT_CATALOG_ID } from '../../../shared/catalog/cli';
import { currentPeriodKst } from '../../../shared/commission/cli';
import { addMonths } from '../../../shared/commission/engine';
import { LIVE_STATUSES, myCommission, type LiveSubscription } from '../../../shared/commission/statement';
import { parseWorkflow } from '../../../shared/lifecycle/workflow';
import type { CoreContext } from '../context';
import { applications, customers, quoteVersions, quotes } from '../store/schema';

type H = HandlerMap<Pick<Contract, 'commission.plan' | 'commission.mine'>, CoreContext>;

/** The device's live new subscriptions (its rep's), with the catalog of each one's latest quote. */
function liveSubscriptionsOnDevice(ctx: CoreContext): LiveSubscription[] {
  const db = ctx.store.db;
  const apps = db
    .select({ id: applications.id, term: applications.term, items: applications.items, workflow: applications.workflow, seller: applications.seller, customerName: customers.name })
    .from(applications)
    .innerJoin(customers, eq(customers.id, applications.customerId))
    .where(and(eq(applications.kind, 'new'), inArray(applications.status, [...LIVE_STATUSES])))
    .all();
  return apps.flatMap((a) => {
    const openDate = parseWorkflow(a.workflow).openDate;
    if (!openDate) return [];
    const latest = db
      .select({ catalogId: quoteVersions.catalogId })
      .from(quoteVersions)
      .innerJoin(quotes, eq(quotes.id, quoteVersions.quoteId))
      .where(eq(quotes.applicationId, a.id))
      .orderBy(desc(quoteVersions.createdAt), desc(quoteVersions.version))
      .limit(1)
      .get();
    return [{ id: a.id, customerName: a.customerName, catalogId: latest?.catalogId ?? DEFAULT_CATALOG_ID, term: a.term, items: a.items, openDate, rep: a.seller.name }];
  });
}

export const commissionHandlers: H = {
  'commission.plan': ({ catalogId }, { catalogs }) => catalogs.planFor(catalogId) ?? null,
  'commission.mine': (_input, ctx) => {
    const now = currentPeriodKst(ctx.clock.now());
    return myCommission(liveSubscriptionsOnDevice(ctx), [now, addMonths(now, 1)], { catalog: (id) => ctx.catalogs.get(id), planFor: (id) => ctx.catalogs.planFor(id) });
  },
};
