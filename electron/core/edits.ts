/**
 * The consequences of a rep's change to what an application applied with (its content, its quote,
 * the inputs of its forms), decided before anything is written: which signatures it voids (asked
 * first, by name), where a signed application goes back to, and the frozen facts it lets go.
 * The rule of what may change in which status is shared/lifecycle/editing.ts.
 */
import { eq } from 'drizzle-orm';
import type { ApplicationRecord } from '../../shared/domain/application';
import { editPolicy, voidsConfirmation, describeVoids } from '../../shared/lifecycle/editing';
import { parseWorkflow, type Workflow } from '../../shared/lifecycle/workflow';
import type { CoreContext } from './context';
import type { ContentOverrides } from './documents/service';
import type { Tx } from './store/db';
import { applications } from './store/schema';

export class EditGuard {
  constructor(private readonly ctx: CoreContext) {}

  /**
   * Throws the question (CONFIRM_REQUIRED, naming every signature) when the change voids
   * signatures not all listed in `confirmVoids`; otherwise returns what the change's own write
   * must also do, in its transaction.
   */
  check(app: ApplicationRecord, change: ContentOverrides, confirmVoids: readonly string[] | undefined): (tx: Tx) => void {
    const { voids, changedForms } = this.ctx.documents.voidedBy(app, change);
    const policy = editPolicy(app);
    const backTo = policy.editable && voids.length > 0 ? policy.backTo : null;
    const confirmed = new Set(confirmVoids ?? []);
    if (voids.some((v) => !confirmed.has(v.id))) throw voidsConfirmation(voids, backTo);
    return (tx) => {
      this.ctx.documents.releaseFacts(tx, app.id, changedForms);
      if (!backTo) return;
      // All signatures were in; now some are void: back to collecting them, recorded in the history.
      const row = tx.select({ status: applications.status, workflow: applications.workflow, revision: applications.revision }).from(applications).where(eq(applications.id, app.id)).get()!;
      const wf = parseWorkflow(row.workflow);
      const next: Workflow = {
        ...wf,
        history: [
          ...wf.history,
          { at: this.ctx.clock.now().toISOString(), event: 'revise', from: app.status, to: backTo, by: 'rep', note: `내용 변경으로 서명 무효: ${describeVoids(voids)}` },
        ],
      };
      tx.update(applications).set({ status: backTo, workflow: next, revision: row.revision + 1 }).where(eq(applications.id, app.id)).run();
    };
  }
}
