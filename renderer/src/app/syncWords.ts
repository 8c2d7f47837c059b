/**
 * The device's sync state and its waiting or refused records, in the rep's words (Korean first,
 * English second). The state itself is decided in shared/sync/device-state.ts; here it is only
 * worded, the same way on every screen.
 */
import type { TFunction } from 'i18next';
import type { DeviceSyncState, RefusedChange, WaitingRecord } from '../../../shared/sync/device-state';
import { STATUS_SHOWN_LABELS, type ApplicationStatus, type StatusShown } from '../../../shared/domain/status';
import { dateTime, kindLabel, statusLabel } from './format';
import i18n from '../i18n';

const lang = () => (i18n.language === 'en' ? 'en' : 'ko');

export const statusShownLabel = (s: StatusShown) => STATUS_SHOWN_LABELS[s][lang()];

/** The headline: what the indicator, the sync screen and the dashboard all say first. */
export function stateHeadline(state: DeviceSyncState, t: TFunction): string {
  switch (state.kind) {
    case 'not_enrolled':
      return state.revoked ? t('sync.state.revoked') : t('sync.state.not_enrolled');
    case 'update_needed':
      return t('sync.state.update_needed');
    case 'offline':
      return t(`sync.state.offline.${state.cause ?? 'network'}`);
    case 'refused':
      return t('sync.state.refused', { count: state.refused });
    case 'sending':
      return state.syncing ? t('sync.state.sendingNow', { count: state.waiting }) : t('sync.state.sending', { count: state.waiting });
    case 'in_step':
      return t('sync.state.in_step');
  }
}

/** What waits to go to HQ, and since when. */
export function waitingWords(state: DeviceSyncState, t: TFunction): string {
  if (state.kind === 'not_enrolled') return state.waiting > 0 ? t('sync.detail.localOnly', { count: state.waiting }) : t('sync.detail.noneWaiting');
  return state.waiting > 0 ? t('sync.detail.waitingSince', { count: state.waiting, since: dateTime(state.oldestWaitingAt ?? '') }) : t('sync.detail.noneWaiting');
}

/** The line under the headline: what waits and since when, or when HQ and this device last spoke. */
export function stateDetail(state: DeviceSyncState, t: TFunction): string {
  if (state.kind === 'not_enrolled') return state.waiting > 0 ? t('sync.detail.localOnly', { count: state.waiting }) : t('sync.detail.nothingLocal');
  const parts: string[] = [];
  if (state.kind === 'offline' || state.kind === 'update_needed' || state.kind === 'refused') parts.push(waitingWords(state, t));
  parts.push(state.lastExchangeAt ? t('sync.detail.lastExchange', { time: dateTime(state.lastExchangeAt) }) : t('sync.detail.neverExchanged'));
  return parts.join(' · ');
}

function formLabel(form: string, t: TFunction): string {
  return /^\d$/.test(form) ? `#${form}` : t(`sync.forms.${form}`, { defaultValue: form });
}

/** What the record is: "견적 2차", "청약 (신규)", "서명 — 서류 #1". */
export function recordLabel(r: Pick<WaitingRecord, 'entity' | 'detail'>, t: TFunction): string {
  const detail = r.detail ?? '';
  switch (r.entity) {
    case 'application':
      return t('sync.entities.application', { detail: detail === 'new' || detail === 'change' || detail === 'termination' ? kindLabel(detail) : detail });
    case 'document':
    case 'signature':
      return t(`sync.entities.${r.entity}`, { detail: formLabel(detail, t) });
    case 'application_attachment':
    case 'attachment_file':
    case 'quote_version':
      return t(`sync.entities.${r.entity}`, { detail: detail || '—' });
    case 'prospect_handout':
      return t('sync.entities.prospect_handout', { detail: detail || '—' });
    case 'ticket':
      return t('sync.entities.ticket', { detail: t(`svc.kinds.${detail}`, { defaultValue: detail || '—' }) });
    case 'ticket_event':
      return t('sync.entities.ticket_event', { detail: t(`svc.events.${detail}`, { defaultValue: detail || '—' }) });
    case 'customer':
    case 'quote':
      return t(`sync.entities.${r.entity}`);
    default:
      return t('sync.entities.unknown', { entity: r.entity });
  }
}

/** What changed: "새로 만듦", "상태 → 제출됨, 진행 관리 바꿈". */
export function changeWords(r: Pick<WaitingRecord, 'isNew' | 'fields' | 'status'> | Pick<RefusedChange, 'isNew' | 'fields' | 'status'>, t: TFunction): string {
  if (r.isNew) return t('sync.recordNew');
  const parts: string[] = [];
  if (r.status) parts.push(t('sync.statusTo', { status: r.status in STATUS_SHOWN_LABELS ? statusLabel(r.status as ApplicationStatus) : r.status }));
  const others = r.fields.filter((f) => f !== 'status').map((f) => t(`sync.fields.${f}`, { defaultValue: f }));
  if (others.length > 0) parts.push(t('sync.recordChanged', { fields: others.join(', ') }));
  return parts.join(', ');
}

/** A sync in progress: "본사 자료 받는 중 12,000/100,000" (the label alone until the count is known). */
export function progressWords(p: { phase: string; label: string; done: number; total: number }, t: TFunction): string {
  const n = (x: number) => x.toLocaleString(lang() === 'en' ? 'en-US' : 'ko-KR');
  // The phase in the UI's language; the core's Korean label only for a phase this screen does not know.
  const label = t(`sync.detail.phases.${p.phase}`, { defaultValue: p.label });
  return p.total > 0 ? t('sync.detail.progress', { label, done: n(p.done), total: n(p.total) }) : label;
}
