import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { dateTime } from '../../app/format';
import type { SettlementDraft } from './useWorkflow';

/** The settlement request of an open contract: billing office and notes, then make it and see the papers. */
export function SettlementFieldset({
  applicationId,
  requestedAt,
  settlement,
  onSettlement,
  busy,
  onSettle,
}: {
  applicationId: string;
  requestedAt: string | null | undefined;
  settlement: SettlementDraft;
  onSettlement: (draft: SettlementDraft) => void;
  busy: boolean;
  onSettle: () => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset data-testid="wf-settlement">
      <legend>{t('wf.settlementTitle')}</legend>
      <p className="muted small">{requestedAt ? t('wf.settlementDone', { at: dateTime(requestedAt) }) : t('wf.settlementHint')}</p>
      <div className="field">
        <label htmlFor="billingOffice">{t('wf.billingOffice')}</label>
        <input id="billingOffice" value={settlement.billingOffice} onChange={(e) => onSettlement({ ...settlement, billingOffice: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="settleNotes">{t('wf.settleNotes')}</label>
        <input id="settleNotes" value={settlement.notes} onChange={(e) => onSettlement({ ...settlement, notes: e.target.value })} />
      </div>
      <button type="button" className="primary" onClick={onSettle} disabled={busy}>
        {t('wf.settlementMake')}
      </button>{' '}
      <Link to={`/applications/${applicationId}/documents`}>{t('wf.settlementDocs')}</Link>
    </fieldset>
  );
}
