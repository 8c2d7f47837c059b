/**
 * The rep's side of an application's life: the facts the lifecycle guards need (documents,
 * attachments, quote approval, provisioning), the transitions the rep may make, the checklist,
 * the provisioning tracker, contract term dates and the early-termination penalty.
 */
import { eq } from 'drizzle-orm';
import { errorMsg } from '../../shared/i18n/error-messages';
import { AppError } from '../../shared/contract/errors';
import type { ApplicationRecord } from '../../shared/domain/application';
import { consentState } from '../../shared/privacy/consent';
import { dealTypeOf, PACK_DOCUMENTS, PACK_SIGNATURES, packChecklist, requiredPack, type PackState } from '../../shared/lifecycle/documents';
import { STATUS_LABELS } from '../../shared/domain/status';
import { nextStatus, transitionsFrom, type LifecycleEvent, type LifecycleFacts } from '../../shared/lifecycle/machine';
import { provisioningPlan, readyForAcceptance, type ProvisioningStep } from '../../shared/lifecycle/provisioning';
import { monthsUsed, renewalNoticeDue, suspensionFreeMonths, termSchedule } from '../../shared/lifecycle/term';
import type { Workflow, WorkflowPatch } from '../../shared/lifecycle/workflow';
import { earlyTerminationPenalty } from '../../shared/catalog/calculators';
import { todayIso } from '../../shared/format/date';
import type { Clock } from './ids';
import type { QuotesRepo } from './repos/quotes';
import type { ConsentsRepo } from './repos/consents';
import type { CatalogRegistry } from './catalog-registry';
import type { DocumentService } from './documents/service';
import type { Store, Tx } from './store/db';
import { STATUS_OUTBOX_SQL, statusAtHqOf, type ApplicationsRepo } from './repos/applications';
import { applicationAttachments, applications } from './store/schema';

/** What the workflow works with: the store, the application's records, its documents, the price list. */
export interface WorkflowContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly repos: {
    readonly applications: ApplicationsRepo;
    readonly quotes: Pick<QuotesRepo, 'latestApprovalFor'>;
    readonly consents: Pick<ConsentsRepo, 'eventsOf'>;
  };
  readonly catalogs: Pick<CatalogRegistry, 'get' | 'defaultId'>;
  /** Signatures and inputs of the application's forms (the pack's facts, the settlement request, a change's #4). */
  readonly documents: Pick<DocumentService, 'status' | 'prepareInputs' | 'saveInputs'>;
  readonly info: { readonly device: string };
}

export class WorkflowService {
  constructor(private readonly ctx: WorkflowContext) {}

  workflowOf(applicationId: string): Workflow {
    return this.ctx.repos.applications.workflowOf(applicationId);
  }

  /** Applications that share this one's service number (the subscription, its changes, its termination). */
  related(app: ApplicationRecord): ApplicationRecord[] {
    if (!app.serviceNumber) return [];
    return this.ctx.store.db
      .select({ id: applications.id })
      .from(applications)
      .where(eq(applications.serviceNumber, app.serviceNumber))
      .all()
      .filter((r) => r.id !== app.id)
      .map((r) => this.ctx.repos.applications.get(r.id));
  }

  private complete(applicationId: string, form: string, areas: readonly string[]): boolean {
    const doc = this.ctx.documents.status(applicationId).find((d) => d.form === form);
    if (!doc || doc.unavailable) return false;
    return areas.every((id) => doc.areas.some((a) => a.id === id && a.current));
  }

  facts(app: ApplicationRecord, workflow = this.workflowOf(app.id)): LifecycleFacts {
    const oneOff =
      this.ctx.catalogs
        .get(this.ctx.catalogs.defaultId)
        ?.products.filter((p) => p.pricing.kind === 'oneOff')
        .map((p) => p.code) ?? [];
    const deal = dealTypeOf(app.items, oneOff, workflow.dealType);
    const docs = this.ctx.documents.status(app.id);
    const signed: PackState['signed'] = {};
    for (const key of PACK_DOCUMENTS) {
      const { form, areas } = PACK_SIGNATURES[key];
      const doc = docs.find((d) => d.form === form);
      signed[key] = Boolean(doc && !doc.unavailable && areas.every((id) => doc.areas.some((a) => a.id === id && a.current)));
    }
    const purposes = new Set(
      this.ctx.store.db
        .select({ purpose: applicationAttachments.purpose })
        .from(applicationAttachments)
        .where(eq(applicationAttachments.applicationId, app.id))
        .all()
        .map((r) => r.purpose),
    );
    const related = this.related(app);
    const plan = this.plan(app, workflow);
    return {
      status: app.status,
      kind: app.kind,
      deal,
      serviceNumber: app.serviceNumber ?? null,
      quoteApproval: this.ctx.repos.quotes.latestApprovalFor(app.id),
      pack: {
        signed,
        attached: { businessRegistration: purposes.has('businessRegistration'), signedContract: purposes.has('signedContract') },
        networkPreReviewDone: workflow.networkPreReview?.done === true,
        consents: { collection: consentState(this.ctx.repos.consents.eventsOf(app.customerId)).collection.status === 'agreed' },
      },
      provisioningReady: plan !== null && readyForAcceptance(plan),
      deliveryConfirmed: this.complete(app.id, '5', ['delivery-handover', 'delivery-receiver']),
      settlementRequested: Boolean(workflow.settlementRequestedAt),
      suspensionRequested: workflow.suspension !== undefined && related.some((r) => r.kind === 'change' && this.complete(r.id, '4', ['change-applicant'])),
      terminationSigned: related.some((r) => r.kind === 'termination' && this.complete(r.id, '1', ['applicant'])),
    };
  }

  plan(app: ApplicationRecord, workflow = this.workflowOf(app.id)): ProvisioningStep[] | null {
    if (app.kind !== 'new') return null;
    const p = workflow.provisioning;
    const submitted = workflow.history.find((h) => h.to === 'submitted')?.at.slice(0, 10);
    const soProcessed = workflow.history.find((h) => h.to === 'so_processed')?.at.slice(0, 10);
    // A VPN is applied for with the service number, which S/O processing gives.
    const start = ((p?.lineType ?? 'vpn') === 'vpn' ? (soProcessed ?? submitted) : submitted) ?? app.date;
    return provisioningPlan(
      {
        startDate: start,
        lineType: p?.lineType ?? 'vpn',
        lineInstallDate: p?.lineInstallDate,
        scenarioReadyDate: p?.scenarioReadyDate,
        acceptanceDate: p?.acceptanceDate,
        headsetsViaKt: p?.headsetsViaKt ?? false,
        hasCounselingApp: app.items.some((i) => i.code === 'app-basic' || i.code === 'app-premium'),
        hasAgents: app.items.some((i) => i.code === 'agent'),
        serviceNumber: app.serviceNumber ?? null,
      },
      p?.steps ?? {},
      todayIso(this.ctx.clock.now()),
    );
  }

  view(applicationId: string) {
    const app = this.ctx.repos.applications.get(applicationId);
    const workflow = this.workflowOf(applicationId);
    const facts = this.facts(app, workflow);
    const today = todayIso(this.ctx.clock.now());
    const found = app.kind === 'new' ? app : this.subscriptionOf(app);
    const subscription = found ? this.effective(found) : null;
    const subWorkflow = subscription ? (subscription.id === app.id ? workflow : this.workflowOf(subscription.id)) : null;
    const schedule = subscription && subWorkflow?.openDate ? termSchedule(subWorkflow.openDate, subscription.term, today, subscription.termEnd) : null;
    let penalty: { monthsUsed: number; penalty: number; perMonth: number } | null = null;
    if (subscription && subWorkflow?.openDate && subscription.term !== 'none') {
      const used = monthsUsed(subWorkflow.openDate, today);
      const catalog = this.ctx.catalogs.get(this.ctx.catalogs.defaultId)!;
      const months = Number(subscription.term.replace('m', ''));
      const p = used < months ? earlyTerminationPenalty(catalog, { term: subscription.term, items: subscription.items }, used) : null;
      penalty = { monthsUsed: used, penalty: p?.penalty ?? 0, perMonth: p?.perMonth ?? 0 };
    }
    const statusReason = this.ctx.store.db.select({ r: applications.statusReason }).from(applications).where(eq(applications.id, app.id)).get()?.r ?? null;
    const atHq = this.ctx.store
      .cached(`SELECT ${STATUS_OUTBOX_SQL} AS statusOutbox, EXISTS (SELECT 1 FROM sync_records s WHERE s.entity = 'application' AND s.entity_id = a.id) AS pulled FROM applications a WHERE a.id = ?`)
      .get(app.id) as { statusOutbox: string | null; pulled: number };
    return {
      status: app.status,
      statusAtHq: statusAtHqOf(atHq.statusOutbox, atHq.pulled === 1),
      statusReason,
      kind: app.kind,
      serviceNumber: app.serviceNumber ?? null,
      deal: facts.deal,
      transitions: transitionsFrom(facts),
      checklist: packChecklist(requiredPack(app.kind, facts.deal), facts.pack),
      provisioning: this.plan(app, workflow),
      provisioningInput: workflow.provisioning ?? null,
      networkPreReview: workflow.networkPreReview ?? null,
      suspension: workflow.suspension ? { ...workflow.suspension, freeMonths: suspensionFreeMonths(workflow.suspension.startDate, workflow.suspension.months) } : null,
      openDate: workflow.openDate ?? null,
      term: schedule ? { ...schedule, renewalNotice: renewalNoticeDue(schedule, today) } : null,
      penalty,
      subscriptionId: subscription?.id ?? null,
      settlementRequestedAt: workflow.settlementRequestedAt ?? null,
      history: workflow.history,
      related: this.related(app).map((r) => ({ id: r.id, kind: r.kind, status: r.status, date: r.date })),
    };
  }

  /** The subscription a change or termination refers to: the 'new' application with its service number. */
  subscriptionOf(app: ApplicationRecord): ApplicationRecord | null {
    return this.related(app).find((r) => r.kind === 'new') ?? null;
  }

  /**
   * The subscription as it stands now: its items and term are those of the latest completed
   * change (변경 반영 완료), if any — what the penalty and the renewal are reckoned on.
   */
  effective(subscription: ApplicationRecord): ApplicationRecord {
    // Latest by when it was completed (updatedAt also moves on later edits and pulls).
    const completedAt = (r: ApplicationRecord) => this.workflowOf(r.id).history.findLast((h) => h.to === 'active')?.at ?? r.updatedAt;
    const changes = this.related(subscription)
      .filter((r) => r.kind === 'change' && r.status === 'active')
      .map((r) => ({ r, at: completedAt(r) }))
      .sort((a, b) => (a.at < b.at ? -1 : 1));
    const latest = changes.at(-1)?.r;
    if (!latest) return subscription;
    const { termEnd: _t, ...rest } = subscription;
    return { ...rest, items: latest.items, term: latest.term, ...(latest.termEnd ? { termEnd: latest.termEnd } : {}) };
  }

  private write(app: ApplicationRecord, workflow: Workflow, status = app.status) {
    this.ctx.store.write((tx) => this.writeIn(tx, app, workflow, status));
  }

  private writeIn(tx: Tx, app: ApplicationRecord, workflow: Workflow, status = app.status) {
    const current = tx.select({ revision: applications.revision }).from(applications).where(eq(applications.id, app.id)).get()!;
    tx.update(applications)
      .set({ workflow, status, updatedAt: this.ctx.clock.now().toISOString(), revision: current.revision + 1 })
      .where(eq(applications.id, app.id))
      .run();
  }

  update(applicationId: string, patch: WorkflowPatch) {
    const app = this.ctx.repos.applications.get(applicationId);
    if ((patch.step || patch.provisioning) && ['terminated', 'force_terminated', 'rejected', 'declined'].includes(app.status)) {
      throw new AppError('NOT_ALLOWED', errorMsg('core.workflowEnded', { status: STATUS_LABELS[app.status].ko }), { status: app.status });
    }
    const wf = this.workflowOf(applicationId);
    const next: Workflow = { ...wf };
    if (patch.dealType !== undefined) {
      if (patch.dealType === null) delete next.dealType;
      else next.dealType = patch.dealType;
    }
    if (patch.networkPreReview) next.networkPreReview = patch.networkPreReview;
    if (patch.provisioning) next.provisioning = { lineType: 'vpn', headsetsViaKt: false, steps: {}, ...wf.provisioning, ...patch.provisioning };
    if (patch.step) {
      const base = next.provisioning ?? { lineType: 'vpn' as const, headsetsViaKt: false, steps: {} };
      const { key, ...progress } = patch.step;
      next.provisioning = { ...base, steps: { ...base.steps, [key]: { ...progress, ...(progress.done && !progress.doneDate ? { doneDate: todayIso(this.ctx.clock.now()) } : {}) } } };
    }
    if (patch.suspension !== undefined) {
      if (patch.suspension === null) delete next.suspension;
      else next.suspension = patch.suspension;
    }
    if (patch.openDate) next.openDate = patch.openDate;
    this.write(app, next);
    return this.view(applicationId);
  }

  /** A rep's lifecycle step; the guards explain what is missing when it is refused. */
  transition(applicationId: string, event: LifecycleEvent) {
    const app = this.ctx.repos.applications.get(applicationId);
    const wf = this.workflowOf(applicationId);
    const to = nextStatus(this.facts(app, wf), event, 'rep');
    // A completed termination ends the subscription it names (when it is running): checked first,
    // so the two never part ways (the termination done while the subscription goes on).
    const ends = event === 'complete' && app.kind === 'termination' ? this.subscriptionOf(app) : null;
    const endsRunning = ends && ['open', 'billing_requested', 'active', 'suspended'].includes(ends.status) ? ends : null;
    if (endsRunning) nextStatus(this.facts(endsRunning), 'terminate', 'rep');
    const now = this.ctx.clock.now();
    const next: Workflow = { ...wf, history: [...wf.history, { at: now.toISOString(), event, from: app.status, to, by: 'rep' }] };
    if (event === 'open' && !next.openDate) next.openDate = todayIso(now);
    // The tracker's last steps are these moves themselves: opening is the acceptance with #5 signed,
    // the billing request goes to 고객정산팀 with #5.
    const doneBy: Partial<Record<LifecycleEvent, string>> = { open: 'acceptance', request_billing: 'notify-settlement' };
    const step = doneBy[event];
    if (step && next.provisioning && !next.provisioning.steps[step as keyof typeof next.provisioning.steps]?.done) {
      next.provisioning = { ...next.provisioning, steps: { ...next.provisioning.steps, [step]: { done: true, doneDate: todayIso(now) } } };
    }
    this.write(app, next, to);
    if (endsRunning) this.transition(endsRunning.id, 'terminate');
    return this.view(applicationId);
  }

  /**
   * Saves the settlement request's fields and records that it was made (청구/정산 요청). The
   * fields given here go over what the rep already entered on the 서류 tab, not in its place.
   */
  requestSettlement(applicationId: string, inputs: Record<string, unknown>, confirmVoids?: readonly string[]) {
    const saved = this.ctx.documents.status(applicationId).find((d) => d.form === 'settlement')?.inputs ?? {};
    // Checked first; then the fields and the request are stored together, or nothing is.
    const store = this.ctx.documents.prepareInputs(applicationId, 'settlement', { ...saved, ...inputs }, confirmVoids);
    const app = this.ctx.repos.applications.get(applicationId);
    const wf = this.workflowOf(applicationId);
    this.ctx.store.write((tx) => {
      store(tx);
      this.writeIn(tx, app, { ...wf, settlementRequestedAt: this.ctx.clock.now().toISOString() });
    });
    return this.view(applicationId);
  }

  /**
   * A change (증설·옵션·일시정지) or termination of a running subscription: a new application of
   * that kind, pre-filled from the subscription (same customer, service number, items, term).
   */
  derive(fromId: string, kind: 'change' | 'termination', reason: string | undefined) {
    const from = this.ctx.repos.applications.get(fromId);
    if (!from.serviceNumber) {
      throw new AppError('NOT_ALLOWED', errorMsg('core.deriveNeedsServiceNumber'));
    }
    const { id: _i, status: _s, createdAt: _c, updatedAt: _u, customerId: _ci, revision: _r, ...content } = from;
    const created = this.ctx.repos.applications.create({ ...content, kind, date: todayIso(this.ctx.clock.now()), serviceNumber: from.serviceNumber }, { device: this.ctx.info.device });
    if (kind === 'change') {
      this.ctx.documents.saveInputs(created.id, '4', { ...(reason ? { reason } : {}), requestedDate: todayIso(this.ctx.clock.now()) });
    }
    return created;
  }
}
