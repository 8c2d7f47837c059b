import { z } from 'zod';
import { catalogSchema } from '../../../shared/catalog/schema';
import { accountCreateSchema, accountUpdateSchema, catalogUploadSchema, deviceListQuerySchema, enrollmentCodeCreateSchema, supplierPublishSchema } from '../../../shared/console/api';
import { jsonDiff } from '../../../shared/console/diff';
import { contactsPublishSchema, SYNC_LIMITS, HQ_CONTACTS_ID, HQ_SUPPLIER_ID, type JsonValue } from '../../../shared/sync/protocol';
import { supplierSchema } from '../../../shared/forms/inputs';
import * as admin from '../../admin/ops';
import { q } from '../../db/open';
import { HttpError, parseRequest } from '../../http';
import { sql } from 'drizzle-orm';
import { createAccount, listAccounts, resetPassword, updateAccount } from '../accounts';
import { currentCatalog, publishedCatalogs, shippedCatalogs } from '../catalogs';
import { listBranches, listDevices, listEnrollmentCodes } from '../queries';
import { readSupplier } from '../supplier';
import { numericId, need, type ConsoleRoutes } from './context';

/**
 * Console routes of 관리: branches, devices, enrollment codes, price tables, contacts (#6), the supplier block, accounts.
 */
export function registerAdminRoutes({ api, database, act, publicUrl }: ConsoleRoutes): void {
  const db = database.db;
  // 관리: branches, reps, devices, enrollment codes
  api.get('/console/api/branches', need('admin.read'), async () => listBranches(db));
  api.get('/console/api/devices', need('admin.read'), async (req) => listDevices(db, parseRequest(deviceListQuerySchema, req.query, '조회 조건')));
  api.post('/console/api/devices/:id/revoke', need('admin.manage'), async (req) => {
    const { id } = parseRequest(z.strictObject({ id: z.uuid({ error: '기기 ID는 UUID입니다.' }) }), req.params, '기기 ID');
    return act(req, 'device.revoke', { kind: 'device', id }, (actor) => admin.revokeDevice(database, id, actor));
  });
  api.get('/console/api/enrollment-codes', need('admin.read'), async () => listEnrollmentCodes(db));
  api.post('/console/api/enrollment-codes', need('admin.manage'), async (req) => {
    const body = parseRequest(enrollmentCodeCreateSchema, req.body, '등록 코드 요청');
    const created = await act(req, 'enrollment_code.create', { kind: 'rep', id: `${body.branch}/${body.rep}` }, (actor) =>
      admin.createEnrollmentCode(database, { branch: body.branch, rep: body.rep, ttlSeconds: body.ttlHours * 3600 }, actor),
    );
    return { ...created, server: publicUrl?.() ?? null };
  });

  // price tables
  api.get('/console/api/catalogs', need('admin.read'), async () => {
    const current = await currentCatalog(db);
    return {
      current: current.catalog
        ? {
            source: current.source,
            catalogVersion: current.catalogVersion,
            id: current.catalog.id,
            version: current.catalog.version,
            effectiveDate: current.catalog.effectiveDate,
            catalog: current.catalog,
          }
        : null,
      published: (await publishedCatalogs(db)).map((p) => {
        const c = p.catalog as { id?: unknown; version?: unknown; effectiveDate?: unknown; title?: unknown } | null;
        return {
          recordId: p.recordId,
          catalogVersion: p.catalogVersion,
          publishedAt: p.publishedAt,
          sha256: p.sha256,
          id: c?.id ?? null,
          version: c?.version ?? null,
          effectiveDate: c?.effectiveDate ?? null,
          title: c?.title ?? null,
        };
      }),
      shipped: [...shippedCatalogs().values()].map((c) => ({ id: c.id, version: c.version, effectiveDate: c.effectiveDate, title: c.title })),
    };
  });
  const prepared = (body: z.output<typeof catalogUploadSchema>): Record<string, JsonValue> =>
    body.effectiveDate === undefined ? body.catalog : { ...body.catalog, effectiveDate: body.effectiveDate };
  api.post('/console/api/catalogs/preview', { ...need('admin.read'), bodyLimit: SYNC_LIMITS.adminMaxBytes }, async (req) => {
    const body = parseRequest(catalogUploadSchema, req.body, '단가표');
    const next = prepared(body);
    const parsed = parseRequest(catalogSchema, next, '단가표');
    const current = await currentCatalog(db);
    return {
      valid: true,
      id: parsed.id,
      version: parsed.version,
      effectiveDate: parsed.effectiveDate,
      products: parsed.products.length,
      against: current.catalog ? { id: current.catalog.id, version: current.catalog.version, source: current.source } : null,
      diff: jsonDiff(current.catalog ?? {}, next),
    };
  });
  api.post('/console/api/catalogs', { ...need('admin.manage'), bodyLimit: SYNC_LIMITS.adminMaxBytes }, async (req) => {
    const body = parseRequest(catalogUploadSchema, req.body, '단가표');
    const next = prepared(body);
    parseRequest(catalogSchema, next, '단가표');
    return act(req, 'catalog.publish', { kind: 'catalog', id: typeof next.id === 'string' ? next.id : '(id 없음)' }, (actor) => admin.publishCatalog(database, next, actor));
  });

  // contacts (#6)
  api.get('/console/api/contacts', need('admin.read'), async () => {
    const row = (
      await q<{ version: number; fields: { contacts?: unknown; publishedAt?: string } }>(db, sql`select version, fields from records where entity = 'contacts' and id = ${HQ_CONTACTS_ID}`)
    )[0];
    return { version: row ? row.version : null, publishedAt: row?.fields.publishedAt ?? null, contacts: Array.isArray(row?.fields.contacts) ? row.fields.contacts : [] };
  });
  api.post('/console/api/contacts', { ...need('admin.manage'), bodyLimit: SYNC_LIMITS.adminMaxBytes }, async (req) => {
    const body = parseRequest(z.strictObject({ contacts: contactsPublishSchema }), req.body, '연락처 목록');
    return act(req, 'contacts.publish', { kind: 'contacts', id: HQ_CONTACTS_ID }, (actor) => admin.publishContacts(database, body.contacts, actor));
  });

  // supplier block printed on quotes and contracts
  api.get('/console/api/supplier', need('admin.read'), async () => readSupplier(db));
  api.post('/console/api/supplier', { ...need('admin.manage'), bodyLimit: 16 * 1024 }, async (req) => {
    const body = parseRequest(supplierPublishSchema, req.body, '공급자 정보');
    const supplier = parseRequest(supplierSchema, body.supplier, '공급자 정보');
    return act(req, 'supplier.publish', { kind: 'supplier', id: HQ_SUPPLIER_ID }, (actor) => admin.publishSupplier(database, supplier, actor));
  });

  // accounts
  api.get('/console/api/accounts', need('accounts.manage'), async () => listAccounts(db));
  api.post('/console/api/accounts', { ...need('accounts.manage'), bodyLimit: 4096 }, async (req) => {
    const body = parseRequest(accountCreateSchema, req.body, '계정');
    return act(req, 'account.create', { kind: 'account', id: body.login }, (actor) => db.transaction((tx) => createAccount(tx, body, actor)));
  });
  api.post('/console/api/accounts/:id/reset-password', need('accounts.manage'), async (req) => {
    const { id } = parseRequest(numericId, req.params, '계정 ID');
    return act(req, 'account.reset_password', { kind: 'account', id: String(id) }, (actor) => db.transaction((tx) => resetPassword(tx, id, actor)));
  });
  api.patch('/console/api/accounts/:id', { ...need('accounts.manage'), bodyLimit: 4096 }, async (req) => {
    const { id } = parseRequest(numericId, req.params, '계정 ID');
    const body = parseRequest(accountUpdateSchema, req.body, '계정 변경');
    if (id === req.consoleSession!.user.id && (body.disabled === true || (body.role !== undefined && body.role !== 'admin'))) {
      throw new HttpError('CONFLICT', '자기 계정의 관리자 역할을 없애거나 사용 중지할 수 없습니다. 다른 관리자에게 요청하세요.');
    }
    return act(req, 'account.update', { kind: 'account', id: String(id) }, (actor) => db.transaction((tx) => updateAccount(tx, id, body, actor)));
  });
}
