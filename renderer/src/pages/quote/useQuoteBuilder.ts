import { background } from '../../app/background';
import { useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { priceQuote, quantitiesOf, type Quote } from '../../../../shared/catalog/engine';
import { compareTerms, penaltySchedule } from '../../../../shared/catalog/calculators';
import type { Catalog } from '../../../../shared/catalog/schema';
import { AppError, type FieldIssue } from '../../../../shared/contract/errors';
import { localizedError } from '../../app/errors';
import { approvalState, type ApprovalState, type QuoteDetail } from '../../../../shared/domain/quote';
import { editPolicy, isFrozenDetails, type FrozenDetails } from '../../../../shared/lifecycle/editing';
import { ContractError } from '../../../../shared/contract/client';
import { questionOf } from '../../components/QuestionDialog';
import type { ApplicationItem, ApplicationRecord, Term } from '../../../../shared/domain/application';
import { invoke } from '../../api';
import { money as moneyText } from '../../app/format';

export interface Draft {
  term: Term;
  items: { code: string; quantity: number; unitPrice: number | null }[];
  notes: string;
  validDays: number;
}

export function draftFrom(term: Term, items: ApplicationItem[], notes = ''): Draft {
  return { term, items: items.map((i) => ({ code: i.code, quantity: i.quantity, unitPrice: i.unitPrice ?? null })), notes, validDays: 30 };
}

export function requestOf(draft: Draft) {
  return {
    term: draft.term,
    items: draft.items.map((i) => ({ code: i.code, quantity: i.quantity, ...(i.unitPrice !== null ? { unitPrice: i.unitPrice } : {}) })),
  };
}

type Priced = { ok: true; quote: Quote } | { ok: false; message: string; issues: FieldIssue[] };

function tryPrice(catalog: Catalog, draft: Draft): Priced {
  try {
    return { ok: true, quote: priceQuote(catalog, requestOf(draft)) };
  } catch (error) {
    if (error instanceof AppError) {
      // Pricing runs here, in the renderer: its refusal is shown in the UI language like the core's.
      const shown = localizedError(error.toWire());
      return { ok: false, message: shown.message, issues: shown.details?.issues ?? [] };
    }
    return { ok: false, message: (error as Error).message, issues: [] };
  }
}

/**
 * The quote builder's state and data: the draft priced live (with the term comparison and the
 * penalty schedule), the approval state, the version being looked at, the page's message and the
 * question asked before a save voids signatures, and saving a new version.
 */
export function useQuoteBuilder({ catalog, application, detail }: { catalog: Catalog; application: ApplicationRecord; detail: QuoteDetail | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() =>
    detail
      ? draftFrom(detail.version.term, detail.version.items, detail.version.notes ?? '')
      : draftFrom(application.term, application.items.length ? application.items : [{ code: 'asp-basic', quantity: 10 }]),
  );
  const [viewVersion, setViewVersion] = useState<number | null>(null);
  const [leaveAfter, setLeaveAfter] = useState(12);
  // A new quote re-mounts under its id after the first save; the confirmation travels in the location state.
  // It is also kept in the query cache for a moment, so a re-mount (a route change, a background
  // sync refreshing every screen) still shows what was just saved.
  const locationSaved = (useLocation().state as { savedVersion?: number } | null)?.savedVersion;
  const justSaved = detail ? queryClient.getQueryData<{ version: number; at: number }>(['quote.justSaved', detail.quoteId]) : undefined;
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(() => {
    const savedVersion = locationSaved ?? (justSaved && Date.now() - justSaved.at < 60_000 ? justSaved.version : undefined);
    return savedVersion ? { ok: true, text: t('quote.saved', { version: savedVersion }) } : null;
  });

  const priced = useMemo(() => tryPrice(catalog, draft), [catalog, draft]);
  const comparison = useMemo(() => {
    try {
      // Entered prices are the deal for the chosen term; other terms get the same discount off their list price.
      return compareTerms(catalog, requestOf(draft).items, draft.term);
    } catch {
      return null;
    }
  }, [catalog, draft]);
  // One approval state (shared/domain/quote.ts): HQ's decision on what was saved, or what saving this edit needs.
  const approval: ApprovalState = approvalState(
    detail ? { term: detail.version.term, items: detail.version.items, status: detail.version.approval.status } : null,
    priced.ok ? { ...requestOf(draft), approvalRequired: priced.quote.approvalRequired } : null,
  );
  const policy = editPolicy(application);
  const [frozen, setFrozen] = useState<FrozenDetails | null>(null);
  const [asked, setAsked] = useState<NonNullable<ReturnType<typeof questionOf>> | null>(null);
  const schedule = useMemo(() => {
    try {
      return penaltySchedule(catalog, requestOf(draft));
    } catch {
      return null;
    }
  }, [catalog, draft]);

  const viewed = useQuery({
    queryKey: ['quotes.get', detail?.quoteId, viewVersion],
    queryFn: () => invoke('quotes.get', { quoteId: detail!.quoteId, version: viewVersion! }),
    enabled: Boolean(detail && viewVersion),
  });

  const nextVersion = (detail?.latestVersion ?? 0) + 1;
  const save = useMutation({
    mutationFn: (confirmVoids: string[] | undefined) =>
      invoke('quotes.save', {
        applicationId: application.id,
        ...(detail ? { quoteId: detail.quoteId } : {}),
        catalogId: catalog.id,
        ...requestOf(draft),
        ...(draft.notes.trim() ? { notes: draft.notes.trim() } : {}),
        validDays: draft.validDays,
        ...(confirmVoids ? { confirmVoids } : {}),
      }),
    onSuccess: (saved) => {
      setAsked(null);
      setMessage({ ok: true, text: t('quote.saved', { version: saved.latestVersion }) });
      queryClient.setQueryData(['quote.justSaved', saved.quoteId], { version: saved.latestVersion, at: Date.now() });
      queryClient.setQueryData(['quotes.get', saved.quoteId], saved);
      background(queryClient.invalidateQueries({ queryKey: ['quotes.list'] }), 'refresh');
      background(queryClient.invalidateQueries({ queryKey: ['applications.get', application.id] }), 'refresh');
      background(queryClient.invalidateQueries({ queryKey: ['applications.list'] }), 'refresh');
      // The forms and the checklist follow the quote (signatures voided, status back).
      background(queryClient.invalidateQueries({ queryKey: ['documents.status', application.id] }), 'refresh');
      background(queryClient.invalidateQueries({ queryKey: ['workflow.get', application.id] }), 'refresh');
      if (!detail) background(navigate(`/quotes/${saved.quoteId}`, { replace: true, state: { savedVersion: saved.latestVersion } }), 'navigate');
    },
    onError: (e) => {
      // The core asks first when the new version voids signatures: name them, then save on confirmation.
      const question = questionOf(e);
      if (question) {
        setAsked(question);
        return;
      }
      setAsked(null);
      if (e instanceof ContractError && isFrozenDetails(e.details)) setFrozen(e.details);
      setMessage({ ok: false, text: e.message });
    },
  });

  const quantities = quantitiesOf(requestOf(draft).items);
  const money = (n: number) => moneyText(n, catalog.currency);

  return {
    draft,
    setDraft,
    viewVersion,
    setViewVersion,
    leaveAfter,
    setLeaveAfter,
    message,
    priced,
    comparison,
    approval,
    policy,
    frozen,
    asked,
    setAsked,
    schedule,
    viewed,
    nextVersion,
    save,
    quantities,
    money,
  };
}
