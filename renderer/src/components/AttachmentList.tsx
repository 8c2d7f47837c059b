import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { background } from '../app/background';
import { invoke } from '../api';
import { dateTime } from '../app/format';
import { ConfirmDialog } from './ConfirmDialog';
import { AttachmentViewer, type OpenedAttachment } from './AttachmentViewer';

type StatusView = Awaited<ReturnType<typeof invoke<'documents.status'>>>;
type Attachment = StatusView['attachments'][number];

/**
 * An application's attached papers with 열기 (an image in a lightbox, a PDF drawn in the viewer;
 * viewing is logged by the core) and 삭제 — before submission only (the editing rule; after it
 * the file stays as HQ received it), asked first, recorded and synced as a deletion. Used on the
 * documents page and under the checklist of the progress page.
 */
export function AttachmentList({
  applicationId,
  attachments,
  editable,
  onMessage,
  testId = 'attachments',
}: {
  applicationId: string;
  attachments: readonly Attachment[];
  editable: boolean;
  onMessage: (m: { ok: boolean; text: string }) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<Attachment | null>(null);
  const [opened, setOpened] = useState<OpenedAttachment | null>(null);
  const remove = useMutation({
    mutationFn: (attachmentId: string) => invoke('attachments.remove', { applicationId, id: attachmentId }),
    onSuccess: (value) => {
      queryClient.setQueryData(['documents.status', applicationId], value);
      background(queryClient.invalidateQueries({ queryKey: ['workflow.get', applicationId] }), 'refresh');
      onMessage({ ok: true, text: t('docs.attachment.removed') });
    },
    onError: (e) => onMessage({ ok: false, text: e.message }),
  });
  const open = (attachmentId: string) =>
    background(
      invoke('attachments.get', { applicationId, id: attachmentId }).then(setOpened, (e: unknown) => onMessage({ ok: false, text: (e as Error).message })),
      'open attachment',
    );
  return (
    <>
      <ul className="attachments" data-testid={testId}>
        {attachments.map((a) => (
          <li key={a.id}>
            <span>
              {t(`docs.purpose.${a.purpose}`)} — <span data-personal>{a.fileName}</span>{' '}
              <span className="muted small">
                ({Math.round(a.bytes / 1024)} KB · {dateTime(a.createdAt)})
              </span>
            </span>
            <span className="attachment-actions">
              <button type="button" className="small-button" onClick={() => open(a.id)} data-testid="attachment-open">
                {t('docs.attachment.open')}
              </button>
              {editable ? (
                <button type="button" className="small-button" disabled={remove.isPending} data-testid="attachment-remove" onClick={() => setAsking(a)}>
                  {t('docs.attachment.remove')}
                </button>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={asking !== null}
        title={t('docs.attachment.removeTitle')}
        body={asking ? t('docs.attachment.removeBody', { name: asking.fileName, what: t(`docs.purpose.${asking.purpose}`) }) : ''}
        confirmLabel={t('docs.attachment.remove')}
        cancelLabel={t('common.cancel')}
        onConfirm={() => {
          const id = asking?.id;
          setAsking(null);
          if (id) remove.mutate(id);
        }}
        onCancel={() => setAsking(null)}
      />
      {opened ? <AttachmentViewer file={opened} onClose={() => setOpened(null)} /> : null}
    </>
  );
}
