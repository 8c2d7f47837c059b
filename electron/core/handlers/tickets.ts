import type { Contract } from '../../../shared/contract/contract';
import type { HandlerMap } from '../../../shared/contract/dispatcher';
import { quoteSourceFromVersion } from '../../../shared/forms/quote';
import { outageFeeOf } from '../../../shared/forms/settlement';
import { outageCredits } from '../../../shared/service/outages';
import type { CoreContext } from '../context';

type H = HandlerMap<Pick<Contract, 'tickets.list' | 'tickets.create' | 'tickets.event' | 'tickets.credits'>, CoreContext>;

/** 고객 응대 (issue 16): complaints and faults, their clocks computed on read. */
export const ticketHandlers: H = {
  'tickets.list': ({ applicationId }, ctx) => ctx.repos.tickets.list(applicationId),
  'tickets.create': (input, ctx) => ctx.repos.tickets.create(input),
  'tickets.event': (input, ctx) => ctx.repos.tickets.addEvent(input, ctx.info.device),
  // The same figures the settlement request credits (shared/forms/registry.ts): the quote's recurring fee, art. 10 per KST month.
  'tickets.credits': ({ applicationId }, ctx) => {
    ctx.repos.applications.get(applicationId);
    const version = ctx.repos.quotes.latestVersionFor(applicationId);
    const quote = version ? quoteSourceFromVersion(version).quote : undefined;
    const monthlyFee = outageFeeOf(quote);
    const currency = quote?.currency ?? 'KRW';
    const months = outageCredits(ctx.repos.tickets.outagesFor(applicationId), monthlyFee, currency).map((c) => ({
      month: c.month,
      outages: c.outages,
      totalMinutes: c.totalMinutes,
      eligible: c.damages.eligible,
      basis: c.damages.basis,
      amount: c.damages.amount,
      reason: c.damages.reason,
    }));
    return { applicationId, monthlyFee, currency, months };
  },
};
