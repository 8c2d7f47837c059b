import { useParams, Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { ApplicationRecord } from '../../../shared/domain/application';
import { isDiscardable } from '../../../shared/lifecycle/editing';
import { invoke } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ApplicationTabs } from '../components/ApplicationTabs';
import { FrozenNotice } from '../components/FrozenNotice';
import { QuestionDialog } from '../components/QuestionDialog';
import { dateTime, statusLabel } from '../app/format';
import { useProducts } from '../app/useProducts';
import { useApplicationForm } from './application/useApplicationForm';
import { FormBanner } from './application/FormBanner';
import { ErrorSummary } from './application/ErrorSummary';
import { ApplicationFieldset } from './application/ApplicationFieldset';
import { CustomerFieldset } from './application/CustomerFieldset';
import { BillingFieldset } from './application/BillingFieldset';
import { TermFieldset } from './application/TermFieldset';
import { ItemsFieldset } from './application/ItemsFieldset';
import { SellerFieldset } from './application/SellerFieldset';

/** /applications/new or /applications/:id — the application's content: customer, billing, term, items, seller. */
export function ApplicationFormPage() {
  const { id } = useParams();
  const existing = useQuery({
    queryKey: ['applications.get', id],
    queryFn: () => invoke('applications.get', { id: id! }),
    enabled: Boolean(id),
  });
  const { t } = useTranslation();
  const products = useProducts();
  if (id && existing.isError) {
    return (
      <section className="page">
        <p className="error-banner" role="alert">
          {existing.error.message}
        </p>
        <Link to="/applications">{t('form.cancel')}</Link>
      </section>
    );
  }
  // The product selects must have their options before the form sets their values.
  if ((id && !existing.data) || products.length === 0) return <p className="muted">{t('list.loading')}</p>;
  return <ApplicationForm key={id ?? 'new'} record={existing.data} />;
}

function ApplicationForm({ record }: { record: ApplicationRecord | undefined }) {
  const { t } = useTranslation();
  const products = useProducts();
  const { current, locked, frozen, banner, setBanner, reload, formState, errorCount, kit, items, formRef, submit, save, asked, answer, cancelQuestion, discard, askDiscard, setAskDiscard, blocker } =
    useApplicationForm(record);

  return (
    <section className="page">
      <div className="page-head">
        <h1>{current ? (locked ? t('form.lockedTitle') : t('form.editTitle')) : t('form.newTitle')}</h1>
        {current ? (
          <div className="meta">
            <span className={`badge status-${current.status}`}>{statusLabel(current.status)}</span>
            <span className="muted nowrap" data-testid="last-saved">
              {t('form.lastSaved', { time: dateTime(current.updatedAt) })}
            </span>
          </div>
        ) : null}
      </div>
      {current ? <ApplicationTabs applicationId={current.id} /> : null}

      {banner ? <FormBanner banner={banner} applicationId={current?.id} onReload={reload} onReloadFailed={(e) => setBanner({ kind: 'error', text: e.message })} /> : null}
      {errorCount > 0 && formState.isSubmitted ? <ErrorSummary errors={formState.errors} count={errorCount} /> : null}

      {current && locked ? <FrozenNotice app={current} part="application" /> : null}
      {current && !locked && frozen ? <FrozenNotice app={{ ...current, status: frozen.status, serviceNumber: frozen.serviceNumber }} part={frozen.part} /> : null}
      <form ref={formRef} onSubmit={submit} noValidate>
        {/* Locked: every field reads as it was submitted (the way to change it is offered above). */}
        <fieldset className="plain" disabled={locked} data-testid="form-fields">
          <ApplicationFieldset kit={kit} />
          <CustomerFieldset kit={kit} />
          <BillingFieldset kit={kit} />
          <TermFieldset kit={kit} />
          <ItemsFieldset kit={kit} items={items} products={products} />
          <SellerFieldset kit={kit} />
        </fieldset>
        <div className="form-actions">
          {/* A locked record has nothing to save: no 저장 to find greyed out (the way to change it is above). */}
          {locked ? null : (
            <button type="submit" className="primary" disabled={save.isPending}>
              {save.isPending ? t('form.saving') : t('form.save')}
            </button>
          )}
          <Link to="/applications">{t('form.cancel')}</Link>
          {current && isDiscardable(current) ? (
            <button type="button" className="danger" data-testid="discard-draft" disabled={discard.isPending} onClick={() => setAskDiscard(true)}>
              {t('form.discard')}
            </button>
          ) : null}
          {formState.isDirty ? (
            <span className="unsaved" role="status" data-testid="unsaved">
              {t('form.unsaved')}
            </span>
          ) : null}
        </div>
      </form>

      <QuestionDialog question={asked?.question ?? null} busy={save.isPending} onAnswer={answer} onCancel={cancelQuestion} />
      <ConfirmDialog
        open={askDiscard}
        title={t('form.discardTitle')}
        body={t('form.discardBody', { name: current?.customer.name ?? '' })}
        confirmLabel={t('form.discardGo')}
        cancelLabel={t('form.discardStay')}
        onConfirm={() => current && discard.mutate(current)}
        onCancel={() => setAskDiscard(false)}
      />
      <ConfirmDialog
        open={blocker.state === 'blocked'}
        title={t('form.leaveTitle')}
        body={t('form.leaveBody')}
        confirmLabel={t('form.leaveGo')}
        cancelLabel={t('form.leaveStay')}
        onConfirm={() => blocker.proceed?.()}
        onCancel={() => blocker.reset?.()}
      />
    </section>
  );
}
