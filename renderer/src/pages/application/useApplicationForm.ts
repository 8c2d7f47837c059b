import { background } from '../../app/background';
import { useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFieldArray, useForm, type Control, type FieldPath, type UseFormRegister, type UseFormRegisterReturn, type UseFormWatch } from 'react-hook-form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { zodFormResolver } from '../../app/errors';
import { ContractError } from '../../../../shared/contract/client';
import type { ApplicationRecord } from '../../../../shared/domain/application';
import { editPolicy, isFrozenDetails, type FrozenDetails } from '../../../../shared/lifecycle/editing';
import { invoke } from '../../api';
import { questionOf, type WriteAnswer } from '../../components/QuestionDialog';
import { dateTime } from '../../app/format';
import { applicationFormSchema, emptyForm, formFromRecord, rememberSeller, toApplicationInput, type ApplicationFormValues } from './applicationForm';
import { countErrors, errorAt } from './formErrors';
import { useLeaveGuards } from './useLeaveGuards';

/** The rep's answers to the core's questions, sent again with the save. */
interface Answers {
  confirmVoids?: string[];
  nameChange?: 'renamed' | 'mistake';
}

export interface Banner {
  kind: 'error' | 'conflict' | 'saved';
  text: string;
}

/** What a section of the form needs to show and bind its fields. */
export interface FieldKit {
  register: UseFormRegister<ApplicationFormValues>;
  control: Control<ApplicationFormValues>;
  watch: UseFormWatch<ApplicationFormValues>;
  /** The field's message, if any (a path like customer.name or items.0.quantity). */
  err: (path: string) => string | undefined;
  /** register(), and when `fmt` is given the value is put in its business format on blur (numbers, phones). */
  reg: (path: FieldPath<ApplicationFormValues>, fmt?: (v: string) => string) => FormattedField;
}

/** A registered input whose blur may first put its value in format. */
type FormattedField = Omit<UseFormRegisterReturn, 'onBlur'> & { onBlur: (e: React.FocusEvent<HTMLInputElement>) => Promise<unknown> };

/**
 * The application form's state and data: the form (values, validation, errors), the record as
 * last saved, the page's banner, saving (with the core's questions and its refusals: a conflict,
 * a record frozen meanwhile, field issues), deleting a draft, and the guards against losing
 * unsaved work (useLeaveGuards: leaving the route, closing the window, Ctrl+S).
 */
export function useApplicationForm(record: ApplicationRecord | undefined) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState<ApplicationRecord | undefined>(record);
  // A new application re-mounts under its id after the first save; the banner travels in the location state.
  const savedAt = (useLocation().state as { savedAt?: string } | null)?.savedAt;
  const [banner, setBanner] = useState<Banner | null>(savedAt ? { kind: 'saved', text: t('form.savedAt', { time: dateTime(savedAt) }) } : null);

  const form = useForm<ApplicationFormValues>({
    defaultValues: record ? formFromRecord(record) : emptyForm(),
    // raw: submit the form's own values (with its billing toggle); the core re-validates the JSON.
    resolver: zodFormResolver<ApplicationFormValues>(applicationFormSchema),
    mode: 'onBlur',
    reValidateMode: 'onChange',
  });
  const { register, handleSubmit, formState, watch, setValue, setError, reset, control } = form;
  const items = useFieldArray({ control, name: 'items' });
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
  const submit = (e: React.BaseSyntheticEvent) => background(handleSubmit((values) => save.mutate({ values, answers: {} }))(e), 'save application');
  /** The rep answered the core's question: the same save again, with the answer. */
  const answer = (reply: WriteAnswer) => {
    if (asked) save.mutate({ values: asked.values, answers: { ...asked.answers, ...reply } });
  };

  /** After a conflict: the application as the store has it now, in the form. */
  const reload = async (id: string) => {
    const latest = await invoke('applications.get', { id });
    setCurrent(latest);
    reset(formFromRecord(latest));
    setBanner(null);
  };

  // Set when the draft was just deleted: leaving then loses nothing.
  const leaving = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);
  const blocker = useLeaveGuards({ dirty: formState.isDirty && !save.isPending, leaving, canSave: !locked && !save.isPending, formRef });

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

  const fmtOnBlur = (path: FieldPath<ApplicationFormValues>, fmt: (v: string) => string) => ({
    onBlur: (e: React.FocusEvent<HTMLInputElement>) => {
      const formatted = fmt(e.target.value);
      if (formatted !== e.target.value) setValue(path, formatted as never, { shouldDirty: true });
    },
  });
  const kit: FieldKit = {
    register,
    control,
    watch,
    err: (path) => errorAt(errors, path),
    reg: (path, fmt) => {
      const r = register(path);
      if (!fmt) return r;
      return {
        ...r,
        onBlur: async (e: React.FocusEvent<HTMLInputElement>) => {
          fmtOnBlur(path, fmt).onBlur(e);
          await r.onBlur(e);
        },
      };
    },
  };

  return {
    current,
    locked,
    frozen,
    banner,
    setBanner,
    reload,
    formState,
    errorCount: countErrors(errors),
    kit,
    items,
    formRef,
    submit,
    save,
    asked,
    answer,
    cancelQuestion: () => setAsked(null),
    discard,
    askDiscard,
    setAskDiscard,
    blocker,
  };
}
