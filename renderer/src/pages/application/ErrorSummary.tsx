import { useTranslation } from 'react-i18next';
import { errorPaths, fieldName } from './formErrors';

/** After a submit with mistakes: how many, and a button per field that takes the rep to it. */
export function ErrorSummary({ errors, count }: { errors: unknown; count: number }) {
  const { t } = useTranslation();
  return (
    <div className="error-banner error-summary" role="alert" data-testid="error-summary">
      {t('form.errorsSummary', { count })}
      <ul className="error-fields" data-testid="error-fields">
        {errorPaths(errors).map((path) => (
          <li key={path}>
            <button type="button" className="link-button" onClick={() => document.getElementById(path)?.focus()}>
              {fieldName(path)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
