import type { ApplicationKind } from '../domain/application';
import { errorMsg } from '../i18n/error-messages';
import type { ApplicationStatus } from '../domain/status';
import type { ApprovalStatus } from '../domain/quote';
import { AppError } from '../contract/errors';
import { messageText, msg, type MessageKey, type Msg } from '../i18n/messages';
import { missingFromPack, requiredPack, type DealType, type PackState } from './documents';
import { isContentEditable } from './editing';

/**
 * The life of an application (청약) as a state machine: who may move it, from where, to where,
 * and the guards that say — in Korean — what is still missing. Pure: the facts come in, a
 * decision comes out. HQ transitions arrive only by sync; the device never performs them.
 */
export type Actor = 'rep' | 'hq';

export const LIFECYCLE_EVENTS = [
  'quote',
  'sign',
  'submit',
  'so_process',
  'reject',
  'decline',
  'revise',
  'start_provisioning',
  'request_acceptance',
  'open',
  'request_billing',
  'activate',
  'suspend',
  'resume',
  'terminate',
  'force_terminate',
  'complete',
] as const;
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];

export interface LifecycleFacts {
  status: ApplicationStatus;
  kind: ApplicationKind;
  deal: DealType;
  serviceNumber: string | null;
  /** The latest quote version's approval state, or null when no quote was saved. */
  quoteApproval: ApprovalStatus | null;
  pack: PackState;
  /** Every provisioning step due before acceptance is marked done. */
  provisioningReady: boolean;
  /** #5 납품(검수) 확인서 signed by both parties. */
  deliveryConfirmed: boolean;
  /** The settlement request (청구/정산 요청서) was generated. */
  settlementRequested: boolean;
  /** A signed #4 asking for suspension of 1–6 months. */
  suspensionRequested: boolean;
  /** A signed termination (#1 해지) for this service. */
  terminationSigned: boolean;
}

interface Transition {
  event: LifecycleEvent;
  by: Actor;
  /** Kinds of application the step exists for (all when absent). */
  kinds?: readonly ApplicationKind[];
  from: readonly ApplicationStatus[];
  to: ApplicationStatus;
  /** Its name (shared/i18n/messages.ts). */
  label: MessageKey;
  /** The reasons the move is not possible now (empty: allowed). */
  guard?: (f: LifecycleFacts) => Msg[];
  /** Taken by the core as the consequence of another action (never offered as a step of its own). */
  auto?: true;
}

const quoteApprovalGuard = (f: LifecycleFacts): Msg[] => {
  if (f.quoteApproval === 'pending') return [msg('guard.quotePending')];
  if (f.quoteApproval === 'refused') return [msg('guard.quoteRefused')];
  return [];
};

const packGuard = (f: LifecycleFacts, only?: 'signature'): Msg[] =>
  missingFromPack(requiredPack(f.kind, f.deal), f.pack)
    .filter((i) => !only || i.kind === only)
    .map((i) => msg('pack.missing', { item: i.msg.key }));

export const TRANSITIONS: readonly Transition[] = [
  {
    event: 'quote',
    by: 'rep',
    // A termination is priced by its penalty, not quoted.
    kinds: ['new', 'change'],
    from: ['draft'],
    to: 'quoted',
    label: 'transition.quote',
    guard: (f) => (f.quoteApproval === null ? [msg('guard.saveQuote')] : []),
  },
  {
    event: 'sign',
    by: 'rep',
    from: ['quoted'],
    to: 'signed',
    label: 'transition.sign',
    kinds: ['new', 'change'],
    guard: (f) => [...quoteApprovalGuard(f), ...packGuard(f, 'signature')],
  },
  {
    event: 'sign',
    by: 'rep',
    from: ['draft'],
    to: 'signed',
    label: 'transition.sign',
    kinds: ['termination'],
    guard: (f) => packGuard(f, 'signature'),
  },
  {
    event: 'submit',
    by: 'rep',
    from: ['signed'],
    to: 'submitted',
    label: 'transition.submit',
    guard: (f) => [...quoteApprovalGuard(f), ...packGuard(f)],
  },
  // A change the rep confirmed that voids signatures of a signed application (shared/lifecycle/editing.ts)
  // takes it back to collecting them.
  { event: 'revise', by: 'rep', kinds: ['new', 'change'], from: ['signed'], to: 'quoted', label: 'transition.revise', auto: true },
  { event: 'revise', by: 'rep', kinds: ['termination'], from: ['signed'], to: 'draft', label: 'transition.revise', auto: true },
  { event: 'so_process', by: 'hq', from: ['submitted'], to: 'so_processed', label: 'transition.so_process' },
  { event: 'reject', by: 'hq', from: ['submitted', 'so_processed'], to: 'rejected', label: 'transition.reject' },
  { event: 'revise', by: 'rep', from: ['rejected'], to: 'draft', label: 'transition.rewrite' },
  // A final refusal: HQ will not take this application at all (the rep cannot revise it; a new
  // application is the only way on). Only before S/O — once a service number is given, 직권해지 ends it.
  { event: 'decline', by: 'hq', from: ['submitted'], to: 'declined', label: 'transition.decline' },
  {
    event: 'start_provisioning',
    by: 'rep',
    kinds: ['new'],
    from: ['so_processed'],
    to: 'provisioning',
    label: 'transition.start_provisioning',
    guard: (f) => (f.serviceNumber ? [] : [msg('guard.serviceNumber')]),
  },
  {
    event: 'request_acceptance',
    by: 'rep',
    kinds: ['new'],
    from: ['provisioning'],
    to: 'acceptance',
    label: 'transition.request_acceptance',
    guard: (f) => (f.provisioningReady ? [] : [msg('guard.provisioning')]),
  },
  {
    event: 'open',
    by: 'rep',
    kinds: ['new'],
    from: ['acceptance'],
    to: 'open',
    label: 'transition.open',
    guard: (f) => (f.deliveryConfirmed ? [] : [msg('guard.delivery')]),
  },
  {
    event: 'request_billing',
    by: 'rep',
    kinds: ['new'],
    from: ['open'],
    to: 'billing_requested',
    label: 'transition.request_billing',
    guard: (f) => (f.settlementRequested ? [] : [msg('guard.settlement')]),
  },
  { event: 'activate', by: 'hq', from: ['billing_requested'], to: 'active', label: 'transition.activate' },
  {
    event: 'suspend',
    by: 'rep',
    kinds: ['new'],
    from: ['open', 'billing_requested', 'active'],
    to: 'suspended',
    label: 'transition.suspend',
    guard: (f) => (f.suspensionRequested ? [] : [msg('guard.suspension')]),
  },
  { event: 'resume', by: 'rep', kinds: ['new'], from: ['suspended'], to: 'active', label: 'transition.resume' },
  {
    event: 'terminate',
    by: 'rep',
    kinds: ['new'],
    from: ['open', 'billing_requested', 'active', 'suspended'],
    to: 'terminated',
    label: 'transition.terminate',
    guard: (f) => (f.terminationSigned ? [] : [msg('guard.termination')]),
  },
  // A change or a termination has no provisioning of its own: once HQ has processed it, the rep
  // confirms it took effect. A completed change is what the subscription now has (its items and
  // term count from then on); a completed termination ends the subscription.
  // (Also from the provisioning statuses, where earlier versions let a change or termination go.)
  { event: 'complete', by: 'rep', kinds: ['change'], from: ['so_processed', 'provisioning', 'acceptance', 'open', 'billing_requested'], to: 'active', label: 'transition.complete' },
  {
    event: 'complete',
    by: 'rep',
    kinds: ['termination'],
    from: ['so_processed', 'provisioning', 'acceptance', 'open', 'billing_requested'],
    to: 'terminated',
    label: 'transition.complete_termination',
  },
  {
    event: 'force_terminate',
    by: 'hq',
    from: ['so_processed', 'provisioning', 'acceptance', 'open', 'billing_requested', 'active', 'suspended'],
    to: 'force_terminated',
    label: 'transition.force_terminate',
  },
];

export interface TransitionOption {
  event: LifecycleEvent;
  to: ApplicationStatus;
  label: string;
  labelMsg: Msg;
  by: Actor;
  allowed: boolean;
  /** In Korean; `reasonMsgs` are the same as messages for the screens. */
  reasons: string[];
  reasonMsgs: Msg[];
}

/** Every move out of the current status, each with whether it is allowed and why not. */
export function transitionsFrom(facts: LifecycleFacts): TransitionOption[] {
  return TRANSITIONS.filter((t) => !t.auto && t.from.includes(facts.status) && (!t.kinds || t.kinds.includes(facts.kind))).map((t) => {
    const reasonMsgs = t.by === 'hq' ? [msg('guard.hqStep')] : (t.guard?.(facts) ?? []);
    const labelMsg = msg(t.label);
    return { event: t.event, to: t.to, label: messageText(labelMsg), labelMsg, by: t.by, allowed: reasonMsgs.length === 0, reasons: reasonMsgs.map((m) => messageText(m)), reasonMsgs };
  });
}

/** The status after `event`, or an AppError('NOT_ALLOWED') whose message lists what is missing. */
export function nextStatus(facts: LifecycleFacts, event: LifecycleEvent, actor: Actor): ApplicationStatus {
  const steps = TRANSITIONS.filter((x) => !x.auto);
  const t = steps.find((x) => x.event === event && x.from.includes(facts.status) && (!x.kinds || x.kinds.includes(facts.kind))) ?? steps.find((x) => x.event === event);
  if (!t) throw new AppError('INVALID_INPUT', errorMsg('life.unknownStep', { event }));
  const step = msg(t.label);
  if (t.kinds && !t.kinds.includes(facts.kind)) {
    throw new AppError('NOT_ALLOWED', errorMsg('life.notForKind', { step }), { event, kind: facts.kind });
  }
  if (!t.from.includes(facts.status)) {
    throw new AppError('NOT_ALLOWED', errorMsg('life.notNow', { step }), { event, status: facts.status });
  }
  if (t.by !== actor) {
    throw new AppError('NOT_ALLOWED', errorMsg('life.hqStep', { step }), { event });
  }
  const reasonMsgs = t.guard?.(facts) ?? [];
  if (reasonMsgs.length > 0) {
    throw new AppError('NOT_ALLOWED', errorMsg('life.guarded', { step, reasons: reasonMsgs }), { event, reasons: reasonMsgs.map((m) => messageText(m)) });
  }
  return t.to;
}

/** The pipeline order for dashboards (a chart by stage). */
export const PIPELINE: readonly ApplicationStatus[] = ['draft', 'quoted', 'signed', 'submitted', 'so_processed', 'provisioning', 'acceptance', 'open', 'billing_requested', 'active'];

/**
 * May the rep still change what was applied for? Only before submission (see
 * shared/lifecycle/editing.ts: a change that voids signatures is confirmed first).
 */
export function isEditableByRep(status: ApplicationStatus): boolean {
  return isContentEditable(status);
}
