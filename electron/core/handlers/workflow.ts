import type { HandlerMap } from '../../../shared/contract/dispatcher';
import type { Contract } from '../../../shared/contract/contract';
import type { CoreContext } from '../context';
import { dashboard } from '../dashboard';

type H = HandlerMap<Pick<Contract, 'workflow.get' | 'workflow.update' | 'workflow.transition' | 'workflow.settlement' | 'applications.derive' | 'dashboard.get'>, CoreContext>;

export const workflowHandlers: H = {
  'workflow.get': ({ applicationId }, ctx) => ctx.workflow.view(applicationId),
  'workflow.update': ({ applicationId, patch }, ctx) => ctx.workflow.update(applicationId, patch),
  'workflow.transition': ({ applicationId, event }, ctx) => ctx.workflow.transition(applicationId, event),
  'workflow.settlement': ({ applicationId, inputs, confirmVoids }, ctx) => ctx.workflow.requestSettlement(applicationId, inputs, confirmVoids),
  'applications.derive': ({ fromId, kind, reason }, ctx) => ctx.workflow.derive(fromId, kind, reason),
  'dashboard.get': (_input, ctx) => dashboard(ctx),
};
