import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BoardTicket, FiguresResponse, MonthFigures, ServiceTargetsView } from '../../../shared/service/protocol';
import { HQ_EVENT_TYPES } from '../../../shared/service/protocol';
import { nextEvents } from '../../../shared/service/sla';
import { SATISFACTION } from '../../../shared/service/tickets';
import { api } from '../api';
import { DataTable, ErrorBanner } from '../components/Table';
import { JsonFilePublish } from '../components/JsonFileInput';
import { background } from '../components/hooks';
import { dateTime } from '../format';
import { useCan } from '../session';

/** The clocks are computed on read at HQ; a minute's refresh keeps them live. */
const REFRESH_MS = 60_000;

function span(t: (k: string, o?: Record<string, unknown>) => string, minutes: number): string {
  const m = Math.abs(minutes);
  const h = Math.floor(m / 60);
  if (h === 0) return t('tk.spanMinutes', { m });
  return m % 60 === 0 ? t('tk.spanHours', { h }) : t('tk.span', { h, m: m % 60 });
}

function Clock({ ticket }: { ticket: BoardTicket }) {
  const { t } = useTranslation();
  const c = ticket.clock;
  const running = c.phase === 'running' || c.phase === 'waiting';
  return (
    <span className={`badge sla-${c.state}`} data-testid="sla-clock">
      {t(`tk.state.${c.state}`)}
      {running ? ` · ${c.remainingMinutes < 0 ? t('tk.overdue', { span: span(t, c.remainingMinutes) }) : t('tk.left', { span: span(t, c.remainingMinutes) })}` : ''}
      {c.phase === 'waiting' ? ` · ${t('tk.paused')}` : ''}
    </span>
  );
}

/** 고객 응대: open complaints and faults by due time with their SLA clocks; the month's figures against the targets. */
export function TicketsPage() {
  const { t } = useTranslation();
  const [state, setState] = useState<'open' | 'all'>('open');
  const [selected, setSelected] = useState<string | null>(null);
  const board = useQuery({ queryKey: ['tickets', state], queryFn: () => api<BoardTicket[]>('GET', '/tickets', undefined, { state }), refetchInterval: REFRESH_MS });
  const figures = useQuery({ queryKey: ['service-figures'], queryFn: () => api<FiguresResponse>('GET', '/service-figures') });
  const current = board.data?.find((x) => x.id === selected) ?? null;
  return (
    <section className="page wide">
      <div className="page-head">
        <h1>{t('nav.tickets')}</h1>
      </div>
      <p className="muted small">{t('tk.hint')}</p>
      <div className="tabs" role="tablist">
        {(['open', 'all'] as const).map((s) => (
          <button key={s} type="button" role="tab" aria-selected={state === s} className={state === s ? 'tab active link-button' : 'tab link-button'} onClick={() => setState(s)}>
            {t(`tk.${s}`)}
          </button>
        ))}
      </div>
      <ErrorBanner error={board.error} />
      {board.data ? (
        board.data.length === 0 ? (
          <p className="muted">{t('tk.none')}</p>
        ) : (
          <DataTable
            testId="tickets-table"
            rows={board.data}
            rowKey={(r) => r.id}
            onOpen={(r) => setSelected(r.id)}
            columns={[
              { key: 'due', label: t('tk.due'), render: (r) => dateTime(r.clock.dueAt) },
              { key: 'clock', label: t('tk.clock'), render: (r) => <Clock ticket={r} /> },
              { key: 'kind', label: t('tk.kind'), render: (r) => `${t(`tk.kinds.${r.kind}`)} · ${t(`tk.categories.${r.category}`, { defaultValue: r.category })}` },
              { key: 'customer', label: t('col.customer'), render: (r) => r.customerName },
              { key: 'branch', label: t('col.branch'), render: (r) => r.branch },
              { key: 'assignee', label: t('tk.assignee'), render: (r) => r.assignee ?? <span className="muted">{t('tk.unassigned')}</span> },
              { key: 'description', label: t('tk.description'), render: (r) => r.description },
              {
                key: 'open',
                label: t('col.actions'),
                render: (r) => (
                  <button type="button" className="link-button" onClick={() => setSelected(r.id)}>
                    {t('tk.handle')}
                  </button>
                ),
              },
            ]}
          />
        )
      ) : (
        <p className="muted">{t('app.loading')}</p>
      )}
      {current ? <TicketPanel key={current.id} ticket={current} onClose={() => setSelected(null)} /> : null}
      <h2>{t('tk.figures')}</h2>
      <ErrorBanner error={figures.error} />
      {figures.data ? <Figures data={figures.data} /> : null}
      <TargetsPanel />
    </section>
  );
}

function TicketPanel({ ticket, onClose }: { ticket: BoardTicket; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const canHandle = useCan('tickets.handle');
  const [assignee, setAssignee] = useState(ticket.assignee ?? '');
  const [note, setNote] = useState('');
  const [type, setType] = useState<string>('note');
  const [satisfaction, setSatisfaction] = useState<(typeof SATISFACTION)[number]>('satisfied');
  const [justified, setJustified] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (req: { path: string; body: unknown; done: string }) => api<BoardTicket>('POST', `/tickets/${encodeURIComponent(ticket.id)}/${req.path}`, req.body).then(() => req.done),
    onSuccess: (message) => {
      setDone(message);
      setNote('');
      background(client.invalidateQueries({ queryKey: ['tickets'] }), 'refresh');
      background(client.invalidateQueries({ queryKey: ['service-figures'] }), 'refresh');
    },
  });
  const next = nextEvents(ticket.clock.phase);
  const steps = HQ_EVENT_TYPES.filter((e) => e !== 'closed' && next.includes(e));
  const open = ticket.clock.phase !== 'closed';
  const complaint = ticket.kind === 'complaint';
  return (
    <section className="card" data-testid="ticket-panel" aria-label={t('tk.panel')}>
      <div className="row">
        <h2>
          {t(`tk.kinds.${ticket.kind}`)} · {ticket.customerName}
        </h2>
        <div className="spacer" />
        <button type="button" className="link-button" onClick={onClose}>
          {t('tk.closePanel')}
        </button>
      </div>
      <p>{ticket.description}</p>
      <p className="muted small">
        {t('tk.meta', { at: dateTime(ticket.openedAt), by: ticket.receivedBy, branch: ticket.branch })}
        {ticket.outage ? ` · ${t('tk.outage', { start: dateTime(ticket.outage.start), end: dateTime(ticket.outage.end) })}` : ''}
      </p>
      <ol className="small" data-testid="ticket-events">
        {ticket.events.map((e) => (
          <li key={e.id}>
            {dateTime(e.at)} {t(`tk.events.${e.type}`)} ({e.by}){e.note ? ` — ${e.note}` : ''}
            {e.refused ? <span className="badge outcome-refused"> {e.refused}</span> : null}
          </li>
        ))}
      </ol>
      {done ? <p className="ok-banner">{done}</p> : null}
      <ErrorBanner error={run.error} />
      {canHandle && open ? (
        <div className="stack">
          {next.includes('assigned') ? (
            <form
              className="row"
              onSubmit={(e) => {
                e.preventDefault();
                run.mutate({ path: 'assign', body: { assignee: assignee.trim(), ...(note.trim() ? { note: note.trim() } : {}) }, done: t('tk.assigned', { name: assignee.trim() }) });
              }}
            >
              <label htmlFor="tk-assignee">{t('tk.assignTo')}</label>
              <input id="tk-assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)} />
              <button type="submit" disabled={run.isPending}>
                {t('tk.assign')}
              </button>
            </form>
          ) : null}
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              run.mutate({ path: 'events', body: { type, ...(note.trim() ? { note: note.trim() } : {}) }, done: t('tk.recorded', { step: t(`tk.events.${type}`) }) });
            }}
          >
            <label htmlFor="tk-step">{t('tk.step')}</label>
            <select id="tk-step" value={type} onChange={(e) => setType(e.target.value)}>
              {steps.map((s) => (
                <option key={s} value={s}>
                  {t(`tk.events.${s}`)}
                </option>
              ))}
            </select>
            <label htmlFor="tk-note">{t('tk.note')}</label>
            <input id="tk-note" value={note} onChange={(e) => setNote(e.target.value)} />
            <button type="submit" disabled={run.isPending}>
              {t('tk.record')}
            </button>
          </form>
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              run.mutate({
                path: 'close',
                body: { ...(note.trim() ? { note: note.trim() } : {}), ...(complaint ? { satisfaction, justified } : {}) },
                done: t('tk.closedDone'),
              });
            }}
          >
            {complaint ? (
              <>
                <label htmlFor="tk-satisfaction">{t('tk.satisfaction')}</label>
                <select id="tk-satisfaction" value={satisfaction} onChange={(e) => setSatisfaction(e.target.value as typeof satisfaction)}>
                  {SATISFACTION.map((s) => (
                    <option key={s} value={s}>
                      {t(`tk.satisfactionOf.${s}`)}
                    </option>
                  ))}
                </select>
                <label>
                  <input type="checkbox" checked={justified} onChange={(e) => setJustified(e.target.checked)} /> {t('tk.justified')}
                </label>
              </>
            ) : null}
            <button type="submit" disabled={run.isPending}>
              {t('tk.close')}
            </button>
          </form>
        </div>
      ) : null}
    </section>
  );
}

/** Three bar charts (inline SVG): the last six months against the target line. */
/** The targets in force (HQ's publication or the shipped defaults); an administrator publishes new ones from a file. */
function TargetsPanel() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const canManage = useCan('admin.manage');
  const view = useQuery({ queryKey: ['service-targets'], queryFn: () => api<ServiceTargetsView>('GET', '/service-targets') });
  const v = view.data;
  const days = t('tk.weekdays').split(',');
  return (
    <fieldset data-testid="service-targets">
      <legend>{t('tk.targets')}</legend>
      <ErrorBanner error={view.error} />
      {v ? (
        <dl className="facts">
          <dt>{t('tk.deadlines')}</dt>
          <dd>
            {(['simple', 'general', 'complex'] as const).map((c) => `${t(`tk.categories.${c}`)} ${span(t, v.targets.complaint[c])}`).join(' · ')}
            {' | '}
            {(['software', 'hardware'] as const).map((c) => `${t(`tk.categories.${c}`)} ${span(t, v.targets.fault[c])}`).join(' · ')}
          </dd>
          <dt>{t('tk.calendar')}</dt>
          <dd>
            {v.targets.calendar === 'always'
              ? t('tk.calendarAlways')
              : t('tk.calendarBusiness', {
                  days: v.targets.calendar.weekdays.map((d) => days[d] ?? String(d)).join('·'),
                  start: v.targets.calendar.start,
                  end: v.targets.calendar.end,
                  holidays: v.targets.calendar.holidays.length,
                })}
          </dd>
          <dt>{t('tk.quality')}</dt>
          <dd>{t('tk.qualityTargets', { satisfaction: v.targets.satisfactionAbovePercent, justified: v.targets.justifiedPer10000Below })}</dd>
          <dt>{t('tk.source')}</dt>
          <dd data-testid="service-targets-source">{v.publishedAt ? t('tk.targetsPublished', { version: v.targets.version, at: dateTime(v.publishedAt) }) : t('tk.targetsShipped')}</dd>
        </dl>
      ) : null}
      {canManage ? (
        <>
          <p className="muted small">{t('tk.targetsHint')}</p>
          <JsonFilePublish
            label={t('tk.uploadTargets')}
            buttonLabel={t('tk.publishTargets')}
            publish={(targets) => api<{ version: number; unchanged: boolean }>('POST', '/service-targets', { targets })}
            onPublished={() => {
              for (const key of ['service-targets', 'service-figures', 'tickets']) background(client.invalidateQueries({ queryKey: [key] }), 'refresh');
            }}
          />
        </>
      ) : null}
    </fieldset>
  );
}

function Figures({ data }: { data: FiguresResponse }) {
  const { t } = useTranslation();
  const { targets } = data;
  const perTarget = Math.max(targets.justifiedPer10000Below * 2, ...data.months.map((m) => m.justified.per10000 ?? 0));
  return (
    <div className="cards" data-testid="service-figures">
      <Chart
        title={t('tk.slaMet')}
        target={targets.slaMetPercent}
        targetLabel={t('tk.targetAtLeast', { value: `${targets.slaMetPercent}%` })}
        max={100}
        months={data.months}
        value={(m) => m.slaMet.percent}
        label={(m) => (m.slaMet.percent === null ? '—' : `${m.slaMet.percent}% (${m.slaMet.count}/${m.slaMet.of})`)}
        good={(v) => v >= targets.slaMetPercent}
      />
      <Chart
        title={t('tk.satisfactionRate')}
        target={targets.satisfactionAbovePercent}
        targetLabel={t('tk.targetAbove', { value: `${targets.satisfactionAbovePercent}%` })}
        max={100}
        months={data.months}
        value={(m) => m.satisfaction.percent}
        label={(m) => (m.satisfaction.percent === null ? '—' : `${m.satisfaction.percent}% (${m.satisfaction.count}/${m.satisfaction.of})`)}
        good={(v) => v > targets.satisfactionAbovePercent}
      />
      <Chart
        title={t('tk.justifiedRate')}
        target={targets.justifiedPer10000Below}
        targetLabel={t('tk.targetBelow', { value: targets.justifiedPer10000Below })}
        max={perTarget || 1}
        months={data.months}
        value={(m) => m.justified.per10000}
        label={(m) => (m.justified.per10000 === null ? '—' : `${m.justified.per10000} (${m.justified.count}/${m.justified.subscriptions})`)}
        good={(v) => v < targets.justifiedPer10000Below}
      />
    </div>
  );
}

function Chart(props: {
  title: string;
  target: number;
  targetLabel: string;
  max: number;
  months: MonthFigures[];
  value: (m: MonthFigures) => number | null;
  label: (m: MonthFigures) => string;
  good: (v: number) => boolean;
}) {
  const W = 320;
  const H = 140;
  const top = 16;
  const bottom = 24;
  const plot = H - top - bottom;
  const bw = W / props.months.length;
  // A value of 0 still shows as a sliver, so a month at 0% is seen, not mistaken for no data.
  const y = (v: number) => Math.min(top + plot - 2, top + plot - (Math.min(v, props.max) / props.max) * plot);
  const last = props.months.at(-1);
  return (
    <figure className="card chart" data-testid="figure-chart">
      <figcaption>
        <strong>{props.title}</strong> <span className="muted small">{props.targetLabel}</span>
        {last ? <div data-testid="figure-current">{props.label(last)}</div> : null}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={`${props.title}: ${props.months.map((m) => `${m.month} ${props.label(m)}`).join(', ')}`}>
        {props.months.map((m, i) => {
          const v = props.value(m);
          const x = i * bw + bw * 0.2;
          return (
            <g key={m.month}>
              {v !== null ? <rect x={x} y={y(v)} width={bw * 0.6} height={top + plot - y(v)} className={props.good(v) ? 'bar-good' : 'bar-bad'} /> : null}
              <text x={i * bw + bw / 2} y={H - 8} textAnchor="middle" fontSize="10">
                {m.month.slice(2).replace('-', '.')}
              </text>
            </g>
          );
        })}
        <line x1={0} x2={W} y1={y(props.target)} y2={y(props.target)} className="target-line" />
      </svg>
    </figure>
  );
}
