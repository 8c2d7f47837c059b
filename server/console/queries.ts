import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  ApplicationDetail,
  ApplicationRow,
  AttachmentView,
  DocumentView,
  Overview,
  Page,
  QuoteDetail,
  QuoteLineView,
  QuoteRow,
  applicationListQuerySchema,
  deviceListQuerySchema,
  quoteListQuerySchema,
  settlementListQuerySchema,
} from '../../shared/console/api';
import { compareTerms } from '../../shared/catalog/calculators';
import { STATUS_REASON_REQUIRED, transitionsOutOf } from '../../shared/sync/ownership';
import { consentState } from '../../shared/privacy/consent';
import { consentEventsOf } from '../privacy/consents';
import { dealTypeOf, PACK_DOCUMENTS, PACK_SIGNATURES, packChecklist, requiredPack, type PackState } from '../../shared/lifecycle/documents';
import { parseWorkflow } from '../../shared/lifecycle/workflow';
import { FORM_REGISTRY } from '../../shared/forms/registry';
import type { FormId } from '../../shared/forms/model';
import type { ApplicationStatus } from '../../shared/domain/status';
import type { Fields } from '../../shared/sync/protocol';
import { HQ_BRANCH_ID, q, type Executor } from '../db/open';
import { HttpError } from '../http';
import { auditOf } from './audit';
import { currentCatalog, findCatalog } from './catalogs';

/** Read-only views of HQ's data for the console's queues, detail pages and overview. */

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const iso = (v: string | Date | null | undefined) => (v === null || v === undefined ? null : new Date(v).toISOString());
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** When the record reached its current status: the rep's history, HQ's stamp, else its last change. */
function statusSince(fields: Fields, updatedAt: string): string {
  const status = fields.status;
  const history = parseWorkflow(fields.workflow).history;
  const entry = [...history].reverse().find((h) => h.to === status);
  const candidates = [entry?.at, str(fields.statusChangedAt)].filter((x): x is string => typeof x === 'string' && !Number.isNaN(Date.parse(x)));
  const latest = candidates.sort().at(-1);
  return latest ? new Date(latest).toISOString() : new Date(updatedAt).toISOString();
}

interface AppSqlRow {
  id: string;
  branch: string;
  branch_id: number;
  fields: Fields;
  version: number;
  updated_at: string;
  customer_name: string | null;
  business_number: string | null;
}

function toApplicationRow(r: AppSqlRow): ApplicationRow {
  const seller = r.fields.seller as { name?: unknown } | null | undefined;
  return {
    id: r.id,
    branch: r.branch,
    customerName: r.customer_name,
    businessNumber: r.business_number,
    kind: str(r.fields.kind),
    status: str(r.fields.status) ?? 'draft',
    serviceNumber: str(r.fields.serviceNumber),
    date: str(r.fields.date),
    sellerName: seller && typeof seller === 'object' ? str(seller.name) : null,
    updatedAt: new Date(r.updated_at).toISOString(),
    statusSince: statusSince(r.fields, r.updated_at),
  };
}

const APP_SELECT = sql`
  select a.id, b.name as branch, a.branch_id, a.fields, a.version, a.updated_at,
         coalesce(a.fields->'customer'->>'name', c.fields->>'name') as customer_name,
         coalesce(a.fields->'customer'->>'businessNumber', c.fields->>'businessNumber') as business_number
  from records a
  join branches b on b.id = a.branch_id
  left join records c on c.entity = 'customer' and c.id = a.fields->>'customerId'`;

export async function listApplications(ex: Executor, query: z.output<typeof applicationListQuerySchema>, extra?: SQL): Promise<Page<ApplicationRow>> {
  const where: SQL[] = [sql`a.entity = 'application'`, sql`not a.deleted`];
  if (query.status) where.push(sql`coalesce(a.fields->>'status', 'draft') = ${query.status}`);
  if (query.kind) where.push(sql`a.fields->>'kind' = ${query.kind}`);
  if (query.branch) where.push(sql`b.name = ${query.branch}`);
  if (extra) where.push(extra);
  if (query.q) {
    const p = like(query.q);
    where.push(sql`(coalesce(a.fields->'customer'->>'name', c.fields->>'name', '') ilike ${p}
      or coalesce(a.fields->'customer'->>'businessNumber', c.fields->>'businessNumber', '') ilike ${p}
      or coalesce(a.fields->>'serviceNumber', '') ilike ${p} or a.id ilike ${p}
      or coalesce(a.fields->'seller'->>'name', '') ilike ${p} or b.name ilike ${p})`);
  }
  const w = sql.join(where, sql` and `);
  const dir = query.dir === 'asc' ? sql`asc` : sql`desc`;
  const order: Record<typeof query.sort, SQL> = {
    updated: sql`a.updated_at ${dir}`,
    waiting: sql`a.updated_at ${query.dir === 'asc' ? sql`desc` : sql`asc`}`,
    date: sql`a.fields->>'date' ${dir} nulls last`,
    customer: sql`customer_name ${dir} nulls last`,
    status: sql`a.fields->>'status' ${dir}`,
    branch: sql`b.name ${dir}`,
  };
  const rows = await q<AppSqlRow>(ex, sql`${APP_SELECT} where ${w} order by ${order[query.sort]}, a.id limit ${query.limit} offset ${query.offset}`);
  const total = await q<{ n: number }>(
    ex,
    sql`select count(*)::int as n from records a join branches b on b.id = a.branch_id left join records c on c.entity = 'customer' and c.id = a.fields->>'customerId' where ${w}`,
  );
  return { items: rows.map(toApplicationRow), total: total[0]?.n ?? 0 };
}

/** 정산 queue: applications whose billing was requested (pending) or that HQ has since made active after a request (handled). */
export function listSettlements(ex: Executor, query: z.output<typeof settlementListQuerySchema>): Promise<Page<ApplicationRow>> {
  const extra =
    query.state === 'pending' ? sql`a.fields->>'status' = 'billing_requested'` : sql`a.fields->>'status' <> 'billing_requested' and a.fields->'workflow'->>'settlementRequestedAt' is not null`;
  const sort = query.sort === 'requested' ? 'waiting' : query.sort;
  return listApplications(ex, { ...query, status: undefined, kind: undefined, sort: sort === 'waiting' ? 'waiting' : sort }, extra);
}

async function fileState(ex: Executor, branchId: number, shas: string[]): Promise<Map<string, { size: number; complete: boolean }>> {
  if (shas.length === 0) return new Map();
  const rows = await q<{ sha256: string; size: number; complete: boolean }>(
    ex,
    sql`select sha256, size, complete from attachments where branch_id = ${branchId} and sha256 in (${sql.join(
      shas.map((s) => sql`${s}`),
      sql`, `,
    )})`,
  );
  return new Map(rows.map((r) => [r.sha256, { size: r.size, complete: r.complete }]));
}

async function childRecords(ex: Executor, entity: string, field: string, ids: string[]): Promise<{ id: string; fields: Fields; created_at: string }[]> {
  if (ids.length === 0) return [];
  return q(
    ex,
    sql`select id, fields, created_at from records where entity = ${entity} and not deleted and fields->>${field} in (${sql.join(
      ids.map((i) => sql`${i}`),
      sql`, `,
    )}) order by created_at, id`,
  );
}

export async function applicationDetail(ex: Executor, id: string): Promise<ApplicationDetail> {
  const row = (await q<AppSqlRow>(ex, sql`${APP_SELECT} where a.entity = 'application' and a.id = ${id} and not a.deleted`))[0];
  if (!row) throw new HttpError('NOT_FOUND', `청약(${id})을 찾을 수 없습니다. 목록을 새로 고치세요.`);
  const fields = row.fields;
  const branchId = row.branch_id;
  const customer = str(fields.customerId) ? ((await q<{ fields: Fields }>(ex, sql`select fields from records where entity = 'customer' and id = ${str(fields.customerId)}`))[0]?.fields ?? null) : null;

  const docs = await childRecords(ex, 'document', 'applicationId', [id]);
  const sigs = await childRecords(
    ex,
    'signature',
    'documentId',
    docs.map((d) => d.id),
  );
  const atts = await childRecords(ex, 'application_attachment', 'applicationId', [id]);
  const files = await fileState(
    ex,
    branchId,
    [...sigs.map((s) => str(s.fields.imageSha256)), ...docs.map((d) => str(d.fields.signedPdfSha256)), ...atts.map((a) => str(a.fields.sha256))].filter((s): s is string => s !== null),
  );
  const available = (sha: string | null) => sha !== null && files.get(sha)?.complete === true;

  const documents: DocumentView[] = docs.map((d) => {
    const form = str(d.fields.form) ?? '';
    const pdf = str(d.fields.signedPdfSha256);
    return {
      id: d.id,
      form,
      title: form in FORM_REGISTRY ? FORM_REGISTRY[form as FormId].title : form,
      inputs: d.fields.inputs && typeof d.fields.inputs === 'object' && !Array.isArray(d.fields.inputs) ? d.fields.inputs : null,
      signedVersionKey: str(d.fields.signedVersionKey),
      signedPdfSha256: pdf,
      signedPdfAvailable: available(pdf),
      signatures: sigs
        .filter((s) => s.fields.documentId === d.id)
        .map((s) => ({
          id: s.id,
          area: str(s.fields.area) ?? '',
          mark: str(s.fields.mark) ?? '',
          signerName: str(s.fields.signerName) ?? '',
          signedAt: str(s.fields.signedAt) ?? '',
          device: str(s.fields.device) ?? '',
          appVersion: str(s.fields.appVersion) ?? '',
          versionKey: str(s.fields.versionKey) ?? '',
          imageSha256: str(s.fields.imageSha256) ?? '',
          imageAvailable: available(str(s.fields.imageSha256)),
        })),
    };
  });
  const attachments: AttachmentView[] = atts.map((a) => {
    const sha = str(a.fields.sha256) ?? '';
    return { id: a.id, purpose: str(a.fields.purpose) ?? 'other', fileName: str(a.fields.fileName) ?? '', sha256: sha, size: files.get(sha)?.size ?? 0, available: available(sha) };
  });

  // The submission checklist from what HQ holds: each pack document signed in every one of its areas.
  const workflow = parseWorkflow(fields.workflow);
  const items = Array.isArray(fields.items) ? (fields.items as { code: string }[]) : [];
  const { catalog } = await currentCatalog(ex);
  const oneOff = catalog?.products.filter((p) => p.pricing.kind === 'oneOff').map((p) => p.code) ?? [];
  const kind = (str(fields.kind) ?? 'new') as 'new' | 'change' | 'termination';
  const signed: PackState['signed'] = {};
  for (const key of PACK_DOCUMENTS) {
    const { form, areas } = PACK_SIGNATURES[key];
    const doc = documents.find((d) => d.form === form);
    signed[key] = Boolean(doc && areas.every((area) => doc.signatures.some((s) => s.area === area)));
  }
  const purposes = new Set(attachments.map((a) => a.purpose));
  // The required consent as HQ holds the customer's consent events (issue 17).
  const customerId = str(fields.customerId) ?? '';
  const checklist = packChecklist(requiredPack(kind, dealTypeOf(items, oneOff, workflow.dealType)), {
    signed,
    attached: { businessRegistration: purposes.has('businessRegistration'), signedContract: purposes.has('signedContract') },
    networkPreReviewDone: workflow.networkPreReview?.done === true,
    consents: { collection: consentState((await consentEventsOf(ex, [customerId])).get(customerId) ?? []).collection.status === 'agreed' },
  });

  const quoteIds = (await childRecords(ex, 'quote', 'applicationId', [id])).map((x) => x.id);
  const quotes = (
    await quoteRows(
      ex,
      sql`r.fields->>'quoteId' in (${
        quoteIds.length
          ? sql.join(
              quoteIds.map((x) => sql`${x}`),
              sql`, `,
            )
          : sql`null`
      })`,
    )
  ).sort((a, b) => (b.version ?? 0) - (a.version ?? 0));

  const status = (str(fields.status) ?? 'draft') as ApplicationStatus;
  const assigned = (await q<{ number: string }>(ex, sql`select number from service_numbers where application_id = ${id}`))[0];
  const moves = transitionsOutOf(status, kind)
    .filter((t) => t.by === 'hq' && t.to !== 'so_processed')
    .map((t) => ({ to: t.to, label: t.label, needsReason: STATUS_REASON_REQUIRED.includes(t.to) }));
  return {
    id,
    branch: row.branch,
    version: row.version,
    fields,
    customer,
    statusSince: statusSince(fields, row.updated_at),
    documents,
    attachments,
    checklist,
    quotes,
    moves,
    canSoProcess: status === 'submitted' && !assigned,
    productNames: Object.fromEntries((catalog?.products ?? []).map((p) => [p.code, p.name])),
    history: workflow.history,
    audit: await auditOf(ex, 'application', id),
  };
}

// ── quotes ───────────────────────────────────────────────────────────────────────────────────

interface QuoteSqlRow {
  id: string;
  fields: Fields;
  branch: string;
  application_id: string | null;
  customer_name: string | null;
  application_status: string | null;
}

interface StoredLine {
  code?: unknown;
  name?: unknown;
  quantity?: unknown;
  billedQuantity?: unknown;
  unitPrice?: unknown;
  listUnitPrice?: unknown;
  amount?: unknown;
  oneOff?: unknown;
  priceEntered?: unknown;
}

function storedLines(fields: Fields): StoredLine[] {
  const result = fields.result as { lines?: unknown } | null | undefined;
  return result && Array.isArray(result.lines) ? (result.lines as StoredLine[]) : [];
}

/** The monthly total at list prices (the lines the rep priced by hand count at their own price). */
function listMonthly(fields: Fields): number | null {
  const lines = storedLines(fields);
  if (lines.length === 0) return null;
  let sum = 0;
  for (const l of lines) {
    if (l.oneOff === true) continue;
    const qty = num(l.billedQuantity) ?? num(l.quantity) ?? 0;
    sum += (num(l.listUnitPrice) ?? num(l.unitPrice) ?? 0) * qty;
  }
  return sum;
}

function monthlySupply(fields: Fields): number | null {
  const result = fields.result as { monthly?: { supply?: unknown } } | null | undefined;
  return num(result?.monthly?.supply);
}

function toQuoteRow(r: QuoteSqlRow): QuoteRow {
  return {
    id: r.id,
    quoteId: str(r.fields.quoteId),
    version: num(r.fields.version),
    branch: r.branch,
    applicationId: r.application_id,
    customerName: r.customer_name,
    term: str(r.fields.term),
    monthlyTotal: num(r.fields.monthlyTotal),
    monthlySupply: monthlySupply(r.fields),
    listMonthlyTotal: listMonthly(r.fields),
    currency: str(r.fields.currency),
    approvalStatus: str(r.fields.approvalStatus),
    approvalReason: str(r.fields.approvalReason),
    createdAt: str(r.fields.createdAt),
    notes: str(r.fields.notes),
  };
}

async function quoteRows(ex: Executor, where: SQL): Promise<QuoteRow[]> {
  const rows = await q<QuoteSqlRow>(
    ex,
    sql`select r.id, r.fields, b.name as branch, qt.fields->>'applicationId' as application_id,
               coalesce(a.fields->'customer'->>'name', c.fields->>'name') as customer_name, a.fields->>'status' as application_status
        from records r
        join branches b on b.id = r.branch_id
        left join records qt on qt.entity = 'quote' and qt.id = r.fields->>'quoteId'
        left join records a on a.entity = 'application' and a.id = qt.fields->>'applicationId'
        left join records c on c.entity = 'customer' and c.id = a.fields->>'customerId'
        where r.entity = 'quote_version' and not r.deleted and ${where}
        order by r.id desc limit 5000`,
  );
  return rows.map(toQuoteRow);
}

/** Percent off list of the monthly supply (both without VAT), one decimal. */
const discountOf = (r: QuoteRow) =>
  r.listMonthlyTotal && r.monthlySupply !== null && r.listMonthlyTotal > 0 ? Math.round(((r.listMonthlyTotal - r.monthlySupply) / r.listMonthlyTotal) * 1000) / 10 : 0;

export async function listQuotes(ex: Executor, query: z.output<typeof quoteListQuerySchema>): Promise<Page<QuoteRow & { discountPercent: number }>> {
  const where: SQL[] = [sql`true`];
  if (query.approval) where.push(sql`r.fields->>'approvalStatus' = ${query.approval}`);
  if (query.branch) where.push(sql`b.name = ${query.branch}`);
  if (query.q) {
    const p = like(query.q);
    where.push(sql`(coalesce(a.fields->'customer'->>'name', c.fields->>'name', '') ilike ${p} or r.id ilike ${p} or coalesce(r.fields->>'quoteId', '') ilike ${p} or b.name ilike ${p})`);
  }
  const rows = (await quoteRows(ex, sql.join(where, sql` and `))).map((r) => ({ ...r, discountPercent: discountOf(r) }));
  const key: Record<typeof query.sort, (r: (typeof rows)[number]) => string | number> = {
    created: (r) => r.createdAt ?? '',
    customer: (r) => r.customerName ?? '',
    monthly: (r) => r.monthlySupply ?? 0,
    discount: (r) => r.discountPercent,
    branch: (r) => r.branch,
  };
  const k = key[query.sort];
  rows.sort((a, b) => {
    const x = k(a);
    const y = k(b);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'ko');
    return query.dir === 'asc' ? c : -c;
  });
  return { items: rows.slice(query.offset, query.offset + query.limit), total: rows.length };
}

export async function quoteDetail(ex: Executor, id: string): Promise<QuoteDetail> {
  const row = (await quoteRows(ex, sql`r.id = ${id}`))[0];
  if (!row) throw new HttpError('NOT_FOUND', `견적(${id})을 찾을 수 없습니다. 목록을 새로 고치세요.`);
  const fields = (await q<{ fields: Fields }>(ex, sql`select fields from records where entity = 'quote_version' and id = ${id}`))[0]!.fields;
  const catalogId = str(fields.catalogId);
  const catalogVersion = str(fields.catalogVersion);
  const catalog = catalogId && catalogVersion ? await findCatalog(ex, catalogId, catalogVersion) : undefined;
  const lines: QuoteLineView[] = storedLines(fields).map((l) => {
    const code = str(l.code) ?? '';
    const product = catalog?.products.find((p) => p.code === code);
    const floor = product ? (product.floorPercent ?? catalog?.floorPercent) : undefined;
    const list = num(l.listUnitPrice);
    const unit = num(l.unitPrice) ?? 0;
    const floorUnitPrice = list !== null && floor !== undefined ? Math.ceil((list * floor) / 100) : null;
    return {
      code,
      name: str(l.name) ?? code,
      quantity: num(l.quantity) ?? 0,
      unitPrice: unit,
      listUnitPrice: list,
      floorUnitPrice,
      amount: num(l.amount) ?? 0,
      priceEntered: l.priceEntered === true,
      belowFloor: floorUnitPrice !== null && unit < floorUnitPrice,
      discountPercent: list && list > 0 ? Math.round(((list - unit) / list) * 1000) / 10 : null,
    };
  });
  const result = fields.result as { warnings?: unknown } | null;
  const warnings = Array.isArray(result?.warnings) ? (result.warnings as { code?: unknown; message?: unknown }[]).map((w) => ({ code: str(w.code) ?? '', message: str(w.message) ?? '' })) : [];
  let comparison: QuoteDetail['comparison'] = null;
  if (catalog && Array.isArray(fields.items)) {
    try {
      const items = fields.items as { code: string; quantity: number; unitPrice?: number }[];
      const atList = (() => {
        try {
          // Lines the table prices itself at list; negotiated lines keep the rep's price.
          const listed = items.map((i) => {
            const product = catalog.products.find((p) => p.code === i.code);
            return product && product.pricing.kind !== 'negotiated' ? { code: i.code, quantity: i.quantity } : i;
          });
          return new Map(compareTerms(catalog, listed as never).map((o) => [o.term, o.monthly.supply]));
        } catch {
          return new Map<string, number>();
        }
      })();
      comparison = compareTerms(catalog, items as never).map((o) => ({
        term: o.term,
        monthlyTotal: o.monthly.supply,
        listMonthlyTotal: atList.get(o.term) ?? null,
        contractTotal: o.contract.months === null ? null : o.contract.supply,
        selected: o.term === fields.term,
      }));
    } catch {
      comparison = null; // items the table no longer prices: no comparison, the lines still show
    }
  }
  const versions = row.quoteId
    ? (await quoteRows(ex, sql`r.fields->>'quoteId' = ${row.quoteId}`))
        .map((v) => ({ id: v.id, version: v.version, approvalStatus: v.approvalStatus, monthlyTotal: v.monthlySupply }))
        .sort((a, b) => (b.version ?? 0) - (a.version ?? 0))
    : [];
  const appStatus = row.applicationId
    ? ((await q<{ s: string | null }>(ex, sql`select fields->>'status' as s from records where entity = 'application' and id = ${row.applicationId}`))[0]?.s ?? null)
    : null;
  return {
    ...row,
    lines,
    warnings,
    comparison,
    catalogKnown: catalog !== undefined,
    catalog: catalogId && catalogVersion ? { id: catalogId, version: catalogVersion } : null,
    versions,
    applicationStatus: appStatus,
    audit: await auditOf(ex, 'quote_version', id),
  };
}

// ── overview, devices, branches, enrollment codes ───────────────────────────────────────────

export async function overview(ex: Executor, staleDays: number): Promise<Overview> {
  const pipeline = await q<{ branch: string; status: string; count: number }>(
    ex,
    sql`select b.name as branch, coalesce(a.fields->>'status', 'draft') as status, count(*)::int as count
        from records a join branches b on b.id = a.branch_id
        where a.entity = 'application' and not a.deleted group by 1, 2 order by 1, 2`,
  );
  const submitted = await q<{ fields: Fields; updated_at: string }>(ex, sql`select fields, updated_at from records where entity = 'application' and not deleted and fields->>'status' = 'submitted'`);
  const since = submitted.map((r) => statusSince(r.fields, r.updated_at)).sort();
  const now = Date.now();
  const pending = await q<{ n: number; oldest: string | null }>(
    ex,
    sql`select count(*)::int as n, min(fields->>'createdAt') as oldest from records where entity = 'quote_version' and not deleted and fields->>'approvalStatus' = 'pending'`,
  );
  const settlements = await q<{ n: number }>(ex, sql`select count(*)::int as n from records where entity = 'application' and not deleted and fields->>'status' = 'billing_requested'`);
  const stale = await q<{ id: string; name: string; branch: string; rep: string; last_seen_at: string | null }>(
    ex,
    sql`select d.id, d.name, b.name as branch, r.name as rep, d.last_seen_at from devices d join branches b on b.id = d.branch_id join reps r on r.id = d.rep_id
        where d.revoked_at is null and coalesce(d.last_seen_at, d.created_at) < now() - make_interval(days => ${staleDays})
        order by d.last_seen_at nulls first limit 200`,
  );
  return {
    pipeline: pipeline.map((p) => ({ ...p, count: p.count })),
    soWaiting: {
      count: since.length,
      oldestSince: since[0] ?? null,
      averageHours: since.length ? Math.round((since.reduce((s, t) => s + (now - Date.parse(t)), 0) / since.length / 3_600_000) * 10) / 10 : null,
    },
    approvalsWaiting: { count: pending[0]?.n ?? 0, oldestSince: pending[0]?.oldest ?? null },
    settlementsWaiting: settlements[0]?.n ?? 0,
    staleDevices: stale.map((d) => ({ id: d.id, name: d.name, branch: d.branch, rep: d.rep, lastSeenAt: iso(d.last_seen_at) })),
    staleDays,
  };
}

export async function listDevices(ex: Executor, query: z.output<typeof deviceListQuerySchema>) {
  const where: SQL[] = [sql`true`];
  if (query.state === 'active') where.push(sql`d.revoked_at is null`);
  if (query.state === 'revoked') where.push(sql`d.revoked_at is not null`);
  if (query.branch) where.push(sql`b.name = ${query.branch}`);
  if (query.q) {
    const p = like(query.q);
    where.push(sql`(d.name ilike ${p} or b.name ilike ${p} or r.name ilike ${p} or d.id::text ilike ${p})`);
  }
  const w = sql.join(where, sql` and `);
  const dir = query.dir === 'asc' ? sql`asc` : sql`desc`;
  const order: Record<typeof query.sort, SQL> = {
    lastSeen: sql`d.last_seen_at ${dir} nulls last`,
    name: sql`d.name ${dir}`,
    branch: sql`b.name ${dir}`,
    created: sql`d.created_at ${dir}`,
  };
  const rows = await q<{
    id: string;
    name: string;
    branch: string;
    rep: string;
    created_at: string;
    last_seen_at: string | null;
    revoked_at: string | null;
    last_push_at: string | null;
    pushed: number;
    rejected: number;
    app_version: string | null;
    pending_changes: number | null;
  }>(
    ex,
    sql`select d.id, d.name, b.name as branch, r.name as rep, d.created_at, d.last_seen_at, d.revoked_at,
               (select max(received_at) from processed_mutations m where m.device_id = d.id) as last_push_at,
               (select count(*)::int from processed_mutations m where m.device_id = d.id) as pushed,
               (select count(*)::int from processed_mutations m where m.device_id = d.id and m.result->>'status' = 'rejected') as rejected,
               -- What the device reports on each sync; an older app that does not gives it only on its signatures.
               coalesce(d.app_version, (select m.fields->>'appVersion' from processed_mutations m where m.device_id = d.id and m.entity = 'signature' and m.fields ? 'appVersion'
                order by m.received_at desc limit 1)) as app_version,
               d.pending_changes
        from devices d join branches b on b.id = d.branch_id join reps r on r.id = d.rep_id
        where ${w} order by ${order[query.sort]}, d.id limit ${query.limit} offset ${query.offset}`,
  );
  const total = await q<{ n: number }>(ex, sql`select count(*)::int as n from devices d join branches b on b.id = d.branch_id join reps r on r.id = d.rep_id where ${w}`);
  return {
    items: rows.map((d) => ({
      id: d.id,
      name: d.name,
      branch: d.branch,
      rep: d.rep,
      createdAt: iso(d.created_at),
      lastSeenAt: iso(d.last_seen_at),
      lastPushAt: iso(d.last_push_at),
      pushed: d.pushed,
      rejected: d.rejected,
      appVersion: d.app_version,
      /** Changes waiting in the device's outbox at its last sync (null: the device never said). */
      pendingChanges: d.pending_changes,
      revokedAt: iso(d.revoked_at),
    })),
    total: total[0]?.n ?? 0,
  };
}

export async function listBranches(ex: Executor) {
  const branches = await q<{ id: number; name: string; created_at: string; devices: number; applications: number }>(
    ex,
    sql`select b.id, b.name, b.created_at,
               (select count(*)::int from devices d where d.branch_id = b.id and d.revoked_at is null) as devices,
               (select count(*)::int from records a where a.branch_id = b.id and a.entity = 'application' and not a.deleted) as applications
        from branches b where b.id <> ${HQ_BRANCH_ID} order by b.name`,
  );
  const reps = await q<{ id: number; branch_id: number; name: string; devices: number }>(
    ex,
    sql`select r.id, r.branch_id, r.name, (select count(*)::int from devices d where d.rep_id = r.id and d.revoked_at is null) as devices from reps r order by r.name`,
  );
  return branches.map((b) => ({
    id: b.id,
    name: b.name,
    createdAt: iso(b.created_at),
    devices: b.devices,
    applications: b.applications,
    reps: reps.filter((r) => r.branch_id === b.id).map((r) => ({ id: r.id, name: r.name, devices: r.devices })),
  }));
}

export async function listEnrollmentCodes(ex: Executor) {
  const rows = await q<{ code_hash: string; branch: string; rep: string; created_at: string; expires_at: string; used_at: string | null; device_id: string | null }>(
    ex,
    sql`select e.code_hash, b.name as branch, r.name as rep, e.created_at, e.expires_at, e.used_at, e.device_id
        from enrollment_codes e join branches b on b.id = e.branch_id join reps r on r.id = e.rep_id order by e.created_at desc limit 200`,
  );
  const now = Date.now();
  return rows.map((r) => ({
    // Only a short prefix of the hash identifies a code on screen; the code itself is never kept.
    ref: r.code_hash.slice(0, 10),
    branch: r.branch,
    rep: r.rep,
    createdAt: iso(r.created_at),
    expiresAt: iso(r.expires_at),
    usedAt: iso(r.used_at),
    deviceId: r.device_id,
    state: r.used_at ? 'used' : Date.parse(r.expires_at) < now ? 'expired' : 'open',
  }));
}

/** One complete uploaded file of a branch, or undefined. */
export async function readFile(ex: Executor, branchId: number, sha256: string): Promise<Buffer | undefined> {
  const row = (await q<{ complete: boolean }>(ex, sql`select complete from attachments where branch_id = ${branchId} and sha256 = ${sha256}`))[0];
  if (!row?.complete) return undefined;
  const parts = await q<{ data: Uint8Array }>(ex, sql`select data from attachment_chunks where branch_id = ${branchId} and sha256 = ${sha256} order by "offset"`);
  return Buffer.concat(parts.map((p) => Buffer.from(p.data)));
}

export async function branchIdOfApplication(ex: Executor, id: string): Promise<number | undefined> {
  const row = (await q<{ branch_id: number }>(ex, sql`select branch_id from records where entity = 'application' and id = ${id}`))[0];
  return row ? row.branch_id : undefined;
}

/** Which application's record names this file (so the console only serves files it can show in context). */
export async function fileBelongsTo(ex: Executor, applicationId: string, sha256: string): Promise<boolean> {
  const rows = await q<{ n: number }>(
    ex,
    sql`select count(*)::int as n from records r
        where not r.deleted and (
          (r.entity = 'application_attachment' and r.fields->>'applicationId' = ${applicationId} and r.fields->>'sha256' = ${sha256})
          or (r.entity = 'document' and r.fields->>'applicationId' = ${applicationId} and r.fields->>'signedPdfSha256' = ${sha256})
          or (r.entity = 'signature' and r.fields->>'imageSha256' = ${sha256} and r.fields->>'documentId' in
              (select d.id from records d where d.entity = 'document' and d.fields->>'applicationId' = ${applicationId})))`,
  );
  return (rows[0]?.n ?? 0) > 0;
}
