import type { Dispatch, SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { compareTerms } from '../../../../shared/catalog/calculators';
import { TERM_LABELS } from '../../../../shared/domain/status';
import { roundFigure } from '../../app/format';
import type { Draft } from './useQuoteBuilder';

/** Every term side by side (one basis per column, named in its header), a term picked from it, and the monthly totals as a chart. */
export function TermComparison({
  comparison,
  draft,
  setDraft,
  lang,
  money,
}: {
  comparison: ReturnType<typeof compareTerms>;
  draft: Draft;
  setDraft: Dispatch<SetStateAction<Draft>>;
  lang: 'ko' | 'en';
  money: (n: number) => string;
}) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('quote.comparison')}</legend>
      <div className="comparison">
        <table className="grid" data-testid="term-comparison">
          <thead>
            {/* One basis per column, named in its header (공급가액 or VAT 포함). */}
            <tr>
              <th>{t('quote.term')}</th>
              <th className="num">{t('quote.colMonthlySupply')}</th>
              <th className="num">{t('quote.colMonthlyTotal')}</th>
              <th className="num">{t('quote.colContractTotal')}</th>
              <th className="num">{t('quote.colSaving')}</th>
              <th className="num">{t('quote.colPenalty')}</th>
            </tr>
          </thead>
          <tbody>
            {comparison.map((option) => (
              <tr key={option.term} className={option.term === draft.term ? 'selected' : undefined}>
                <td>
                  <button type="button" className="link-button" onClick={() => setDraft((d) => ({ ...d, term: option.term }))}>
                    {TERM_LABELS[option.term][lang]}
                  </button>
                </td>
                <td className="num">{money(option.monthly.supply)}</td>
                <td className="num">{money(option.monthly.total)}</td>
                <td className="num">{option.months ? money(option.contract.total) : t('quote.noContract')}</td>
                <td className="num">{option.savingVsNone !== null ? money(option.savingVsNone.supply) : '—'}</td>
                <td className="num">{money(option.penaltyPerMonth)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {draft.items.some((i) => i.unitPrice !== null) ? (
          <p className="muted small comparison-note" data-testid="comparison-note">
            {t('quote.negotiatedCarried', { term: TERM_LABELS[draft.term][lang] })}
          </p>
        ) : null}
        <div className="chart" aria-label={t('quote.chartTitle')} role="img">
          <div className="muted small">{t('quote.chartTitle')}</div>
          <ResponsiveContainer width="100%" height={170}>
            <BarChart data={comparison.map((o) => ({ term: TERM_LABELS[o.term][lang], total: o.monthly.total }))} margin={{ left: 10, right: 10, top: 8, bottom: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="term" fontSize={12} />
              <YAxis fontSize={11} width={70} tickFormatter={roundFigure} />
              <Tooltip formatter={(v) => money(Number(v))} />
              <Bar dataKey="total" fill="#e4002b" radius={[3, 3, 0, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </div>
    </fieldset>
  );
}
