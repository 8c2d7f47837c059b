import { useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CONSENT_PURPOSE_RULES, type ConsentPurpose } from '../../../shared/privacy/consent';
import { invoke } from '../api';
import { background } from '../app/background';
import { dateTime } from '../app/format';
import { ApplicationTabs } from '../components/ApplicationTabs';
import { ConfirmDialog } from '../components/ConfirmDialog';

type Pending = { purpose: ConsentPurpose; action: 'agree' | 'refuse' | 'withdraw' };

/** /applications/:id/consents — 고객 동의: each purpose with its state, text version and date; record or withdraw with a confirm. */
export function ConsentPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const client = useQueryClient();
  const view = useQuery({ queryKey: ['consents.get', id], queryFn: () => invoke('consents.get', { applicationId: id! }) });
  const [pending, setPending] = useState<Pending | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: (p: Pending) =>
      p.action === 'withdraw' ? invoke('consents.withdraw', { applicationId: id!, purpose: p.purpose }) : invoke('consents.record', { applicationId: id!, purpose: p.purpose, action: p.action }),
    onSuccess: (data) => {
      client.setQueryData(['consents.get', id], data);
      background(client.invalidateQueries({ queryKey: ['workflow.get', id] }), 'workflow refresh');
      setMessage(t('consent.saved'));
    },
    onError: (e: Error) => setMessage(e.message),
  });
  const purposeLabel = (p: ConsentPurpose) => t(`consent.purpose.${p}`);
  return (
    <section className="page">
      <ApplicationTabs applicationId={id!} />
      <div className="page-head">
        <h1>{t('consent.title')}</h1>
      </div>
      <p className="muted small">{t('consent.hint')}</p>
      {view.isError ? (
        <p className="error-banner" role="alert">
          {view.error.message}
        </p>
      ) : null}
      {message ? (
        <p role="status" data-testid="consent-message">
          {message}
        </p>
      ) : null}
      {view.data ? (
        <>
          <p className="small" data-testid="consent-text-version">
            {t('consent.textVersion', { version: view.data.textVersion })}
          </p>
          <table className="table" data-testid="consents">
            <tbody>
              {view.data.purposes.map((p) => (
                <tr key={p.purpose} data-testid={`consent-${p.purpose}`}>
                  <th scope="row">{purposeLabel(p.purpose)}</th>
                  <td>
                    <span className={p.status === 'agreed' ? 'badge ok' : p.status === 'withdrawn' ? 'badge sla-breached' : 'badge'} data-testid={`consent-${p.purpose}-status`}>
                      {t(`consent.status.${p.status}`)}
                    </span>
                  </td>
                  <td className="small">
                    {p.version !== null && p.at ? t('consent.detail', { version: p.version, at: dateTime(p.at) }) : null}
                    {p.signatureId ? ` · ${t('consent.bySignature')}` : null}
                    {p.withdrew ? <div className="muted">{t('consent.withdrewOf', { version: p.withdrew.version, at: dateTime(p.withdrew.at) })}</div> : null}
                  </td>
                  <td className="actions">
                    {p.status === 'agreed' ? (
                      <button type="button" onClick={() => setPending({ purpose: p.purpose, action: 'withdraw' })}>
                        {t('consent.withdraw')}
                      </button>
                    ) : (
                      <>
                        {CONSENT_PURPOSE_RULES[p.purpose].area ? (
                          <span className="muted small">{t('consent.signOnForm')} </span>
                        ) : (
                          <button type="button" onClick={() => setPending({ purpose: p.purpose, action: 'agree' })}>
                            {t('consent.agree')}
                          </button>
                        )}
                        {p.status === 'not_given' && p.version !== null ? null : (
                          <button type="button" onClick={() => setPending({ purpose: p.purpose, action: 'refuse' })}>
                            {t('consent.refuse')}
                          </button>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t('consent.history')}</h2>
          {view.data.events.length === 0 ? <p className="empty">{t('consent.none')}</p> : null}
          <ul className="small" data-testid="consent-events">
            {view.data.events.map((e) => (
              <li key={e.id}>
                {dateTime(e.at)} · {purposeLabel(e.purpose)} · {t(`consent.action.${e.action}`)} · {t('consent.version', { version: e.textVersion })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <ConfirmDialog
        open={pending !== null}
        title={pending ? t('consent.confirmTitle', { purpose: purposeLabel(pending.purpose) }) : ''}
        body={pending ? t(pending.action === 'agree' ? 'consent.confirmAgree' : pending.action === 'refuse' ? 'consent.confirmRefuse' : 'consent.confirmWithdraw') : ''}
        confirmLabel={t('consent.confirm')}
        cancelLabel={t('consent.cancel')}
        onConfirm={() => {
          if (pending) act.mutate(pending);
          setPending(null);
        }}
        onCancel={() => setPending(null)}
      />
    </section>
  );
}
