import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { date, money, statusLabel } from '../app/format';
import { ApplicationTabs } from '../components/ApplicationTabs';
import { statusShownLabel } from '../app/syncWords';
import { statusShown } from '../../../shared/domain/status';
import { STATUS_REASON_REQUIRED } from '../../../shared/sync/ownership';
import { isContentEditable } from '../../../shared/lifecycle/editing';
import { useWorkflow, type WorkflowPatch } from './workflow/useWorkflow';
import { MovesFieldset } from './workflow/MovesFieldset';
import { ChecklistFieldset } from './workflow/ChecklistFieldset';
import { ProvisioningFieldset } from './workflow/ProvisioningFieldset';
import { ChangesFieldset } from './workflow/ChangesFieldset';
import { SettlementFieldset } from './workflow/SettlementFieldset';
import { ContractFieldset } from './workflow/ContractFieldset';
import { HistoryFieldset } from './workflow/HistoryFieldset';

/** /applications/:id/workflow — lifecycle, document checklist, provisioning tracker, term and penalty. */
export function WorkflowPage() {
  const id = useParams().id!;
  const { t } = useTranslation();
  const wf = useWorkflow(id);
  const { app, view, message, enrolled } = wf;
  const failed = app.error ?? view.error;
  if (failed)
    return (
      <p className="error-banner" role="alert">
        {failed.message}
      </p>
    );
  if (!app.data || !view.data) return <p className="muted">{t('list.loading')}</p>;
  const v = view.data;
  const save = (patch: WorkflowPatch) => wf.update.mutate(patch);
  return (
    <section className="page wide">
      <div className="page-head">
        <h1>{t('wf.title', { name: app.data.customer.name })}</h1>
        <div className="meta">
          <span className={`badge status-${v.status}`} data-testid="wf-status" data-status={statusShown(v.status, v.statusAtHq, enrolled)}>
            {statusShownLabel(statusShown(v.status, v.statusAtHq, enrolled))}
          </span>
          {app.data.serviceNumber ? (
            <span className="mono" data-testid="wf-service-number">
              {app.data.serviceNumber}
            </span>
          ) : null}
        </div>
      </div>
      <ApplicationTabs applicationId={id} />
      {message ? (
        <div className={message.ok ? 'ok-banner' : 'error-banner'} role={message.ok ? 'status' : 'alert'} data-testid="wf-message">
          {message.text}
        </div>
      ) : null}
      {v.statusReason && STATUS_REASON_REQUIRED.includes(v.status) ? (
        <div className="error-banner" role="alert" data-testid="status-reason">
          {t('wf.hqReason', { status: statusLabel(v.status), reason: v.statusReason })}
        </div>
      ) : null}
      {v.kind === 'termination' && v.penalty ? (
        <div className="warn-banner" data-testid="termination-penalty">
          {t('wf.terminationPenalty', { amount: money(v.penalty.penalty), months: v.penalty.monthsUsed, perMonth: money(v.penalty.perMonth) })}
        </div>
      ) : null}
      {v.term?.renewalNotice ? (
        <div className="warn-banner" role="status" data-testid="renewal-notice">
          {t('wf.renewalNotice', { end: date(v.term.end), from: date(v.term.noticeFrom) })}
        </div>
      ) : null}

      <div className="wf-grid">
        <MovesFieldset view={v} busy={wf.move.isPending} onMove={(event) => wf.move.mutate(event)} />
        <ChecklistFieldset view={v} save={save} applicationId={id} editable={isContentEditable(app.data.status)} attachments={wf.papers.data?.attachments} onMessage={wf.setMessage} />
      </div>

      <ProvisioningFieldset view={v} save={save} />

      {v.kind === 'new' && ['open', 'billing_requested', 'active', 'suspended'].includes(v.status) ? (
        <div className="wf-grid">
          <ChangesFieldset suspension={wf.suspension} onSuspension={wf.setSuspension} busy={wf.derive.isPending} onDerive={(kind) => wf.derive.mutate(kind)} save={save} />
          {v.status === 'open' ? (
            <SettlementFieldset
              applicationId={id}
              requestedAt={v.settlementRequestedAt}
              settlement={wf.settlement}
              onSettlement={wf.setSettlement}
              busy={wf.settle.isPending}
              onSettle={() => wf.settle.mutate()}
            />
          ) : null}
        </div>
      ) : null}

      <div className="wf-grid">
        <ContractFieldset view={v} />
        <HistoryFieldset view={v} />
      </div>
    </section>
  );
}
