import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field';
import { formatBusinessNumber } from '../../../../shared/format/bizno';
import { formatPhone } from '../../../../shared/format/phone';
import type { FieldKit } from './useApplicationForm';

/** Who is billed: the customer (the box ticked), or another company with its own number, address and telephone. */
export function BillingFieldset({ kit }: { kit: FieldKit }) {
  const { t } = useTranslation();
  const { register, reg, watch, err } = kit;
  return (
    <fieldset>
      <legend>{t('form.sectionBilling')}</legend>
      <label className="choice">
        <input type="checkbox" {...register('billingSame')} />
        {t('form.billingSame')}
      </label>
      {!watch('billingSame') ? (
        <div className="grid-2">
          <Field label={t('form.billingName')} htmlFor="billing.name" error={err('billing.name')}>
            <input id="billing.name" {...register('billing.name')} />
          </Field>
          <Field label={t('form.billingBusinessNumber')} htmlFor="billing.businessNumber" error={err('billing.businessNumber')}>
            <input id="billing.businessNumber" inputMode="numeric" {...reg('billing.businessNumber', formatBusinessNumber)} />
          </Field>
          <Field label={t('form.billingAddress')} htmlFor="billing.address" error={err('billing.address')} wide>
            <input id="billing.address" {...register('billing.address')} />
          </Field>
          <Field label={t('form.billingPhone')} htmlFor="billing.phone" error={err('billing.phone')}>
            <input id="billing.phone" inputMode="tel" {...reg('billing.phone', formatPhone)} />
          </Field>
        </div>
      ) : null}
    </fieldset>
  );
}
