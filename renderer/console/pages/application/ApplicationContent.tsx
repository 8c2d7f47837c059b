import { useTranslation } from 'react-i18next';
import type { ApplicationDetail } from '../../../../shared/console/api';
import { date, money, termLabel } from '../../format';

/** A stored value as text (records are JSON from the devices: anything may be missing). */
export const txt = (v: unknown, empty = '—') => (typeof v === 'string' || typeof v === 'number' ? String(v) : empty);

/** The application as the rep entered it: customer, term, date, seller, and its product lines. */
export function ApplicationContent({ detail: d }: { detail: ApplicationDetail }) {
  const { t } = useTranslation();
  const f = d.fields;
  const customer = (f.customer as Record<string, unknown> | undefined) ?? d.customer ?? {};
  const seller = (f.seller as Record<string, unknown> | undefined) ?? {};
  const items = Array.isArray(f.items) ? (f.items as { code: string; quantity: number; unitPrice?: number }[]) : [];
  return (
    <fieldset>
      <legend>{t('app_.content')}</legend>
      <dl className="facts">
        <dt>{t('app_.customer')}</dt>
        <dd>
          {txt(customer.name)} <span className="mono muted">{txt(customer.businessNumber, '')}</span>
        </dd>
        <dt>{t('app_.representative')}</dt>
        <dd>{txt(customer.representative)}</dd>
        <dt>{t('app_.address')}</dt>
        <dd>{txt(customer.address)}</dd>
        <dt>{t('app_.phone')}</dt>
        <dd className="mono">{txt(customer.phone)}</dd>
        <dt>{t('col.term')}</dt>
        <dd>{termLabel(typeof f.term === 'string' ? f.term : null)}</dd>
        <dt>{t('col.date')}</dt>
        <dd>{date(typeof f.date === 'string' ? f.date : null)}</dd>
        <dt>{t('app_.seller')}</dt>
        <dd>
          {txt(seller.team, '')} {txt(seller.name, '')} <span className="mono">{txt(seller.phone, '')}</span>
        </dd>
      </dl>
      <table className="grid">
        <thead>
          <tr>
            <th>{t('app_.items')}</th>
            <th className="num">{t('app_.quantity')}</th>
            <th className="num">{t('app_.unitPrice')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((it, i) => (
            <tr key={`${it.code}-${i}`}>
              <td>
                {d.productNames[it.code] ?? it.code} <span className="muted small mono">{it.code}</span>
              </td>
              <td className="num">{it.quantity}</td>
              <td className="num">{it.unitPrice === undefined ? '—' : money(it.unitPrice)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}
