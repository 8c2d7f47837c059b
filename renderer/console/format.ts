import { formatKoreanDate, formatKoreanDateTime } from '../../shared/format/date';
import { formatMoney } from '../../shared/money';
import { KIND_LABELS, STATUS_LABELS, TERM_LABELS, type ApplicationStatus } from '../../shared/domain/status';
import { APPROVAL_LABELS, type ApprovalStatus } from '../../shared/domain/quote';
import { ROLE_LABELS, type ConsoleRole } from '../../shared/console/roles';
import i18n from './i18n';

const lang = () => (i18n.language === 'en' ? 'en' : 'ko');
const pick = <K extends string>(table: Record<K, { ko: string; en: string }>, key: string | null | undefined) => (key && key in table ? table[key as K][lang()] : (key ?? '—'));

export const statusLabel = (s: string | null | undefined) => pick<ApplicationStatus>(STATUS_LABELS, s ?? 'draft');
export const kindLabel = (k: string | null | undefined) => pick(KIND_LABELS, k);
export const termLabel = (t: string | null | undefined) => pick(TERM_LABELS, t);
export const approvalLabel = (a: string | null | undefined) => pick<ApprovalStatus>(APPROVAL_LABELS, a);
export const roleLabel = (r: string) => pick<ConsoleRole>(ROLE_LABELS, r);
export const date = (iso: string | null | undefined) => (iso ? formatKoreanDate(iso) : '—');
export const dateTime = (iso: string | null | undefined) => (iso ? formatKoreanDateTime(iso) : '—');
export const money = (amount: number | null | undefined, currency = 'KRW') => (amount === null || amount === undefined ? '—' : formatMoney(amount, currency));

/** How long ago, coarsely: "3일 4시간", "25분". */
export function waited(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  const en = lang() === 'en';
  if (minutes < 60) return en ? `${minutes} min` : `${minutes}분`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return en ? `${hours} h` : `${hours}시간`;
  const days = Math.floor(hours / 24);
  return en ? `${days} d ${hours % 24} h` : `${days}일 ${hours % 24}시간`;
}
