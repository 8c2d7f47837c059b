import { maskPhone } from '../../../shared/privacy/mask';
import { AppError } from '../../../shared/contract/errors';
import { PROSPECT_SYNC_PATH, prospectSyncResponseSchema, type MyHandout, type ProspectSyncRequest } from '../../../shared/prospects/protocol';
import { handoutMoveRefusal, moveHandout, resultRefusal, watermarkText, type EntryResult, type HandoutState } from '../../../shared/prospects/rules';
import type { Block } from '../../../shared/forms/blocks';
import { formatKstDateTime } from '../../../shared/format/date';
import { sha256Hex } from '../../../shared/forms/sha256';
import type { Store } from '../store/db';
import type { Clock } from '../ids';
import { layoutBlocks } from '../documents/layout';
import { writePdf } from '../documents/pdf';
import { loadFonts } from '../documents/fonts';
import { metricsOf } from '../documents/render';
import { SyncFailure, notHq, type HqHttp } from '../sync/http';

/**
 * 내 명단 (issue 17 item 5): the prospect lists HQ handed to this device's rep. The rep sees them
 * masked (`mine`), reveals one number at a time (logged by the dispatcher), acknowledges receipt,
 * marks a result per number and checks the list in; a print is a watermarked PDF (logged). There
 * is no export or copy channel. Each sync sends what the rep did and replaces the hand-outs with
 * HQ's answer: a hand-out HQ no longer lists (returned, recalled) is deleted with its numbers.
 */

/** What the rep's lists work with: the store, the clock, the rep enrolled (a print's watermark), the app version. */
interface ProspectsContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly info: { readonly version: string };
  readonly sync: { readonly engine: { enrollment(): { rep: string } | undefined } };
}

interface HandoutRow {
  id: string;
  list_id: string;
  list_number: string;
  list_name: string;
  campaign: string;
  state: HandoutState;
  handed_at: string;
  acknowledged_at: string | null;
  checked_in_at: string | null;
  ack_pending: number;
  check_in_pending: number;
}

interface EntryRow {
  handout_id: string;
  id: string;
  seq: number;
  company: string;
  contact: string;
  phone: string;
  result: EntryResult | null;
  result_at: string | null;
  note: string | null;
  result_pending: number;
}

/** One hand-out with marks the rep made that HQ has not taken yet (what the sync screen lists). */
export interface PendingProspectMarks {
  handoutId: string;
  listNumber: string;
  listName: string;
  /** Which marks wait: 'acknowledged', 'results', 'checkedIn' (the sync screen words them). */
  fields: string[];
  /** How many marks wait: a receipt, each result, a check-in. */
  changes: number;
  /** When the oldest of them was made. */
  since: string;
}

/**
 * The rep's prospect marks not yet at HQ (`*_pending`), per hand-out, oldest first. They travel
 * on their own route, not through the outbox, so the sync state adds them to the outbox's count:
 * the indicator's "waiting" number and the sync screen include them.
 */
export function pendingProspectMarks(ctx: ProspectsContext): PendingProspectMarks[] {
  const rows = ctx.store
    .cached(
      `SELECT h.id AS handoutId, h.list_number AS listNumber, h.list_name AS listName,
              h.ack_pending AS ack, h.check_in_pending AS checkIn, h.acknowledged_at AS ackAt, h.checked_in_at AS checkInAt,
              (SELECT count(*) FROM prospect_entries e WHERE e.handout_id = h.id AND e.result_pending = 1) AS results,
              (SELECT min(e.result_at) FROM prospect_entries e WHERE e.handout_id = h.id AND e.result_pending = 1) AS resultsSince
         FROM prospect_handouts h
        WHERE h.ack_pending = 1 OR h.check_in_pending = 1 OR EXISTS (SELECT 1 FROM prospect_entries e WHERE e.handout_id = h.id AND e.result_pending = 1)`,
    )
    .all() as { handoutId: string; listNumber: string; listName: string; ack: number; checkIn: number; ackAt: string | null; checkInAt: string | null; results: number; resultsSince: string | null }[];
  return rows
    .map((r) => {
      const times = [r.ack === 1 ? r.ackAt : null, r.checkIn === 1 ? r.checkInAt : null, r.results > 0 ? r.resultsSince : null].filter((t): t is string => t !== null);
      return {
        handoutId: r.handoutId,
        listNumber: r.listNumber,
        listName: r.listName,
        fields: [...(r.ack === 1 ? ['acknowledged'] : []), ...(r.results > 0 ? ['results'] : []), ...(r.checkIn === 1 ? ['checkedIn'] : [])],
        changes: r.ack + r.checkIn + r.results,
        since: times.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a), times[0] ?? new Date(0).toISOString()),
      };
    })
    .sort((a, b) => Date.parse(a.since) - Date.parse(b.since));
}

const notFound = () => new AppError('NOT_FOUND', '이 명단은 이 기기에 없습니다. 반납되었거나 본사가 회수했을 수 있습니다. 동기화한 뒤 목록을 새로 고치세요.');

function handoutRow(ctx: ProspectsContext, id: string): HandoutRow {
  const row = ctx.store.sqlite.prepare('SELECT * FROM prospect_handouts WHERE id = ?').get(id) as HandoutRow | undefined;
  if (!row) throw notFound();
  return row;
}

function view(ctx: ProspectsContext, h: HandoutRow): MyHandout {
  const entries = ctx.store.sqlite.prepare('SELECT * FROM prospect_entries WHERE handout_id = ? ORDER BY seq').all(h.id) as EntryRow[];
  return {
    id: h.id,
    listId: h.list_id,
    listNumber: h.list_number,
    listName: h.list_name,
    campaign: h.campaign,
    state: h.state,
    handedAt: h.handed_at,
    acknowledgedAt: h.acknowledged_at,
    checkedInAt: h.checked_in_at,
    waiting: h.ack_pending === 1 || h.check_in_pending === 1 || entries.some((e) => e.result_pending === 1),
    entries: entries.map((e) => ({ id: e.id, seq: e.seq, company: e.company, contact: e.contact, phoneMasked: maskPhone(e.phone), result: e.result, resultAt: e.result_at, note: e.note })),
  };
}

/** The hand-outs on this device, oldest first, numbers masked. */
export function myHandouts(ctx: ProspectsContext): MyHandout[] {
  const rows = ctx.store.sqlite.prepare('SELECT * FROM prospect_handouts ORDER BY handed_at, id').all() as HandoutRow[];
  return rows.map((h) => view(ctx, h));
}

/** One number in full (the dispatcher logs the reveal with the entry). */
export function revealNumber(ctx: ProspectsContext, handoutId: string, entryId: string): { handoutId: string; entryId: string; phone: string } {
  handoutRow(ctx, handoutId);
  const e = ctx.store.sqlite.prepare('SELECT phone FROM prospect_entries WHERE handout_id = ? AND id = ?').get(handoutId, entryId) as { phone: string } | undefined;
  if (!e) throw notFound();
  return { handoutId, entryId, phone: e.phone };
}

function move(ctx: ProspectsContext, handoutId: string, to: 'acknowledge' | 'check_in'): MyHandout {
  const h = handoutRow(ctx, handoutId);
  const refusal = handoutMoveRefusal(h.state, to, 'device');
  if (refusal !== undefined) throw new AppError('NOT_ALLOWED', refusal, { reason: 'state', state: h.state });
  const next = moveHandout(h.state, to, 'device');
  const at = ctx.clock.now().toISOString();
  ctx.store.write(() => {
    if (to === 'acknowledge') ctx.store.sqlite.prepare('UPDATE prospect_handouts SET state = ?, acknowledged_at = ?, ack_pending = 1 WHERE id = ?').run(next, at, handoutId);
    else ctx.store.sqlite.prepare('UPDATE prospect_handouts SET state = ?, checked_in_at = ?, check_in_pending = 1 WHERE id = ?').run(next, at, handoutId);
  });
  return view(ctx, handoutRow(ctx, handoutId));
}

export const acknowledgeHandout = (ctx: ProspectsContext, handoutId: string): MyHandout => move(ctx, handoutId, 'acknowledge');
export const checkInHandout = (ctx: ProspectsContext, handoutId: string): MyHandout => move(ctx, handoutId, 'check_in');

/** Marks (or corrects) one number's result while the rep holds the acknowledged list. */
export function markResult(ctx: ProspectsContext, input: { handoutId: string; entryId: string; result: EntryResult; note?: string | undefined }): MyHandout {
  const h = handoutRow(ctx, input.handoutId);
  const refusal = resultRefusal(h.state);
  if (refusal !== undefined) throw new AppError('NOT_ALLOWED', refusal, { reason: 'state', state: h.state });
  const at = ctx.clock.now().toISOString();
  const changed = ctx.store.write(
    () =>
      ctx.store.sqlite
        .prepare('UPDATE prospect_entries SET result = ?, result_at = ?, note = ?, result_pending = 1 WHERE handout_id = ? AND id = ?')
        .run(input.result, at, input.note ?? null, input.handoutId, input.entryId).changes,
  );
  if (changed === 0) throw notFound();
  return view(ctx, handoutRow(ctx, input.handoutId));
}

/**
 * 인쇄: the hand-out as a PDF, every page watermarked with the rep, the KST time and the list
 * number (the dispatcher logs the print). Numbers are printed whole: that is what paper is for.
 */
export async function printHandout(
  ctx: ProspectsContext,
  handoutId: string,
): Promise<{ fileName: string; mime: string; base64: string; sha256: string; bytes: number; pages: number; listId: string; watermark: string }> {
  const h = handoutRow(ctx, handoutId);
  const entries = ctx.store.sqlite.prepare('SELECT * FROM prospect_entries WHERE handout_id = ? ORDER BY seq').all(handoutId) as EntryRow[];
  const now = ctx.clock.now();
  const rep = ctx.sync.engine.enrollment()?.rep ?? '(등록 전 기기)';
  const watermark = watermarkText({ rep, at: now, listNumber: h.list_number });
  const LABEL: Record<EntryResult, string> = { called: '통화함', no_answer: '부재', interested: '관심 있음', refused: '거절', do_not_call: '연락 금지' };
  const blocks: Block[] = [
    { type: 'title', text: `명단 ${h.list_number}` },
    { type: 'paragraph', text: `${h.list_name} · 캠페인 ${h.campaign} · ${entries.length}건 · 배부 ${formatKstDateTime(h.handed_at)}` },
    { type: 'paragraph', text: '이 명단은 회사의 영업 비밀입니다. 복사·촬영·반출을 금지하며, 사용 후 반납하고 인쇄본은 파기하세요.', muted: true, size: 8 },
    {
      type: 'table',
      columns: [0.07, 0.33, 0.18, 0.22, 0.2],
      header: [
        [
          { text: '번호', label: true },
          { text: '회사', label: true },
          { text: '담당자', label: true },
          { text: '전화번호', label: true },
          { text: '결과', label: true },
        ],
      ],
      rows: entries.map((e) => [{ text: String(e.seq) }, { text: e.company }, { text: e.contact }, { text: e.phone }, { text: e.result ? LABEL[e.result] : '' }]),
      size: 9,
    },
  ];
  const fonts = loadFonts();
  const layout = layoutBlocks(blocks, metricsOf(fonts));
  // The watermark across the top of every page, above the content.
  for (const page of layout.pages) page.push({ op: 'text', x: layout.page.margin.left, y: layout.page.margin.top - 20, text: watermark, size: 8, bold: false, color: 'muted' });
  const bytes = await writePdf(
    [{ layout, footer: { lines: [watermark, `명단 ${h.list_number} · 배부 ID ${h.id}`], pageLabel: (i, n) => `${i + 1} / ${n}`, qrPayload: `salesdesk:prospects:${h.list_number}:${h.id}` } }],
    { title: `명단 ${h.list_number}`, subject: watermark, keywords: [h.list_number, h.id], date: now, creator: `SalesDesk ${ctx.info.version}` },
    fonts,
  );
  return {
    fileName: `명단_${h.list_number}.pdf`,
    mime: 'application/pdf',
    base64: Buffer.from(bytes).toString('base64'),
    sha256: sha256Hex(bytes),
    bytes: bytes.length,
    pages: layout.pages.length,
    listId: h.list_id,
    watermark,
  };
}

/**
 * The sync step (after the outbox and the access log): sends the marks waiting, then keeps what HQ
 * answers — marks made meanwhile stay waiting, hand-outs HQ no longer lists are deleted. An HQ
 * without the route (older, 404) is "not yet".
 */
export async function syncProspects(
  ctx: { readonly store: Store },
  http: HqHttp,
  token: string,
  log?: (entry: { level: 'error' | 'info'; msg: string; [k: string]: unknown }) => void,
): Promise<{ sent: number; held: number } | undefined> {
  const db = ctx.store.sqlite;
  const acks = db.prepare('SELECT id, acknowledged_at AS at FROM prospect_handouts WHERE ack_pending = 1').all() as { id: string; at: string }[];
  const checks = db.prepare('SELECT id, checked_in_at AS at FROM prospect_handouts WHERE check_in_pending = 1').all() as { id: string; at: string }[];
  const results = db.prepare('SELECT handout_id, id, result, result_at, note FROM prospect_entries WHERE result_pending = 1').all() as EntryRow[];
  const body: ProspectSyncRequest = {
    acknowledged: acks.map((a) => ({ handoutId: a.id, at: a.at })),
    results: results.map((r) => ({ handoutId: r.handout_id, entryId: r.id, result: r.result!, at: r.result_at!, note: r.note })),
    checkedIn: checks.map((c) => ({ handoutId: c.id, at: c.at })),
  };
  let raw: unknown;
  try {
    raw = await http.json('POST', PROSPECT_SYNC_PATH, body, { token });
  } catch (error) {
    if (error instanceof SyncFailure && error.httpStatus === 404) return undefined;
    throw error;
  }
  const answer = prospectSyncResponseSchema.safeParse(raw);
  if (!answer.success) throw notHq(200);
  if (answer.data.refused.length > 0) log?.({ level: 'error', msg: 'prospects: HQ refused some marks', refused: answer.data.refused });
  ctx.store.write(() => {
    // Sent and answered (applied or refused with a reason): no longer waiting — unless changed since.
    for (const a of acks) db.prepare('UPDATE prospect_handouts SET ack_pending = 0 WHERE id = ? AND acknowledged_at = ?').run(a.id, a.at);
    for (const c of checks) db.prepare('UPDATE prospect_handouts SET check_in_pending = 0 WHERE id = ? AND checked_in_at = ?').run(c.id, c.at);
    for (const r of results) db.prepare('UPDATE prospect_entries SET result_pending = 0 WHERE handout_id = ? AND id = ? AND result_at = ?').run(r.handout_id, r.id, r.result_at);
    const held = new Set(answer.data.handouts.map((h) => h.id));
    for (const { id } of db.prepare('SELECT id FROM prospect_handouts').all() as { id: string }[]) {
      if (!held.has(id)) db.prepare('DELETE FROM prospect_handouts WHERE id = ?').run(id);
    }
    for (const h of answer.data.handouts) {
      const local = db.prepare('SELECT state, ack_pending, check_in_pending FROM prospect_handouts WHERE id = ?').get(h.id) as
        | { state: HandoutState; ack_pending: number; check_in_pending: number }
        | undefined;
      if (!local) {
        db.prepare('INSERT INTO prospect_handouts (id, list_id, list_number, list_name, campaign, state, handed_at, acknowledged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
          h.id,
          h.listId,
          h.listNumber,
          h.listName,
          h.campaign,
          h.state,
          h.handedAt,
          h.acknowledgedAt,
        );
      } else if (local.ack_pending === 0 && local.check_in_pending === 0) {
        db.prepare('UPDATE prospect_handouts SET state = ?, acknowledged_at = ? WHERE id = ?').run(h.state, h.acknowledgedAt, h.id);
      }
      for (const e of h.entries) {
        db.prepare(
          `INSERT INTO prospect_entries (handout_id, id, seq, company, contact, phone, result, result_at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (handout_id, id) DO UPDATE SET company = excluded.company, contact = excluded.contact, phone = excluded.phone,
             result = CASE WHEN result_pending = 1 THEN result ELSE excluded.result END,
             result_at = CASE WHEN result_pending = 1 THEN result_at ELSE excluded.result_at END,
             note = CASE WHEN result_pending = 1 THEN note ELSE excluded.note END`,
        ).run(h.id, e.id, e.seq, e.company, e.contact, e.phone, e.result, e.resultAt, e.note);
      }
      // A number HQ no longer lists (the customer withdrew marketing consent) leaves the device
      // with it — once any result for it has been sent.
      const listed = new Set(h.entries.map((e) => e.id));
      for (const { id } of db.prepare('SELECT id FROM prospect_entries WHERE handout_id = ? AND result_pending = 0').all(h.id) as { id: string }[]) {
        if (!listed.has(id)) db.prepare('DELETE FROM prospect_entries WHERE handout_id = ? AND id = ?').run(h.id, id);
      }
    }
  });
  return { sent: acks.length + checks.length + results.length, held: answer.data.handouts.length };
}
