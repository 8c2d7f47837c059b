import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { date, say } from '../../app/format';
import { DateInput } from '../../components/DateInput';
import type { WorkflowEdit } from './useWorkflow';

/** The provisioning tracker: line type, the key dates, headsets, and the steps with owner, due date, done and note. */
export function ProvisioningFieldset({ view: v, save }: WorkflowEdit) {
  const { t } = useTranslation();
  if (!v.provisioning) return null;
  const p = v.provisioningInput;
  return (
    <fieldset>
      <legend>{t('wf.provisioning')}</legend>
      <div className="row">
        <div className="field">
          <label htmlFor="lineType">{t('wf.lineType')}</label>
          <select id="lineType" value={p?.lineType ?? 'vpn'} onChange={(e) => save({ provisioning: { lineType: e.target.value as 'vpn' | 'leased' } })}>
            <option value="vpn">{t('wf.vpn')}</option>
            <option value="leased">{t('wf.leased')}</option>
          </select>
        </div>
        {(['lineInstallDate', 'scenarioReadyDate', 'acceptanceDate'] as const).map((k) => (
          <div className="field" key={k}>
            <label htmlFor={k}>{t(`wf.${k}`)}</label>
            <SavedDateInput id={k} value={p?.[k] ?? ''} onSave={(value) => save({ provisioning: { [k]: value } })} />
          </div>
        ))}
        <label className="choice">
          <input
            type="checkbox"
            key={`hs-${String(p?.headsetsViaKt ?? false)}`}
            defaultChecked={p?.headsetsViaKt ?? false}
            onChange={(e) => save({ provisioning: { headsetsViaKt: e.target.checked } })}
          />
          {t('wf.headsets')}
        </label>
      </div>
      <table className="grid steps" data-testid="wf-steps">
        <thead>
          <tr>
            <th>{t('wf.step')}</th>
            <th>{t('wf.owner')}</th>
            <th>{t('wf.due')}</th>
            <th>{t('wf.doneCol')}</th>
            <th>{t('wf.note')}</th>
          </tr>
        </thead>
        <tbody>
          {v.provisioning.map((s) => (
            <tr key={s.key} className={s.overdue ? 'overdue' : s.done ? 'done' : undefined} data-testid={`step-${s.key}`}>
              <td>
                {say(s.msgs.label)}
                {s.msgs.reminder ? <div className="reminder small">{say(s.msgs.reminder)}</div> : null}
              </td>
              <td>{say(s.msgs.owner)}</td>
              <td>
                {s.due ? date(s.due) : <span className="muted small">{say(s.msgs.rule)}</span>}
                {s.overdue ? <span className="badge status-rejected">{t('wf.overdue')}</span> : null}
              </td>
              <td>
                <label className="choice">
                  <input
                    type="checkbox"
                    key={`${s.key}-${String(s.done)}`}
                    defaultChecked={s.done}
                    aria-label={`${say(s.msgs.label)} ${t('wf.doneCol')}`}
                    onChange={(e) => save({ step: { key: s.key, done: e.target.checked, ...(s.note ? { note: s.note } : {}) } })}
                  />
                  {s.doneDate ? date(s.doneDate) : ''}
                </label>
              </td>
              <td>
                <input
                  className="note"
                  defaultValue={s.note ?? ''}
                  aria-label={`${say(s.msgs.label)} ${t('wf.note')}`}
                  onBlur={(e) => e.target.value !== (s.note ?? '') && save({ step: { key: s.key, done: s.done, note: e.target.value } })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}

/**
 * A date the rep types or picks: kept locally while typing (a half-typed year is not a date) and
 * saved when the field is left or Enter is pressed, only when it is a whole date that changed.
 */
function SavedDateInput({ id, value, onSave }: { id: string; value: string; onSave: (value: string) => void }) {
  const [draft, setDraft] = useState(value);
  // A new value from the store replaces the draft (adjusted while rendering, not in an effect).
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setDraft(value);
  }
  const commit = () => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(draft) && draft !== value) onSave(draft);
  };
  return (
    <DateInput
      id={id}
      value={draft}
      onValue={setDraft}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}
