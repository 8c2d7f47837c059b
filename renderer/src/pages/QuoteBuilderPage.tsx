import { Link, Navigate, useParams, useSearchParams } from 'react-router';
import { ApplicationTabs } from '../components/ApplicationTabs';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { Catalog } from '../../../shared/catalog/schema';
import type { QuoteDetail } from '../../../shared/domain/quote';
import { FrozenNotice } from '../components/FrozenNotice';
import { QuestionDialog } from '../components/QuestionDialog';
import { TERM_LABELS } from '../../../shared/domain/status';
import type { ApplicationRecord } from '../../../shared/domain/application';
import { invoke } from '../api';
import { useCatalog } from '../app/useCatalog';
import { CommissionPreview } from '../components/CommissionPreview';
import { draftFrom, requestOf, useQuoteBuilder } from './quote/useQuoteBuilder';
import { QuoteLinesFieldset } from './quote/QuoteLinesFieldset';
import { Totals } from './quote/Totals';
import { ApprovalBanner } from './quote/ApprovalBanner';
import { TermComparison } from './quote/TermComparison';
import { PenaltyScheduleFieldset } from './quote/PenaltyScheduleFieldset';
import { VersionsAside } from './quote/VersionsAside';

/** /quotes/new?application=ID or /quotes/:quoteId — builds, prices live, and saves versions. */
export function QuoteBuilderPage() {
  const { quoteId } = useParams();
  const [params] = useSearchParams();
  const applicationId = params.get('application');
  const { t } = useTranslation();
  const detail = useQuery({ queryKey: ['quotes.get', quoteId], queryFn: () => invoke('quotes.get', { quoteId: quoteId! }), enabled: Boolean(quoteId) });
  const application = useQuery({
    queryKey: ['applications.get', applicationId ?? detail.data?.applicationId],
    queryFn: () => invoke('applications.get', { id: (applicationId ?? detail.data?.applicationId)! }),
    enabled: Boolean(applicationId ?? detail.data?.applicationId),
  });
  const catalog = useCatalog();
  // An application has one quote thread: /quotes/new?application=… opens it when it exists.
  const existingQuote = useQuery({
    queryKey: ['quotes.list', 'app', applicationId],
    queryFn: () => invoke('quotes.list', { applicationId: applicationId!, limit: 1 }),
    enabled: Boolean(applicationId && !quoteId),
  });
  const error = detail.error ?? application.error ?? catalog.error;
  if (error)
    return (
      <p className="error-banner" role="alert">
        {(error as Error).message}
      </p>
    );
  if (!quoteId && !applicationId) return <p className="empty">{t('quote.pickApplication')}</p>;
  if (!quoteId && existingQuote.data?.items[0]) return <Navigate to={`/quotes/${existingQuote.data.items[0].quoteId}`} replace />;
  if (!quoteId && !existingQuote.data) return <p className="muted">{t('list.loading')}</p>;
  if (!catalog.data || !application.data || (quoteId && !detail.data)) return <p className="muted">{t('list.loading')}</p>;
  return <Builder key={quoteId ?? applicationId} catalog={catalog.data} application={application.data} detail={detail.data} />;
}

function Builder({ catalog, application, detail }: { catalog: Catalog; application: ApplicationRecord; detail: QuoteDetail | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ko';
  const q = useQuoteBuilder({ catalog, application, detail });
  const { draft, setDraft, priced, policy, frozen, message, save, money } = q;

  return (
    <section className="page wide quote-builder">
      <div className="page-head">
        <h1>{t('quote.forCustomer', { name: application.customer.name })}</h1>
        <div className="meta">
          <Link to={`/applications/${application.id}`}>{t('quote.openApplication')}</Link>
          <span className="muted">{t('quote.catalogStamp', { id: catalog.id, version: catalog.version })}</span>
        </div>
      </div>
      <ApplicationTabs applicationId={application.id} quotePath={detail ? `/quotes/${detail.quoteId}` : undefined} />
      {!policy.editable ? <FrozenNotice app={application} part="quote" /> : null}
      {policy.editable && frozen ? <FrozenNotice app={{ ...application, status: frozen.status, serviceNumber: frozen.serviceNumber }} part="quote" /> : null}
      {message ? (
        <div className={message.ok ? 'ok-banner' : 'error-banner'} role={message.ok ? 'status' : 'alert'} data-testid="quote-message">
          {message.text}
        </div>
      ) : null}

      <div className={detail ? 'quote-layout' : 'quote-layout single'}>
        <div className="quote-main">
          {/* Past submission every control reads as sealed (the way to change it is offered above). */}
          <fieldset className="plain" disabled={!policy.editable} data-testid="quote-fields">
            <fieldset>
              <legend>{t('quote.term')}</legend>
              <div className="choices" role="radiogroup" aria-label={t('quote.term')}>
                {catalog.terms.map((term) => (
                  <label key={term} className="choice">
                    <input type="radio" name="term" checked={draft.term === term} onChange={() => setDraft((d) => ({ ...d, term }))} />
                    {TERM_LABELS[term][lang]}
                  </label>
                ))}
              </div>
            </fieldset>

            <QuoteLinesFieldset
              catalog={catalog}
              draft={draft}
              setDraft={setDraft}
              quote={priced.ok ? priced.quote : undefined}
              issues={priced.ok ? [] : priced.issues}
              quantities={q.quantities}
              money={money}
            />

            {!priced.ok ? (
              <div className="error-banner" role="alert" data-testid="quote-invalid">
                {t('quote.invalid')}: {priced.message}
              </div>
            ) : (
              <Totals quote={priced.quote} money={money} />
            )}

            {priced.ok ? <ApprovalBanner approval={q.approval} quote={priced.quote} detail={detail} lang={lang} /> : null}

            {priced.ok ? <CommissionPreview catalog={catalog} term={draft.term} items={requestOf(draft).items} /> : null}

            {q.comparison ? <TermComparison comparison={q.comparison} draft={draft} setDraft={setDraft} lang={lang} money={money} /> : null}

            {q.schedule ? <PenaltyScheduleFieldset schedule={q.schedule} termLabel={TERM_LABELS[draft.term][lang]} leaveAfter={q.leaveAfter} onLeaveAfter={q.setLeaveAfter} money={money} /> : null}

            <fieldset>
              <div className="grid-2">
                <div className="field">
                  <label htmlFor="quote-notes">{t('quote.notes')}</label>
                  <textarea id="quote-notes" rows={2} value={draft.notes} onChange={(e) => setDraft((d) => ({ ...d, notes: e.target.value }))} />
                </div>
                <div className="field">
                  <label htmlFor="quote-valid">{t('quote.validDays')}</label>
                  <input id="quote-valid" type="number" min={1} max={365} value={draft.validDays} onChange={(e) => setDraft((d) => ({ ...d, validDays: e.target.valueAsNumber || 30 }))} />
                </div>
              </div>
            </fieldset>
            {/* A locked quote has nothing to save (the way to change it is offered above). */}
            {policy.editable ? (
              <div className="form-actions">
                <button type="button" className="primary" disabled={!priced.ok || save.isPending} onClick={() => save.mutate(undefined)}>
                  {save.isPending ? t('quote.saving') : t('quote.save', { version: q.nextVersion })}
                </button>
              </div>
            ) : null}
          </fieldset>
        </div>

        {detail ? (
          <VersionsAside
            detail={detail}
            viewVersion={q.viewVersion}
            onView={q.setViewVersion}
            viewed={q.viewed.data}
            onLoad={(viewed) => {
              setDraft(draftFrom(viewed.version.term, viewed.version.items, viewed.version.notes ?? ''));
              q.setViewVersion(null);
            }}
            lang={lang}
            money={money}
          />
        ) : null}
      </div>
      <QuestionDialog question={q.asked} busy={save.isPending} onAnswer={(answer) => 'confirmVoids' in answer && save.mutate(answer.confirmVoids)} onCancel={() => q.setAsked(null)} />
    </section>
  );
}
