import type { HandlerMap } from '../../../shared/contract/dispatcher';
import type { Contract } from '../../../shared/contract/contract';
import type { CoreContext } from '../context';

type H = HandlerMap<Pick<Contract, 'store.status' | 'store.backup' | 'store.restore' | 'store.recoverySeen'>, CoreContext>;

export const storeHandlers: H = {
  'store.status': (_input, ctx) => ctx.storeAdmin.status(),
  'store.backup': (_input, ctx) => ctx.storeAdmin.backupNow(),
  'store.restore': ({ backup }, ctx) => ctx.storeAdmin.restore(backup),
  'store.recoverySeen': (_input, ctx) => {
    ctx.storeAdmin.dismissRecovery();
    return ctx.storeAdmin.status();
  },
};
