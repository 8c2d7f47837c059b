import { asc, desc, eq, inArray } from 'drizzle-orm';
import { errorMsg } from '../../../shared/i18n/error-messages';
import { AppError } from '../../../shared/contract/errors';
import type { OutageWindow } from '../../../shared/service/outages';
import { checkEventLog, fitLog, slaClock } from '../../../shared/service/sla';
import { DEFAULT_SERVICE_TARGETS, type ServiceTargets } from '../../../shared/service/targets';
import { categoryOf, deviceMayRecord, hqOwnedMessage, type TicketCreateInput, type TicketEventInput, type TicketView } from '../../../shared/service/tickets';
import { newId, type Clock } from '../ids';
import type { Db, Store } from '../store/db';
import { applications, customers, ticketEvents, tickets, type TicketEventRow, type TicketRow } from '../store/schema';

function refused(path: string, message: string): AppError {
  return new AppError('INVALID_INPUT', message, { issues: [{ path, message }] });
}

/**
 * 민원/장애 repository. Every event is checked against the whole log (`checkEventLog`) before it
 * is written, in the same transaction: a refused event leaves the ticket exactly as it was.
 */
export class TicketsRepo {
  private readonly db: Db;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly targets: () => ServiceTargets = () => DEFAULT_SERVICE_TARGETS,
  ) {
    this.db = store.db;
  }

  create(input: TicketCreateInput): TicketView {
    const now = this.clock.now();
    const openedAt = input.openedAt ?? now.toISOString();
    if (Date.parse(openedAt) > now.getTime()) throw refused('openedAt', '접수 시각이 지금보다 늦습니다. 실제로 접수한 시각을 쓰세요.');
    if (input.outage && Date.parse(input.outage.end) > now.getTime()) throw refused('outage.end', '장애 종료 시각이 지금보다 늦습니다. 장애가 끝난 뒤에 종료 시각을 기록하세요.');
    const app = this.db.select({ id: applications.id }).from(applications).where(eq(applications.id, input.applicationId)).get();
    if (!app) throw new AppError('NOT_FOUND', errorMsg('core.applicationNotFound', { id: input.applicationId }), { id: input.applicationId });
    const id = newId();
    const stamp = now.toISOString();
    this.store.write((tx) => {
      tx.insert(tickets)
        .values({
          id,
          applicationId: input.applicationId,
          kind: input.kind,
          category: input.category,
          channel: input.channel,
          description: input.description,
          receivedBy: input.receivedBy,
          openedAt,
          outageStart: input.outage?.start ?? null,
          outageEnd: input.outage?.end ?? null,
          createdAt: stamp,
          updatedAt: stamp,
        })
        .run();
      tx.insert(ticketEvents).values({ id: newId(), ticketId: id, seq: 0, type: 'received', at: openedAt, note: null, by: input.receivedBy, createdAt: stamp }).run();
    });
    return this.get(id);
  }

  /** Appends one event the rep records (ownership: REP_EVENTS); the whole log must stay valid. */
  addEvent(input: TicketEventInput, by: string): TicketView {
    const now = this.clock.now();
    const at = input.at ?? now.toISOString();
    this.store.write((tx) => {
      const row = tx.select().from(tickets).where(eq(tickets.id, input.ticketId)).get();
      if (!row) throw new AppError('NOT_FOUND', `접수 건(ID ${input.ticketId})을 찾을 수 없습니다. 목록을 새로 고친 뒤 다시 선택하세요.`, { id: input.ticketId });
      if (input.type === 'received' || !deviceMayRecord(row.kind, input.type)) {
        throw new AppError('NOT_ALLOWED', hqOwnedMessage(row.kind, input.type), { reason: 'hq_owned', type: input.type });
      }
      const events = tx.select().from(ticketEvents).where(eq(ticketEvents.ticketId, row.id)).orderBy(asc(ticketEvents.seq)).all();
      // The log as it counts: in time order, without events HQ refused (they stay, marked, on screen).
      const refusedIds = new Set(this.refusedEvents(events.map((e) => e.id)).keys());
      const counted = fitLog(
        row.openedAt,
        events.filter((e) => !refusedIds.has(e.id)).map((e) => ({ at: e.at, type: e.type as TicketEventInput['type'] })),
      ).log;
      const log = [...counted, { at, type: input.type }];
      try {
        checkEventLog(Date.parse(row.openedAt), log, now.getTime());
      } catch (e) {
        // The log's own index of the new event is the rep's only event: name it as such.
        if (e instanceof AppError) throw refused(e.details?.issues?.[0]?.path.endsWith('.at') ? 'at' : 'type', e.message.replace(/^\d+번째 이벤트/, '이 처리 단계'));
        throw e;
      }
      if (input.type === 'closed' && row.kind === 'complaint' && input.satisfaction === undefined) {
        throw refused('satisfaction', '민원을 종결하려면 고객 만족도(satisfaction)를 기록하세요 (만족/불만족/무응답).');
      }
      const seq = events.reduce((m, e) => Math.max(m, e.seq + 1), 0);
      tx.insert(ticketEvents)
        .values({
          id: newId(),
          ticketId: row.id,
          seq,
          type: input.type,
          at,
          note: input.note ?? null,
          by,
          satisfaction: input.satisfaction ?? null,
          justified: input.justified ?? null,
          createdAt: now.toISOString(),
        })
        .run();
      tx.update(tickets).set({ updatedAt: now.toISOString() }).where(eq(tickets.id, row.id)).run();
    });
    return this.get(input.ticketId);
  }

  get(id: string): TicketView {
    const view = this.views([id])[0];
    if (!view) throw new AppError('NOT_FOUND', `접수 건(ID ${id})을 찾을 수 없습니다.`, { id });
    return view;
  }

  /** Tickets of one application, or all (newest first), each with its clock at now. */
  list(applicationId?: string): TicketView[] {
    const q = this.db.select({ id: tickets.id }).from(tickets);
    const ids = (applicationId ? q.where(eq(tickets.applicationId, applicationId)) : q).orderBy(desc(tickets.openedAt)).all();
    return this.views(ids.map((r) => r.id));
  }

  /** The outage windows recorded on an application's fault tickets (for art. 10). */
  outagesFor(applicationId: string): OutageWindow[] {
    return this.db
      .select({ id: tickets.id, start: tickets.outageStart, end: tickets.outageEnd })
      .from(tickets)
      .where(eq(tickets.applicationId, applicationId))
      .all()
      .flatMap((r) => (r.start && r.end ? [{ start: r.start, end: r.end, ticketId: r.id }] : []));
  }

  /** Events whose latest change HQ refused (or the rep then set aside), with HQ's reason. */
  private refusedEvents(eventIds: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    if (eventIds.length === 0) return out;
    const rows = this.store.sqlite
      .prepare(
        `SELECT o.entity_id AS id, o.state AS state, o.error AS error FROM outbox o
         WHERE o.entity = 'ticket_event' AND o.entity_id IN (SELECT value FROM json_each(?))
           AND o.seq = (SELECT max(x.seq) FROM outbox x WHERE x.entity = 'ticket_event' AND x.entity_id = o.entity_id)`,
      )
      .all(JSON.stringify(eventIds)) as { id: string; state: string; error: string | null }[];
    for (const r of rows) if (r.state === 'rejected' || r.state === 'discarded') out.set(r.id, r.error ?? '본사가 이 기록을 받지 않았습니다.');
    return out;
  }

  private views(ids: string[]): TicketView[] {
    if (!ids.length) return [];
    const rows = this.db
      .select({ t: tickets, customerName: customers.name })
      .from(tickets)
      .innerJoin(applications, eq(applications.id, tickets.applicationId))
      .innerJoin(customers, eq(customers.id, applications.customerId))
      .where(inArray(tickets.id, ids))
      .all();
    const events = this.db.select().from(ticketEvents).where(inArray(ticketEvents.ticketId, ids)).orderBy(asc(ticketEvents.seq)).all();
    const byTicket = new Map<string, TicketEventRow[]>();
    for (const e of events) byTicket.set(e.ticketId, [...(byTicket.get(e.ticketId) ?? []), e]);
    const now = this.clock.now().toISOString();
    const order = new Map(ids.map((id, i) => [id, i]));
    const refused = this.refusedEvents(events.map((e) => e.id));
    return rows.sort((a, b) => order.get(a.t.id)! - order.get(b.t.id)!).map(({ t, customerName }) => this.view(t, customerName, byTicket.get(t.id) ?? [], refused, now));
  }

  private view(t: TicketRow, customerName: string, events: TicketEventRow[], refusedById: Map<string, string>, now: string): TicketView {
    const all = events.map((e) => ({
      id: e.id,
      at: e.at,
      type: e.type as TicketView['events'][number]['type'],
      note: e.note,
      by: e.by,
      refused: refusedById.get(e.id) ?? null,
    }));
    // The clock counts the events that fit, in time order; one HQ refused, or that the other end
    // overtook while apart, is shown marked and left out.
    const { log: counted, misfits } = fitLog(
      t.openedAt,
      all.filter((e) => e.refused === null),
    );
    const misfit = new Set(misfits.map((e) => e.id));
    const shown = [...counted, ...all.filter((e) => e.refused !== null || misfit.has(e.id))]
      .map((e) => (misfit.has(e.id) ? { ...e, refused: '다른 처리 기록과 순서가 맞지 않아 처리 시간 계산에서 뺐습니다.' } : e))
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const closing = [...counted].reverse().find((e) => e.type === 'closed');
    const closingRow = closing ? events.find((e) => e.id === closing.id) : undefined;
    const clock = slaClock({ kind: t.kind, category: categoryOf(t.kind, t.category), openedAt: t.openedAt, events: counted, now }, this.targets());
    return {
      id: t.id,
      applicationId: t.applicationId,
      customerName,
      kind: t.kind,
      category: t.category,
      channel: t.channel as TicketView['channel'],
      description: t.description,
      receivedBy: t.receivedBy,
      assignee: t.assignee,
      openedAt: t.openedAt,
      outage: t.outageStart && t.outageEnd ? { start: t.outageStart, end: t.outageEnd } : null,
      satisfaction: closingRow ? closingRow.satisfaction : t.satisfaction,
      justified: closingRow ? closingRow.justified : t.justified,
      events: shown,
      clock,
    };
  }
}
