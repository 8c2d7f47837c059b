import { and, asc, eq } from 'drizzle-orm';
import { AppError } from '../../../shared/contract/errors';
import {
  CONSENT_PURPOSE_RULES,
  CONSENT_PURPOSES,
  consentState,
  consentVersionOn,
  type ConsentAction,
  type ConsentPurpose,
  type ConsentsView,
  type ConsentTextVersion,
} from '../../../shared/privacy/consent';
import { newId, type Clock } from '../ids';
import type { Store, Tx } from '../store/db';
import { applications, consentEvents, documents, type ConsentEventRow } from '../store/schema';

export interface ConsentAppend {
  customerId: string;
  applicationId: string;
  purpose: ConsentPurpose;
  action: ConsentAction;
  textVersion: number;
  signatureId: string | null;
  by: string;
}

/**
 * A customer's consent decisions (issue 17 item 2): append-only rows (migration 0013's triggers
 * refuse UPDATE and DELETE), each synced to HQ as a `consent_event`. The state per purpose is
 * folded on read by `consentState` (shared/privacy/consent.ts).
 */
export class ConsentsRepo {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly versions: () => ConsentTextVersion[],
  ) {}

  /** Appends one decision inside the caller's write (a signature gives its agreement in the same transaction). */
  append(tx: Tx, e: ConsentAppend): string {
    const id = newId();
    const now = this.clock.now().toISOString();
    tx.insert(consentEvents)
      .values({ id, ...e, at: now, createdAt: now })
      .run();
    return id;
  }

  /** The text version an application's form #1 prints: frozen with its first signature, else the one in force today. */
  textVersionFor(applicationId: string, frozenFirst = true): ConsentTextVersion {
    const rows = frozenFirst
      ? this.store.db
          .select({ facts: documents.facts })
          .from(documents)
          .where(and(eq(documents.applicationId, applicationId), eq(documents.form, '1')))
          .all()
      : [];
    const frozen = rows.map((r) => r.facts?.consentTexts).find((v) => v !== undefined);
    return frozen ?? consentVersionOn(this.clock.now(), this.versions());
  }

  /** Every decision of a customer, oldest first. */
  eventsOf(customerId: string): ConsentEventRow[] {
    return this.store.db.select().from(consentEvents).where(eq(consentEvents.customerId, customerId)).orderBy(asc(consentEvents.at), asc(consentEvents.id)).all();
  }

  /** The customer's consents as the 고객 동의 tab shows them, seen from one application. */
  view(applicationId: string): ConsentsView {
    const app = this.store.db.select({ id: applications.id, customerId: applications.customerId }).from(applications).where(eq(applications.id, applicationId)).get();
    if (!app) throw new AppError('NOT_FOUND', `청약(ID ${applicationId})을 찾을 수 없습니다. 목록을 새로 고친 뒤 다시 선택하세요.`, { id: applicationId });
    const events = this.eventsOf(app.customerId);
    const state = consentState(events);
    return {
      applicationId,
      customerId: app.customerId,
      textVersion: this.textVersionFor(applicationId).version,
      purposes: CONSENT_PURPOSES.map((p) => state[p]),
      events: events.map((e) => ({ id: e.id, applicationId: e.applicationId, purpose: e.purpose, action: e.action, textVersion: e.textVersion, signatureId: e.signatureId, at: e.at, by: e.by })),
    };
  }

  /**
   * Records a decision from the 고객 동의 tab: a refusal of any purpose, or an agreement to a
   * purpose form #1 has no signature area for (marketing). A consent printed on form #1 is given
   * by signing its area (documents.sign), so that the signature that gave it is on record.
   */
  record(input: { applicationId: string; purpose: ConsentPurpose; action: 'agree' | 'refuse' }, by: string): ConsentsView {
    const view = this.view(input.applicationId);
    const rule = CONSENT_PURPOSE_RULES[input.purpose];
    if (input.action === 'agree' && rule.area) {
      throw new AppError('NOT_ALLOWED', `${rule.label}는 양식 #1의 해당 서명란에 고객 서명을 받으면 기록됩니다. 서류 탭에서 서명을 받으세요.`, { reason: 'signature_required', area: rule.area });
    }
    this.store.write((tx) => {
      this.append(tx, { customerId: view.customerId, applicationId: input.applicationId, purpose: input.purpose, action: input.action, textVersion: view.textVersion, signatureId: null, by });
    });
    return this.view(input.applicationId);
  }

  /** Records the customer's withdrawal of a consent in force (an event: nothing is deleted). */
  withdraw(input: { applicationId: string; purpose: ConsentPurpose }, by: string): ConsentsView {
    const view = this.view(input.applicationId);
    const current = view.purposes.find((p) => p.purpose === input.purpose)!;
    if (current.status !== 'agreed') {
      throw new AppError('INVALID_INPUT', `${CONSENT_PURPOSE_RULES[input.purpose].label}에 철회할 동의가 없습니다 (지금: ${current.status === 'withdrawn' ? '철회' : '미동의'}).`, {
        issues: [{ path: 'purpose', message: '동의한 항목만 철회할 수 있습니다.' }],
      });
    }
    this.store.write((tx) => {
      this.append(tx, { customerId: view.customerId, applicationId: input.applicationId, purpose: input.purpose, action: 'withdraw', textVersion: view.textVersion, signatureId: null, by });
    });
    return this.view(input.applicationId);
  }
}
