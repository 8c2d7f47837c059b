import type { ApplicationKind } from '../domain/application';
import { errorMsg, keyed } from '../i18n/error-messages';
import type { ApplicationStatus } from '../domain/status';
import { STATUS_LABELS } from '../domain/status';
import { AppError } from '../contract/errors';

/**
 * What the rep may still change in which status — one rule, used by the core (every write of an
 * application's content, its quote and the inputs of the forms it applied with), by HQ (the
 * fields it locks) and by the screens (read-only fields with the reason and the way out).
 *
 * - Before submission (작성 중, 견적 완료, 서명 완료, 반려) the content may change. A change that voids
 *   signatures already given is saved only once the rep confirmed it, naming them; a signed
 *   application then goes back to 견적 완료 (a termination to 작성 중) to collect them again.
 * - From submission on, what the customer signed and HQ received stays as it was. A running
 *   subscription is changed by its own application: a 변경 신청 (form #4).
 */
type EditRemedy =
  /** A 변경 신청 (form #4) of the subscription: `applications.derive` with kind 'change'. */
  | 'change'
  /** HQ has it but has not given a service number yet: wait for S/O (or ask HQ to turn it down). */
  | 'await_so'
  /** Nothing can change any more (ended, turned down for good). */
  | 'none';

export type EditPolicy = { editable: true /** Where a change that voids signatures takes the application. */; backTo: ApplicationStatus | null } | { editable: false; remedy: EditRemedy };

/** Statuses before submission: the content may change (see editPolicy). */
const OPEN: readonly ApplicationStatus[] = ['draft', 'quoted', 'signed', 'rejected'];
const ENDED: readonly ApplicationStatus[] = ['terminated', 'force_terminated', 'declined'];

/** May the rep change what was applied for in this status (before submission)? */
export function isContentEditable(status: ApplicationStatus): boolean {
  return OPEN.includes(status);
}

export interface EditSubject {
  status: ApplicationStatus;
  kind: ApplicationKind;
  serviceNumber?: string | null | undefined;
}

export function editPolicy(app: EditSubject): EditPolicy {
  if (isContentEditable(app.status)) {
    // All signatures in: voiding one takes it back to collecting them.
    const backTo: ApplicationStatus | null = app.status === 'signed' ? (app.kind === 'termination' ? 'draft' : 'quoted') : null;
    return { editable: true, backTo };
  }
  if (ENDED.includes(app.status) || app.kind === 'termination') return { editable: false, remedy: 'none' };
  if (!app.serviceNumber) return { editable: false, remedy: 'await_so' };
  return { editable: false, remedy: 'change' };
}

/** What is frozen, for the refusal: the application's content, its quote, or a form it applied with. */
export type FrozenPart = 'application' | 'quote' | 'form';

/** The details a refusal carries, so a screen can offer the way out (the change application). */
export interface FrozenDetails {
  reason: 'frozen';
  part: FrozenPart;
  status: ApplicationStatus;
  remedy: EditRemedy;
  /** The application a change application would be made from (applications.derive fromId). */
  applicationId: string;
  serviceNumber: string | null;
  [key: string]: unknown;
}

/** The refusal when something frozen is written: says what to do instead (a 변경 신청). */
function frozenError(app: EditSubject & { id: string }, part: FrozenPart): AppError {
  const policy = editPolicy(app);
  const remedy = policy.editable ? 'none' : policy.remedy;
  const details: FrozenDetails = { reason: 'frozen', part, status: app.status, remedy, applicationId: app.id, serviceNumber: app.serviceNumber ?? null };
  return new AppError('NOT_ALLOWED', errorMsg('life.frozen', { status: STATUS_LABELS[app.status].ko, part: errorMsg(`life.part.${part}`), remedy: errorMsg(`life.remedy.${remedy}`) }), details);
}

/** Throws the refusal when the application's content may not change now. */
export function assertEditable(app: EditSubject & { id: string }, part: FrozenPart): void {
  if (!editPolicy(app).editable) throw frozenError(app, part);
}

/**
 * Removing an attachment: before submission only — the papers HQ received stay on record. The
 * device refuses the rep's removal, and HQ refuses a removal that reaches it after submission
 * (an older app, a tampered request): the same words on both ends. Null when removal is allowed.
 */
export function attachmentRemovalRefusal(status: ApplicationStatus): { message: string; details: { reason: 'frozen'; part: 'attachment'; status: ApplicationStatus } } | null {
  if (isContentEditable(status)) return null;
  return {
    // Keyed: the AppError raised with this text carries the key (see `keyed`).
    message: keyed('life.attachmentFrozen', { status: STATUS_LABELS[status].ko }),
    details: { reason: 'frozen', part: 'attachment', status },
  };
}

export function isFrozenDetails(details: unknown): details is FrozenDetails {
  return typeof details === 'object' && details !== null && (details as { reason?: unknown }).reason === 'frozen';
}

/**
 * Forms that are part of what was applied for (frozen with the application after submission).
 * The others are filled in later in the life of the service: #5 at acceptance, the settlement
 * request at billing (#3 and #6 take no inputs).
 */
export const APPLIED_FORMS: readonly string[] = ['1', '2', 'quote', '4', 'contract'];

// ───────────────────────────── Signatures a change would void ─────────────────────────────

/** A signature that a change would make void (its document's content changes). */
export interface VoidedSignature {
  id: string;
  form: string;
  /** The form's name as a rep reads it (양식 #1 신청서, 견적서 …). */
  formTitle: string;
  area: string;
  areaLabel: string;
  signerName: string;
  mark: 'signature' | 'seal';
  signedAt: string;
}

export interface VoidDetails {
  reason: 'voids_signatures';
  voids: VoidedSignature[];
  /** Where the application goes when the rep confirms (signed → quoted), or null. */
  backTo: ApplicationStatus | null;
  [key: string]: unknown;
}

/** An area's label under its form: "신청서 신청인" under "양식 #1 신청서" reads "신청인". */
export function areaWithinForm(formTitle: string, areaLabel: string): string {
  const [first, ...rest] = areaLabel.split(' ');
  return rest.length > 0 && first && formTitle.includes(first) ? rest.join(' ') : areaLabel;
}

/** "양식 #1 신청서 신청인(홍길동), 견적서 고객 확인(홍길동)" */
export function describeVoids(voids: readonly VoidedSignature[]): string {
  return voids.map((v) => `${v.formTitle} ${areaWithinForm(v.formTitle, v.areaLabel)}(${v.signerName})`).join(', ');
}

/** The question the core asks before a change voids signatures: resend with their ids in confirmVoids. */
export function voidsConfirmation(voids: VoidedSignature[], backTo: ApplicationStatus | null): AppError {
  const details: VoidDetails = { reason: 'voids_signatures', voids, backTo };
  const back = backTo ? errorMsg('life.voidsBack', { status: STATUS_LABELS[backTo].ko }) : '';
  return new AppError('CONFIRM_REQUIRED', errorMsg('life.voids', { count: voids.length, voids: describeVoids(voids), back }), details);
}

export function isVoidDetails(details: unknown): details is VoidDetails {
  return typeof details === 'object' && details !== null && (details as { reason?: unknown }).reason === 'voids_signatures';
}

/**
 * May the rep delete this application? Only a draft (작성 중): nothing was quoted, signed or sent
 * for it, so nothing on paper or at HQ's desk depends on it. Everything later stays as a record.
 */
export function isDiscardable(app: { status: ApplicationStatus }): boolean {
  return app.status === 'draft';
}
