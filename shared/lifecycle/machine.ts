import type { ApplicationKind } from '../domain/application';
import type { ApplicationStatus } from '../domain/status';
import type { ApprovalStatus } from '../domain/quote';
import { AppError } from '../contract/errors';
import { iGa } from '../format/josa';
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
  label: string;
  /** Korean reasons the move is not possible now (empty: allowed). */
  guard?: (f: LifecycleFacts) => string[];
  /** Taken by the core as the consequence of another action (never offered as a step of its own). */
  auto?: true;
}

const quoteApprovalGuard = (f: LifecycleFacts): string[] => {
  if (f.quoteApproval === 'pending') return ['견적이 본사 승인 대기 중입니다. BM·컨설팅 담당자의 승인을 받은 뒤(동기화로 전달됨) 고객 날인을 받으세요.'];
  if (f.quoteApproval === 'refused') return ['본사가 견적을 반려했습니다. 반려 사유를 확인하고 견적을 고쳐 새 버전으로 저장하세요.'];
  return [];
};

const packGuard = (f: LifecycleFacts, only?: 'signature'): string[] =>
  missingFromPack(requiredPack(f.kind, f.deal), f.pack)
    .filter((i) => !only || i.kind === only)
    .map((i) => `${iGa(i.label)} 아직 없습니다.`);

export const TRANSITIONS: readonly Transition[] = [
  {
    event: 'quote',
    by: 'rep',
    // A termination is priced by its penalty, not quoted.
    kinds: ['new', 'change'],
    from: ['draft'],
    to: 'quoted',
    label: '견적 완료',
    guard: (f) => (f.quoteApproval === null ? ['견적을 먼저 저장하세요.'] : []),
  },
  {
    event: 'sign',
    by: 'rep',
    from: ['quoted'],
    to: 'signed',
    label: '서명 완료',
    kinds: ['new', 'change'],
    guard: (f) => [...quoteApprovalGuard(f), ...packGuard(f, 'signature')],
  },
  {
    event: 'sign',
    by: 'rep',
    from: ['draft'],
    to: 'signed',
    label: '서명 완료',
    kinds: ['termination'],
    guard: (f) => packGuard(f, 'signature'),
  },
  {
    event: 'submit',
    by: 'rep',
    from: ['signed'],
    to: 'submitted',
    label: '본사 제출',
    guard: (f) => [...quoteApprovalGuard(f), ...packGuard(f)],
  },
  // A change the rep confirmed that voids signatures of a signed application (shared/lifecycle/editing.ts)
  // takes it back to collecting them.
  { event: 'revise', by: 'rep', kinds: ['new', 'change'], from: ['signed'], to: 'quoted', label: '서명 다시 받기 (내용 변경)', auto: true },
  { event: 'revise', by: 'rep', kinds: ['termination'], from: ['signed'], to: 'draft', label: '서명 다시 받기 (내용 변경)', auto: true },
  { event: 'so_process', by: 'hq', from: ['submitted'], to: 'so_processed', label: 'S/O 처리' },
  { event: 'reject', by: 'hq', from: ['submitted', 'so_processed'], to: 'rejected', label: '반려' },
  { event: 'revise', by: 'rep', from: ['rejected'], to: 'draft', label: '다시 작성' },
  // A final refusal: HQ will not take this application at all (the rep cannot revise it; a new
  // application is the only way on). Only before S/O — once a service number is given, 직권해지 ends it.
  { event: 'decline', by: 'hq', from: ['submitted'], to: 'declined', label: '접수 거절' },
  {
    event: 'start_provisioning',
    by: 'rep',
    kinds: ['new'],
    from: ['so_processed'],
    to: 'provisioning',
    label: '개통 시작',
    guard: (f) => (f.serviceNumber ? [] : ['서비스번호(J+8자리)가 아직 없습니다. 본사 S/O 처리 후 동기화하세요.']),
  },
  {
    event: 'request_acceptance',
    by: 'rep',
    kinds: ['new'],
    from: ['provisioning'],
    to: 'acceptance',
    label: '검수 요청',
    guard: (f) => (f.provisioningReady ? [] : ['검수 전에 끝내야 할 개통 단계가 남아 있습니다. 개통 진행표에서 확인하세요.']),
  },
  {
    event: 'open',
    by: 'rep',
    kinds: ['new'],
    from: ['acceptance'],
    to: 'open',
    label: '서비스 오픈',
    guard: (f) => (f.deliveryConfirmed ? [] : ['납품(검수) 확인서(#5)에 인계자·인수자 서명을 모두 받아야 서비스를 오픈할 수 있습니다.']),
  },
  {
    event: 'request_billing',
    by: 'rep',
    kinds: ['new'],
    from: ['open'],
    to: 'billing_requested',
    label: '청구 요청',
    guard: (f) => (f.settlementRequested ? [] : ['청구/정산 요청서를 먼저 작성하세요 (납품확인서 #5 첨부).']),
  },
  { event: 'activate', by: 'hq', from: ['billing_requested'], to: 'active', label: '이용 중' },
  {
    event: 'suspend',
    by: 'rep',
    kinds: ['new'],
    from: ['open', 'billing_requested', 'active'],
    to: 'suspended',
    label: '일시정지',
    guard: (f) => (f.suspensionRequested ? [] : ['일시정지는 1~6개월 기간을 적은 변경신청서(#4)에 고객 서명을 받아야 합니다 (이용약관 제13조).']),
  },
  { event: 'resume', by: 'rep', kinds: ['new'], from: ['suspended'], to: 'active', label: '정지 해제' },
  {
    event: 'terminate',
    by: 'rep',
    kinds: ['new'],
    from: ['open', 'billing_requested', 'active', 'suspended'],
    to: 'terminated',
    label: '해지',
    guard: (f) => (f.terminationSigned ? [] : ['해지 신청서(#1, 해지 표시)에 고객 서명을 받아야 합니다.']),
  },
  // A change or a termination has no provisioning of its own: once HQ has processed it, the rep
  // confirms it took effect. A completed change is what the subscription now has (its items and
  // term count from then on); a completed termination ends the subscription.
  // (Also from the provisioning statuses, where earlier versions let a change or termination go.)
  { event: 'complete', by: 'rep', kinds: ['change'], from: ['so_processed', 'provisioning', 'acceptance', 'open', 'billing_requested'], to: 'active', label: '변경 반영 완료' },
  {
    event: 'complete',
    by: 'rep',
    kinds: ['termination'],
    from: ['so_processed', 'provisioning', 'acceptance', 'open', 'billing_requested'],
    to: 'terminated',
    label: '해지 완료',
  },
  {
    event: 'force_terminate',
    by: 'hq',
    from: ['so_processed', 'provisioning', 'acceptance', 'open', 'billing_requested', 'active', 'suspended'],
    to: 'force_terminated',
    label: '직권해지',
  },
];

export interface TransitionOption {
  event: LifecycleEvent;
  to: ApplicationStatus;
  label: string;
  by: Actor;
  allowed: boolean;
  reasons: string[];
}

/** Every move out of the current status, each with whether it is allowed and why not. */
export function transitionsFrom(facts: LifecycleFacts): TransitionOption[] {
  return TRANSITIONS.filter((t) => !t.auto && t.from.includes(facts.status) && (!t.kinds || t.kinds.includes(facts.kind))).map((t) => {
    const reasons = t.by === 'hq' ? ['본사가 처리하는 단계입니다. 동기화하면 결과가 반영됩니다.'] : (t.guard?.(facts) ?? []);
    return { event: t.event, to: t.to, label: t.label, by: t.by, allowed: reasons.length === 0, reasons };
  });
}

/** The status after `event`, or an AppError('NOT_ALLOWED') whose message lists what is missing. */
export function nextStatus(facts: LifecycleFacts, event: LifecycleEvent, actor: Actor): ApplicationStatus {
  const steps = TRANSITIONS.filter((x) => !x.auto);
  const t =
    steps.find((x) => x.event === event && x.from.includes(facts.status) && (!x.kinds || x.kinds.includes(facts.kind))) ??
    steps.find((x) => x.event === event);
  if (!t) throw new AppError('INVALID_INPUT', `알 수 없는 단계입니다: ${event}`);
  if (t.kinds && !t.kinds.includes(facts.kind)) {
    throw new AppError('NOT_ALLOWED', `'${t.label}'은(는) 이 종류의 청약에는 없는 단계입니다.`, { event, kind: facts.kind });
  }
  if (!t.from.includes(facts.status)) {
    throw new AppError('NOT_ALLOWED', `지금 상태에서는 '${t.label}'을(를) 할 수 없습니다.`, { event, status: facts.status });
  }
  if (t.by !== actor) {
    throw new AppError('NOT_ALLOWED', `'${t.label}'은(는) 본사가 처리하는 단계입니다. 동기화하면 결과가 반영됩니다.`, { event });
  }
  const reasons = t.guard?.(facts) ?? [];
  if (reasons.length > 0) {
    throw new AppError('NOT_ALLOWED', `'${t.label}'을(를) 할 수 없습니다: ${reasons.join(' ')}`, { event, reasons });
  }
  return t.to;
}

/** The pipeline order for dashboards (a chart by stage). */
export const PIPELINE: readonly ApplicationStatus[] = [
  'draft',
  'quoted',
  'signed',
  'submitted',
  'so_processed',
  'provisioning',
  'acceptance',
  'open',
  'billing_requested',
  'active',
];

/**
 * May the rep still change what was applied for? Only before submission (see
 * shared/lifecycle/editing.ts: a change that voids signatures is confirmed first).
 */
export function isEditableByRep(status: ApplicationStatus): boolean {
  return isContentEditable(status);
}
