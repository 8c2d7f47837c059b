import type { Contract } from '../../../shared/contract/contract';
import type { HandlerMap } from '../../../shared/contract/dispatcher';
import type { CoreContext } from '../context';
import { acknowledgeHandout, checkInHandout, markResult, myHandouts, printHandout, revealNumber } from '../prospects/prospects';

type H = HandlerMap<Pick<Contract, 'prospects.mine' | 'prospects.reveal' | 'prospects.acknowledge' | 'prospects.result' | 'prospects.checkIn' | 'prospects.print'>, CoreContext>;

/** 내 명단 (issue 17 item 5): each call's access-log entry is written by the dispatcher from the contract's declaration. */
export const prospectHandlers: H = {
  'prospects.mine': (_input, ctx) => myHandouts(ctx),
  'prospects.reveal': ({ handoutId, entryId }, ctx) => revealNumber(ctx, handoutId, entryId),
  'prospects.acknowledge': ({ handoutId }, ctx) => acknowledgeHandout(ctx, handoutId),
  'prospects.result': (input, ctx) => markResult(ctx, input),
  'prospects.checkIn': ({ handoutId }, ctx) => checkInHandout(ctx, handoutId),
  'prospects.print': ({ handoutId }, ctx) => printHandout(ctx, handoutId),
};
