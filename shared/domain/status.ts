/**
 * Where an application (청약) stands in its life. The order follows PRODUCT.md: the rep moves it
 * through draft → quoted → signed → submitted; HQ moves it from S/O processing onwards.
 */
export const APPLICATION_STATUSES = [
  'draft', // 작성 중
  'quoted', // 견적 완료
  'signed', // 서명 완료
  'submitted', // 제출(동기화됨)
  'so_processed', // S/O 처리 (서비스번호 부여)
  'provisioning', // 개통 진행
  'acceptance', // 검수
  'open', // 서비스 오픈
  'billing_requested', // 청구 요청
  'active', // 이용 중
  'suspended', // 일시정지
  'terminated', // 해지
  'force_terminated', // 직권해지
  'rejected', // 반려 (영업대표가 고쳐 다시 제출)
  'declined', // 접수 거절 (본사가 받지 않음, 최종)
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const STATUS_LABELS: Record<ApplicationStatus, { ko: string; en: string }> = {
  draft: { ko: '작성 중', en: 'Draft' },
  quoted: { ko: '견적 완료', en: 'Quoted' },
  signed: { ko: '서명 완료', en: 'Signed' },
  submitted: { ko: '제출됨', en: 'Submitted' },
  so_processed: { ko: 'S/O 처리', en: 'S/O processed' },
  provisioning: { ko: '개통 진행', en: 'Provisioning' },
  acceptance: { ko: '검수', en: 'Acceptance' },
  open: { ko: '서비스 오픈', en: 'Open' },
  billing_requested: { ko: '청구 요청', en: 'Billing requested' },
  active: { ko: '이용 중', en: 'Active' },
  suspended: { ko: '일시정지', en: 'Suspended' },
  terminated: { ko: '해지', en: 'Terminated' },
  force_terminated: { ko: '직권해지', en: 'Force-terminated' },
  rejected: { ko: '반려', en: 'Rejected' },
  declined: { ko: '접수 거절', en: 'Declined' },
};

export const KIND_LABELS = {
  new: { ko: '신규', en: 'New' },
  change: { ko: '변경', en: 'Change' },
  termination: { ko: '해지', en: 'Termination' },
} as const;

export const TERM_LABELS = {
  none: { ko: '무약정', en: 'No commitment' },
  '12m': { ko: '12개월', en: '12 months' },
  '24m': { ko: '24개월', en: '24 months' },
  '36m': { ko: '36개월', en: '36 months' },
} as const;

/** Where an application's latest status stands with HQ (from the outbox change that set it). */
export const STATUS_AT_HQ = ['at_hq', 'waiting', 'refused'] as const;
export type StatusAtHq = (typeof STATUS_AT_HQ)[number];

/**
 * What a screen shows for an application's status. 제출 (submitted) means HQ has it: moved to 제출
 * on this device but not yet at HQ it reads "제출 대기" — saying whether the device is enrolled at
 * all (then nothing has gone anywhere yet) — or, when HQ refused the change, "제출 안 됨".
 */
export type StatusShown = ApplicationStatus | 'submit_pending' | 'submit_pending_unenrolled' | 'submit_refused';

export function statusShown(status: ApplicationStatus, atHq: StatusAtHq, enrolled: boolean): StatusShown {
  if (status !== 'submitted' || atHq === 'at_hq') return status;
  if (atHq === 'refused') return 'submit_refused';
  return enrolled ? 'submit_pending' : 'submit_pending_unenrolled';
}

export const STATUS_SHOWN_LABELS: Record<StatusShown, { ko: string; en: string }> = {
  ...STATUS_LABELS,
  submit_pending: { ko: '제출 대기 — 본사 전송 전', en: 'Submit pending — not at HQ yet' },
  submit_pending_unenrolled: { ko: '제출 대기 — 본사 미등록', en: 'Submit pending — device not enrolled' },
  submit_refused: { ko: '제출 안 됨 — 본사 거절', en: 'Not submitted — refused by HQ' },
};
