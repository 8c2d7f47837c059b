import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { invoke } from '../api';
import { ClockBadge } from '../pages/ServicePage';

/** Clocks are computed on read; a minute's refresh keeps them live. */
const CLOCK_REFRESH_MS = 60_000;

/** The dashboard's due/overdue list: open complaints and faults, the earliest due first. */
export function DueTickets() {
  const { t } = useTranslation();
  const tickets = useQuery({ queryKey: ['tickets.list', 'all'], queryFn: () => invoke('tickets.list', {}), refetchInterval: CLOCK_REFRESH_MS });
  const open = (tickets.data ?? []).filter((x) => x.clock.phase === 'running' || x.clock.phase === 'waiting').sort((a, b) => Date.parse(a.clock.dueAt) - Date.parse(b.clock.dueAt));
  return (
    <fieldset>
      <legend>{t('svc.dashboard')}</legend>
      {tickets.isError ? (
        <p className="error-banner" role="alert">
          {tickets.error.message}
        </p>
      ) : null}
      {open.length === 0 ? <p className="muted small">{t('svc.dashboardNone')}</p> : null}
      <ul data-testid="due-tickets">
        {open.map((x) => (
          <li key={x.id}>
            <Link to={`/applications/${x.applicationId}/service`}>{x.customerName}</Link> — {t(`svc.kinds.${x.kind}`)} · {t(`svc.categories.${x.category}`)}: <ClockBadge clock={x.clock} />
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
