import type { HandlerMap } from '../../../shared/contract/dispatcher';
import type { Contract } from '../../../shared/contract/contract';
import type { CoreContext } from '../context';
import { AppError } from '../../../shared/contract/errors';
import type { Application } from '../../../shared/domain/application';
import { STATUS_LABELS } from '../../../shared/domain/status';
import { isEditableByRep } from '../../../shared/lifecycle/machine';

/** Every item must be a product of the default price list: a typo would otherwise reach the forms. */
function assertKnownProducts(app: Application, { catalogs }: CoreContext, pathPrefix = ''): void {
  const catalog = catalogs.get(catalogs.defaultId);
  if (!catalog) return;
  const products = new Map(catalog.products.map((p) => [p.code, p]));
  const issues = app.items.flatMap((item, i) => {
    const product = products.get(item.code);
    if (!product) {
      return [{ path: `${pathPrefix}items.${i}.code`, message: `알 수 없는 상품 코드 '${item.code}'입니다. 가격표(${catalog.id})의 코드 중 하나를 쓰세요: ${[...products.keys()].join(', ')}.` }];
    }
    // A negotiated item has no list price: without the agreed price it could never be quoted or printed.
    if (product.pricing.kind === 'negotiated' && item.unitPrice === undefined) {
      return [{ path: `${pathPrefix}items.${i}.unitPrice`, message: `'${product.name}'(${item.code})은(는) 별도 협정가 상품입니다. 협의한 단가(unitPrice)를 입력하세요.` }];
    }
    return [];
  });
  if (issues.length > 0) throw new AppError('INVALID_INPUT', `입력값을 확인하세요: ${issues[0]!.message}`, { issues });
}

type H = HandlerMap<Pick<Contract, 'applications.list' | 'applications.get' | 'applications.create' | 'applications.update' | 'customers.list' | 'customers.get'>, CoreContext>;

export const applicationHandlers: H = {
  'applications.list': (input, ctx) => {
    const page = ctx.repos.applications.list(input);
    // Before enrollment nothing can leave the device: queued means "only here" to the rep.
    if (!ctx.sync.engine.enrollment()) for (const item of page.items) if (item.sync === 'queued') item.sync = 'local';
    return page;
  },
  'applications.get': ({ id }, { repos }) => repos.applications.get(id),
  'applications.create': (input, ctx) => {
    assertKnownProducts(input, ctx);
    return ctx.repos.applications.create(input);
  },
  'applications.update': ({ id, revision, application }, ctx) => {
    const current = ctx.repos.applications.get(id);
    if (!isEditableByRep(current.status)) {
      // What the customer signed and HQ received is kept as it was; a change is its own application.
      throw new AppError(
        'NOT_ALLOWED',
        `'${STATUS_LABELS[current.status].ko}' 상태의 청약은 고칠 수 없습니다. 서명·제출 뒤에 내용을 바꾸려면 진행 관리에서 '변경 신청 만들기'로 변경 신청서를 작성하세요.`,
        { status: current.status },
      );
    }
    assertKnownProducts(application, ctx, 'application.');
    return ctx.repos.applications.update(id, revision, application);
  },
  'customers.list': ({ query, limit, offset }, { repos }) => repos.customers.list(query, limit, offset),
  'customers.get': ({ id }, { repos }) => {
    const row = repos.customers.get(id);
    if (!row) throw repos.notFound('고객', id);
    return { ...repos.customerRecord(row), applications: repos.applications.listForCustomer(id) };
  },
};
