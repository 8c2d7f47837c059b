import { useMemo, useState } from 'react';
import { money as moneyText } from '../app/format';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { QuoteItem } from '../../../shared/catalog/engine';
import type { Catalog } from '../../../shared/catalog/schema';
import { currentPeriodKst } from '../../../shared/commission/cli';
import { commissionOptions } from '../../../shared/commission/engine';
import { PAYMENT_LABELS } from '../../../shared/commission/schema';
import type { Term } from '../../../shared/domain/application';
import { invoke } from '../api';

/**
 * The rep's own commission for the quote on screen, for each way the customer may pay
 * (전액 선납 / 연납 / 월납). Rep-only: closed until opened, never printed, never on a customer
 * document (documents are built from shared/forms, which know nothing of commissions).
 */
export function CommissionPreview({ catalog, term, items }: { catalog: Catalog; term: Term; items: readonly QuoteItem[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ko';
  const [trialMonths, setTrialMonths] = useState(0);
  const plan = useQuery({ queryKey: ['commission.plan', catalog.id], queryFn: () => invoke('commission.plan', { catalogId: catalog.id }), staleTime: 60_000 });
  const options = useMemo(() => {
    if (plan.data?.status !== 'active') return null;
    return commissionOptions(plan.data, catalog, { term, items, trialMonths, start: currentPeriodKst() });
  }, [plan.data, catalog, term, items, trialMonths]);
  const money = (n: number) => moneyText(n, plan.data?.currency ?? catalog.currency);

  return (
    <details className="commission-preview rep-only" data-testid="commission-preview">
      <summary>{t('commission.previewTitle')}</summary>
      <p className="muted small">{t('commission.repOnly')}</p>
      {plan.isError ? (
        <p className="error-banner" role="alert">
          {plan.error.message}
        </p>
      ) : null}
      {plan.data === null ? <p className="muted">{t('commission.noPlan')}</p> : null}
      {plan.data?.status === 'unset' ? (
        <p className="warn-banner" data-testid="commission-unset">
          {t('commission.unset')}
        </p>
      ) : null}
      {options ? (
        <>
          <p className="small">
            {plan.data!.title} · {t('commission.planVersion', { version: plan.data!.version })}
          </p>
          <label className="choice">
            {t('commission.trialMonths')}
            <input
              type="number"
              min={0}
              max={24}
              value={trialMonths}
              aria-label={t('commission.trialMonths')}
              onChange={(e) => setTrialMonths(Math.max(0, Math.min(24, e.target.valueAsNumber || 0)))}
            />
          </label>
          <table className="grid" data-testid="commission-options">
            <thead>
              <tr>
                <th>{t('commission.payment')}</th>
                <th className="num">{t('commission.total')}</th>
                <th>{t('commission.firstPayout')}</th>
                <th>{t('commission.note')}</th>
              </tr>
            </thead>
            <tbody>
              {options.map((o) => {
                const first = o.schedule?.rows.find((r) => r.amount > 0);
                return (
                  <tr key={o.payment}>
                    <th>{PAYMENT_LABELS[o.payment][lang]}</th>
                    <td className="num">{o.schedule ? money(o.schedule.total) : '—'}</td>
                    <td>{first ? `${first.period} · ${money(first.amount)}` : '—'}</td>
                    <td className="small">{o.reason ?? (o.schedule?.rows.length === 0 ? t('commission.nothingEarned') : '')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {plan.data!.notes?.length ? (
            <ul className="small muted">
              {plan.data!.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
    </details>
  );
}
