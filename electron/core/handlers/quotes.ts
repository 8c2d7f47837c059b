import type { HandlerMap } from '../../../shared/contract/dispatcher';
import type { Contract } from '../../../shared/contract/contract';
import { AppError } from '../../../shared/contract/errors';
import type { CoreContext } from '../context';
import { assertEditable } from '../../../shared/lifecycle/editing';

type H = HandlerMap<Pick<Contract, 'catalog.list' | 'catalog.get' | 'quotes.save' | 'quotes.get' | 'quotes.list'>, CoreContext>;

export const quoteHandlers: H = {
  'catalog.list': (_input, { catalogs }) =>
    catalogs.all().map((c) => ({ id: c.id, title: c.title ?? c.id, version: c.version, currency: c.currency, effectiveDate: c.effectiveDate, isDefault: c.id === catalogs.defaultId })),
  'catalog.get': ({ id }, { catalogs }) => {
    const catalog = catalogs.get(id ?? catalogs.defaultId);
    if (!catalog) throw new AppError('NOT_FOUND', `가격표 '${id ?? catalogs.defaultId}'을(를) 찾을 수 없습니다. 본사에서 가격표를 받으려면 동기화하세요.`, { id });
    return catalog;
  },
  'quotes.save': ({ confirmVoids, ...input }, ctx) => {
    const app = ctx.repos.applications.get(input.applicationId);
    // A signed-and-submitted application keeps the quote the customer sealed: a change is a 변경 신청 (#4).
    assertEditable(app, 'quote');
    const pending = ctx.repos.quotes.preview(input);
    const within = ctx.edits.check(app, { application: { ...app, term: pending.term, items: pending.items }, quote: pending }, confirmVoids);
    return ctx.repos.quotes.save(input, within);
  },
  'quotes.get': ({ quoteId, version }, { repos }) => repos.quotes.get(quoteId, version),
  'quotes.list': (input, { repos }) => repos.quotes.list(input),
};
