import { useState } from 'react';
import { money } from '../app/format';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { formatKstDateTime } from '../../../shared/format/date';
import { nextEvents } from '../../../shared/service/sla';
import { CATEGORIES_OF, TICKET_KINDS, type TicketKind } from '../../../shared/service/targets';
import { REP_EVENTS, TICKET_CHANNELS, type TicketView, type ticketEventInputSchema } from '../../../shared/service/tickets';
import { invoke } from '../api';
import { background } from '../app/background';
import { ApplicationTabs } from '../components/ApplicationTabs';

/** Clocks are computed on read; a minute's refresh keeps them live on screen. */
const CLOCK_REFRESH_MS = 60_000;

/** A datetime-local value (the rep's wall clock, Korea) as an ISO instant in KST. */
const kstInstant = (local: string) => (local ? `${local}:00+09:00` : undefined);

/** /applications/:id/service — 고객 응대: complaints and faults of this subscription with their SLA clocks. */
export function ServicePage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const tickets = useQuery({ queryKey: ['tickets.list', id], queryFn: () => invoke('tickets.list', { applicationId: id! }), refetchInterval: CLOCK_REFRESH_MS });
  return (
    <section className="page">
      <ApplicationTabs applicationId={id!} />
      <div className="page-head">
        <h1>{t('svc.title')}</h1>
      </div>
      <p className="muted small">{t('svc.hint')}</p>
      {tickets.isError ? (
        <p className="error-banner" role="alert">
          {tickets.error.message}
        </p>
      ) : null}
      <NewTicket applicationId={id!} />
      {tickets.data?.length === 0 ? <p className="empty">{t('svc.none')}</p> : null}
      <div data-testid="tickets">
        {tickets.data?.map((ticket) => (
          <TicketCard key={ticket.id} ticket={ticket} />
        ))}
      </div>
      <OutageCredit applicationId={id!} />
    </section>
  );
}

const span = (t: (k: string, o: Record<string, unknown>) => string, minutes: number) => t('svc.span', { h: Math.floor(minutes / 60), m: minutes % 60 });

/** Art. 10 per KST month from this subscription's outages: what the settlement request will credit. */
function OutageCredit({ applicationId }: { applicationId: string }) {
  const { t } = useTranslation();
  const credits = useQuery({ queryKey: ['tickets.credits', applicationId], queryFn: () => invoke('tickets.credits', { applicationId }) });
  const data = credits.data;
  return (
    <section className="card" data-testid="outage-credit" aria-labelledby="outage-credit-title">
      <h2 id="outage-credit-title">{t('svc.credit.title')}</h2>
      <p className="muted small">{t('svc.credit.hint')}</p>
      {credits.isError ? (
        <p className="error-banner" role="alert">
          {credits.error.message}
        </p>
      ) : null}
      {data?.months.length === 0 ? <p className="empty">{t('svc.credit.none')}</p> : null}
      {data && data.months.length > 0 && data.monthlyFee === 0 ? <p className="muted small">{t('svc.credit.noFee')}</p> : null}
      {data?.months.map((m) => (
        <div key={m.month} data-testid={`credit-${m.month}`}>
          <h3>
            {t('svc.credit.month', { month: m.month.replace('-', '. ') + '.', span: span(t, m.totalMinutes) })} ·{' '}
            <span className={m.eligible ? 'badge sla-breached' : 'badge'}>
              {!m.eligible
                ? t('svc.credit.notEligible')
                : data.monthlyFee === 0
                  ? t('svc.credit.eligibleNoFee')
                  : t('svc.credit.eligible', { amount: money(m.amount, data.currency), fee: money(data.monthlyFee, data.currency) })}
            </span>
          </h3>
          <ul className="small">
            {m.outages.map((o) => (
              <li key={o.start}>
                {formatKstDateTime(o.start)} ~ {formatKstDateTime(o.end)} ({span(t, o.minutes)}
                {o.wholeMinutes !== undefined ? `, ${t('svc.credit.part', { span: span(t, o.wholeMinutes) })}` : ''})
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

export function ClockBadge({ clock }: { clock: TicketView['clock'] }) {
  const { t } = useTranslation();
  const overdue = clock.remainingMinutes < 0;
  const left = Math.abs(clock.remainingMinutes);
  const span = t('svc.span', { h: Math.floor(left / 60), m: left % 60 });
  return (
    <span className={`badge sla-${clock.state}`} data-testid="sla-clock">
      {t(`svc.state.${clock.state}`)} · {t('svc.due', { at: formatKstDateTime(clock.dueAt) })}
      {clock.state === 'open' || (clock.state === 'breached' && !['resolved', 'closed'].includes(clock.phase)) ? ` · ${overdue ? t('svc.overdue', { span }) : t('svc.left', { span })}` : ''}
      {clock.phase === 'waiting' ? ` · ${t('svc.paused')}` : ''}
    </span>
  );
}

function NewTicket({ applicationId }: { applicationId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<TicketKind>('complaint');
  const [form, setForm] = useState({ category: 'general', channel: 'phone', description: '', receivedBy: '', outageStart: '', outageEnd: '' });
  const [error, setError] = useState('');
  const create = useMutation({
    mutationFn: () => {
      const start = kstInstant(form.outageStart);
      const end = kstInstant(form.outageEnd);
      return invoke('tickets.create', {
        applicationId,
        kind,
        category: form.category,
        channel: form.channel as (typeof TICKET_CHANNELS)[number],
        description: form.description,
        receivedBy: form.receivedBy,
        ...(kind === 'fault' && (start || end) ? { outage: { start: start ?? '', end: end ?? '' } } : {}),
      });
    },
    onSuccess: () => {
      setError('');
      setForm((f) => ({ ...f, description: '', outageStart: '', outageEnd: '' }));
      background(queryClient.invalidateQueries({ queryKey: ['tickets.list'] }), 'refresh');
      background(queryClient.invalidateQueries({ queryKey: ['tickets.credits'] }), 'refresh');
    },
    onError: (e) => setError(e.message),
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  return (
    <fieldset data-testid="new-ticket">
      <legend>{t('svc.new')}</legend>
      <div className="row">
        <div className="field">
          <label htmlFor="t-kind">{t('svc.kind')}</label>
          <select
            id="t-kind"
            value={kind}
            onChange={(e) => {
              const k = e.target.value as TicketKind;
              setKind(k);
              setForm((f) => ({ ...f, category: CATEGORIES_OF[k][0]! }));
            }}
          >
            {TICKET_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`svc.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="t-category">{t('svc.category')}</label>
          <select id="t-category" value={form.category} onChange={set('category')}>
            {CATEGORIES_OF[kind].map((c) => (
              <option key={c} value={c}>
                {t(`svc.categories.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="t-channel">{t('svc.channel')}</label>
          <select id="t-channel" value={form.channel} onChange={set('channel')}>
            {TICKET_CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`svc.channels.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="t-received">{t('svc.receivedBy')}</label>
          <input id="t-received" value={form.receivedBy} onChange={set('receivedBy')} />
        </div>
      </div>
      <div className="field">
        <label htmlFor="t-desc">{t('svc.description')}</label>
        <textarea id="t-desc" rows={2} value={form.description} onChange={set('description')} />
      </div>
      {kind === 'fault' ? (
        <div className="row">
          <div className="field">
            <label htmlFor="t-out-start">{t('svc.outageStart')}</label>
            <input id="t-out-start" type="datetime-local" value={form.outageStart} onChange={set('outageStart')} />
          </div>
          <div className="field">
            <label htmlFor="t-out-end">{t('svc.outageEnd')}</label>
            <input id="t-out-end" type="datetime-local" value={form.outageEnd} onChange={set('outageEnd')} />
          </div>
        </div>
      ) : null}
      {error ? (
        <p className="error-banner" role="alert">
          {error}
        </p>
      ) : null}
      <button type="button" className="primary" disabled={create.isPending} onClick={() => create.mutate()}>
        {t('svc.record')}
      </button>
    </fieldset>
  );
}

type EventInput = z.input<typeof ticketEventInputSchema>;

function TicketCard({ ticket }: { ticket: TicketView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [satisfaction, setSatisfaction] = useState<NonNullable<EventInput['satisfaction']>>('satisfied');
  const [error, setError] = useState('');
  const step = useMutation({
    mutationFn: (input: Omit<EventInput, 'ticketId'>) => invoke('tickets.event', { ticketId: ticket.id, ...input }),
    onSuccess: () => {
      setError('');
      setNote('');
      background(queryClient.invalidateQueries({ queryKey: ['tickets.list'] }), 'refresh');
      background(queryClient.invalidateQueries({ queryKey: ['tickets.credits'] }), 'refresh');
    },
    onError: (e) => setError(e.message),
  });
  // Only the steps the log allows next and the rep owns (the core checks both again).
  const next = nextEvents(ticket.clock.phase);
  const allowed = REP_EVENTS[ticket.kind].filter((e) => e !== 'note' && next.includes(e));
  return (
    <article className="card ticket" data-testid={`ticket-${ticket.kind}`}>
      <header className="row">
        <strong>
          {t(`svc.kinds.${ticket.kind}`)} · {t(`svc.categories.${ticket.category}`)}
        </strong>
        <ClockBadge clock={ticket.clock} />
      </header>
      <p>{ticket.description}</p>
      <p className="muted small">
        {t('svc.meta', { at: formatKstDateTime(ticket.openedAt), by: ticket.receivedBy, channel: t(`svc.channels.${ticket.channel}`) })}
        {ticket.assignee ? ` · ${t('svc.assignee', { name: ticket.assignee })}` : ` · ${t('svc.unassigned')}`}
        {ticket.outage ? ` · ${t('svc.outage', { start: formatKstDateTime(ticket.outage.start), end: formatKstDateTime(ticket.outage.end) })}` : ''}
        {ticket.satisfaction ? ` · ${t(`svc.satisfaction.${ticket.satisfaction}`)}` : ''}
      </p>
      <ol className="small events">
        {ticket.events.map((e) => (
          <li key={e.id} className={e.refused ? 'refused' : undefined}>
            {formatKstDateTime(e.at)} {t(`svc.events.${e.type}`)}
            {e.note ? ` — ${e.note}` : ''}
            {e.refused ? <span className="error small"> · {t('svc.refused', { reason: e.refused })}</span> : null}
          </li>
        ))}
      </ol>
      {ticket.clock.phase !== 'closed' ? (
        <div className="row">
          <input aria-label={t('svc.note')} placeholder={t('svc.note')} value={note} onChange={(e) => setNote(e.target.value)} />
          <button type="button" onClick={() => step.mutate({ type: 'note', note })}>
            {t('svc.addNote')}
          </button>
          {allowed.map((type) =>
            type === 'closed' ? null : (
              <button key={type} type="button" onClick={() => step.mutate({ type, ...(note ? { note } : {}) })}>
                {t(`svc.events.${type}`)}
              </button>
            ),
          )}
          {allowed.includes('closed') ? (
            <>
              <select aria-label={t('svc.satisfactionLabel')} value={satisfaction} onChange={(e) => setSatisfaction(e.target.value as typeof satisfaction)}>
                {(['satisfied', 'dissatisfied', 'no-answer'] as const).map((s) => (
                  <option key={s} value={s}>
                    {t(`svc.satisfaction.${s}`)}
                  </option>
                ))}
              </select>
              <button type="button" onClick={() => step.mutate({ type: 'closed', satisfaction })}>
                {t('svc.events.closed')}
              </button>
            </>
          ) : null}
        </div>
      ) : null}
      {error ? (
        <p className="error-banner" role="alert">
          {error}
        </p>
      ) : null}
    </article>
  );
}
