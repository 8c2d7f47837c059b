import { useTranslation } from 'react-i18next';
import type { UseFieldArrayReturn } from 'react-hook-form';
import type { ProductOption } from '../../app/useProducts';
import type { ApplicationFormValues } from './applicationForm';
import type { FieldKit } from './useApplicationForm';

/** What is applied for: one row per product (quantity, and a unit price when it is not the list price). */
export function ItemsFieldset({ kit, items, products }: { kit: FieldKit; items: UseFieldArrayReturn<ApplicationFormValues, 'items'>; products: ProductOption[] }) {
  const { t } = useTranslation();
  const { register, watch, err } = kit;
  // A new row starts with the first product not on the form yet.
  const add = () => items.append({ code: products.find((p) => !watch('items').some((i) => i.code === p.code))?.code ?? 'recording', quantity: 1, unitPrice: Number.NaN });
  return (
    <fieldset>
      <legend>{t('form.sectionItems')}</legend>
      {err('items') ? (
        <p className="field-error" role="alert">
          {err('items')}
        </p>
      ) : null}
      {items.fields.length === 0 ? <p className="muted">{t('form.noItems')}</p> : null}
      <table className="items">
        <thead>
          <tr>
            <th>{t('form.itemProduct')}</th>
            <th>{t('form.itemQuantity')}</th>
            <th>{t('form.itemUnitPrice')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.fields.map((field, index) => (
            <tr key={field.id}>
              <td>
                <select aria-label={`${t('form.itemProduct')} ${index + 1}`} {...register(`items.${index}.code`)}>
                  {products.map((p) => (
                    <option key={p.code} value={p.code}>
                      {p.name}
                    </option>
                  ))}
                </select>
                {err(`items.${index}.code`) ? (
                  <p className="field-error" role="alert">
                    {err(`items.${index}.code`)}
                  </p>
                ) : null}
              </td>
              <td>
                <input type="number" min={1} aria-label={`${t('form.itemQuantity')} ${index + 1}`} {...register(`items.${index}.quantity`, { valueAsNumber: true })} />
                {err(`items.${index}.quantity`) ? (
                  <p className="field-error" role="alert">
                    {err(`items.${index}.quantity`)}
                  </p>
                ) : null}
              </td>
              <td>
                <input type="number" min={0} step={1} aria-label={`${t('form.itemUnitPrice')} ${index + 1}`} {...register(`items.${index}.unitPrice`, { valueAsNumber: true })} />
                {err(`items.${index}.unitPrice`) ? (
                  <p className="field-error" role="alert">
                    {err(`items.${index}.unitPrice`)}
                  </p>
                ) : null}
              </td>
              <td>
                <button type="button" className="link-button" onClick={() => items.remove(index)}>
                  {t('form.removeItem')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="field-hint">{t('form.itemUnitPriceHint')}</p>
      <button type="button" onClick={add}>
        {t('form.addItem')}
      </button>
    </fieldset>
  );
}
