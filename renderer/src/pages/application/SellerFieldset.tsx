import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field';
import { formatPhone } from '../../../../shared/format/phone';
import type { FieldKit } from './useApplicationForm';

/** The seller block: team, name, telephone and the opportunity code (a new application starts with the last one saved). */
export function SellerFieldset({ kit }: { kit: FieldKit }) {
  const { t } = useTranslation();
  const { register, reg, err } = kit;
  return (
    <fieldset>
      <legend>{t('form.sectionSeller')}</legend>
      <div className="grid-2">
        <Field label={t('form.sellerTeam')} htmlFor="seller.team" error={err('seller.team')}>
          <input id="seller.team" {...register('seller.team')} />
        </Field>
        <Field label={t('form.sellerName')} htmlFor="seller.name" error={err('seller.name')}>
          <input id="seller.name" {...register('seller.name')} />
        </Field>
        <Field label={t('form.sellerPhone')} htmlFor="seller.phone" error={err('seller.phone')}>
          <input id="seller.phone" inputMode="tel" {...reg('seller.phone', formatPhone)} />
        </Field>
        <Field label={t('form.opportunityCode')} htmlFor="seller.opportunityCode" error={err('seller.opportunityCode')} optional={t('form.optional')}>
          <input id="seller.opportunityCode" {...register('seller.opportunityCode')} />
        </Field>
      </div>
    </fieldset>
  );
}
