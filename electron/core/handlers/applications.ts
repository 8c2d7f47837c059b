import type { HandlerMap } from '../../../shared/contract/dispatcher';
import { errorMsg } from '../../../shared/i18n/error-messages';
import type { Contract } from '../../../shared/contract/contract';
import type { CoreContext } from '../context';
import { AppError } from '../../../shared/contract/errors';
import { toExport } from '../repos/applications';
import { maskPhone } from '../../../shared/privacy/mask';
import type { Application } from '../../../shared/domain/application';
import { assertEditable, isDiscardable } from '../../../shared/lifecycle/editing';

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

type H = HandlerMap<
  Pick<Contract, 'applications.list' | 'applications.get' | 'applications.export' | 'applications.create' | 'applications.update' | 'applications.discard' | 'customers.list' | 'customers.get'>,
  CoreContext
>;

export const applicationHandlers: H = {
  'applications.list': (input, ctx) => {
    const page = ctx.repos.applications.list(input);
    // Before enrollment nothing can leave the device: queued means "only here" to the rep.
    if (!ctx.sync.engine.enrollment()) for (const item of page.items) if (item.sync === 'queued') item.sync = 'local';
    return page;
  },
  'applications.get': ({ id }, { repos }) => repos.applications.get(id),
  'applications.export': ({ id }, { repos }) => toExport(repos.applications.get(id)),
  'applications.create': ({ nameChange, ...input }, ctx) => {
    assertKnownProducts(input, ctx);
    return ctx.repos.applications.create(input, { nameAnswer: nameChange, device: ctx.info.device });
  },
  'applications.update': ({ id, revision, application, nameChange, confirmVoids }, ctx) => {
    const current = ctx.repos.applications.get(id);
    // What the customer signed and HQ received is kept as it was; a change is its own application.
    assertEditable(current, 'application');
    assertKnownProducts(application, ctx, 'application.');
    if (current.revision !== revision) {
      throw new AppError('CONFLICT', errorMsg('core.applicationConflict'), { storedRevision: current.revision, yourRevision: revision });
    }
    const naming = { applicationId: id, answer: nameChange, device: ctx.info.device };
    // The questions come before anything is written: the company name first, then the signatures the change voids.
    const customer = ctx.repos.customers.blockFor(application.customer, naming);
    const within = ctx.edits.check(current, { application: { ...current, ...application, customer } }, confirmVoids);
    return ctx.repos.applications.update(id, revision, application, { nameAnswer: nameChange, device: ctx.info.device, within });
  },
  'applications.discard': ({ id, revision }, ctx) => {
    const current = ctx.repos.applications.get(id);
    if (!isDiscardable(current)) {
      throw new AppError('NOT_ALLOWED', errorMsg('core.discardNotDraft'), { reason: 'not_draft', status: current.status });
    }
    ctx.repos.applications.discard(id, revision);
    return { id, deleted: true as const };
  },
  // Lists and search results show phone numbers masked (010-****-5432); the record's own page (customers.get) shows them whole.
  'customers.list': ({ query, limit, offset }, { repos }) => {
    const page = repos.customers.list(query, limit, offset);
    return { ...page, items: page.items.map((c) => ({ ...c, phone: maskPhone(c.phone) })) };
  },
  'customers.get': ({ id }, { repos }) => {
    const row = repos.customers.get(id);
    if (!row) throw repos.notFound('고객', id);
    return { ...repos.customerRecord(row), applications: repos.applications.listForCustomer(id) };
  },
};
