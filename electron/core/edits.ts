/**
 * The consequences of a rep's change to what an application applied with (its content, its quote,
 * the inputs of its forms), decided before anything is written: which signatures it voids (asked
 * first, by name), where a signed application goes back to, and the frozen facts it lets go.
 * The rule of what may change in which status is shared/lifecycle/editing.ts.
 */
import { eq } from 'drizzle-orm';
import type { ApplicationRecord } from '../../shared/domain/application';
import type { QuoteVersion } from '../../shared/domain/quote';
import { editPolicy, voidsConfirmation, describeVoids, type VoidedSignature } from '../../shared/lifecycle/editing';
import { parseWorkflow, type Workflow } from '../../shared/lifecycle/workflow';
import type { Clock } from './ids';
import type { Tx } from './store/db';
import { applications } from './store/schema';

/**
 * What a pending change of the rep would make the application look like (not stored yet): the
 * documents are built from it to see which signatures it would void.
 */
export interface ContentOverrides {
  /** The application as the change leaves it. */
  application?: ApplicationRecord;
  /** The quote version a save would make (priced, not stored). */
  quote?: QuoteVersion;
  /** One form's inputs as a save would store them. */
  inputs?: { form: string; inputs: Record<string, unknown> };
  /** Build as the form reads without its frozen facts (what it prints once they are let go). */
  live?: boolean;
}

/** The signatures a pending change would void, and the forms whose content it changes. */
export interface VoidCheck {
  voids: VoidedSignature[];
  /** Forms whose printed content the change makes new (their frozen facts are let go). */
  changedForms: string[];
}

/** The documents' side of a change (documents/service.ts): what it voids, and letting go of frozen facts. */
export interface VoidChecker {
  voidedBy(app: ApplicationRecord, change: ContentOverrides): VoidCheck;
  releaseFacts(tx: Tx, applicationId: string, forms: readonly string[]): void;
}

/**
 * Throws the question (CONFIRM_REQUIRED, naming every signature) when the change voids
 * signatures not all listed in `confirmVoids`; otherwise returns what the change's own write
 * must also do, in its transaction.
 */
export function editConsequences(documents: VoidChecker, clock: Clock, app: ApplicationRecord, change: ContentOverrides, confirmVoids: readonly string[] | undefined): (tx: Tx) => void {
  const { voids, changedForms } = documents.voidedBy(app, change);
  const policy = editPolicy(app);
  const backTo = policy.editable && voids.length > 0 ? policy.backTo : null;
  const confirmed = new Set(confirmVoids ?? []);
  if (voids.some((v) => !confirmed.has(v.id))) throw voidsConfirmation(voids, backTo);
  return (tx) => {
    documents.releaseFacts(tx, app.id, changedForms);
    if (!backTo) return;
    // All signatures were in; now some are void: back to collecting them, recorded in the history.
    const row = tx.select({ status: applications.status, workflow: applications.workflow, revision: applications.revision }).from(applications).where(eq(applications.id, app.id)).get()!;
    const wf = parseWorkflow(row.workflow);
    const next: Workflow = {
      ...wf,
      history: [...wf.history, { at: clock.now().toISOString(), event: 'revise', from: app.status, to: backTo, by: 'rep', note: `내용 변경으로 서명 무효: ${describeVoids(voids)}` }],
    };
    tx.update(applications)
      .set({ status: backTo, workflow: next, revision: row.revision + 1 })
      .where(eq(applications.id, app.id))
      .run();
  };
}

/** The guard the application and quote writes ask before a change (editConsequences over the documents). */
export class EditGuard {
  constructor(private readonly ctx: { readonly documents: VoidChecker; readonly clock: Clock }) {}

  /** See editConsequences. */
  check(app: ApplicationRecord, change: ContentOverrides, confirmVoids: readonly string[] | undefined): (tx: Tx) => void {
    return editConsequences(this.ctx.documents, this.ctx.clock, app, change, confirmVoids);
  }
}
