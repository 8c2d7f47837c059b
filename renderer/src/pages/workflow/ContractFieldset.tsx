import { useTranslation } from 'react-i18next';
import { date, money } from '../../app/format';
import type { WorkflowView } from './useWorkflow';

/** The contract: its term, the early-termination penalty so far, and a recorded suspension. */
export function ContractFieldset({ view: v }: { view: WorkflowView }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('wf.contract')}</legend>
      {v.term ? <p data-testid="wf-term">{t('wf.termLine', { start: date(v.term.start), end: date(v.term.end), renewals: v.term.renewals })}</p> : <p className="muted">{t('wf.notOpen')}</p>}
      {v.penalty ? <p data-testid="wf-penalty">{t('wf.penaltyLine', { months: v.penalty.monthsUsed, amount: money(v.penalty.penalty), perMonth: money(v.penalty.perMonth) })}</p> : null}
      {v.suspension ? (
        <p data-testid="wf-suspension">
          {t('wf.suspensionLine', {
            start: date(v.suspension.startDate),
            months: v.suspension.months,
            free: v.suspension.freeMonths.map((m) => t('wf.month', { year: m.slice(0, 4), month: Number(m.slice(5, 7)) })).join(', '),
          })}
        </p>
      ) : null}
    </fieldset>
  );
}
