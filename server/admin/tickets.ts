import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { LIVE_STATUSES } from '../../shared/commission/statement';
import { monthFigures, monthsEndingWith } from '../../shared/service/figures';
import {
  TICKET_ADMIN_PATHS,
  currentMonthKst,
  figuresQuerySchema,
  hqTicketEventSchema,
  ticketAssignSchema,
  ticketBoardQuerySchema,
  ticketCloseSchema,
  type BoardTicket,
  type FiguresResponse,
  type HqTicketEventInput,
  type ServiceTargetsView,
  type TicketCloseInput,
} from '../../shared/service/protocol';
import { checkEventLog, EVENT_LABELS, fitLog, slaClock, type ClockEvent, type TicketEventType } from '../../shared/service/sla';
import {
  HQ_SERVICE_TARGETS_ID,
  SERVICE_TARGETS_ENTITY,
  serviceTargetsPublishSchema,
  targetsFromRecord,
  TICKET_KINDS,
  type ServiceTargets,
  type ServiceTargetsPublish,
  type TicketKind,
} from '../../shared/service/targets';
import { categoryOf, SATISFACTION, TICKET_CHANNELS, ticketCreateSchema, type TicketCreateInput } from '../../shared/service/tickets';
import { applyHqChange, type FieldStamp, type StoredRecord } from '../../shared/sync/merge';
import { publishResponseSchema, type Fields } from '../../shared/sync/protocol';
import { sha256Hex } from '../auth';
import { stableJson } from '../../shared/stable-json';
import { ADMIN_TOKEN_ACTOR, audit, type Actor } from '../console/audit';
import { HQ_BRANCH_ID, q, writeTx, type Database, type Executor, type HqTx } from '../db/open';
import { HttpError, parseRequest } from '../http';
import { saveRecord } from './ops';

/**
 * HQ's side of complaints and faults (issue 16). Tickets and their events are synced records
 * (`ticket`, `ticket_event` in `records`): what HQ writes here gets a change number and reaches
 * the branch's devices on their next pull. HQ owns assignment and may record every step; each
 * event is checked against the ticket's whole log (shared/service/sla.ts) in the same transaction
 * as it is written, and every action is audited with it. The SLA clock is computed on read.
 */

/** The targets in force: HQ's last publication, or the shipped defaults (version 0) while there is none. */
async function loadServiceTargets(ex: Executor): Promise<ServiceTargetsView> {
  const row = (await q<{ fields: Fields }>(ex, sql`select fields from records where entity = ${SERVICE_TARGETS_ENTITY} and id = ${HQ_SERVICE_TARGETS_ID} and not deleted`))[0];
  return { targets: targetsFromRecord(row?.fields), publishedAt: row && typeof row.fields.publishedAt === 'string' ? row.fields.publishedAt : null };
}

export async function serviceTargets(database: Database): Promise<ServiceTargetsView> {
  return loadServiceTargets(database.db);
}

/**
 * Publishes the complaint and fault targets as one HQ record every device pulls (its clocks use
 * them from the next pull) and the board and figures use at once. Publishing the same targets
 * again changes nothing; each publication is audited with before → after.
 */
export async function publishServiceTargets(database: Database, input: ServiceTargetsPublish, actor: Actor = ADMIN_TOKEN_ACTOR): Promise<z.output<typeof publishResponseSchema>> {
  const hash = sha256Hex(stableJson(input));
  return writeTx(database.db, async (tx) => {
    const rec = (await q<{ version: number; fields: Fields }>(tx, sql`select version, fields from records where entity = ${SERVICE_TARGETS_ENTITY} and id = ${HQ_SERVICE_TARGETS_ID} for update`)).at(
      0,
    );
    if (rec?.fields.sha256 === hash) return { id: HQ_SERVICE_TARGETS_ID, version: rec.version, unchanged: true };
    const version = (rec?.version ?? 0) + 1;
    const fields: Fields = { targetsVersion: version, sha256: hash, publishedAt: new Date().toISOString(), targets: input };
    await saveRecord(tx, SERVICE_TARGETS_ENTITY, HQ_SERVICE_TARGETS_ID, HQ_BRANCH_ID, { version, fields, stamps: {}, deleted: false });
    const before = targetsFromRecord(rec?.fields);
    await audit(tx, actor, { action: 'service_targets.publish', targetKind: SERVICE_TARGETS_ENTITY, targetId: HQ_SERVICE_TARGETS_ID, before, after: { ...input, version } });
    return { id: HQ_SERVICE_TARGETS_ID, version, unchanged: false };
  });
}

interface TicketRow {
  id: string;
  branch_id: number;
  branch: string;
  version: number;
  fields: Fields;
  stamps: Record<string, FieldStamp>;
  customer_name: string | null;
  service_number: string | null;
}

interface EventRow {
  id: string;
  fields: Fields;
}

type ViewEvent = BoardTicket['events'][number] & { satisfaction: string | null; justified: boolean | null };

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function asEvent(row: EventRow): ViewEvent | null {
  const type = str(row.fields.type);
  const at = str(row.fields.at);
  if (!type || !at || !(EVENT_LABELS as Record<string, string>)[type]) return null;
  return {
    id: row.id,
    at,
    type: type as TicketEventType,
    note: str(row.fields.note),
    by: str(row.fields.by) ?? '',
    refused: null,
    satisfaction: str(row.fields.satisfaction),
    justified: typeof row.fields.justified === 'boolean' ? row.fields.justified : null,
  };
}

async function loadTickets(ex: Executor, filter: { id?: string; branch?: string | undefined; forUpdate?: boolean }): Promise<TicketRow[]> {
  return q<TicketRow>(
    ex,
    sql`select t.id, t.branch_id, b.name as branch, t.version, t.fields, t.stamps,
               coalesce(a.fields->'customer'->>'name', c.fields->>'name') as customer_name,
               a.fields->>'serviceNumber' as service_number
        from records t
        join branches b on b.id = t.branch_id
        left join records a on a.entity = 'application' and a.id = t.fields->>'applicationId'
        left join records c on c.entity = 'customer' and c.id = a.fields->>'customerId'
        where t.entity = 'ticket' and not t.deleted
          ${filter.id !== undefined ? sql`and t.id = ${filter.id}` : sql``}
          ${filter.branch !== undefined ? sql`and b.name = ${filter.branch}` : sql``}
        order by t.id
        ${filter.forUpdate ? sql`for update of t` : sql``}`,
  );
}

async function loadEvents(ex: Executor, ticketIds: readonly string[]): Promise<Map<string, ViewEvent[]>> {
  const out = new Map<string, ViewEvent[]>(ticketIds.map((id) => [id, []]));
  if (ticketIds.length === 0) return out;
  const rows = await q<EventRow>(
    ex,
    sql`select id, fields from records
        where entity = 'ticket_event' and not deleted
          and fields->>'ticketId' in (select jsonb_array_elements_text(${JSON.stringify(ticketIds)}::jsonb))
        order by id`,
  );
  for (const row of rows) {
    const e = asEvent(row);
    const ticketId = str(row.fields.ticketId);
    if (e && ticketId) out.get(ticketId)?.push(e);
  }
  return out;
}

function kindOf(fields: Fields): TicketKind {
  const k = fields.kind;
  return typeof k === 'string' && (TICKET_KINDS as readonly string[]).includes(k) ? (k as TicketKind) : 'complaint';
}

function toBoard(t: TicketRow, events: ViewEvent[], now: string, targets: ServiceTargets): BoardTicket {
  const f = t.fields;
  const kind = kindOf(f);
  const openedAt = str(f.openedAt) ?? new Date(0).toISOString();
  const { log, misfits } = fitLog(openedAt, events);
  const misfit = new Set(misfits.map((e) => e.id));
  const shown = events.map((e) => (misfit.has(e.id) ? { ...e, refused: '다른 처리 기록과 순서가 맞지 않아 처리 시간 계산에서 뺐습니다.' } : e)).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const closing = [...log].reverse().find((e) => e.type === 'closed');
  const channel = str(f.channel);
  const start = str(f.outageStart);
  const end = str(f.outageEnd);
  return {
    id: t.id,
    applicationId: str(f.applicationId) ?? '',
    customerName: t.customer_name ?? '(고객 정보 없음)',
    branch: t.branch,
    serviceNumber: t.service_number,
    kind,
    category: str(f.category) ?? '',
    channel: channel && (TICKET_CHANNELS as readonly string[]).includes(channel) ? (channel as BoardTicket['channel']) : 'other',
    description: str(f.description) ?? '',
    receivedBy: str(f.receivedBy) ?? '',
    assignee: str(f.assignee),
    openedAt,
    outage: start && end ? { start, end } : null,
    satisfaction: closing?.satisfaction && (SATISFACTION as readonly string[]).includes(closing.satisfaction) ? (closing.satisfaction as BoardTicket['satisfaction']) : null,
    justified: closing ? closing.justified : null,
    events: shown.map(({ satisfaction: _s, justified: _j, ...e }) => e),
    clock: slaClock({ kind, category: categoryOf(kind, str(f.category) ?? ''), openedAt, events: log, now }, targets),
  };
}

/** The board: open tickets (or all) ordered by due time, each with its SLA clock now. */
export async function listTickets(database: Database, filter: { state?: 'open' | 'all' | undefined; branch?: string | undefined }): Promise<BoardTicket[]> {
  const rows = await loadTickets(database.db, { branch: filter.branch });
  const events = await loadEvents(
    database.db,
    rows.map((r) => r.id),
  );
  const now = new Date().toISOString();
  const { targets } = await loadServiceTargets(database.db);
  const all = rows.map((r) => toBoard(r, events.get(r.id) ?? [], now, targets));
  const shown = filter.state === 'all' ? all : all.filter((t) => t.clock.phase !== 'closed');
  return shown.sort((a, b) => Date.parse(a.clock.dueAt) - Date.parse(b.clock.dueAt) || a.id.localeCompare(b.id));
}

const notFound = (id: string) => new HttpError('NOT_FOUND', `민원/장애 접수 건(${id})을 찾을 수 없습니다. ID를 확인하세요 (기기에서 아직 동기화하지 않았을 수도 있습니다).`);

interface NewEvent {
  type: TicketEventType;
  at: string;
  note: string | null;
  by: string;
  satisfaction?: string | null;
  justified?: boolean | null;
}

/** Writes HQ's events after checking the whole log with them; answers the ticket as it now is. */
async function appendEvents(tx: HqTx, t: TicketRow, adding: NewEvent[], nowMs: number): Promise<void> {
  const events = (await loadEvents(tx, [t.id])).get(t.id) ?? [];
  const openedAt = str(t.fields.openedAt) ?? new Date(0).toISOString();
  const { log } = fitLog(openedAt, events);
  const next: ClockEvent[] = [...log, ...adding.map((e) => ({ at: e.at, type: e.type }))];
  try {
    checkEventLog(Date.parse(openedAt), next, nowMs);
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^\d+번째 이벤트/, '이 처리 단계') : String(error);
    throw new HttpError('CONFLICT', `${message} 보드를 새로 고쳐 지금 처리 단계를 확인하세요.`, { reason: 'out_of_order' });
  }
  const createdAt = new Date(nowMs).toISOString();
  for (const e of adding) {
    const fields: Fields = {
      ticketId: t.id,
      type: e.type,
      at: e.at,
      note: e.note,
      by: e.by,
      satisfaction: e.satisfaction ?? null,
      justified: e.justified ?? null,
      createdAt,
    };
    const stamps = Object.fromEntries(Object.keys(fields).map((k) => [k, { v: 1, d: 0, t: nowMs }]));
    await saveRecord(tx, 'ticket_event', uuidv7(), t.branch_id, { version: 1, fields, stamps, deleted: false });
  }
}

async function ticketForUpdate(tx: HqTx, id: string): Promise<TicketRow> {
  const t = (await loadTickets(tx, { id, forUpdate: true }))[0];
  if (!t) throw notFound(id);
  return t;
}

async function boardTicket(ex: Executor, id: string): Promise<BoardTicket> {
  const t = (await loadTickets(ex, { id }))[0];
  if (!t) throw notFound(id);
  return toBoard(t, (await loadEvents(ex, [id])).get(id) ?? [], new Date().toISOString(), (await loadServiceTargets(ex)).targets);
}

/** Where a ticket stands (running, waiting, resolved, closed): from its log alone, whatever the targets. */
function phaseOf(t: TicketRow, events: ViewEvent[]) {
  const openedAt = str(t.fields.openedAt) ?? new Date(0).toISOString();
  return checkEventLog(Date.parse(openedAt), fitLog(openedAt, events).log).phase;
}

/** 배정: the ticket's assignee (HQ's field) and an 'assigned' event, both pulled by the devices. */
export async function assignTicket(database: Database, id: string, input: z.output<typeof ticketAssignSchema>, actor: Actor = ADMIN_TOKEN_ACTOR): Promise<BoardTicket> {
  await writeTx(database.db, async (tx) => {
    const t = await ticketForUpdate(tx, id);
    const nowMs = Date.now();
    const before = str(t.fields.assignee);
    const note = input.note ? `${input.assignee}: ${input.note}` : input.assignee;
    await appendEvents(tx, t, [{ type: 'assigned', at: new Date(nowMs).toISOString(), note, by: actor.name }], nowMs);
    const { record } = applyHqChange({ version: t.version, fields: t.fields, stamps: t.stamps, deleted: false } satisfies StoredRecord, { assignee: input.assignee }, nowMs);
    await saveRecord(tx, 'ticket', id, t.branch_id, record);
    await audit(tx, actor, { action: 'ticket.assign', targetKind: 'ticket', targetId: id, before: { assignee: before }, after: { assignee: input.assignee } });
  });
  return boardTicket(database.db, id);
}

/** One step recorded at HQ (note, waiting, resumed, resolved, reopened, closed). */
export async function addTicketEvent(database: Database, id: string, input: HqTicketEventInput, actor: Actor = ADMIN_TOKEN_ACTOR): Promise<BoardTicket> {
  await writeTx(database.db, async (tx) => {
    const t = await ticketForUpdate(tx, id);
    const nowMs = Date.now();
    const at = input.at ?? new Date(nowMs).toISOString();
    if (input.type === 'closed' && kindOf(t.fields) === 'complaint' && input.satisfaction === undefined) {
      throw new HttpError('INVALID_INPUT', '민원을 종결하려면 고객 만족도(satisfaction)를 기록하세요 (만족/불만족/무응답).', { issues: [{ path: 'satisfaction', message: '만족도를 고르세요.' }] });
    }
    await appendEvents(
      tx,
      t,
      [{ type: input.type as TicketEventType, at, note: input.note ?? null, by: actor.name, satisfaction: input.satisfaction ?? null, justified: input.justified ?? null }],
      nowMs,
    );
    await audit(tx, actor, {
      action: 'ticket.event',
      targetKind: 'ticket',
      targetId: id,
      after: { type: input.type, at, note: input.note ?? null, satisfaction: input.satisfaction ?? null, justified: input.justified ?? null },
    });
  });
  return boardTicket(database.db, id);
}

/** 종결: resolved now if it was not, then closed (a complaint needs the customer's satisfaction). */
export async function closeTicket(database: Database, id: string, input: TicketCloseInput, actor: Actor = ADMIN_TOKEN_ACTOR): Promise<BoardTicket> {
  await writeTx(database.db, async (tx) => {
    const t = await ticketForUpdate(tx, id);
    const kind = kindOf(t.fields);
    if (kind === 'complaint' && input.satisfaction === undefined) {
      throw new HttpError('INVALID_INPUT', '민원을 종결하려면 고객 만족도(satisfaction)를 기록하세요 (만족/불만족/무응답).', { issues: [{ path: 'satisfaction', message: '만족도를 고르세요.' }] });
    }
    if (kind === 'fault' && (input.satisfaction !== undefined || input.justified !== undefined)) {
      throw new HttpError('INVALID_INPUT', '만족도와 귀책 여부는 민원을 종결할 때만 기록합니다.', { issues: [{ path: 'satisfaction', message: '장애 건에는 쓰지 않습니다.' }] });
    }
    const phase = phaseOf(t, (await loadEvents(tx, [id])).get(id) ?? []);
    if (phase === 'closed') throw new HttpError('CONFLICT', '이미 종결된 건입니다. 보드를 새로 고치세요.', { reason: 'closed' });
    const nowMs = Date.now();
    const at = new Date(nowMs).toISOString();
    const adding: NewEvent[] = [];
    if (phase !== 'resolved') adding.push({ type: 'resolved', at, note: null, by: actor.name });
    adding.push({ type: 'closed', at, note: input.note ?? null, by: actor.name, satisfaction: input.satisfaction ?? null, justified: input.justified ?? null });
    await appendEvents(tx, t, adding, nowMs);
    await audit(tx, actor, {
      action: 'ticket.close',
      targetKind: 'ticket',
      targetId: id,
      before: { phase },
      after: { phase: 'closed', satisfaction: input.satisfaction ?? null, justified: input.justified ?? null },
    });
  });
  return boardTicket(database.db, id);
}

/** A ticket taken at HQ (a call to HQ's own desk) on a subscription HQ holds; devices pull it. */
async function createTicket(database: Database, input: TicketCreateInput, actor: Actor = ADMIN_TOKEN_ACTOR): Promise<BoardTicket> {
  const id = uuidv7();
  await writeTx(database.db, async (tx) => {
    const app = (await q<{ branch_id: number | string }>(tx, sql`select branch_id from records where entity = 'application' and id = ${input.applicationId} and not deleted`))[0];
    if (!app) throw new HttpError('NOT_FOUND', `청약(${input.applicationId})을 찾을 수 없습니다. ID를 확인하세요.`);
    const nowMs = Date.now();
    const openedAt = input.openedAt ?? new Date(nowMs).toISOString();
    if (Date.parse(openedAt) > nowMs)
      throw new HttpError('INVALID_INPUT', '접수 시각이 지금보다 늦습니다. 실제로 접수한 시각을 쓰세요.', { issues: [{ path: 'openedAt', message: '미래 시각입니다.' }] });
    const fields: Fields = {
      applicationId: input.applicationId,
      kind: input.kind,
      category: input.category,
      channel: input.channel,
      description: input.description,
      receivedBy: input.receivedBy,
      assignee: null,
      openedAt,
      outageStart: input.outage?.start ?? null,
      outageEnd: input.outage?.end ?? null,
      createdAt: new Date(nowMs).toISOString(),
    };
    const stamps = Object.fromEntries(Object.keys(fields).map((k) => [k, { v: 1, d: 0, t: nowMs }]));
    await saveRecord(tx, 'ticket', id, Number(app.branch_id), { version: 1, fields, stamps, deleted: false });
    const row: TicketRow = { id, branch_id: Number(app.branch_id), branch: '', version: 1, fields, stamps, customer_name: null, service_number: null };
    await appendEvents(tx, row, [{ type: 'received', at: openedAt, note: null, by: input.receivedBy }], nowMs);
    await audit(tx, actor, { action: 'ticket.create', targetKind: 'ticket', targetId: id, after: { applicationId: input.applicationId, kind: input.kind, category: input.category, openedAt } });
  });
  return boardTicket(database.db, id);
}

/** Monthly figures for the last six months up to `month`, against the targets. */
export async function serviceFigures(database: Database, query: { month?: string | undefined; branch?: string | undefined }): Promise<FiguresResponse> {
  const month = query.month ?? currentMonthKst();
  const rows = await loadTickets(database.db, { branch: query.branch });
  const events = await loadEvents(
    database.db,
    rows.map((r) => r.id),
  );
  const subs = (
    await q<{ n: number | string }>(
      database.db,
      sql`select count(*) as n from records a join branches b on b.id = a.branch_id
          where a.entity = 'application' and not a.deleted
            and a.fields->>'status' in (select jsonb_array_elements_text(${JSON.stringify(LIVE_STATUSES)}::jsonb))
            ${query.branch !== undefined ? sql`and b.name = ${query.branch}` : sql``}`,
    )
  )[0];
  const subscriptions = Number(subs?.n ?? 0);
  const now = new Date().toISOString();
  const tickets = rows.map((r) => ({
    kind: kindOf(r.fields),
    category: str(r.fields.category) ?? '',
    openedAt: str(r.fields.openedAt) ?? new Date(0).toISOString(),
    events: (events.get(r.id) ?? []).map((e) => ({ at: e.at, type: e.type, satisfaction: e.satisfaction as (typeof SATISFACTION)[number] | null, justified: e.justified })),
  }));
  const { targets: t } = await loadServiceTargets(database.db);
  return {
    branch: query.branch ?? null,
    months: monthsEndingWith(month, 6).map((m) => monthFigures(m, tickets, subscriptions, t, now)),
    targets: { slaMetPercent: 100, satisfactionAbovePercent: t.satisfactionAbovePercent, justifiedPer10000Below: t.justifiedPer10000Below },
  };
}

const idParam = z.strictObject({ id: z.uuid({ error: '접수 건 ID는 UUID입니다.' }) });

/** The admin API's ticket routes (registered in the admin token's scope). */
export function registerTicketRoutes(app: FastifyInstance, database: Database, actorOf: (req: FastifyRequest) => Actor): void {
  app.get(TICKET_ADMIN_PATHS.tickets, async (req) => listTickets(database, parseRequest(ticketBoardQuerySchema, req.query, '조회 조건')));
  app.post(TICKET_ADMIN_PATHS.tickets, async (req) => createTicket(database, parseRequest(ticketCreateSchema, req.body, '민원/장애 접수'), actorOf(req)));
  app.post(TICKET_ADMIN_PATHS.assign(':id'), async (req) => {
    const { id } = parseRequest(idParam, req.params, '접수 건 ID');
    return assignTicket(database, id, parseRequest(ticketAssignSchema, req.body, '배정'), actorOf(req));
  });
  app.post(TICKET_ADMIN_PATHS.events(':id'), async (req) => {
    const { id } = parseRequest(idParam, req.params, '접수 건 ID');
    return addTicketEvent(database, id, parseRequest(hqTicketEventSchema, req.body, '처리 기록'), actorOf(req));
  });
  app.post(TICKET_ADMIN_PATHS.close(':id'), async (req) => {
    const { id } = parseRequest(idParam, req.params, '접수 건 ID');
    return closeTicket(database, id, parseRequest(ticketCloseSchema, req.body ?? {}, '종결'), actorOf(req));
  });
  app.get(TICKET_ADMIN_PATHS.figures, async (req) => serviceFigures(database, parseRequest(figuresQuerySchema, req.query, '조회 조건')));
  app.get(TICKET_ADMIN_PATHS.targets, async () => serviceTargets(database));
  app.post(TICKET_ADMIN_PATHS.targets, async (req) => publishServiceTargets(database, parseRequest(serviceTargetsPublishSchema, req.body, '서비스 목표'), actorOf(req)));
}
