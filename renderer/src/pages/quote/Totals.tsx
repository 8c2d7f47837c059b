import { useTranslation } from 'react-i18next';
import type { Quote } from '../../../../shared/catalog/engine';
import { amountInWords } from '../../../../shared/format/words';

/** A quote's monthly, one-off and contract totals (supply, VAT, total), and the monthly total in Korean words. */
export function Totals({ quote, money, compact }: { quote: Quote; money: (n: number) => string; compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={compact ? 'totals compact' : 'totals'} data-testid={compact ? 'version-totals' : 'quote-totals'}>
      <table>
        <thead>
          <tr>
            <th />
            <th className="num">{t('quote.supply')}</th>
            <th className="num">{t('quote.vat')}</th>
            <th className="num">{t('quote.total')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th>{t('quote.monthly')}</th>
            <td className="num">{money(quote.monthly.supply)}</td>
            <td className="num">{money(quote.monthly.vat)}</td>
            <td className="num strong">{money(quote.monthly.total)}</td>
          </tr>
          {quote.oneOff.total > 0 ? (
            <tr>
              <th>{t('quote.oneOff')}</th>
              <td className="num">{money(quote.oneOff.supply)}</td>
              <td className="num">{money(quote.oneOff.vat)}</td>
              <td className="num">{money(quote.oneOff.total)}</td>
            </tr>
          ) : null}
          <tr>
            <th>{quote.contract.months ? t('quote.contractMonths', { months: quote.contract.months }) : t('quote.noContract')}</th>
            <td className="num">{money(quote.contract.supply)}</td>
            <td className="num">{money(quote.contract.vat)}</td>
            <td className="num">{money(quote.contract.total)}</td>
          </tr>
        </tbody>
      </table>
      {quote.currency === 'KRW' ? (
        <p className="in-words" data-testid="amount-in-words">
          {t('quote.inWords')}: <strong data-form-text>{amountInWords(quote.monthly.total)}</strong> ({t('quote.vatMonthly')})
        </p>
      ) : null}
    </div>
  );
}
