import { useState } from 'react';
import { background } from '../app/background';
import { useTranslation } from 'react-i18next';
import { useFieldArray, useForm, type FieldErrors, type FieldValues } from 'react-hook-form';
import { zodFormResolver } from '../app/errors';
import { useMutation } from '@tanstack/react-query';
import { ContractError } from '../../../shared/contract/client';
import type { DocumentStatusView } from '../../../shared/domain/documents';
import type { FormId } from '../../../shared/forms/model';
import { itemName } from '../../../shared/forms/items';
import { invoke } from '../api';
import { dateTime } from '../app/format';
import { formatKoreanDate } from '../../../shared/format/date';
import { INPUT_SPECS, inputsFormSchema, rowValue, toInputs, toValues, wonText, type InputField } from '../pages/documentInputs';
import { QuestionDialog, questionOf } from './QuestionDialog';
import { Field } from './Field';
import { MoneyTextInput } from './MoneyInput';
import { FrozenNotice } from './FrozenNotice';
import { APPLIED_FORMS, editPolicy, type EditSubject } from '../../../shared/lifecycle/editing';
import type { ApplicationStatus } from '../../../shared/domain/status';
import { DateField } from './DateInput';

type StatusOutput = Awaited<ReturnType<typeof invoke<'documents.status'>>>;

interface Props {
  applicationId: string;
  /** The application: a form it applied with is frozen with it after submission (read-only here). */
  app: EditSubject & { id: string; status: ApplicationStatus };
  doc: DocumentStatusView;
  /** The application's items, for filling #5's rows (품명, 수량). */
  items: { code: string; quantity: number }[];
  onSaved: (status: StatusOutput) => void;
}

/** The date as the paper prints it ("2026. 12. 10."), under the browser's own date picker. */
const printedDate = (value: unknown) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `→ ${formatKoreanDate(value)}` : undefined);

function errorAt(errors: FieldErrors, path: string): string | undefined {
  const node = path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), errors);
  const message = (node as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

/**
 * "내용 입력" for one form: the fields the form takes beyond the application (#4 reason and
 * dates, #5 delivery rows, location and date, the settlement request's partners, amounts and
 * dates), validated with the form's own schema and saved with `documents.saveInputs`. Saving
 * changes the document's content, so signatures given to it become void: the rep confirms first.
 */
export function DocumentInputsPanel({ applicationId, app, doc, items, onSaved }: Props) {
  const { t } = useTranslation();
  const spec = INPUT_SPECS[doc.form]!;
  const id = (path: string) => `in-${doc.form}-${path}`;
  // The core names the signatures a save would void, and saves once the rep confirms them.
  const [asked, setAsked] = useState<{ question: NonNullable<ReturnType<typeof questionOf>>; inputs: Record<string, unknown> } | null>(null);
  const [banner, setBanner] = useState<{ ok: boolean; text: string } | null>(null);
  const form = useForm({
    defaultValues: toValues(doc.form, doc.inputs),
    // raw: the resolver checks the mapped JSON; the form keeps its own text values.
    resolver: zodFormResolver<FieldValues>(inputsFormSchema(doc.form)),
    mode: 'onBlur',
    reValidateMode: 'onChange',
  });
  const { register, handleSubmit, formState, setValue, setError, reset, control, watch } = form;
  const rows = useFieldArray({ control, name: 'rows' });
  const err = (path: string) => errorAt(formState.errors, path);
  const signed = doc.areas.filter((a) => a.current).length;
  // A form the application applied with (#4) is frozen with it: it reads as it was submitted.
  const locked = APPLIED_FORMS.includes(doc.form) && !editPolicy(app).editable;

  const save = useMutation({
    mutationFn: ({ inputs, confirmVoids }: { inputs: Record<string, unknown>; confirmVoids?: string[] }) =>
      invoke('documents.saveInputs', { applicationId, form: doc.form as FormId, inputs, ...(confirmVoids ? { confirmVoids } : {}) }),
    onSuccess: (status) => {
      setAsked(null);
      const saved = status.documents.find((d) => d.form === doc.form);
      reset(toValues(doc.form, saved?.inputs ?? null));
      setBanner({ ok: true, text: t('docs.inputs.saved', { time: saved?.inputsSavedAt ? dateTime(saved.inputsSavedAt) : '' }) });
      onSaved(status);
    },
    onError: (error, { inputs }) => {
      const question = questionOf(error);
      if (question) {
        setAsked({ question, inputs });
        return;
      }
      setAsked(null);
      if (error instanceof ContractError) for (const issue of error.issues) if (issue.path) setError(issue.path, { type: 'server', message: issue.message });
      setBanner({ ok: false, text: error.message });
    },
  });

  const submit = handleSubmit((values) => {
    setBanner(null);
    save.mutate({ inputs: toInputs(doc.form, values) });
  });

  const input = (field: InputField) => {
    const name = field.path;
    if (field.kind === 'textarea') return <textarea id={id(name)} rows={2} {...register(name)} />;
    if (field.kind === 'date') return <DateField id={id(name)} control={control} name={name} />;
    if (field.kind === 'month') return <input id={id(name)} type="month" {...register(name)} />;
    if (field.kind === 'money') {
      const r = register(name);
      return (
        <MoneyTextInput
          id={id(name)}
          {...r}
          onBlur={(e) => {
            const formatted = wonText(e.target.value);
            if (formatted !== e.target.value) setValue(name, formatted, { shouldDirty: true });
            background(r.onBlur(e), 'validate');
          }}
        />
      );
    }
    return <input id={id(name)} {...register(name)} />;
  };

  return (
    <form className="doc-inputs" onSubmit={(e) => background(submit(e), 'save document inputs')} noValidate data-testid={`inputs-form-${doc.form}`}>
      {locked ? <FrozenNotice app={app} part="form" /> : <p className="field-hint">{t(`docs.inputs.hint.${doc.form}`)}</p>}
      <fieldset className="plain" disabled={locked} data-testid={`inputs-fields-${doc.form}`}>
        {spec.groups.map((group) => (
          <fieldset key={group.id}>
            <legend>{t(`docs.inputs.groups.${group.id}`)}</legend>
            <div className="grid-2">
              {group.fields.map((field) => (
                <Field
                  key={field.path}
                  label={t(`docs.inputs.fields.${field.path}`)}
                  htmlFor={id(field.path)}
                  error={err(field.path)}
                  hint={field.kind === 'date' ? printedDate(watch(field.path)) : undefined}
                  wide={field.kind === 'textarea'}
                >
                  {input(field)}
                </Field>
              ))}
            </div>
          </fieldset>
        ))}
        {spec.rows ? (
          <fieldset>
            <legend>{t('docs.inputs.groups.rows')}</legend>
            {rows.fields.length === 0 ? <p className="field-hint">{t('docs.inputs.rowsDefault')}</p> : null}
            {rows.fields.length > 0 ? (
              <table className="items">
                <thead>
                  <tr>
                    <th>{t('docs.inputs.row.name')}</th>
                    <th>{t('docs.inputs.row.spec')}</th>
                    <th>{t('docs.inputs.row.quantity')}</th>
                    <th>{t('docs.inputs.row.note')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {rows.fields.map((row, index) => (
                    <tr key={row.id}>
                      {(['name', 'spec', 'quantity', 'note'] as const).map((key) => (
                        <td key={key}>
                          <input
                            aria-label={`${t(`docs.inputs.row.${key}`)} ${index + 1}`}
                            aria-invalid={err(`rows.${index}.${key}`) ? 'true' : undefined}
                            inputMode={key === 'quantity' ? 'numeric' : undefined}
                            {...register(`rows.${index}.${key}`)}
                          />
                          {err(`rows.${index}.${key}`) ? (
                            <p className="field-error" role="alert">
                              {err(`rows.${index}.${key}`)}
                            </p>
                          ) : null}
                        </td>
                      ))}
                      <td>
                        <button type="button" className="link-button" onClick={() => rows.remove(index)}>
                          {t('docs.inputs.removeRow')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {err('rows') ? (
              <p className="field-error" role="alert">
                {err('rows')}
              </p>
            ) : null}
            <div className="row">
              <button type="button" onClick={() => rows.append(rowValue())}>
                {t('docs.inputs.addRow')}
              </button>
              <button type="button" disabled={items.length === 0} onClick={() => rows.replace(items.map((i) => rowValue(itemName(i.code), String(i.quantity))))}>
                {t('docs.inputs.fillRows')}
              </button>
            </div>
          </fieldset>
        ) : null}
      </fieldset>
      {banner ? (
        <div className={banner.ok ? 'ok-banner' : 'error-banner'} role={banner.ok ? 'status' : 'alert'} data-testid={`inputs-message-${doc.form}`}>
          {banner.text}
        </div>
      ) : null}
      <div className="row doc-inputs-actions">
        {locked ? null : (
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending ? t('sign.saving') : t('docs.inputs.save')}
          </button>
        )}
        {formState.isDirty ? <span className="unsaved">{t('docs.inputs.unsaved')}</span> : null}
        {signed > 0 ? <span className="muted small">{t('docs.inputs.signedNote', { count: signed })}</span> : null}
      </div>
      <QuestionDialog
        question={asked?.question ?? null}
        busy={save.isPending}
        onAnswer={(answer) => asked && 'confirmVoids' in answer && save.mutate({ inputs: asked.inputs, confirmVoids: answer.confirmVoids })}
        onCancel={() => setAsked(null)}
      />
    </form>
  );
}
