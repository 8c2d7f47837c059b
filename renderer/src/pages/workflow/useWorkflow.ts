import { background } from '../../app/background';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { workflowPatchSchema } from '../../../../shared/lifecycle/workflow';
import type { LifecycleEvent } from '../../../../shared/lifecycle/machine';
import { invoke } from '../../api';
import { useSyncStatus } from '../../app/useSyncStatus';
import { statusShownLabel } from '../../app/syncWords';
import { statusShown } from '../../../../shared/domain/status';

export type WorkflowPatch = z.input<typeof workflowPatchSchema>;
export type WorkflowView = Awaited<ReturnType<typeof invoke<'workflow.get'>>>;
export interface WorkflowMessage {
  ok: boolean;
  text: string;
}
export interface SuspensionDraft {
  startDate: string;
  months: number;
}
export interface SettlementDraft {
  billingOffice: string;
  notes: string;
}

/**
 * The workflow page's data: the application, its workflow view and attached papers, the page's
 * message, the suspension and settlement drafts, and the mutations (update, move, derive, settle)
 * that put the new view into the cache and refresh the application lists.
 */
export function useWorkflow(id: string) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const app = useQuery({ queryKey: ['applications.get', id], queryFn: () => invoke('applications.get', { id }) });
  const view = useQuery({ queryKey: ['workflow.get', id], queryFn: () => invoke('workflow.get', { applicationId: id }) });
  // The attached papers, to open or remove them from the checklist (the documents page has the same list).
  const papers = useQuery({ queryKey: ['documents.status', id], queryFn: () => invoke('documents.status', { applicationId: id }) });
  const [message, setMessage] = useState<WorkflowMessage | null>(null);
  const enrolled = useSyncStatus().data?.enrolled ?? false;
  const [suspension, setSuspension] = useState<SuspensionDraft>({ startDate: '', months: 1 });
  const [settlement, setSettlement] = useState<SettlementDraft>({ billingOffice: '', notes: '' });
  const failed = (e: Error) => setMessage({ ok: false, text: e.message });
  const derive = useMutation({
    mutationFn: (kind: 'change' | 'termination') =>
      invoke('applications.derive', { fromId: id, kind, ...(kind === 'change' && suspension.startDate ? { reason: `일시정지 ${suspension.months}개월 (${suspension.startDate}부터)` } : {}) }),
    onSuccess: (created) => {
      background(queryClient.invalidateQueries({ queryKey: ['applications.list'] }), 'refresh');
      background(navigate(created.kind === 'termination' ? `/applications/${created.id}/workflow` : `/applications/${created.id}`), 'navigate');
    },
    onError: failed,
  });
  const done = (value: WorkflowView) => {
    queryClient.setQueryData(['workflow.get', id], value);
    background(queryClient.invalidateQueries({ queryKey: ['applications.get', id] }), 'refresh');
    background(queryClient.invalidateQueries({ queryKey: ['applications.list'] }), 'refresh');
  };
  const settle = useMutation({
    mutationFn: () =>
      invoke('workflow.settlement', {
        applicationId: id,
        inputs: { ...(settlement.billingOffice ? { billingOffice: settlement.billingOffice } : {}), ...(settlement.notes ? { notes: settlement.notes } : {}) },
      }),
    onSuccess: (v) => {
      done(v);
      setMessage({ ok: true, text: t('wf.settlementSaved') });
    },
    onError: failed,
  });
  const update = useMutation({
    mutationFn: (patch: WorkflowPatch) => invoke('workflow.update', { applicationId: id, patch }),
    onSuccess: (v) => {
      done(v);
      setMessage(null);
    },
    onError: failed,
  });
  const move = useMutation({
    mutationFn: (event: LifecycleEvent) => invoke('workflow.transition', { applicationId: id, event }),
    onSuccess: (v) => {
      done(v);
      const shown = statusShown(v.status, v.statusAtHq, enrolled);
      const hint = shown === 'submit_pending_unenrolled' ? t('sync.submitPendingUnenrolled') : shown === 'submit_pending' ? t('sync.submitPending') : '';
      setMessage({ ok: true, text: `${t('wf.moved', { status: statusShownLabel(shown) })}${hint ? ` ${hint}` : ''}` });
    },
    onError: failed,
  });
  return { app, view, papers, enrolled, message, setMessage, suspension, setSuspension, settlement, setSettlement, derive, settle, update, move };
}

/** What a fieldset that edits the workflow is handed: the view and the update mutation's entry points. */
export interface WorkflowEdit {
  view: WorkflowView;
  save: (patch: WorkflowPatch) => void;
}
