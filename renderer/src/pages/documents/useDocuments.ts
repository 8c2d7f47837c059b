import { background } from '../../app/background';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormId } from '../../../../shared/forms/model';
import { invoke, waitForJob } from '../../api';
import { bytesToBase64, base64ToBytes, renderPages, saveFile } from '../../app/pdf';
import type { CapturedMark, SessionResult, SigningStep } from '../../components/SigningSession';

export type DocumentsStatus = Awaited<ReturnType<typeof invoke<'documents.status'>>>;
export interface Preview {
  title: string;
  pages: string[];
  base64: string;
  forms: FormId[];
  packet: boolean;
}
export interface Progress {
  label: string;
  done: number;
  total: number;
}
export type AttachPurpose = 'businessRegistration' | 'signedContract' | 'other';

/**
 * The documents page's data and actions: the application and its forms' status, the preview and
 * its progress, the page's message, the one question asked at a time, the signing session, and
 * attaching, previewing, saving and printing.
 */
export function useDocuments(id: string) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const app = useQuery({ queryKey: ['applications.get', id], queryFn: () => invoke('applications.get', { id }) });
  // Always asked afresh on arrival: a quote saved or an application edited a moment ago changes the forms.
  const status = useQuery({ queryKey: ['documents.status', id], queryFn: () => invoke('documents.status', { applicationId: id }), refetchOnMount: 'always' });
  const [preview, setPreview] = useState<Preview | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  // One signing session at a time (an area, a form's areas, or the packet's); `id` mounts it afresh.
  const [session, setSession] = useState<{ id: number; steps: SigningStep[] } | null>(null);
  /** Each signing session gets a new key, so a second one starts fresh. */
  const sessions = useRef(0);
  // The seal photo once chosen is offered again for the next seal area (until the rep leaves the page).
  const [lastSeal, setLastSeal] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // Printing or saving a form that would print 미설정 (HQ has not published the supplier or the contacts) asks first.
  // One question at a time: print/save despite 미설정, or remove an attachment.
  const [asking, setAsking] = useState<{ title: string; body: string; confirmLabel: string; go: () => void } | null>(null);

  const refresh = (value: DocumentsStatus) => queryClient.setQueryData(['documents.status', id], value);

  /** Saves one area through `documents.sign` (one call per area); the session shows a refusal. */
  async function signStep(step: SigningStep, captured: CapturedMark) {
    const value = await invoke('documents.sign', { applicationId: id, form: step.form as FormId, area: step.area, ...captured });
    refresh(value);
    setMessage({ ok: true, text: t('docs.signed') });
  }

  function endSession(result: SessionResult) {
    setSession(null);
    // The preview showed the forms without these signatures: draw it again (it clears the message
    // area as it starts, so what was saved is said after).
    if (preview && result.forms.some((f) => preview.forms.includes(f as FormId))) show(preview.forms, preview.title, preview.packet);
    if (result.signed === 0) return;
    if (result.total === 1) setMessage({ ok: true, text: t('docs.signed') });
    else setMessage({ ok: true, text: result.signed === result.total ? t('docs.sessionDone', { total: result.total }) : t('docs.sessionPartial', { total: result.total, signed: result.signed }) });
  }

  const startSession = (steps: SigningStep[]) => {
    setMessage(null);
    sessions.current += 1;
    setSession({ id: sessions.current, steps });
  };

  const attach = useMutation({
    mutationFn: async ({ purpose, file }: { purpose: AttachPurpose; file: File }) =>
      invoke('attachments.add', { applicationId: id, purpose, fileName: file.name, base64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) }),
    onSuccess: (value) => {
      refresh(value);
      setMessage({ ok: true, text: t('docs.attached') });
    },
    onError: (e) => setMessage({ ok: false, text: e.message }),
  });

  /** Preview and download report their own failures in the message area; the clicks do not wait. */
  const show = (forms: FormId[], title: string, packet: boolean) => background(showPreview(forms, title, packet), 'preview');
  const download = (forms: FormId[], format: 'pdf' | 'docx') => background(saveAs(forms, format), 'download');

  async function showPreview(forms: FormId[], title: string, packet: boolean) {
    setMessage(null);
    try {
      let file;
      if (packet) {
        const { jobId } = await invoke('documents.packet', { applicationId: id, forms, format: 'pdf' });
        file = await waitForJob(jobId, (job) => setProgress({ label: t('docs.rendering', { label: job.label }), done: job.done, total: job.total }));
      } else {
        setProgress({ label: t('docs.rendering', { label: title }), done: 0, total: 1 });
        file = await invoke('documents.render', { applicationId: id, forms, format: 'pdf', packet: false });
      }
      const pages = await renderPages(base64ToBytes(file.base64), 1.4, (done, total) => setProgress({ label: t('docs.drawing'), done, total }));
      setPreview({ title, pages, base64: file.base64, forms, packet });
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setProgress(null);
    }
  }

  async function saveAs(forms: FormId[], format: 'pdf' | 'docx') {
    try {
      const file = await invoke('documents.render', { applicationId: id, forms, format, packet: forms.length > 1 });
      saveFile(file.fileName, file.mime, file.base64);
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  }

  /** The system print dialog (Electron and the web host alike), with the preview's pages laid out for paper. */
  function print() {
    if (!preview) return;
    window.print();
  }

  /** Runs `go` (print, save) at once, or after the rep saw what these forms would print as 미설정. */
  function afterNotices(forms: readonly string[], go: () => void) {
    const codes = [...new Set((status.data?.documents ?? []).filter((d) => forms.includes(d.form)).flatMap((d) => d.notices.map((n) => n.code)))];
    if (codes.length === 0) go();
    else setAsking({ title: t('docs.noticeTitle'), body: codes.map((c) => t(`docs.notice.${c}`)).join('\n\n'), confirmLabel: t('docs.noticeGo'), go });
  }

  /** A form's inputs were saved: the status and the workflow change, and a preview showing the form is drawn again. */
  function inputsSaved(form: FormId, value: DocumentsStatus) {
    refresh(value);
    background(queryClient.invalidateQueries({ queryKey: ['workflow.get', id] }), 'refresh');
    // The preview showed the old content: draw it again with the new inputs.
    if (preview?.forms.includes(form)) show(preview.forms, preview.title, preview.packet);
  }

  return {
    app,
    status,
    preview,
    setPreview,
    progress,
    session,
    lastSeal,
    setLastSeal,
    message,
    setMessage,
    asking,
    setAsking,
    signStep,
    endSession,
    startSession,
    attach,
    show,
    download,
    print,
    afterNotices,
    inputsSaved,
  };
}
