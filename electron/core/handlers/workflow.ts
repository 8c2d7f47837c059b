import type { HandlerMap } from '../../../shared/contract/dispatcher';
import type { Contract } from '../../../shared/contract/contract';
import type { CoreContext } from '../context';

type H = HandlerMap<Pick<Contract, 'workflow.get' | 'workflow.update' | 'workflow.transition'>, CoreContext>;

export const workflowHandlers: H = {
  'workflow.get': ({ applicationId }, ctx) => ctx.workflow.view(applicationId),
  'workflow.update': ({ applicationId, patch }, ctx) => ctx.workflow.update(applicationId, patch),
  'workflow.transition': ({ applicationId, event }, ctx) => ctx.workflow.transition(applicationId, event),
};
