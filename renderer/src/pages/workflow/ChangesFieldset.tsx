import { useTranslation } from 'react-i18next';
import { DateInput } from '../../components/DateInput';
import type { SuspensionDraft, WorkflowPatch } from './useWorkflow';

/** Changes to an open contract: derive a change or termination application, or record a suspension. */
export function ChangesFieldset({
  suspension,
  onSuspension,
  busy,
  onDerive,
  save,
}: {
  suspension: SuspensionDraft;
  onSuspension: (draft: SuspensionDraft) => void;
  busy: boolean;
  onDerive: (kind: 'change' | 'termination') => void;
  save: (patch: WorkflowPatch) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset data-testid="wf-changes">
      <legend>{t('wf.changesTitle')}</legend>
      <p className="muted small">{t('wf.changesHint')}</p>
      <div className="row">
        <button type="button" onClick={() => onDerive('change')} disabled={busy}>
          {t('wf.newChange')}
        </button>
        <button type="button" onClick={() => onDerive('termination')} disabled={busy}>
          {t('wf.newTermination')}
        </button>
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="suspStart">{t('wf.suspStart')}</label>
          <DateInput id="suspStart" value={suspension.startDate} onValue={(startDate) => onSuspension({ ...suspension, startDate })} />
        </div>
        <div className="field">
          <label htmlFor="suspMonths">{t('wf.suspMonths')}</label>
          <select id="suspMonths" value={suspension.months} onChange={(e) => onSuspension({ ...suspension, months: Number(e.target.value) })}>
            {[1, 2, 3, 4, 5, 6].map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <button type="button" disabled={!suspension.startDate} onClick={() => save({ suspension: { startDate: suspension.startDate, months: suspension.months } })}>
          {t('wf.suspSave')}
        </button>
      </div>
    </fieldset>
  );
}
