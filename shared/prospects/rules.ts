import { checkPhone } from '../format/phone';
import { formatKstDateTime } from '../format/date';

/**
 * Prospect lists under lock (issue 17 item 5; PRODUCT.md "Number lists": the numbers are the
 * company's top secret). Pure rules, used by HQ, the device and the screens:
 * - screening on import: a valid Korean phone, no number twice, none on the do-not-call list;
 * - list numbers `PL-YYYY-NNNN` (KST year of the import, counted per year);
 * - `keepUntil`: a list is kept at least a year after its last use (then the retention job destroys it);
 * - the hand-out's state machine and who may move it (HQ or the rep's device);
 * - results per entry; a second campaign on one list needs HQ approval;
 * - the watermark every print of a hand-out carries.
 */

/** A hand-out's states. Results are marked while `acknowledged`; `recalled` and `checked_in` end its use. */
export const HANDOUT_STATES = ['handed_out', 'acknowledged', 'checked_in', 'recalled', 'archived'] as const;
export type HandoutState = (typeof HANDOUT_STATES)[number];

/** What moves a hand-out, and who may: the rep's device acknowledges and checks in; HQ recalls and archives. */
export type HandoutMove = 'acknowledge' | 'check_in' | 'recall' | 'archive';

const MOVES: Record<HandoutMove, { from: readonly HandoutState[]; to: HandoutState; by: 'device' | 'hq' }> = {
  acknowledge: { from: ['handed_out'], to: 'acknowledged', by: 'device' },
  check_in: { from: ['acknowledged'], to: 'checked_in', by: 'device' },
  recall: { from: ['handed_out', 'acknowledged'], to: 'recalled', by: 'hq' },
  archive: { from: ['checked_in', 'recalled'], to: 'archived', by: 'hq' },
};

const HANDOUT_STATE_LABELS: Record<HandoutState, string> = {
  handed_out: '배부됨',
  acknowledged: '수령 확인',
  checked_in: '반납',
  recalled: '회수',
  archived: '보관',
};

/** Why a move is refused, in Korean, saying what to do; undefined when it is allowed. */
export function handoutMoveRefusal(state: HandoutState, move: HandoutMove, by: 'device' | 'hq'): string | undefined {
  const m = MOVES[move];
  if (m.by !== by) {
    return m.by === 'hq' ? '명단 회수와 보관은 본사(명단 관리자)만 할 수 있습니다.' : '수령 확인과 반납은 명단을 받은 영업대표의 기기에서만 합니다.';
  }
  if (m.from.includes(state)) return undefined;
  const now = HANDOUT_STATE_LABELS[state];
  switch (move) {
    case 'acknowledge':
      return `이 명단은 이미 ${now} 상태입니다. 수령 확인은 배부된 명단에만 합니다.`;
    case 'check_in':
      return state === 'handed_out' ? '먼저 명단 수령을 확인하세요. 수령 확인 뒤에 반납할 수 있습니다.' : `이 명단은 이미 ${now} 상태라 반납할 수 없습니다.`;
    case 'recall':
      return `이 명단은 ${now} 상태라 회수할 수 없습니다. 회수는 영업대표가 반납하기 전에만 합니다.`;
    case 'archive':
      return `이 명단은 ${now} 상태입니다. 반납되거나 회수된 명단만 보관할 수 있습니다. 먼저 회수하거나 반납을 기다리세요.`;
  }
}

/** The state after a move, or an Error naming why not. */
export function moveHandout(state: HandoutState, move: HandoutMove, by: 'device' | 'hq'): HandoutState {
  const refusal = handoutMoveRefusal(state, move, by);
  if (refusal !== undefined) throw new Error(refusal);
  return MOVES[move].to;
}

/** A hand-out still with the rep (its numbers are on the device). */
export const isOut = (state: HandoutState): boolean => state === 'handed_out' || state === 'acknowledged';

/** Results a rep marks per entry. */
export const ENTRY_RESULTS = ['called', 'no_answer', 'interested', 'refused', 'do_not_call'] as const;
export type EntryResult = (typeof ENTRY_RESULTS)[number];

/** A result may be marked (or corrected) only while the rep holds the acknowledged list. */
export function resultRefusal(state: HandoutState): string | undefined {
  if (state === 'acknowledged') return undefined;
  if (state === 'handed_out') return '먼저 명단 수령을 확인하세요. 결과는 수령 확인 뒤에 기록합니다.';
  return `이 명단은 ${HANDOUT_STATE_LABELS[state]} 상태라 결과를 기록할 수 없습니다.`;
}

// ── screening on import ─────────────────────────────────────────────────────────────────────

export interface ImportRow {
  company: string;
  contact: string;
  phone: string;
}

type ScreenReason = 'invalid_phone' | 'duplicate' | 'do_not_call' | 'already_listed';

const SCREEN_REASON_LABELS: Record<ScreenReason, string> = {
  invalid_phone: '전화번호가 올바르지 않음',
  duplicate: '같은 번호가 이 파일에 이미 있음',
  do_not_call: '연락 금지 번호',
  already_listed: '다른 명단에 이미 있는 번호',
};

interface ScreenedRow extends ImportRow {
  /** The number in its conventional grouping (010-1234-5678). */
  phone: string;
  /** Digits only: the key duplicates and do-not-call are judged on. */
  digits: string;
}

export interface ScreenResult {
  accepted: ScreenedRow[];
  /** Each refused row with its 1-based line (row index + 1) and why. */
  rejected: { line: number; row: ImportRow; reason: ScreenReason; message: string }[];
}

/**
 * Screens an import: a row is refused for an invalid phone, a number already seen earlier in the
 * same import, a number on the do-not-call list, or a number already in another (unarchived) list.
 * Numbers are compared by their digits (010-1234-5678 = 01012345678).
 */
export function screenImport(rows: readonly ImportRow[], known: { doNotCall: ReadonlySet<string>; listed: ReadonlySet<string> }): ScreenResult {
  const seen = new Set<string>();
  const out: ScreenResult = { accepted: [], rejected: [] };
  rows.forEach((row, i) => {
    const refuse = (reason: ScreenReason, detail?: string) =>
      out.rejected.push({ line: i + 1, row, reason, message: detail ? `${SCREEN_REASON_LABELS[reason]}: ${detail}` : SCREEN_REASON_LABELS[reason] });
    const checked = checkPhone(row.phone);
    if (!checked.valid || checked.formatted == null) {
      refuse('invalid_phone', checked.reason ?? undefined);
      return;
    }
    const digits = checked.formatted.replace(/\D/g, '');
    if (seen.has(digits)) refuse('duplicate');
    else if (known.doNotCall.has(digits)) refuse('do_not_call');
    else if (known.listed.has(digits)) refuse('already_listed');
    else out.accepted.push({ ...row, phone: checked.formatted, digits });
    seen.add(digits);
  });
  return out;
}

// ── numbering and keeping ───────────────────────────────────────────────────────────────────

const KST_MS = 9 * 3_600_000;
const kstYear = (at: string | Date): number => new Date(new Date(at).getTime() + KST_MS).getUTCFullYear();

const LIST_NUMBER = /^PL-(\d{4})-(\d{4,})$/;

/** The next list number for an import at `at`: `PL-YYYY-NNNN`, YYYY the KST year, NNNN one more than the year's highest. */
export function nextListNumber(at: string | Date, existing: Iterable<string>): string {
  const year = kstYear(at);
  let high = 0;
  for (const n of existing) {
    const m = LIST_NUMBER.exec(n);
    if (m && Number(m[1]) === year) high = Math.max(high, Number(m[2]));
  }
  return `PL-${year}-${String(high + 1).padStart(4, '0')}`;
}

/**
 * The KST date (YYYY-MM-DD) until which a list is kept: one year after its last use (import,
 * hand-out, acknowledgement, result, check-in, recall), never earlier. 29 February's year later
 * is 1 March, so the year is never short.
 */
export function keepUntil(lastUse: string | Date): string {
  const k = new Date(new Date(lastUse).getTime() + KST_MS);
  // Date.UTC rolls 29 February of a common year over to 1 March.
  return new Date(Date.UTC(k.getUTCFullYear() + 1, k.getUTCMonth(), k.getUTCDate())).toISOString().slice(0, 10);
}

/** Whether the retention job may destroy a list on KST date `today` (YYYY-MM-DD): archived and past its keepUntil. */
export const mayDestroyList = (list: { archived: boolean; keepUntil: string }, today: string): boolean => list.archived && today > list.keepUntil;

// ── campaigns ───────────────────────────────────────────────────────────────────────────────

export interface CampaignApproval {
  campaign: string;
  status: 'pending' | 'approved' | 'refused';
}

/**
 * A hand-out for `campaign` on a list: the list's first campaign needs nothing; any other
 * campaign (a second use of the same numbers) needs HQ's approval of that campaign on that list.
 * Answers 'ok', or 'needs_approval' (none asked yet or pending) or 'refused'.
 */
export function campaignAllowed(campaign: string, earlier: readonly string[], approvals: readonly CampaignApproval[]): 'ok' | 'needs_approval' | 'refused' {
  const first = earlier[0];
  if (first === undefined || earlier.every((c) => c === campaign)) return 'ok';
  const decided = approvals.filter((a) => a.campaign === campaign);
  if (decided.some((a) => a.status === 'approved')) return 'ok';
  if (decided.some((a) => a.status === 'refused') && !decided.some((a) => a.status === 'pending')) return 'refused';
  return 'needs_approval';
}

// ── printing ────────────────────────────────────────────────────────────────────────────────

/** The line printed across every page of a hand-out: who, when (KST), which list. */
export function watermarkText(p: { rep: string; at: string | Date; listNumber: string }): string {
  return `${p.listNumber} · ${p.rep} · ${formatKstDateTime(p.at)} KST · 외부 반출·복사 금지`;
}
