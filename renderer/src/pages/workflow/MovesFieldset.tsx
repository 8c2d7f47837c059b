import { useTranslation } from 'react-i18next';
import type { LifecycleEvent } from '../../../../shared/lifecycle/machine';
import { say, statusLabel } from '../../app/format';
import type { WorkflowView } from './useWorkflow';

/** The next moves of the lifecycle: a button per transition, with why a rep's move is not allowed yet. */
export function MovesFieldset({ view, busy, onMove }: { view: WorkflowView; busy: boolean; onMove: (event: LifecycleEvent) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('wf.next')}</legend>
      {view.transitions.length === 0 ? <p className="muted">{t('wf.noMoves')}</p> : null}
      <ul className="moves" data-testid="wf-moves">
        {view.transitions.map((m) => (
          <li key={m.event}>
            <button type="button" className={m.allowed ? 'primary' : undefined} disabled={!m.allowed || busy} onClick={() => onMove(m.event)}>
              {say(m.labelMsg)}
              {say(m.labelMsg) !== statusLabel(m.to) ? ` → ${statusLabel(m.to)}` : ''}
            </button>
            {m.by === 'hq' ? <span className="muted small"> {t('wf.byHq')}</span> : null}
            {!m.allowed && m.by === 'rep' ? (
              <ul className="reasons">
                {m.reasonMsgs.map(say).map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
