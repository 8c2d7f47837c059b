import type { Contract } from '../../../shared/contract/contract';
import type { HandlerMap } from '../../../shared/contract/dispatcher';
import type { CoreContext } from '../context';

type H = HandlerMap<Pick<Contract, 'retention.due' | 'retention.destroy' | 'retention.log'>, CoreContext>;

/** 파기 예정 (issue 17 item 3): the rep's retention rules on this device. */
export const retentionHandlers: H = {
  'retention.due': (_input, ctx) => ctx.retention.due(),
  'retention.destroy': ({ items }, ctx) => ({ results: ctx.retention.destroy(items) }),
  'retention.log': ({ limit }, ctx) => ctx.retention.log(limit),
};
