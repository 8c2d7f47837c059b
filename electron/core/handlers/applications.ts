import type { HandlerMap } from '../../../shared/contract/dispatcher';
import type { Contract } from '../../../shared/contract/contract';
import type { CoreContext } from '../context';

type H = HandlerMap<Pick<Contract, 'applications.list' | 'applications.get' | 'applications.create' | 'applications.update' | 'customers.list' | 'customers.get'>, CoreContext>;

export const applicationHandlers: H = {
  'applications.list': (input, { repos }) => repos.applications.list(input),
  'applications.get': ({ id }, { repos }) => repos.applications.get(id),
  'applications.create': (input, { repos }) => repos.applications.create(input),
  'applications.update': ({ id, revision, application }, { repos }) => repos.applications.update(id, revision, application),
  'customers.list': ({ query, limit, offset }, { repos }) => repos.customers.list(query, limit, offset),
  'customers.get': ({ id }, { repos }) => {
    const row = repos.customers.get(id);
    if (!row) throw repos.notFound('고객', id);
    return { ...repos.customerRecord(row), applications: repos.applications.listForCustomer(id) };
  },
};
