import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field';
import { DateField } from '../../components/DateInput';
import type { FieldKit } from './useApplicationForm';

/** 청약 구분: the kind (new, change, termination), the date and the service number (HQ gives a new one). */
export function ApplicationFieldset({ kit }: { kit: FieldKit }) {
  const { t } = useTranslation();
  const { register, control, watch, err } = kit;
  return (
    <fieldset>
      <legend>{t('form.sectionApplication')}</legend>
      <div className="row">
        <div className="field">
          <span className="label">{t('form.kind')}</span>
          <div className="choices" role="radiogroup" aria-label={t('form.kind')}>
            {(['new', 'change', 'termination'] as const).map((k) => (
              <label key={k} className="choice">
                <input type="radio" value={k} {...register('kind')} />
                {t(`kind.${k}`)}
              </label>
            ))}
          </div>
        </div>
        <Field label={t('form.date')} htmlFor="date" error={err('date')}>
          <DateField id="date" control={control} name="date" />
        </Field>
        <Field label={t('form.serviceNumber')} htmlFor="serviceNumber" error={err('serviceNumber')} hint={t('form.serviceNumberHint')} optional={t('form.optional')}>
          <input
            id="serviceNumber"
            placeholder="J00000000"
            readOnly={watch('kind') === 'new'}
            title={watch('kind') === 'new' ? t('form.serviceNumberByHq') : undefined}
            {...register('serviceNumber')}
          />
        </Field>
      </div>
    </fieldset>
  );
}
