import { AppError } from '../../shared/contract/errors';
import type { Store } from './store/db';
import type { Clock } from './ids';
import { ApplicationsRepo } from './repos/applications';
import { CustomersRepo, customerFromRow } from './repos/customers';

export type HostKind = 'electron' | 'web' | 'cli' | 'test';

export interface CoreInfo {
  version: string;
  host: HostKind;
  dataDir: string;
}

export function createRepos(store: Store, clock: Clock) {
  return {
    applications: new ApplicationsRepo(store, clock),
    customers: new CustomersRepo(store.db),
    customerRecord: customerFromRow,
    notFound: (what: string, id: string) =>
      new AppError('NOT_FOUND', `${what}(ID ${id})을(를) 찾을 수 없습니다. 목록을 새로 고친 뒤 다시 선택하세요.`, { id }),
  };
}
export type Repos = ReturnType<typeof createRepos>;

/** What every handler receives. */
export interface CoreContext {
  store: Store;
  repos: Repos;
  clock: Clock;
  info: CoreInfo;
}
