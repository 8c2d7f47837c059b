import type { Contract } from '../../../shared/contract/contract';
import type { HandlerMap } from '../../../shared/contract/dispatcher';
import type { CoreContext } from '../context';

type H = HandlerMap<Pick<Contract, 'consents.get' | 'consents.record' | 'consents.withdraw'>, CoreContext>;

/** 고객 동의 (issue 17 item 2): consent decisions as append-only events. */
export const consentHandlers: H = {
  'consents.get': ({ applicationId }, ctx) => ctx.repos.consents.view(applicationId),
  'consents.record': (input, ctx) => ctx.repos.consents.record(input, ctx.info.device),
  'consents.withdraw': (input, ctx) => ctx.repos.consents.withdraw(input, ctx.info.device),
};
