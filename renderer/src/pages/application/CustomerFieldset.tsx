import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field';
import { formatBusinessNumber } from '../../../../shared/format/bizno';
import { formatCorporateNumber } from '../../../../shared/format/corpno';
import { formatPhone } from '../../../../shared/format/phone';
import type { FieldKit } from './useApplicationForm';

/** The customer block: company, its numbers (formatted as typed), 대표자, address and telephones. */
export function CustomerFieldset({ kit }: { kit: FieldKit }) {
  const { t } = useTranslation();
  const { register, reg, err } = kit;
  return (
    <fieldset>
      <legend>{t('form.sectionCustomer')}</legend>
      <div className="grid-2">
        <Field label={t('form.name')} htmlFor="customer.name" error={err('customer.name')}>
          <input id="customer.name" {...register('customer.name')} />
        </Field>
        <Field label={t('form.businessNumber')} htmlFor="customer.businessNumber" error={err('customer.businessNumber')}>
          <input id="customer.businessNumber" inputMode="numeric" placeholder="000-00-00000" {...reg('customer.businessNumber', formatBusinessNumber)} />
        </Field>
        <Field label={t('form.corporateNumber')} htmlFor="customer.corporateNumber" error={err('customer.corporateNumber')} optional={t('form.optional')}>
          <input id="customer.corporateNumber" inputMode="numeric" placeholder="000000-0000000" {...reg('customer.corporateNumber', formatCorporateNumber)} />
        </Field>
        <Field label={t('form.representative')} htmlFor="customer.representative" error={err('customer.representative')}>
          <input id="customer.representative" {...register('customer.representative')} />
        </Field>
        <Field label={t('form.address')} htmlFor="customer.address" error={err('customer.address')} wide>
          <input id="customer.address" {...register('customer.address')} />
        </Field>
        <Field label={t('form.phone')} htmlFor="customer.phone" error={err('customer.phone')}>
          <input id="customer.phone" inputMode="tel" placeholder="02-123-4567" {...reg('customer.phone', formatPhone)} />
        </Field>
        <Field label={t('form.mobile')} htmlFor="customer.mobile" error={err('customer.mobile')} optional={t('form.optional')}>
          <input id="customer.mobile" inputMode="tel" placeholder="010-1234-5678" {...reg('customer.mobile', formatPhone)} />
        </Field>
      </div>
    </fieldset>
  );
}
