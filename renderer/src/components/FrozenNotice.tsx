import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { editPolicy, type EditSubject, type FrozenPart } from '../../../shared/lifecycle/editing';
import type { ApplicationStatus } from '../../../shared/domain/status';
import { invoke } from '../api';
import { background } from '../app/background';
import { statusLabel } from '../app/format';

interface Props {
  /** The application whose content may no longer change. */
  app: EditSubject & { id: string; status: ApplicationStatus };
  /** What the rep was about to change (the application, its quote). */
  part: FrozenPart;
}

/**
 * Says why an application can no longer be changed (signed and submitted: what the customer
 * signed stays as it was) and offers the way to change a running service: a 변경 신청 (form #4),
 * made from this application and opened for editing.
 */
export function FrozenNotice({ app, part }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const policy = editPolicy(app);
  const derive = useMutation({
    mutationFn: () => invoke('applications.derive', { fromId: app.id, kind: 'change' }),
    onSuccess: (created) => {
      background(queryClient.invalidateQueries({ queryKey: ['applications.list'] }), 'refresh');
      background(navigate(`/applications/${created.id}`), 'open the change application');
    },
  });
  if (policy.editable) return null;
  return (
    <div className="note-banner frozen-notice" role="note" data-testid="frozen-notice">
      <p>
        <strong>{t(`frozen.title.${part}`, { status: statusLabel(app.status) })}</strong> {t('frozen.why')}
      </p>
      <p>{t(`frozen.remedy.${policy.remedy}`)}</p>
      {policy.remedy === 'change' ? (
        <button type="button" className="primary" disabled={derive.isPending} onClick={() => derive.mutate()} data-testid="offer-change">
          {derive.isPending ? t('frozen.creating') : t('frozen.createChange')}
        </button>
      ) : null}
      {derive.error ? (
        <p className="field-error" role="alert">
          {derive.error.message}
        </p>
      ) : null}
    </div>
  );
}
