import { useTranslation } from 'react-i18next';
import { handler } from '../../app/background';
import type { Banner } from './useApplicationForm';

/** The page's message: saved (with when), refused, or a conflict offering the application as it is now. */
export function FormBanner({
  banner,
  applicationId,
  onReload,
  onReloadFailed,
}: {
  banner: Banner;
  /** The saved application's id: a conflict offers to load it again. */
  applicationId: string | undefined;
  onReload: (id: string) => Promise<void>;
  onReloadFailed: (error: Error) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className={banner.kind === 'saved' ? 'ok-banner' : 'error-banner'} role={banner.kind === 'saved' ? 'status' : 'alert'} data-testid="form-banner">
      {banner.text}
      {banner.kind === 'conflict' && applicationId ? (
        <button type="button" onClick={handler(() => onReload(applicationId), onReloadFailed)}>
          {t('form.conflictReload')}
        </button>
      ) : null}
    </div>
  );
}
