import type { Dispatch, SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import { findProduct, listUnitPrice, type Quote } from '../../../../shared/catalog/engine';
import type { Catalog } from '../../../../shared/catalog/schema';
import type { FieldIssue } from '../../../../shared/contract/errors';
import { formatAmount } from '../../../../shared/money';
import { MoneyInput } from '../../components/MoneyInput';
import { productName } from '../../app/format';
import type { Draft } from './useQuoteBuilder';

/** The quote's lines: product, quantity, unit price (list price as the hint), amount, remove; and adding a line. */
export function QuoteLinesFieldset({
  catalog,
  draft,
  setDraft,
  quote,
  issues,
  quantities,
  money,
}: {
  catalog: Catalog;
  draft: Draft;
  setDraft: Dispatch<SetStateAction<Draft>>;
  /** The priced quote, when the draft prices. */
  quote: Quote | undefined;
  issues: readonly FieldIssue[];
  quantities: Parameters<typeof listUnitPrice>[2];
  money: (n: number) => string;
}) {
  const { t } = useTranslation();
  const setItem = (index: number, patch: Partial<Draft['items'][number]>) => setDraft((d) => ({ ...d, items: d.items.map((it, i) => (i === index ? { ...it, ...patch } : it)) }));
  const issueAt = (path: string) => issues.find((i) => i.path === path)?.message;
  return (
    <fieldset>
      <legend>{t('quote.items')}</legend>
      <table className="grid quote-lines" data-testid="quote-lines">
        <thead>
          <tr>
            <th>{t('quote.product')}</th>
            <th className="num">{t('quote.quantity')}</th>
            <th className="num">{t('quote.unitPrice')}</th>
            <th className="num">{t('quote.amount')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {draft.items.map((item, index) => {
            const product = findProduct(catalog, item.code);
            const list = product ? listUnitPrice(product, draft.term, quantities).price : null;
            const line = quote ? quote.lines[index] : undefined;
            const itemIssue = issueAt(`items.${index}.unitPrice`) ?? issueAt(`items.${index}.quantity`) ?? issueAt(`items.${index}.code`);
            return (
              <tr key={index}>
                <td>
                  <select aria-label={`${t('quote.product')} ${index + 1}`} value={item.code} onChange={(e) => setItem(index, { code: e.target.value, unitPrice: null })}>
                    {catalog.products.map((p) => (
                      <option key={p.code} value={p.code}>
                        {productName(p)}
                      </option>
                    ))}
                  </select>
                  {itemIssue ? (
                    <p className="field-error" role="alert">
                      {itemIssue}
                    </p>
                  ) : null}
                </td>
                <td className="num">
                  <input
                    type="number"
                    min={1}
                    aria-label={`${t('quote.quantity')} ${index + 1}`}
                    value={Number.isNaN(item.quantity) ? '' : item.quantity}
                    onChange={(e) => setItem(index, { quantity: e.target.valueAsNumber })}
                  />{' '}
                  <span className="muted">{product ? t(`quote.units.${product.unit}`, { defaultValue: product.unit }) : null}</span>
                </td>
                <td className="num">
                  <MoneyInput
                    aria-label={`${t('quote.unitPrice')} ${index + 1}`}
                    placeholder={list !== null ? formatAmount(list, catalog.currency) : t('quote.negotiatedHint')}
                    value={item.unitPrice}
                    onValue={(unitPrice) => setItem(index, { unitPrice })}
                  />
                  {list !== null ? <div className="muted small">{t('quote.listPrice', { price: money(list) })}</div> : null}
                </td>
                <td className="num" data-testid={`line-amount-${index}`}>
                  {line ? money(line.amount) : '—'}
                </td>
                <td>
                  <button type="button" className="link-button" onClick={() => setDraft((d) => ({ ...d, items: d.items.filter((_, i) => i !== index) }))}>
                    {t('quote.remove')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button
        type="button"
        onClick={() =>
          setDraft((d) => ({
            ...d,
            items: [...d.items, { code: catalog.products.find((p) => !d.items.some((i) => i.code === p.code))?.code ?? catalog.products[0]!.code, quantity: 1, unitPrice: null }],
          }))
        }
      >
        {t('quote.addItem')}
      </button>
    </fieldset>
  );
}
