import type { Contract } from '../../../shared/contract/contract';
import type { HandlerMap } from '../../../shared/contract/dispatcher';
import type { CoreContext } from '../context';

type H = HandlerMap<Pick<Contract, 'tickets.list' | 'tickets.create' | 'tickets.event'>, CoreContext>;

/** 고객 응대 (issue 16): complaints and faults, their clocks computed on read. */
export const ticketHandlers: H = {
  'tickets.list': ({ applicationId }, ctx) => ctx.repos.tickets.list(applicationId),
  'tickets.create': (input, ctx) => ctx.repos.tickets.create(input),
  'tickets.event': (input, ctx) => ctx.repos.tickets.addEvent(input, ctx.info.device),
};
