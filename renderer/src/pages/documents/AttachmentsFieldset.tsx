import { useTranslation } from 'react-i18next';
import { AttachmentList } from '../../components/AttachmentList';
import type { AttachPurpose, DocumentsStatus } from './useDocuments';

/** The application's attachments: the list (removable before submission) and a file picker per purpose. */
export function AttachmentsFieldset({
  applicationId,
  attachments,
  editable,
  onMessage,
  onAttach,
}: {
  applicationId: string;
  attachments: DocumentsStatus['attachments'];
  editable: boolean;
  onMessage: (m: { ok: boolean; text: string }) => void;
  onAttach: (purpose: AttachPurpose, file: File) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="no-print">
      <legend>{t('docs.attachments')}</legend>
      <AttachmentList applicationId={applicationId} attachments={attachments} editable={editable} onMessage={onMessage} />
      {!editable && attachments.length > 0 ? (
        <p className="muted small" data-testid="attachments-kept">
          {t('docs.attachment.kept')}
        </p>
      ) : null}
      <div className="row">
        {(['businessRegistration', 'signedContract', 'other'] as const).map((purpose) => (
          <label key={purpose} className="button">
            {t('docs.attach', { what: t(`docs.purpose.${purpose}`) })}
            <input
              type="file"
              accept="image/png,image/jpeg,application/pdf"
              hidden
              data-testid={`attach-${purpose}`}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) onAttach(purpose, file);
                e.target.value = '';
              }}
            />
          </label>
        ))}
      </div>
    </fieldset>
  );
}
