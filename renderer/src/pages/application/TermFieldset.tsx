import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field';
import { DateField } from '../../components/DateInput';
import type { FieldKit } from './useApplicationForm';

/** The contract term: 12, 24 or 36 months, or none (with an end date if there is one). */
export function TermFieldset({ kit }: { kit: FieldKit }) {
  const { t } = useTranslation();
  const { register, control, watch, err } = kit;
  return (
    <fieldset>
      <legend>{t('form.sectionTerm')}</legend>
      <div className="choices" role="radiogroup" aria-label={t('form.sectionTerm')}>
        {(['12m', '24m', '36m', 'none'] as const).map((k) => (
          <label key={k} className="choice">
            <input type="radio" value={k} {...register('term')} />
            {t(k === 'none' ? 'form.termNone' : (`form.term${k.replace('m', '')}` as 'form.term12'))}
          </label>
        ))}
      </div>
      {watch('term') === 'none' ? (
        <Field label={t('form.termEnd')} htmlFor="termEnd" error={err('termEnd')} optional={t('form.optional')}>
          <DateField id="termEnd" control={control} name="termEnd" />
        </Field>
      ) : null}
    </fieldset>
  );
}
