import { background } from '../app/background';
import { useMemo, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApplicationTabs } from '../components/ApplicationTabs';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { priceQuote, findProduct, listUnitPrice, quantitiesOf, type Quote } from '../../../shared/catalog/engine';
import { compareTerms, penaltySchedule } from '../../../shared/catalog/calculators';
import type { Catalog } from '../../../shared/catalog/schema';
import { AppError, type FieldIssue } from '../../../shared/contract/errors';
import { localizedError } from '../app/errors';
import { APPROVAL_LABELS, APPROVAL_STATE_LABELS, approvalState, type ApprovalState, type QuoteDetail } from '../../../shared/domain/quote';
import { editPolicy, isFrozenDetails, type FrozenDetails } from '../../../shared/lifecycle/editing';
import { ContractError } from '../../../shared/contract/client';
import { formatPaperDate } from '../../../shared/format/date';
import { FrozenNotice } from '../components/FrozenNotice';
import { QuestionDialog, questionOf } from '../components/QuestionDialog';
import { TERM_LABELS } from '../../../shared/domain/status';
import type { ApplicationItem, ApplicationRecord, Term } from '../../../shared/domain/application';
import { formatAmount } from '../../../shared/money';
import { amountInWords } from '../../../shared/format/words';
import { formatKoreanDate } from '../../../shared/format/date';
import { invoke } from '../api';
import { useCatalog } from '../app/useCatalog';
import { CommissionPreview } from '../components/CommissionPreview';
import { MoneyInput } from '../components/MoneyInput';
import { dateTime, money as moneyText, productName, roundFigure } from '../app/format';

interface Draft {
  term: Term;
  items: { code: string; quantity: number; unitPrice: number | null }[];
  notes: string;
  validDays: number;
}

function draftFrom(term: Term, items: ApplicationItem[], notes = ''): Draft {
  return { term, items: items.map((i) => ({ code: i.code, quantity: i.quantity, unitPrice: i.unitPrice ?? null })), notes, validDays: 30 };
}

function requestOf(draft: Draft) {
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
  if (error) return <p className="error-banner" role="alert">{(error as Error).message}</p>;
  if (!quoteId && !applicationId) return <p className="empty">{t('quote.pickApplication')}</p>;
  if (!quoteId && existingQuote.data?.items[0]) return <Navigate to={`/quotes/${existingQuote.data.items[0].quoteId}`} replace />;
  if (!quoteId && !existingQuote.data) return <p className="muted">{t('list.loading')}</p>;
  if (!catalog.data || !application.data || (quoteId && !detail.data)) return <p className="muted">{t('list.loading')}</p>;
  return <Builder key={quoteId ?? applicationId} catalog={catalog.data} application={application.data} detail={detail.data} />;
}

function Builder({ catalog, application, detail }: { catalog: Catalog; application: ApplicationRecord; detail: QuoteDetail | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ko';
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() =>
    detail ? draftFrom(detail.version.term, detail.version.items, detail.version.notes ?? '') : draftFrom(application.term, application.items.length ? application.items : [{ code: 'asp-basic', quantity: 10 }]),
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

  const setItem = (index: number, patch: Partial<Draft['items'][number]>) =>
    setDraft((d) => ({ ...d, items: d.items.map((it, i) => (i === index ? { ...it, ...patch } : it)) }));
  const issueAt = (path: string) => (!priced.ok ? priced.issues.find((i) => i.path === path)?.message : undefined);
  const quantities = quantitiesOf(requestOf(draft).items);
  const money = (n: number) => moneyText(n, catalog.currency);

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

          <fieldset>
            <legend>{t('quote.items')}</legend>
            <table className="grid quote-lines" data-testid="quote-lines">
              <thead>
                <tr>
                  <th>{t('quote.product')}</th>
                  <th className="num">{t('quote.quantity')}</th>
                  <th className="num">{t('quote.unitPrice')}</th>
                  <th className="num">{t('quote.amount')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {draft.items.map((item, index) => {
                  const product = findProduct(catalog, item.code);
                  const list = product ? listUnitPrice(product, draft.term, quantities).price : null;
                  const line = priced.ok ? priced.quote.lines[index] : undefined;
                  const itemIssue = issueAt(`items.${index}.unitPrice`) ?? issueAt(`items.${index}.quantity`) ?? issueAt(`items.${index}.code`);
                  return (
                    <tr key={index}>
                      <td>
                        <select aria-label={`${t('quote.product')} ${index + 1}`} value={item.code} onChange={(e) => setItem(index, { code: e.target.value, unitPrice: null })}>
                          {catalog.products.map((p) => (
                            <option key={p.code} value={p.code}>
                              {productName(p)}
                            </option>
                          ))}
                        </select>
                        {itemIssue ? <p className="field-error" role="alert">{itemIssue}</p> : null}
                      </td>
                      <td className="num">
                        <input
                          type="number"
                          min={1}
                          aria-label={`${t('quote.quantity')} ${index + 1}`}
                          value={Number.isNaN(item.quantity) ? '' : item.quantity}
                          onChange={(e) => setItem(index, { quantity: e.target.valueAsNumber })}
                        />{' '}
                        <span className="muted">{product ? t(`quote.units.${product.unit}`, { defaultValue: product.unit }) : null}</span>
                      </td>
                      <td className="num">
                        <MoneyInput
                          aria-label={`${t('quote.unitPrice')} ${index + 1}`}
                          placeholder={list !== null ? formatAmount(list, catalog.currency) : t('quote.negotiatedHint')}
                          value={item.unitPrice}
                          onValue={(unitPrice) => setItem(index, { unitPrice })}
                        />
                        {list !== null ? <div className="muted small">{t('quote.listPrice', { price: money(list) })}</div> : null}
                      </td>
                      <td className="num" data-testid={`line-amount-${index}`}>
                        {line ? money(line.amount) : '—'}
                      </td>
                      <td>
                        <button type="button" className="link-button" onClick={() => setDraft((d) => ({ ...d, items: d.items.filter((_, i) => i !== index) }))}>
                          {t('quote.remove')}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <button
              type="button"
              onClick={() =>
                setDraft((d) => ({
                  ...d,
                  items: [...d.items, { code: catalog.products.find((p) => !d.items.some((i) => i.code === p.code))?.code ?? catalog.products[0]!.code, quantity: 1, unitPrice: null }],
                }))
              }
            >
              {t('quote.addItem')}
            </button>
          </fieldset>

          {!priced.ok ? (
            <div className="error-banner" role="alert" data-testid="quote-invalid">
              {t('quote.invalid')}: {priced.message}
            </div>
          ) : (
            <Totals quote={priced.quote} money={money} />
          )}

          {priced.ok ? (
            <div className={approval === 'refused' ? 'error-banner' : approval === 'pending' || approval === 'unsaved_pending' ? 'warn-banner' : 'ok-banner'} data-testid="approval-state">
              <strong>{APPROVAL_STATE_LABELS[approval][lang]}</strong> —{' '}
              {t(`quote.approvalState.${approval}`, {
                when: detail?.version.approval.decidedAt ? ` (${formatPaperDate(detail.version.approval.decidedAt)})` : '',
                reason: detail?.version.approval.reason ? `: ${detail.version.approval.reason}` : '',
              })}
              {priced.quote.warnings.length > 0 ? (
                <ul className="warnings" data-testid="quote-warnings">
                  {priced.quote.warnings.map((w, i) => (
                    <li key={i}>
                      {w.message}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}

          {priced.ok ? <CommissionPreview catalog={catalog} term={draft.term} items={requestOf(draft).items} /> : null}

          {comparison ? (
            <fieldset>
              <legend>{t('quote.comparison')}</legend>
              <div className="comparison">
                <table className="grid" data-testid="term-comparison">
                  <thead>
                    {/* One basis per column, named in its header (공급가액 or VAT 포함). */}
                    <tr>
                      <th>{t('quote.term')}</th>
                      <th className="num">{t('quote.colMonthlySupply')}</th>
                      <th className="num">{t('quote.colMonthlyTotal')}</th>
                      <th className="num">{t('quote.colContractTotal')}</th>
                      <th className="num">{t('quote.colSaving')}</th>
                      <th className="num">{t('quote.colPenalty')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {comparison.map((option) => (
                      <tr key={option.term} className={option.term === draft.term ? 'selected' : undefined}>
                        <td>
                          <button type="button" className="link-button" onClick={() => setDraft((d) => ({ ...d, term: option.term }))}>
                            {TERM_LABELS[option.term][lang]}
                          </button>
                        </td>
                        <td className="num">{money(option.monthly.supply)}</td>
                        <td className="num">{money(option.monthly.total)}</td>
                        <td className="num">{option.months ? money(option.contract.total) : t('quote.noContract')}</td>
                        <td className="num">{option.savingVsNone !== null ? money(option.savingVsNone.supply) : '—'}</td>
                        <td className="num">{money(option.penaltyPerMonth)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {draft.items.some((i) => i.unitPrice !== null) ? (
                  <p className="muted small comparison-note" data-testid="comparison-note">
                    {t('quote.negotiatedCarried', { term: TERM_LABELS[draft.term][lang] })}
                  </p>
                ) : null}
                <div className="chart" aria-label={t('quote.chartTitle')} role="img">
                  <div className="muted small">{t('quote.chartTitle')}</div>
                  <ResponsiveContainer width="100%" height={170}>
                    <BarChart data={comparison.map((o) => ({ term: TERM_LABELS[o.term][lang], total: o.monthly.total }))} margin={{ left: 10, right: 10, top: 8, bottom: 0 }}>
                      <CartesianGrid strokeDasharray="3 3" vertical={false} />
                      <XAxis dataKey="term" fontSize={12} />
                      <YAxis fontSize={11} width={70} tickFormatter={roundFigure} />
                      <Tooltip formatter={(v) => money(Number(v))} />
                      <Bar dataKey="total" fill="#e4002b" radius={[3, 3, 0, 0]} isAnimationActive={false} />
                    </BarChart>
                  </ResponsiveContainer>
                </div>
              </div>
            </fieldset>
          ) : null}

          {schedule ? (
            <fieldset>
              <legend>{t('quote.penaltySchedule', { term: TERM_LABELS[draft.term][lang] })}</legend>
              {schedule.months === null ? (
                <p className="muted">{t('quote.penaltyNone')}</p>
              ) : (
                <>
                  <p className="muted small">{t('quote.penaltyFormula', { perMonth: money(schedule.perMonth) })}</p>
                  <label className="choice">
                    {t('quote.monthsUsed')}
                    <input
                      type="number"
                      min={1}
                      max={schedule.months}
                      value={leaveAfter}
                      aria-label={t('quote.monthsUsed')}
                      onChange={(e) => setLeaveAfter(Math.max(1, Math.min(schedule.months!, e.target.valueAsNumber || 1)))}
                    />
                  </label>
                  <p data-testid="penalty-after">
                    {t('quote.leaveAfter', { months: leaveAfter, amount: money(schedule.rows[leaveAfter - 1]?.penalty ?? 0) })}
                  </p>
                  <div className="scroll-x">
                  <table className="grid penalty-grid" data-testid="penalty-schedule">
                    <thead>
                      <tr>
                        <th>{t('quote.monthsUsed')}</th>
                        {[3, 6, 9, 12, 18, 24, 30, 35].filter((m) => m < schedule.months!).map((m) => (
                          <th key={m} className="num">
                            {m}
                          </th>
                        ))}
                        <th className="num">{schedule.months}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <tr>
                        <th>{t('quote.penalty')}</th>
                        {[3, 6, 9, 12, 18, 24, 30, 35].filter((m) => m < schedule.months!).map((m) => (
                          <td key={m} className="num">
                            {money(schedule.rows[m - 1]!.penalty)}
                          </td>
                        ))}
                        <td className="num">{money(0)}</td>
                      </tr>
                    </tbody>
                  </table>
                  </div>
                </>
              )}
            </fieldset>
          ) : null}

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
                {save.isPending ? t('quote.saving') : t('quote.save', { version: nextVersion })}
              </button>
            </div>
          ) : null}
          </fieldset>
        </div>

        {detail ? (
          <aside className="quote-side">
            <h2>{t('quote.versions')}</h2>
            <ol className="versions" data-testid="quote-versions">
              {detail.versions.map((v) => (
                <li key={v.version} className={viewVersion === v.version ? 'active' : undefined}>
                  <button type="button" className="link-button" onClick={() => setViewVersion(v.version)}>
                    {t('quote.versionLabel', { version: v.version, date: formatPaperDate(v.createdAt) })}
                    {v.version === detail.latestVersion ? ` (${t('quote.latest')})` : ''}
                  </button>
                  <div className="muted small">
                    {dateTime(v.createdAt)} · {TERM_LABELS[v.term][lang]} · {money(v.monthlyTotal)}
                  </div>
                  <div className="small">
                    <span className={`badge approval-${v.approvalStatus}`}>{APPROVAL_LABELS[v.approvalStatus][lang]}</span>{' '}
                    <span className="muted">{t('quote.catalogStamp', { id: v.catalog.id, version: v.catalog.version })}</span>
                  </div>
                </li>
              ))}
            </ol>
            {viewed.data ? (
              <div className="version-view" data-testid="version-view">
                <h3>{t('quote.viewing', { version: viewed.data.version.version })}</h3>
                <p className="muted small">{t('quote.validUntil', { date: formatKoreanDate(viewed.data.version.validUntil) })}</p>
                <Totals quote={viewed.data.version.result as Quote} money={money} compact />
                <button
                  type="button"
                  onClick={() => {
                    setDraft(draftFrom(viewed.data.version.term, viewed.data.version.items, viewed.data.version.notes ?? ''));
                    setViewVersion(null);
                  }}
                >
                  {t('quote.loadVersion')}
                </button>
              </div>
            ) : null}
          </aside>
        ) : null}
      </div>
      <QuestionDialog question={asked} busy={save.isPending} onAnswer={(answer) => 'confirmVoids' in answer && save.mutate(answer.confirmVoids)} onCancel={() => setAsked(null)} />
    </section>
  );
}

function Totals({ quote, money, compact }: { quote: Quote; money: (n: number) => string; compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={compact ? 'totals compact' : 'totals'} data-testid={compact ? 'version-totals' : 'quote-totals'}>
      <table>
        <thead>
          <tr>
            <th />
            <th className="num">{t('quote.supply')}</th>
            <th className="num">{t('quote.vat')}</th>
            <th className="num">{t('quote.total')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th>{t('quote.monthly')}</th>
            <td className="num">{money(quote.monthly.supply)}</td>
            <td className="num">{money(quote.monthly.vat)}</td>
            <td className="num strong">{money(quote.monthly.total)}</td>
          </tr>
          {quote.oneOff.total > 0 ? (
            <tr>
              <th>{t('quote.oneOff')}</th>
              <td className="num">{money(quote.oneOff.supply)}</td>
              <td className="num">{money(quote.oneOff.vat)}</td>
              <td className="num">{money(quote.oneOff.total)}</td>
            </tr>
          ) : null}
          <tr>
            <th>{quote.contract.months ? t('quote.contractMonths', { months: quote.contract.months }) : t('quote.noContract')}</th>
            <td className="num">{money(quote.contract.supply)}</td>
            <td className="num">{money(quote.contract.vat)}</td>
            <td className="num">{money(quote.contract.total)}</td>
          </tr>
        </tbody>
      </table>
      {quote.currency === 'KRW' ? (
        <p className="in-words" data-testid="amount-in-words">
          {t('quote.inWords')}: <strong data-form-text>{amountInWords(quote.monthly.total)}</strong> ({t('quote.vatMonthly')})
        </p>
      ) : null}
    </div>
  );
}
