import type { Dashboard } from '../../shared/lifecycle/dashboard';
import { PIPELINE } from '../../shared/lifecycle/machine';
import { STATUS_REASON_REQUIRED } from '../../shared/sync/ownership';
import { termSchedule, renewalNoticeDue } from '../../shared/lifecycle/term';
import { parseWorkflow } from '../../shared/lifecycle/workflow';
import { todayIso } from '../../shared/format/date';
import type { ApplicationStatus } from '../../shared/domain/status';
import type { CoreContext } from './context';
import { STATUS_OUTBOX_SQL, statusAtHqOf } from './repos/applications';

/** Statuses whose provisioning tracker has live tasks. */
const TRACKED: ApplicationStatus[] = ['so_processed', 'provisioning', 'acceptance', 'open'];
const RUNNING: ApplicationStatus[] = ['open', 'billing_requested', 'active', 'suspended'];

/**
 * The rep's day in one call. Tasks come only from applications being provisioned (few, by the
 * status index); counts are one GROUP BY over the status index.
 */
export function dashboard(ctx: CoreContext): Dashboard {
  const sqlite = ctx.store.sqlite;
  const today = todayIso(ctx.clock.now());
  const counts = new Map(
    // The pipeline is of subscriptions (new applications); a change or termination is a step in one.
    (ctx.store.cached("SELECT status, count(*) AS n FROM applications WHERE kind = 'new' GROUP BY status").all() as { status: ApplicationStatus; n: number }[]).map((r) => [r.status, r.n]),
  );
  const pipeline = [...PIPELINE, 'suspended', 'terminated', 'force_terminated', 'rejected', 'declined'].map((status) => ({
    status: status as ApplicationStatus,
    count: counts.get(status as ApplicationStatus) ?? 0,
  }));

  const rowsIn = (statuses: ApplicationStatus[]) =>
    sqlite
      .prepare(
        `SELECT a.id, coalesce(json_extract(a.customer, '$.name'), c.name) AS customerName, a.status, a.service_number AS serviceNumber, a.workflow, a.term, a.term_end AS termEnd, a.status_reason AS statusReason
         FROM applications a JOIN customers c ON c.id = a.customer_id WHERE a.status IN (${statuses.map(() => '?').join(',')})`,
      )
      .all(...statuses) as {
      id: string;
      customerName: string;
      status: ApplicationStatus;
      serviceNumber: string | null;
      workflow: string | null;
      term: string;
      termEnd: string | null;
      statusReason: string | null;
    }[];

  const tasks: Dashboard['tasks'] = [];
  for (const row of rowsIn(TRACKED)) {
    const app = ctx.repos.applications.get(row.id);
    for (const step of ctx.workflow.plan(app) ?? []) {
      if (step.done || !step.due || step.due > today) continue;
      tasks.push({
        applicationId: row.id,
        customerName: row.customerName,
        serviceNumber: row.serviceNumber,
        step: step.key,
        label: step.label,
        owner: step.ownerLabel,
        due: step.due,
        overdue: step.overdue,
        ...(step.reminder ? { reminder: step.reminder } : {}),
        msgs: step.msgs,
      });
    }
  }
  tasks.sort((a, b) => a.due.localeCompare(b.due));

  const renewals: Dashboard['renewals'] = [];
  for (const row of rowsIn(RUNNING)) {
    const wf = parseWorkflow(row.workflow ? JSON.parse(row.workflow) : null);
    if (!wf.openDate) continue;
    const schedule = termSchedule(wf.openDate, row.term as never, today, row.termEnd ?? undefined);
    if (schedule && renewalNoticeDue(schedule, today)) renewals.push({ applicationId: row.id, customerName: row.customerName, end: schedule.end, noticeFrom: schedule.noticeFrom });
  }

  const attention = rowsIn([...STATUS_REASON_REQUIRED]).map((r) => ({
    applicationId: r.id,
    customerName: r.customerName,
    status: r.status,
    reason: r.statusReason ?? '본사가 사유를 적지 않았습니다. 본사 담당자에게 확인하세요.',
  }));

  const recent = (
    sqlite
      .prepare(
        `SELECT a.id, coalesce(json_extract(a.customer, '$.name'), c.name) AS customerName, a.updated_at AS at, a.status, a.kind, ${STATUS_OUTBOX_SQL} AS statusOutbox,
           EXISTS (SELECT 1 FROM sync_records s WHERE s.entity = 'application' AND s.entity_id = a.id) AS pulled
         FROM applications a JOIN customers c ON c.id = a.customer_id ORDER BY a.updated_at DESC LIMIT 10`,
      )
      .all() as { id: string; customerName: string; at: string; status: ApplicationStatus; kind: string; statusOutbox: string | null; pulled: number }[]
  ).map((r) => ({ applicationId: r.id, customerName: r.customerName, at: r.at, status: r.status, statusAtHq: statusAtHqOf(r.statusOutbox, r.pulled === 1), kind: r.kind }));

  return { today, pipeline, tasks, renewals, attention, recent };
}
