import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatKstTimestamp } from '../../../shared/format/date';
import { REVIEW_RULES, type AccessLogPage as AccessLogPageData, type AccessLogRow, type ChainStatus, type MonthlyReview } from '../../../shared/privacy/hq';
import { api } from '../api';
import { DataTable, ErrorBanner, Pager } from '../components/Table';
import { ExportWithReason } from '../components/ExportWithReason';
import { useDebounced } from '../components/hooks';

const LIMIT = 50;
const kst = (iso: string) => formatKstTimestamp(iso).replace(' (UTC+09:00)', '');

/** The month before this one in KST (the month a monthly review looks at). */
function lastMonth(now = new Date()): string {
  const k = new Date(now.getTime() + 9 * 3_600_000);
  const d = new Date(Date.UTC(k.getUTCFullYear(), k.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

function subjectsText(r: AccessLogRow): string {
  const shown = r.subjects.slice(0, 3).map((s) => `${s.kind}:${s.id}`);
  return r.subjects.length > 3 ? `${shown.join(', ')} +${r.subjects.length - 3}` : shown.join(', ');
}

function Breaks({ breaks }: { breaks: ChainStatus[] }) {
  const { t } = useTranslation();
  if (breaks.length === 0) return null;
  return (
    <div className="break-banner" role="alert" data-testid="access-breaks">
      <strong>{t('access.broken')}</strong>
      <ul>
        {breaks.map((b) => (
          <li key={b.deviceId ?? 'hq'}>
            {b.source === 'hq' ? t('access.brokenHq') : t('access.brokenDevice', { name: b.deviceName ?? b.deviceId ?? '' })} —{' '}
            {t('access.brokenAt', { seq: b.broken?.seq ?? 0, problem: t(`access.problems.${b.broken?.problem ?? 'hash'}`) })}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Review() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [month, setMonth] = useState(lastMonth());
  const [note, setNote] = useState('');
  const review = useQuery({ queryKey: ['access-review', month], queryFn: () => api<MonthlyReview>('GET', '/access-log/review', undefined, { month }), enabled: /^\d{4}-\d{2}$/.test(month) });
  const mark = useMutation({
    mutationFn: () => api('POST', '/access-log/review', { month, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['access-review', month] }),
  });
  const r = review.data;
  return (
    <section className="review-box" data-testid="access-review">
      <h2>{t('access.review')}</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor="review-month">{t('access.month')}</label>
          <input id="review-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
        </div>
        {r ? <span className="muted">{t('access.entries', { n: r.entries })}</span> : null}
      </div>
      <ErrorBanner error={review.error ?? mark.error} />
      {r ? (
        <>
          <h3>{t('access.many', { count: REVIEW_RULES.manySubjects.count })}</h3>
          {r.manySubjects.length === 0 ? (
            <p className="muted small">{t('access.nothing')}</p>
          ) : (
            <ul data-testid="review-many">
              {r.manySubjects.map((f) => (
                <li key={`${f.person}-${f.from}`}>
                  <strong>{f.personName}</strong> · {t('access.manyRow', { from: kst(f.from), to: kst(f.to), n: f.distinct })}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('access.outside', { start: REVIEW_RULES.hours.startHour, end: REVIEW_RULES.hours.endHour })}</h3>
          {r.outsideHours.length === 0 ? (
            <p className="muted small">{t('access.nothing')}</p>
          ) : (
            <ul data-testid="review-outside">
              {r.outsideHours.map((f) => (
                <li key={f.person}>
                  <strong>{f.personName}</strong> · {t('access.outsideRow', { n: f.count, examples: f.examples.map(kst).join(', ') })}
                </li>
              ))}
            </ul>
          )}
          {r.reviewed ? (
            <p className="badge change-added" data-testid="review-mark">
              {t('access.reviewed', { at: kst(r.reviewed.at), name: `${r.reviewed.byName} (${r.reviewed.by})` })}
              {r.reviewed.note ? ` — ${r.reviewed.note}` : ''}
            </p>
          ) : (
            <div className="actions-bar">
              <span className="muted">{t('access.notReviewed')}</span>
              <input aria-label={t('access.markNote')} placeholder={t('access.markNote')} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
              <button type="button" onClick={() => mark.mutate()} disabled={mark.isPending} data-testid="review-mark-button">
                {t('access.mark')}
              </button>
            </div>
          )}
        </>
      ) : null}
    </section>
  );
}

/** 접속기록 (issue 17): search by person, customer and KST dates; export with a reason; the monthly review. */
export function AccessLogPage() {
  const { t } = useTranslation();
  const [person, setPerson] = useState('');
  const [subject, setSubject] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [source, setSource] = useState<'all' | 'hq' | 'device'>('all');
  const [offset, setOffset] = useState(0);
  const filters = { person: useDebounced(person.trim(), 250), subject: useDebounced(subject.trim(), 250), from, to, source };
  const query = { ...filters, offset, limit: LIMIT };
  const list = useQuery({ queryKey: ['access-log', query], queryFn: () => api<AccessLogPageData>('GET', '/access-log', undefined, query), placeholderData: keepPreviousData });
  return (
    <section className="page wide">
      <div className="page-head">
        <h1>{t('access.title')}</h1>
        <ExportWithReason path="/access-log.csv" query={filters} testId="access-export" />
      </div>
      <p className="muted small">{t('access.hint')}</p>
      {list.data ? <Breaks breaks={list.data.breaks} /> : null}
      <div className="filters">
        <div className="field">
          <label htmlFor="a-person">{t('access.person')}</label>
          <input
            id="a-person"
            value={person}
            onChange={(e) => {
              setPerson(e.target.value);
              setOffset(0);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="a-subject">{t('access.subject')}</label>
          <input
            id="a-subject"
            value={subject}
            onChange={(e) => {
              setSubject(e.target.value);
              setOffset(0);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="a-from">{t('access.from')}</label>
          <input id="a-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="a-to">{t('access.to')}</label>
          <input id="a-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="a-source">{t('access.source')}</label>
          <select id="a-source" value={source} onChange={(e) => setSource(e.target.value as typeof source)}>
            {(['all', 'hq', 'device'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`access.sources.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorBanner error={list.error} />
      {list.data ? (
        list.data.items.length === 0 ? (
          <p className="muted">{t('access.none')}</p>
        ) : (
          <>
            <DataTable
              testId="access-table"
              rows={list.data.items}
              rowKey={(r) => `${r.source}-${r.device}-${r.seq}`}
              columns={[
                { key: 'at', label: t('access.at'), render: (r) => kst(r.at) },
                { key: 'who', label: t('access.who'), render: (r) => (r.source === 'hq' ? `${r.actorName} (${r.actor})` : `${r.actor}${r.branch ? ` · ${r.branch}` : ''}`) },
                { key: 'where', label: t('access.where'), className: 'small', render: (r) => `${t(`access.sources.${r.source}`)} · ${r.device}` },
                { key: 'action', label: t('access.action'), render: (r) => t(`access.actions.${r.action}`) },
                { key: 'route', label: t('access.route'), className: 'mono small', render: (r) => r.channel },
                { key: 'subjects', label: t('access.subjects'), className: 'mono small wrap', render: subjectsText },
                { key: 'reason', label: t('access.reason'), render: (r) => r.reason ?? '—' },
              ]}
            />
            <Pager total={list.data.total} offset={offset} limit={LIMIT} onOffset={setOffset} />
          </>
        )
      ) : null}
      <Review />
    </section>
  );
}
