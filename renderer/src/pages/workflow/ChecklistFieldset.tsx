import { useTranslation } from 'react-i18next';
import { todayIso } from '../../../../shared/format/date';
import { say } from '../../app/format';
import { AttachmentList } from '../../components/AttachmentList';
import type { WorkflowEdit, WorkflowMessage } from './useWorkflow';

type Attachment = Parameters<typeof AttachmentList>[0]['attachments'][number];

/** The document checklist (with the attached papers under their item) and, for a new contract, the pre-review and deal type. */
export function ChecklistFieldset({
  view: v,
  save,
  applicationId,
  editable,
  attachments,
  onMessage,
}: WorkflowEdit & {
  applicationId: string;
  editable: boolean;
  attachments: readonly Attachment[] | undefined;
  onMessage: (m: WorkflowMessage) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>
        {t('wf.checklist')}
        {v.kind === 'new' ? ` (${v.deal === 'asp' ? t('wf.dealAsp') : t('wf.dealContract')})` : ''}
      </legend>
      <ul className="checklist" data-testid="wf-checklist">
        {v.checklist.map((item) => (
          <li key={item.key} className={item.done ? 'done' : 'missing'}>
            <span aria-hidden="true">{item.done ? '✔' : '○'}</span> {say(item.msg)}
            {item.kind === 'attachment' && attachments?.some((a) => a.purpose === item.key) ? (
              <AttachmentList
                applicationId={applicationId}
                attachments={attachments.filter((a) => a.purpose === item.key)}
                editable={editable}
                onMessage={onMessage}
                testId={`wf-attachments-${item.key}`}
              />
            ) : null}
          </li>
        ))}
      </ul>
      {v.kind === 'new' ? (
        <>
          <label className="choice">
            <input
              type="checkbox"
              key={`pre-${String(v.networkPreReview?.done ?? false)}`}
              defaultChecked={v.networkPreReview?.done ?? false}
              onChange={(e) => save({ networkPreReview: { done: e.target.checked, ...(e.target.checked ? { date: todayIso() } : {}) } })}
            />
            {t('wf.preReviewDone')}
          </label>
          <label className="choice">
            <input type="checkbox" key={`deal-${v.deal}`} defaultChecked={v.deal === 'withContract'} onChange={(e) => save({ dealType: e.target.checked ? 'withContract' : 'asp' })} />
            {t('wf.withContract')}
          </label>
        </>
      ) : null}
    </fieldset>
  );
}
