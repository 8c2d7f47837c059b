import { useTranslation } from 'react-i18next';
import type { penaltySchedule } from '../../../../shared/catalog/calculators';

/** The early-termination penalty of the chosen term: the formula, leaving after N months, and a row of milestones. */
export function PenaltyScheduleFieldset({
  schedule,
  termLabel,
  leaveAfter,
  onLeaveAfter,
  money,
}: {
  schedule: ReturnType<typeof penaltySchedule>;
  termLabel: string;
  leaveAfter: number;
  onLeaveAfter: (months: number) => void;
  money: (n: number) => string;
}) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('quote.penaltySchedule', { term: termLabel })}</legend>
      {schedule.months === null ? (
        <p className="muted">{t('quote.penaltyNone')}</p>
      ) : (
        <>
          <p className="muted small">{t('quote.penaltyFormula', { perMonth: money(schedule.perMonth) })}</p>
          <label className="choice">
            {t('quote.monthsUsed')}
            <input
              type="number"
              min={1}
              max={schedule.months}
              value={leaveAfter}
              aria-label={t('quote.monthsUsed')}
              onChange={(e) => onLeaveAfter(Math.max(1, Math.min(schedule.months!, e.target.valueAsNumber || 1)))}
            />
          </label>
          <p data-testid="penalty-after">{t('quote.leaveAfter', { months: leaveAfter, amount: money(schedule.rows[leaveAfter - 1]?.penalty ?? 0) })}</p>
          <div className="scroll-x">
            <table className="grid penalty-grid" data-testid="penalty-schedule">
              <thead>
                <tr>
                  <th>{t('quote.monthsUsed')}</th>
                  {[3, 6, 9, 12, 18, 24, 30, 35]
                    .filter((m) => m < schedule.months!)
                    .map((m) => (
                      <th key={m} className="num">
                        {m}
                      </th>
                    ))}
                  <th className="num">{schedule.months}</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th>{t('quote.penalty')}</th>
                  {[3, 6, 9, 12, 18, 24, 30, 35]
                    .filter((m) => m < schedule.months!)
                    .map((m) => (
                      <td key={m} className="num">
                        {money(schedule.rows[m - 1]!.penalty)}
                      </td>
                    ))}
                  <td className="num">{money(0)}</td>
                </tr>
              </tbody>
            </table>
          </div>
        </>
      )}
    </fieldset>
  );
}
