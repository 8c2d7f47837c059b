import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { maskPhone } from '../../shared/privacy/mask';
import {
  importRows,
  type CampaignRequestView,
  type HandoutView,
  type ProspectHandoutInput,
  type ProspectHandoutResult,
  type ProspectImport,
  type ProspectImportResult,
  type ProspectListDetail,
  type ProspectListView,
  type ProspectSyncRequest,
  type ProspectSyncResponse,
} from '../../shared/prospects/protocol';
import { campaignAllowed, ENTRY_RESULTS, handoutMoveRefusal, isOut, keepUntil, nextListNumber, resultRefusal, screenImport, type EntryResult, type HandoutState } from '../../shared/prospects/rules';
import type { DeviceAuth } from '../auth';
import { ADMIN_TOKEN_ACTOR, audit, type Actor } from '../console/audit';
import { q, writeTx, type Database, type Executor, type HqTx } from '../db/open';
import { HttpError } from '../http';
import { marketingWithdrawnPhones } from '../privacy/consents';

/**
 * HQ's prospect lists (issue 17 item 5; PRODUCT.md "Number lists"): import (screened and
 * numbered), hand-outs to named reps per campaign (recorded: who, when, campaign, count),
 * second-campaign approval, recall and archive — each audited in its own transaction — and the
 * device's side (`POST /sync/prospects`): acknowledgements, results and check-ins in, the rep's
 * hand-outs out. The rules themselves are shared/prospects/rules.ts.
 */

/**
 * Phone numbers (digits only) of customers who withdrew their marketing consent
 * (server/privacy/consents.ts): no hand-out carries them, and a list a rep already holds stops
 * showing them at the next sync — the one place prospect lists ask.
 */
function marketingWithdrawnNumbers(ex: Executor): Promise<Set<string>> {
  return marketingWithdrawnPhones(ex);
}

const iso = (v: string | null): string | null => (v === null ? null : new Date(v).toISOString());

interface ListRow {
  id: string;
  number: string;
  name: string;
  source: string | null;
  imported_at: string;
  imported_by: string;
  last_used_at: string;
  keep_until: string;
  archived_at: string | null;
  entries: number | string;
  out: number | string;
}

interface HandoutRow {
  id: string;
  list_id: string;
  list_number: string;
  branch: string;
  rep: string;
  rep_id: number;
  campaign: string;
  count: number;
  state: HandoutState;
  handed_at: string;
  handed_by: string;
  acknowledged_at: string | null;
  checked_in_at: string | null;
  recalled_at: string | null;
  archived_at: string | null;
}

interface RequestRow {
  id: string;
  list_id: string;
  campaign: string;
  status: CampaignRequestView['status'];
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

const handoutSql = sql`select h.id, h.list_id, l.number as list_number, b.name as branch, r.name as rep, h.rep_id, h.campaign, h.count, h.state,
        h.handed_at, h.handed_by, h.acknowledged_at, h.checked_in_at, h.recalled_at, h.archived_at
   from prospect_handouts h join prospect_lists l on l.id = h.list_id join reps r on r.id = h.rep_id join branches b on b.id = r.branch_id`;

async function handoutRows(ex: Executor, where: ReturnType<typeof sql>): Promise<HandoutRow[]> {
  return q<HandoutRow>(ex, sql`${handoutSql} where ${where} order by h.handed_at, h.id`);
}

async function resultCounts(ex: Executor, handoutIds: string[]): Promise<Map<string, HandoutView['results']>> {
  const out = new Map<string, HandoutView['results']>();
  if (handoutIds.length === 0) return out;
  const rows = await q<{ handout_id: string; result: EntryResult; n: number | string }>(
    ex,
    sql`select handout_id, result, count(*) as n from prospect_handout_entries
        where result is not null and handout_id in (select (jsonb_array_elements_text(${JSON.stringify(handoutIds)}::jsonb))::uuid)
        group by handout_id, result`,
  );
  for (const r of rows) out.set(r.handout_id, { ...out.get(r.handout_id), [r.result]: Number(r.n) });
  return out;
}

function toHandout(h: HandoutRow, results: HandoutView['results'] | undefined): HandoutView {
  return {
    id: h.id,
    listId: h.list_id,
    listNumber: h.list_number,
    branch: h.branch,
    rep: h.rep,
    campaign: h.campaign,
    count: h.count,
    state: h.state,
    handedAt: iso(h.handed_at)!,
    handedBy: h.handed_by,
    acknowledgedAt: iso(h.acknowledged_at),
    checkedInAt: iso(h.checked_in_at),
    recalledAt: iso(h.recalled_at),
    archivedAt: iso(h.archived_at),
    results: results ?? {},
  };
}

const toRequest = (r: RequestRow): CampaignRequestView => ({
  id: r.id,
  listId: r.list_id,
  campaign: r.campaign,
  status: r.status,
  requestedBy: r.requested_by,
  requestedAt: iso(r.requested_at)!,
  decidedBy: r.decided_by,
  decidedAt: iso(r.decided_at),
});

/** The lists (newest first), each with its hand-outs and second-campaign requests. */
async function loadLists(ex: Executor, id?: string): Promise<ProspectListView[]> {
  const lists = await q<ListRow>(
    ex,
    sql`select l.*, (select count(*) from prospect_entries e where e.list_id = l.id) as entries,
               (select count(*) from prospect_handout_entries he join prospect_handouts h on h.id = he.handout_id
                 where h.list_id = l.id and h.state in ('handed_out', 'acknowledged')) as out
        from prospect_lists l ${id !== undefined ? sql`where l.id = ${id}` : sql``} order by l.imported_at desc, l.number desc`,
  );
  if (lists.length === 0) return [];
  const ids = JSON.stringify(lists.map((l) => l.id));
  const inLists = sql`h.list_id in (select (jsonb_array_elements_text(${ids}::jsonb))::uuid)`;
  const handouts = await handoutRows(ex, inLists);
  const results = await resultCounts(
    ex,
    handouts.map((h) => h.id),
  );
  const requests = await q<RequestRow>(ex, sql`select * from prospect_campaign_requests where list_id in (select (jsonb_array_elements_text(${ids}::jsonb))::uuid) order by requested_at, id`);
  return lists.map((l) => ({
    id: l.id,
    number: l.number,
    name: l.name,
    source: l.source,
    importedAt: iso(l.imported_at)!,
    importedBy: l.imported_by,
    entries: Number(l.entries),
    available: Number(l.entries) - Number(l.out),
    lastUsedAt: iso(l.last_used_at)!,
    keepUntil: l.keep_until,
    archivedAt: iso(l.archived_at),
    handouts: handouts.filter((h) => h.list_id === l.id).map((h) => toHandout(h, results.get(h.id))),
    requests: requests.filter((r) => r.list_id === l.id).map(toRequest),
  }));
}

export async function listProspectLists(database: Database): Promise<ProspectListView[]> {
  return loadLists(database.db);
}

const listNotFound = (id: string) => new HttpError('NOT_FOUND', `명단(${id})을 찾을 수 없습니다. 명단 목록에서 ID를 확인하세요.`);

async function oneList(ex: Executor, id: string): Promise<ProspectListView> {
  const list = (await loadLists(ex, id))[0];
  if (!list) throw listNotFound(id);
  return list;
}

/** One list with its entries, numbers masked (the console never shows a whole number). */
export async function prospectListDetail(database: Database, id: string): Promise<ProspectListDetail> {
  const list = await oneList(database.db, id);
  const rows = await q<{ id: string; seq: number; company: string; contact: string; phone: string; result: EntryResult | null }>(
    database.db,
    sql`select e.id, e.seq, e.company, e.contact, e.phone,
               (select he.result from prospect_handout_entries he where he.entry_id = e.id and he.result is not null order by he.result_at desc limit 1) as result
        from prospect_entries e where e.list_id = ${id} order by e.seq limit 5000`,
  );
  return { ...list, rows: rows.map((r) => ({ ...r, phone: maskPhone(r.phone) })) };
}

/** The list was used now: its last use and keep-until date move on (never back). */
async function touchList(tx: HqTx, listId: string, at: Date): Promise<void> {
  await tx.execute(sql`update prospect_lists set last_used_at = greatest(last_used_at, ${at.toISOString()}::timestamptz),
                                               keep_until = greatest(keep_until, ${keepUntil(at)}) where id = ${listId}`);
}

/** Import: screened (valid phone, no duplicate, not do-not-call, not in another open list), numbered PL-YYYY-NNNN. */
export async function importProspectList(database: Database, input: ProspectImport, actor: Actor = ADMIN_TOKEN_ACTOR): Promise<ProspectImportResult> {
  let rows;
  try {
    rows = importRows(input);
  } catch (error) {
    throw new HttpError('INVALID_INPUT', `명단을 읽을 수 없습니다. ${error instanceof Error ? error.message : String(error)}`);
  }
  const id = uuidv7();
  const outcome = await writeTx(database.db, async (tx) => {
    const doNotCall = new Set((await q<{ digits: string }>(tx, sql`select digits from prospect_do_not_call`)).map((r) => r.digits));
    const listed = new Set((await q<{ digits: string }>(tx, sql`select e.digits from prospect_entries e join prospect_lists l on l.id = e.list_id where l.archived_at is null`)).map((r) => r.digits));
    const screened = screenImport(rows, { doNotCall, listed });
    const rejected = screened.rejected.map((r) => ({ line: r.line, company: r.row.company, phone: maskPhone(r.row.phone), reason: r.reason, message: r.message }));
    if (screened.accepted.length === 0) {
      throw new HttpError('INVALID_INPUT', `가져올 수 있는 번호가 없습니다 (${rows.length}건 모두 걸러짐). 걸러진 이유를 확인하고 명단을 고쳐 다시 가져오세요.`, { rejected: rejected.slice(0, 100) });
    }
    const now = new Date();
    const numbers = (await q<{ number: string }>(tx, sql`select number from prospect_lists where number like ${`PL-${nextListNumber(now, []).slice(3, 7)}-%`}`)).map((r) => r.number);
    const number = nextListNumber(now, numbers);
    await tx.execute(sql`insert into prospect_lists (id, number, name, source, imported_at, imported_by, last_used_at, keep_until)
                         values (${id}, ${number}, ${input.name}, ${input.source ?? null}, ${now.toISOString()}, ${actor.name}, ${now.toISOString()}, ${keepUntil(now)})`);
    const entries = screened.accepted.map((a, i) => ({ id: uuidv7(), seq: i + 1, company: a.company, contact: a.contact, phone: a.phone, digits: a.digits }));
    for (let i = 0; i < entries.length; i += 2000) {
      await tx.execute(sql`insert into prospect_entries (id, list_id, seq, company, contact, phone, digits)
                           select x.id, ${id}, x.seq, x.company, x.contact, x.phone, x.digits
                           from jsonb_to_recordset(${JSON.stringify(entries.slice(i, i + 2000))}::jsonb) as x(id uuid, seq int, company text, contact text, phone text, digits text)`);
    }
    await audit(tx, actor, { action: 'prospects.import', targetKind: 'prospect_list', targetId: id, after: { number, name: input.name, accepted: entries.length, rejected: rejected.length } });
    return { accepted: entries.length, rejected };
  });
  return { list: await oneList(database.db, id), ...outcome };
}

async function listForUpdate(tx: HqTx, id: string): Promise<{ id: string; number: string; archived_at: string | null }> {
  const row = (await q<{ id: string; number: string; archived_at: string | null }>(tx, sql`select id, number, archived_at from prospect_lists where id = ${id} for update`))[0];
  if (!row) throw listNotFound(id);
  return row;
}

/**
 * Hands the next `count` entries of a list to a named rep for a campaign: entries not with
 * anyone now, not yet used for this campaign, not do-not-call, and no customer who withdrew
 * marketing consent. A second campaign on the list without HQ's approval makes no hand-out: it
 * records a pending request (or names the refusal) and answers so.
 */
export async function handOutProspects(database: Database, listId: string, input: ProspectHandoutInput, actor: Actor = ADMIN_TOKEN_ACTOR): Promise<ProspectHandoutResult> {
  const outcome = await writeTx(database.db, async (tx): Promise<{ handoutId: string; excluded: number } | { request: CampaignRequestView } | { refused: true }> => {
    const list = await listForUpdate(tx, listId);
    if (list.archived_at !== null) throw new HttpError('NOT_ALLOWED', `명단 ${list.number}은(는) 보관되어 배부할 수 없습니다.`, { reason: 'archived' });
    const rep = (await q<{ id: number }>(tx, sql`select r.id from reps r join branches b on b.id = r.branch_id where b.name = ${input.branch} and r.name = ${input.rep}`))[0];
    if (!rep) throw new HttpError('NOT_FOUND', `${input.branch} 지사에 영업대표 '${input.rep}'이(가) 없습니다. 지사와 이름을 확인하세요.`);
    const earlier = (await q<{ campaign: string }>(tx, sql`select campaign from prospect_handouts where list_id = ${listId} group by campaign order by min(handed_at)`)).map((r) => r.campaign);
    const requests = await q<RequestRow>(tx, sql`select * from prospect_campaign_requests where list_id = ${listId} order by requested_at`);
    const allowed = campaignAllowed(input.campaign, earlier, requests);
    if (allowed === 'refused') return { refused: true };
    if (allowed === 'needs_approval') {
      const pending = requests.find((r) => r.campaign === input.campaign && r.status === 'pending');
      if (pending) return { request: toRequest(pending) };
      const reqId = uuidv7();
      const row = (
        await q<RequestRow>(
          tx,
          sql`insert into prospect_campaign_requests (id, list_id, campaign, status, requested_by, requested_at)
              values (${reqId}, ${listId}, ${input.campaign}, 'pending', ${actor.name}, now()) returning *`,
        )
      )[0]!;
      await audit(tx, actor, { action: 'prospects.request', targetKind: 'prospect_list', targetId: listId, after: { campaign: input.campaign, earlier } });
      return { request: toRequest(row) };
    }
    const withdrawn = await marketingWithdrawnNumbers(tx);
    const candidates = await q<{ id: string; digits: string }>(
      tx,
      sql`select e.id, e.digits from prospect_entries e
          where e.list_id = ${listId}
            and not exists (select 1 from prospect_do_not_call d where d.digits = e.digits)
            and not exists (select 1 from prospect_handout_entries he join prospect_handouts h on h.id = he.handout_id
                            where he.entry_id = e.id and (h.state in ('handed_out', 'acknowledged') or h.campaign = ${input.campaign}))
          order by e.seq`,
    );
    const usable = candidates.filter((c) => !withdrawn.has(c.digits));
    const chosen = usable.slice(0, input.count);
    if (chosen.length === 0) {
      throw new HttpError('CONFLICT', `명단 ${list.number}에 이 캠페인으로 배부할 번호가 남아 있지 않습니다 (모두 배부 중이거나 이미 이 캠페인에 쓰였거나 연락 금지).`, { reason: 'none_left' });
    }
    const handoutId = uuidv7();
    const now = new Date();
    await tx.execute(sql`insert into prospect_handouts (id, list_id, rep_id, campaign, count, state, handed_at, handed_by)
                         values (${handoutId}, ${listId}, ${rep.id}, ${input.campaign}, ${chosen.length}, 'handed_out', ${now.toISOString()}, ${actor.name})`);
    await tx.execute(sql`insert into prospect_handout_entries (handout_id, entry_id)
                         select ${handoutId}, x::uuid from jsonb_array_elements_text(${JSON.stringify(chosen.map((c) => c.id))}::jsonb) as x`);
    await touchList(tx, listId, now);
    await audit(tx, actor, {
      action: 'prospects.handout',
      targetKind: 'prospect_list',
      targetId: listId,
      after: { handoutId, branch: input.branch, rep: input.rep, campaign: input.campaign, count: chosen.length, asked: input.count },
    });
    return { handoutId, excluded: candidates.length - usable.length };
  });
  if ('refused' in outcome) {
    throw new HttpError('NOT_ALLOWED', `이 명단의 '${input.campaign}' 캠페인 사용은 본사가 거절했습니다. 다른 명단을 쓰세요.`, { reason: 'second_campaign_refused' });
  }
  if ('request' in outcome) return { status: 'needs_approval', request: outcome.request };
  const h = (await handoutRows(database.db, sql`h.id = ${outcome.handoutId}`))[0]!;
  return { status: 'handed_out', handout: toHandout(h, {}), excluded: outcome.excluded };
}

/** 승인/거절 of a second campaign on a list (pending requests only). */
export async function decideCampaignRequest(
  database: Database,
  requestId: string,
  input: { approve: boolean; note?: string | undefined },
  actor: Actor = ADMIN_TOKEN_ACTOR,
): Promise<CampaignRequestView> {
  return writeTx(database.db, async (tx) => {
    const row = (await q<RequestRow>(tx, sql`select * from prospect_campaign_requests where id = ${requestId} for update`))[0];
    if (!row) throw new HttpError('NOT_FOUND', `캠페인 승인 요청(${requestId})을 찾을 수 없습니다.`);
    if (row.status !== 'pending') throw new HttpError('CONFLICT', `이 요청은 이미 ${row.status === 'approved' ? '승인' : '거절'}되었습니다.`, { reason: 'decided' });
    const status = input.approve ? 'approved' : 'refused';
    const updated = (
      await q<RequestRow>(
        tx,
        sql`update prospect_campaign_requests set status = ${status}, decided_by = ${actor.name}, decided_at = now(), note = ${input.note ?? null} where id = ${requestId} returning *`,
      )
    )[0]!;
    await audit(tx, actor, {
      action: 'prospects.decide',
      targetKind: 'prospect_list',
      targetId: row.list_id,
      before: { status: 'pending' },
      after: { campaign: row.campaign, status, note: input.note ?? null },
    });
    return toRequest(updated);
  });
}

async function handoutForUpdate(tx: HqTx, id: string): Promise<HandoutRow> {
  const h = (await handoutRows(tx, sql`h.id = ${id}`))[0];
  if (!h) throw new HttpError('NOT_FOUND', `배부 기록(${id})을 찾을 수 없습니다.`);
  await tx.execute(sql`select 1 from prospect_handouts where id = ${id} for update`);
  return h;
}

/** 회수: HQ takes a hand-out back before the rep returns it; the device drops it on its next sync. */
export async function recallHandout(database: Database, id: string, actor: Actor = ADMIN_TOKEN_ACTOR): Promise<HandoutView> {
  await writeTx(database.db, async (tx) => {
    const h = await handoutForUpdate(tx, id);
    const refusal = handoutMoveRefusal(h.state, 'recall', 'hq');
    if (refusal !== undefined) throw new HttpError('NOT_ALLOWED', refusal, { reason: 'state', state: h.state });
    const now = new Date();
    await tx.execute(sql`update prospect_handouts set state = 'recalled', recalled_at = ${now.toISOString()} where id = ${id}`);
    await touchList(tx, h.list_id, now);
    await audit(tx, actor, { action: 'prospects.recall', targetKind: 'prospect_handout', targetId: id, before: { state: h.state }, after: { state: 'recalled' } });
  });
  const h = (await handoutRows(database.db, sql`h.id = ${id}`))[0]!;
  return toHandout(h, (await resultCounts(database.db, [id])).get(id));
}

/** 보관: every hand-out of the list returned or recalled; the list is kept until a year after its last use. */
export async function archiveProspectList(database: Database, id: string, actor: Actor = ADMIN_TOKEN_ACTOR): Promise<ProspectListView> {
  await writeTx(database.db, async (tx) => {
    const list = await listForUpdate(tx, id);
    if (list.archived_at !== null) throw new HttpError('CONFLICT', `명단 ${list.number}은(는) 이미 보관되었습니다.`, { reason: 'archived' });
    const handouts = await handoutRows(tx, sql`h.list_id = ${id} and h.state <> 'archived'`);
    const still = handouts.filter((h) => isOut(h.state));
    if (still.length > 0) {
      throw new HttpError(
        'NOT_ALLOWED',
        `명단 ${list.number}의 배부분 ${still.length}건이 아직 영업대표에게 있습니다 (${still.map((h) => h.rep).join(', ')}). 반납을 기다리거나 회수한 뒤 보관하세요.`,
        {
          reason: 'still_out',
          handouts: still.map((h) => h.id),
        },
      );
    }
    const now = new Date();
    await tx.execute(sql`update prospect_handouts set state = 'archived', archived_at = ${now.toISOString()} where list_id = ${id} and state <> 'archived'`);
    await tx.execute(sql`update prospect_lists set archived_at = ${now.toISOString()} where id = ${id}`);
    await audit(tx, actor, { action: 'prospects.archive', targetKind: 'prospect_list', targetId: id, after: { number: list.number, handouts: handouts.length } });
  });
  return oneList(database.db, id);
}

// ── the device's side ───────────────────────────────────────────────────────────────────────

/**
 * One device sync: applies what the rep did (acknowledgements, results, check-ins; an identical
 * resend changes nothing), refusing what the rules do not allow (named, with why), and answers
 * every hand-out the rep still holds with its entries in full — the device keeps them encrypted,
 * shows them masked, and logs each reveal and print.
 */
export async function syncDeviceProspects(database: Database, dev: DeviceAuth, body: ProspectSyncRequest): Promise<ProspectSyncResponse> {
  const refused: ProspectSyncResponse['refused'] = [];
  await writeTx(database.db, async (tx) => {
    const mine = new Map((await handoutRows(tx, sql`h.rep_id = ${dev.repId}`)).map((h) => [h.id, h]));
    const state = new Map([...mine].map(([id, h]) => [id, h.state]));
    const notMine = (handoutId: string, entryId: string | null = null) => refused.push({ handoutId, entryId, message: '이 기기의 영업대표에게 배부된 명단이 아닙니다.' });
    for (const a of body.acknowledged) {
      const s = state.get(a.handoutId);
      if (s === undefined) notMine(a.handoutId);
      else if (s === 'handed_out') {
        await tx.execute(sql`update prospect_handouts set state = 'acknowledged', acknowledged_at = ${a.at} where id = ${a.handoutId}`);
        await touchList(tx, mine.get(a.handoutId)!.list_id, new Date(a.at));
        state.set(a.handoutId, 'acknowledged');
      } else if (s !== 'acknowledged' && s !== 'checked_in') refused.push({ handoutId: a.handoutId, entryId: null, message: handoutMoveRefusal(s, 'acknowledge', 'device') ?? '' });
    }
    for (const r of body.results) {
      const s = state.get(r.handoutId);
      if (s === undefined) {
        notMine(r.handoutId, r.entryId);
        continue;
      }
      const refusal = resultRefusal(s);
      if (refusal !== undefined) {
        refused.push({ handoutId: r.handoutId, entryId: r.entryId, message: refusal });
        continue;
      }
      const updated = await q<{ digits: string }>(
        tx,
        sql`update prospect_handout_entries he set result = ${r.result}, result_at = ${r.at}, note = ${r.note}
            from prospect_entries e where e.id = he.entry_id and he.handout_id = ${r.handoutId} and he.entry_id = ${r.entryId}
              and (he.result_at is null or he.result_at <= ${r.at}::timestamptz)
            returning e.digits`,
      );
      const exists = updated.length > 0 || (await q(tx, sql`select 1 from prospect_handout_entries where handout_id = ${r.handoutId} and entry_id = ${r.entryId}`)).length > 0;
      if (!exists) refused.push({ handoutId: r.handoutId, entryId: r.entryId, message: '이 번호는 이 배부분에 없습니다.' });
      if (r.result === 'do_not_call' && updated[0]) {
        await tx.execute(sql`insert into prospect_do_not_call (digits, source) values (${updated[0].digits}, ${`rep:${String(dev.repId)}`}) on conflict do nothing`);
      }
      if (updated.length > 0) await touchList(tx, mine.get(r.handoutId)!.list_id, new Date(r.at));
    }
    for (const c of body.checkedIn) {
      const s = state.get(c.handoutId);
      if (s === undefined) notMine(c.handoutId);
      else if (s === 'acknowledged') {
        await tx.execute(sql`update prospect_handouts set state = 'checked_in', checked_in_at = ${c.at} where id = ${c.handoutId}`);
        await touchList(tx, mine.get(c.handoutId)!.list_id, new Date(c.at));
        state.set(c.handoutId, 'checked_in');
      } else if (s !== 'checked_in') refused.push({ handoutId: c.handoutId, entryId: null, message: handoutMoveRefusal(s, 'check_in', 'device') ?? '' });
    }
  });
  const held = await handoutRows(database.db, sql`h.rep_id = ${dev.repId} and h.state in ('handed_out', 'acknowledged')`);
  // A customer who withdrew marketing consent after the hand-out leaves the rep's list now.
  const withdrawn = held.length > 0 ? await marketingWithdrawnNumbers(database.db) : new Set<string>();
  const handouts: ProspectSyncResponse['handouts'] = [];
  for (const h of held) {
    const entries = (
      await q<{ id: string; seq: number; company: string; contact: string; phone: string; digits: string; result: EntryResult | null; result_at: string | null; note: string | null }>(
        database.db,
        sql`select e.id, e.seq, e.company, e.contact, e.phone, e.digits, he.result, he.result_at, he.note
            from prospect_handout_entries he join prospect_entries e on e.id = he.entry_id where he.handout_id = ${h.id} order by e.seq`,
      )
    ).filter((e) => !withdrawn.has(e.digits));
    const name = (await q<{ name: string }>(database.db, sql`select name from prospect_lists where id = ${h.list_id}`))[0]?.name ?? '';
    handouts.push({
      id: h.id,
      listId: h.list_id,
      listNumber: h.list_number,
      listName: name,
      campaign: h.campaign,
      state: h.state,
      handedAt: iso(h.handed_at)!,
      acknowledgedAt: iso(h.acknowledged_at),
      entries: entries.map((e) => ({
        id: e.id,
        seq: e.seq,
        company: e.company,
        contact: e.contact,
        phone: e.phone,
        result: e.result !== null && (ENTRY_RESULTS as readonly string[]).includes(e.result) ? e.result : null,
        resultAt: iso(e.result_at),
        note: e.note,
      })),
    });
  }
  return { refused, handouts };
}
