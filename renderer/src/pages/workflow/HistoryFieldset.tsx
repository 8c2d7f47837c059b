import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { date, dateTime, statusLabel } from '../../app/format';
import type { WorkflowView } from './useWorkflow';

/** The related applications (changes, termination) and this application's own status history, newest first. */
export function HistoryFieldset({ view: v }: { view: WorkflowView }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('wf.history')}</legend>
      {v.related.length > 0 ? <p className="muted small">{t('wf.relatedTitle')}</p> : null}
      {v.related.length > 0 ? (
        <ul className="related" data-testid="wf-related">
          {v.related.map((r) => (
            <li key={r.id}>
              <Link to={`/applications/${r.id}/workflow`}>
                {t(`kind.${r.kind}` as 'kind.new')} {date(r.date)}
              </Link>{' '}
              · {statusLabel(r.status)}
            </li>
          ))}
        </ul>
      ) : null}
      {v.related.length > 0 ? <p className="muted small">{t('wf.ownHistory')}</p> : null}
      {v.history.length === 0 ? <p className="muted">{t('wf.noHistory')}</p> : null}
      <ol className="history">
        {[...v.history].reverse().map((h, i) => (
          <li key={i}>
            {dateTime(h.at)} · {statusLabel(h.from)} → <strong>{statusLabel(h.to)}</strong> {h.by === 'hq' ? `(${t('wf.hq')})` : ''} {h.note ? `— ${h.note}` : ''}
          </li>
        ))}
      </ol>
    </fieldset>
  );
}
