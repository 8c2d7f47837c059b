import { background, handler } from '../app/background';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useParams, useBlocker, useLocation, Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFieldArray, useForm, type FieldPath } from 'react-hook-form';
import { zodFormResolver } from '../app/errors';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ContractError } from '../../../shared/contract/client';
import { formatBusinessNumber } from '../../../shared/format/bizno';
import { formatCorporateNumber } from '../../../shared/format/corpno';
import { formatPhone } from '../../../shared/format/phone';
import type { ApplicationRecord } from '../../../shared/domain/application';
import { editPolicy, isDiscardable, isFrozenDetails, type FrozenDetails } from '../../../shared/lifecycle/editing';
import { invoke } from '../api';
import { Field } from '../components/Field';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ApplicationTabs } from '../components/ApplicationTabs';
import { FrozenNotice } from '../components/FrozenNotice';
import { QuestionDialog, questionOf, type WriteAnswer } from '../components/QuestionDialog';
import { dateTime, statusLabel } from '../app/format';
import { useProducts } from '../app/useProducts';
import { DateField } from '../components/DateInput';
import {
  applicationFormSchema,
  emptyForm,
  formFromRecord,
  rememberSeller,
  toApplicationInput,
  type ApplicationFormValues,
} from './applicationForm';

/** The rep's answers to the core's questions, sent again with the save. */
interface Answers {
  confirmVoids?: string[];
  nameChange?: 'renamed' | 'mistake';
}

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
        <p className="error-banner" role="alert">{existing.error.message}</p>
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
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const products = useProducts();
  const [current, setCurrent] = useState<ApplicationRecord | undefined>(record);
  // A new application re-mounts under its id after the first save; the banner travels in the location state.
  const savedAt = (useLocation().state as { savedAt?: string } | null)?.savedAt;
  const [banner, setBanner] = useState<{ kind: 'error' | 'conflict' | 'saved'; text: string } | null>(
    savedAt ? { kind: 'saved', text: t('form.savedAt', { time: dateTime(savedAt) }) } : null,
  );

  const form = useForm<ApplicationFormValues>({
    defaultValues: record ? formFromRecord(record) : emptyForm(),
    // raw: submit the form's own values (with its billing toggle); the core re-validates the JSON.
    resolver: zodFormResolver<ApplicationFormValues>(applicationFormSchema),
    mode: 'onBlur',
    reValidateMode: 'onChange',
  });
  const { register, handleSubmit, formState, watch, setValue, setError, reset, control } = form;
  const items = useFieldArray({ control, name: 'items' });
  const billingSame = watch('billingSame');
  const term = watch('term');
  const errors = formState.errors;
  // After submission what was applied for stays as it was (shared/lifecycle/editing.ts): a change is its own application.
  const locked = current !== undefined && !editPolicy(current).editable;
  // The core's refusal when this screen was older than the application (HQ moved it meanwhile).
  const [frozen, setFrozen] = useState<FrozenDetails | null>(null);
  // The core's question before a save with consequences (voided signatures, the company name).
  const [asked, setAsked] = useState<{ question: NonNullable<ReturnType<typeof questionOf>>; values: ApplicationFormValues; answers: Answers } | null>(null);

  const save = useMutation({
    mutationFn: async ({ values, answers }: { values: ApplicationFormValues; answers: Answers }) => {
      const application = toApplicationInput(values);
      return current
        ? invoke('applications.update', { id: current.id, revision: current.revision, application, ...answers })
        : invoke('applications.create', { ...application, ...(answers.nameChange ? { nameChange: answers.nameChange } : {}) });
    },
    onSuccess: (saved, { values }) => {
      rememberSeller(values.seller);
      setCurrent(saved);
      reset(formFromRecord(saved));
      setAsked(null);
      setFrozen(null);
      setBanner({ kind: 'saved', text: t('form.savedAt', { time: dateTime(saved.updatedAt) }) });
      queryClient.setQueryData(['applications.get', saved.id], saved);
      background(queryClient.invalidateQueries({ queryKey: ['applications.list'] }), 'refresh');
      background(queryClient.invalidateQueries({ queryKey: ['customers.list'] }), 'refresh');
      // The forms and the checklist follow the content (signatures voided, status back).
      background(queryClient.invalidateQueries({ queryKey: ['documents.status', saved.id] }), 'refresh');
      background(queryClient.invalidateQueries({ queryKey: ['workflow.get', saved.id] }), 'refresh');
      if (!current) background(navigate(`/applications/${saved.id}`, { replace: true, state: { savedAt: saved.updatedAt } }), 'navigate');
    },
    onError: (error, { values, answers }) => {
      const question = questionOf(error);
      if (question) {
        setAsked({ question, values, answers });
        return;
      }
      setAsked(null);
      if (error instanceof ContractError && isFrozenDetails(error.details)) setFrozen(error.details);
      if (error instanceof ContractError) {
        for (const issue of error.issues) {
          if (issue.path) setError(issue.path.replace(/^application\./, '') as FieldPath<ApplicationFormValues>, { type: 'server', message: issue.message });
        }
        setBanner({ kind: error.code === 'CONFLICT' ? 'conflict' : 'error', text: error.message });
      } else {
        setBanner({ kind: 'error', text: error.message });
      }
    },
  });

  const dirty = formState.isDirty && !save.isPending;
  // Set when the draft was just deleted: leaving then loses nothing.
  const leaving = useRef(false);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname);

  // Ctrl+S (⌘S) saves, as everywhere else a rep saves.
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 's') return;
      e.preventDefault();
      if (!locked && !save.isPending) formRef.current?.requestSubmit();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [locked, save.isPending]);

  // 삭제: only a draft, after the rep confirmed; recorded and sent to HQ as a deletion.
  const [askDiscard, setAskDiscard] = useState(false);
  const discard = useMutation({
    mutationFn: (record: ApplicationRecord) => invoke('applications.discard', { id: record.id, revision: record.revision }),
    onSuccess: () => {
      leaving.current = true;
      setAskDiscard(false);
      background(queryClient.invalidateQueries({ queryKey: ['applications.list'] }), 'refresh');
      background(queryClient.invalidateQueries({ queryKey: ['dashboard'] }), 'refresh');
      background(navigate('/applications', { state: { discarded: true } }), 'navigate');
    },
    onError: (error) => {
      setAskDiscard(false);
      setBanner({ kind: 'error', text: error.message });
    },
  });
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const errorCount = countErrors(errors);
  const fmtOnBlur = (path: FieldPath<ApplicationFormValues>, fmt: (v: string) => string) => ({
    onBlur: (e: React.FocusEvent<HTMLInputElement>) => {
      const formatted = fmt(e.target.value);
      if (formatted !== e.target.value) setValue(path, formatted as never, { shouldDirty: true });
    },
  });
  const err = (path: string) => errorAt(errors, path);
  const reg = (path: FieldPath<ApplicationFormValues>, fmt?: (v: string) => string) => {
    const r = register(path);
    if (!fmt) return r;
    return {
      ...r,
      onBlur: async (e: React.FocusEvent<HTMLInputElement>) => {
        fmtOnBlur(path, fmt).onBlur(e);
        await r.onBlur(e);
      },
    };
  };

  return (
    <section className="page">
      <div className="page-head">
        <h1>{current ? (locked ? t('form.lockedTitle') : t('form.editTitle')) : t('form.newTitle')}</h1>
        {current ? (
          <div className="meta">
            <span className={`badge status-${current.status}`}>{statusLabel(current.status)}</span>
            <span className="muted nowrap" data-testid="last-saved">{t('form.lastSaved', { time: dateTime(current.updatedAt) })}</span>
          </div>
        ) : null}
      </div>
      {current ? <ApplicationTabs applicationId={current.id} /> : null}

      {banner ? (
        <div className={banner.kind === 'saved' ? 'ok-banner' : 'error-banner'} role={banner.kind === 'saved' ? 'status' : 'alert'} data-testid="form-banner">
          {banner.text}
          {banner.kind === 'conflict' && current ? (
            <button
              type="button"
              onClick={handler(
                async () => {
                  const latest = await invoke('applications.get', { id: current.id });
                  setCurrent(latest);
                  reset(formFromRecord(latest));
                  setBanner(null);
                },
                (e) => setBanner({ kind: 'error', text: e.message }),
              )}
            >
              {t('form.conflictReload')}
            </button>
          ) : null}
        </div>
      ) : null}
      {errorCount > 0 && formState.isSubmitted ? (
        <div className="error-banner error-summary" role="alert" data-testid="error-summary">
          {t('form.errorsSummary', { count: errorCount })}
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
      ) : null}

      {current && locked ? <FrozenNotice app={current} part="application" /> : null}
      {current && !locked && frozen ? <FrozenNotice app={{ ...current, status: frozen.status, serviceNumber: frozen.serviceNumber }} part={frozen.part} /> : null}
      <form ref={formRef} onSubmit={(e) => background(handleSubmit((values) => save.mutate({ values, answers: {} }))(e), 'save application')} noValidate>
        {/* Locked: every field reads as it was submitted (the way to change it is offered above). */}
        <fieldset className="plain" disabled={locked} data-testid="form-fields">
        <fieldset>
          <legend>{t('form.sectionApplication')}</legend>
          <div className="row">
            <div className="field">
              <span className="label">{t('form.kind')}</span>
              <div className="choices" role="radiogroup" aria-label={t('form.kind')}>
                {(['new', 'change', 'termination'] as const).map((k) => (
                  <label key={k} className="choice">
                    <input type="radio" value={k} {...register('kind')} />
                    {t(`kind.${k}`)}
                  </label>
                ))}
              </div>
            </div>
            <Field label={t('form.date')} htmlFor="date" error={err('date')}>
              <DateField id="date" control={control} name="date" />
            </Field>
            <Field label={t('form.serviceNumber')} htmlFor="serviceNumber" error={err('serviceNumber')} hint={t('form.serviceNumberHint')} optional={t('form.optional')}>
              <input id="serviceNumber" placeholder="J00000000" readOnly={watch('kind') === 'new'} title={watch('kind') === 'new' ? t('form.serviceNumberByHq') : undefined} {...register('serviceNumber')} />
            </Field>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('form.sectionCustomer')}</legend>
          <div className="grid-2">
            <Field label={t('form.name')} htmlFor="customer.name" error={err('customer.name')}>
              <input id="customer.name" {...register('customer.name')} />
            </Field>
            <Field label={t('form.businessNumber')} htmlFor="customer.businessNumber" error={err('customer.businessNumber')}>
              <input id="customer.businessNumber" inputMode="numeric" placeholder="000-00-00000" {...reg('customer.businessNumber', formatBusinessNumber)} />
            </Field>
            <Field label={t('form.corporateNumber')} htmlFor="customer.corporateNumber" error={err('customer.corporateNumber')} optional={t('form.optional')}>
              <input id="customer.corporateNumber" inputMode="numeric" placeholder="000000-0000000" {...reg('customer.corporateNumber', formatCorporateNumber)} />
            </Field>
            <Field label={t('form.representative')} htmlFor="customer.representative" error={err('customer.representative')}>
              <input id="customer.representative" {...register('customer.representative')} />
            </Field>
            <Field label={t('form.address')} htmlFor="customer.address" error={err('customer.address')} wide>
              <input id="customer.address" {...register('customer.address')} />
            </Field>
            <Field label={t('form.phone')} htmlFor="customer.phone" error={err('customer.phone')}>
              <input id="customer.phone" inputMode="tel" placeholder="02-123-4567" {...reg('customer.phone', formatPhone)} />
            </Field>
            <Field label={t('form.mobile')} htmlFor="customer.mobile" error={err('customer.mobile')} optional={t('form.optional')}>
              <input id="customer.mobile" inputMode="tel" placeholder="010-1234-5678" {...reg('customer.mobile', formatPhone)} />
            </Field>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('form.sectionBilling')}</legend>
          <label className="choice">
            <input type="checkbox" {...register('billingSame')} />
            {t('form.billingSame')}
          </label>
          {!billingSame ? (
            <div className="grid-2">
              <Field label={t('form.billingName')} htmlFor="billing.name" error={err('billing.name')}>
                <input id="billing.name" {...register('billing.name')} />
              </Field>
              <Field label={t('form.billingBusinessNumber')} htmlFor="billing.businessNumber" error={err('billing.businessNumber')}>
                <input id="billing.businessNumber" inputMode="numeric" {...reg('billing.businessNumber', formatBusinessNumber)} />
              </Field>
              <Field label={t('form.billingAddress')} htmlFor="billing.address" error={err('billing.address')} wide>
                <input id="billing.address" {...register('billing.address')} />
              </Field>
              <Field label={t('form.billingPhone')} htmlFor="billing.phone" error={err('billing.phone')}>
                <input id="billing.phone" inputMode="tel" {...reg('billing.phone', formatPhone)} />
              </Field>
            </div>
          ) : null}
        </fieldset>

        <fieldset>
          <legend>{t('form.sectionTerm')}</legend>
          <div className="choices" role="radiogroup" aria-label={t('form.sectionTerm')}>
            {(['12m', '24m', '36m', 'none'] as const).map((k) => (
              <label key={k} className="choice">
                <input type="radio" value={k} {...register('term')} />
                {t(k === 'none' ? 'form.termNone' : `form.term${k.replace('m', '')}` as 'form.term12')}
              </label>
            ))}
          </div>
          {term === 'none' ? (
            <Field label={t('form.termEnd')} htmlFor="termEnd" error={err('termEnd')} optional={t('form.optional')}>
              <DateField id="termEnd" control={control} name="termEnd" />
            </Field>
          ) : null}
        </fieldset>

        <fieldset>
          <legend>{t('form.sectionItems')}</legend>
          {err('items') ? <p className="field-error" role="alert">{err('items')}</p> : null}
          {items.fields.length === 0 ? <p className="muted">{t('form.noItems')}</p> : null}
          <table className="items">
            <thead>
              <tr>
                <th>{t('form.itemProduct')}</th>
                <th>{t('form.itemQuantity')}</th>
                <th>{t('form.itemUnitPrice')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.fields.map((field, index) => (
                <tr key={field.id}>
                  <td>
                    <select aria-label={`${t('form.itemProduct')} ${index + 1}`} {...register(`items.${index}.code`)}>
                      {products.map((p) => (
                        <option key={p.code} value={p.code}>
                          {p.name}
                        </option>
                      ))}
                    </select>
                    {err(`items.${index}.code`) ? <p className="field-error" role="alert">{err(`items.${index}.code`)}</p> : null}
                  </td>
                  <td>
                    <input
                      type="number"
                      min={1}
                      aria-label={`${t('form.itemQuantity')} ${index + 1}`}
                      {...register(`items.${index}.quantity`, { valueAsNumber: true })}
                    />
                    {err(`items.${index}.quantity`) ? <p className="field-error" role="alert">{err(`items.${index}.quantity`)}</p> : null}
                  </td>
                  <td>
                    <input
                      type="number"
                      min={0}
                      step={1}
                      aria-label={`${t('form.itemUnitPrice')} ${index + 1}`}
                      {...register(`items.${index}.unitPrice`, { valueAsNumber: true })}
                    />
                    {err(`items.${index}.unitPrice`) ? <p className="field-error" role="alert">{err(`items.${index}.unitPrice`)}</p> : null}
                  </td>
                  <td>
                    <button type="button" className="link-button" onClick={() => items.remove(index)}>
                      {t('form.removeItem')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="field-hint">{t('form.itemUnitPriceHint')}</p>
          <button type="button" onClick={() => items.append({ code: products.find((p) => !watch('items').some((i) => i.code === p.code))?.code ?? 'recording', quantity: 1, unitPrice: Number.NaN })}>
            {t('form.addItem')}
          </button>
        </fieldset>

        <fieldset>
          <legend>{t('form.sectionSeller')}</legend>
          <div className="grid-2">
            <Field label={t('form.sellerTeam')} htmlFor="seller.team" error={err('seller.team')}>
              <input id="seller.team" {...register('seller.team')} />
            </Field>
            <Field label={t('form.sellerName')} htmlFor="seller.name" error={err('seller.name')}>
              <input id="seller.name" {...register('seller.name')} />
            </Field>
            <Field label={t('form.sellerPhone')} htmlFor="seller.phone" error={err('seller.phone')}>
              <input id="seller.phone" inputMode="tel" {...reg('seller.phone', formatPhone)} />
            </Field>
            <Field label={t('form.opportunityCode')} htmlFor="seller.opportunityCode" error={err('seller.opportunityCode')} optional={t('form.optional')}>
              <input id="seller.opportunityCode" {...register('seller.opportunityCode')} />
            </Field>
          </div>
        </fieldset>

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

      <QuestionDialog
        question={asked?.question ?? null}
        busy={save.isPending}
        onAnswer={(answer: WriteAnswer) => asked && save.mutate({ values: asked.values, answers: { ...asked.answers, ...answer } })}
        onCancel={() => setAsked(null)}
      />
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

function errorAt(errors: unknown, path: string): string | undefined {
  let node: unknown = errors;
  for (const part of path.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  const message = (node as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string') return message;
  const root = (node as { root?: { message?: string } } | undefined)?.root?.message;
  return root;
}

/** The paths of the fields with a message (items.0.quantity …), in form order. */
function errorPaths(errors: unknown, prefix = ''): string[] {
  if (!errors || typeof errors !== 'object') return [];
  if ('message' in errors && typeof errors.message === 'string') return [prefix.replace(/\.root$/, '')];
  return Object.entries(errors as Record<string, unknown>)
    .filter(([k]) => k !== 'ref')
    .flatMap(([k, v]) => errorPaths(v, prefix ? `${prefix}.${k}` : k));
}

/** What the rep reads beside the field: its label (or its accessible name), never the path. */
function fieldName(path: string): string {
  const label = document.querySelector(`label[for="${CSS.escape(path)}"]`);
  const own = label?.firstChild?.textContent?.trim();
  if (own) return own;
  const aria = document.getElementById(path)?.getAttribute('aria-label');
  return aria ?? path;
}

function countErrors(errors: unknown): number {
  if (!errors || typeof errors !== 'object') return 0;
  if ('message' in errors && typeof errors.message === 'string') return 1;
  return Object.entries(errors as Record<string, unknown>)
    .filter(([k]) => k !== 'ref')
    .reduce((n, [, v]) => n + countErrors(v), 0);
}
