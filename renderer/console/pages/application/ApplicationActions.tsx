import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApplicationDetail } from '../../../../shared/console/api';
import { api } from '../../api';
import { ErrorBanner } from '../../components/Table';
import { background } from '../../components/hooks';
import { statusLabel } from '../../format';

/**
 * What an order-desk person can do with one application (shown to those who may process it):
 * S/O processing, returning it to the rep, declining it, and the other status moves HQ allows
 * from here — each with its reason where the lifecycle asks for one.
 */
export function ApplicationActions({ id, detail: d }: { id: string; detail: ApplicationDetail }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => background(client.invalidateQueries(), 'refresh');
  const so = useMutation({
    mutationFn: () => api<{ serviceNumber: string; alreadyProcessed: boolean }>('POST', `/applications/${encodeURIComponent(id)}/so-process`),
    onSuccess: (r) => {
      setDone(t(r.alreadyProcessed ? 'app_.soAlready' : 'app_.soDone', { number: r.serviceNumber }));
      refresh();
    },
  });
  const [reason, setReason] = useState('');
  const back = useMutation({
    mutationFn: () => api('POST', `/applications/${encodeURIComponent(id)}/return`, { reason }),
    onSuccess: () => {
      setDone(t('app_.returnDone'));
      setReason('');
      refresh();
    },
  });
  const [declineReason, setDeclineReason] = useState('');
  const decline = useMutation({
    mutationFn: () => api('POST', `/applications/${encodeURIComponent(id)}/decline`, { reason: declineReason }),
    onSuccess: () => {
      setDone(t('app_.declineDone'));
      setDeclineReason('');
      refresh();
    },
  });
  const [moveTo, setMoveTo] = useState('');
  const [moveReason, setMoveReason] = useState('');
  const move = useMutation({
    mutationFn: () => api('POST', `/applications/${encodeURIComponent(id)}/status`, { status: moveTo, ...(moveReason.trim() ? { reason: moveReason } : {}) }),
    onSuccess: () => {
      setDone(t('app_.moveDone', { status: statusLabel(moveTo) }));
      setMoveReason('');
      refresh();
    },
  });
  const otherMoves = d.moves.filter((m) => m.to !== 'rejected' && m.to !== 'declined');
  return (
    <>
      {done ? (
        <p className="ok-banner" role="status">
          {done}
        </p>
      ) : null}
      <ErrorBanner error={so.error ?? back.error ?? decline.error ?? move.error} />

      <div className="actions-bar">
        {d.canSoProcess ? (
          <div className="action-box">
            <button
              type="button"
              className="primary"
              disabled={so.isPending}
              onClick={() => {
                if (window.confirm(t('app_.soConfirm'))) so.mutate();
              }}
            >
              {t('app_.soProcess')}
            </button>
          </div>
        ) : null}
        {d.moves.some((m) => m.to === 'rejected') ? (
          <div className="action-box">
            <label htmlFor="return-reason">{t('app_.returnReason')}</label>
            <textarea id="return-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />
            <button type="button" className="danger" disabled={back.isPending || !reason.trim()} onClick={() => back.mutate()}>
              {t('app_.returnToRep')}
            </button>
          </div>
        ) : null}
        {d.moves.some((m) => m.to === 'declined') ? (
          <div className="action-box">
            <label htmlFor="decline-reason">{t('app_.declineReason')}</label>
            <textarea id="decline-reason" value={declineReason} onChange={(e) => setDeclineReason(e.target.value)} maxLength={1000} />
            <button
              type="button"
              className="danger"
              disabled={decline.isPending || !declineReason.trim()}
              onClick={() => {
                if (window.confirm(t('app_.declineConfirm'))) decline.mutate();
              }}
            >
              {t('app_.decline')}
            </button>
          </div>
        ) : null}
        {otherMoves.length > 0 ? (
          <div className="action-box">
            <label htmlFor="move-to">{t('app_.move')}</label>
            <select id="move-to" value={moveTo} onChange={(e) => setMoveTo(e.target.value)}>
              <option value="">—</option>
              {otherMoves.map((m) => (
                <option key={m.to} value={m.to}>
                  {m.label}
                </option>
              ))}
            </select>
            <label htmlFor="move-reason">{t('app_.moveReason')}</label>
            <textarea id="move-reason" value={moveReason} onChange={(e) => setMoveReason(e.target.value)} maxLength={1000} />
            <button type="button" disabled={!moveTo || move.isPending || (otherMoves.find((m) => m.to === moveTo)?.needsReason === true && !moveReason.trim())} onClick={() => move.mutate()}>
              {t('app_.move')}
            </button>
          </div>
        ) : null}
      </div>
    </>
  );
}
