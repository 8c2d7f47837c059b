import { addBusinessDays, format, isSaturday, isSunday, isThursday, nextThursday, parseISO, subDays } from 'date-fns';

/**
 * The provisioning (개통) checklist of PRODUCT.md: every step with its owner and a due date
 * computed from the dates the rep enters. Pure; dates are YYYY-MM-DD strings.
 */
const PROVISIONING_OWNERS = {
  rep: '영업대표',
  imo: 'IMO운용센터',
  bridgetec: '브리지텍',
  nexfron: '넥스프론',
  deltalink: '델타링크',
  samjung: '삼정씨브이지',
  staffing: '인력 위탁사 (KTIS/KTCS)',
  customer: '고객사',
} as const;
type ProvisioningOwner = keyof typeof PROVISIONING_OWNERS;

export const PROVISIONING_STEP_KEYS = [
  'line-order',
  'router-request',
  'ip-assign',
  'headset',
  'softphone-training',
  'app-setup-training',
  'agent-hiring',
  'ars-recording',
  'icis',
  'final-test',
  'acceptance',
  'notify-settlement',
] as const;
export type ProvisioningStepKey = (typeof PROVISIONING_STEP_KEYS)[number];

/** The dates and choices the rep enters on the tracker. */
export interface ProvisioningInput {
  /** When lines can be ordered: S/O processing for a VPN (its application quotes the service number), else submission. */
  startDate: string;
  lineType: 'vpn' | 'leased';
  /** Planned install date of the leased line / VPN. */
  lineInstallDate?: string | undefined;
  /** When the customer handed over the ARS scenario text. */
  scenarioReadyDate?: string | undefined;
  /** Agreed acceptance (검수) date; the service opens on it. */
  acceptanceDate?: string | undefined;
  headsetsViaKt: boolean;
  hasCounselingApp: boolean;
  hasAgents: boolean;
  serviceNumber: string | null;
}

export interface StepProgress {
  done: boolean;
  doneDate?: string | undefined;
  note?: string | undefined;
}

export interface ProvisioningStep {
  key: ProvisioningStepKey;
  label: string;
  owner: ProvisioningOwner;
  ownerLabel: string;
  /** null: not computable yet (the date it depends on is not entered). */
  due: string | null;
  /** How the due date is set, in Korean. */
  rule: string;
  /** A reminder to act on (e.g. the VPN application must quote the service number). */
  reminder?: string | undefined;
  done: boolean;
  doneDate?: string | undefined;
  note?: string | undefined;
  overdue: boolean;
  /** Must be done before acceptance (검수) can be requested. */
  beforeAcceptance: boolean;
}

const iso = (d: Date) => format(d, 'yyyy-MM-dd');
const day = (s: string) => parseISO(s);

/** A working day: a Saturday or Sunday moves back to the Friday before. */
function weekdayOnOrBefore(d: Date): Date {
  return isSaturday(d) ? subDays(d, 1) : isSunday(d) ? subDays(d, 2) : d;
}

/** The ARS scenario is recorded on Thursdays, weekly: the first Thursday on or after the date. */
export function recordingThursday(from: string): string {
  const d = day(from);
  return iso(isThursday(d) ? d : nextThursday(d));
}

export function provisioningPlan(input: ProvisioningInput, progress: Partial<Record<ProvisioningStepKey, StepProgress>>, today: string): ProvisioningStep[] {
  const install = input.lineInstallDate;
  const acceptance = input.acceptanceDate;
  const sn = input.serviceNumber ?? 'J________ (S/O 처리 후 부여)';
  const steps: Omit<ProvisioningStep, 'ownerLabel' | 'done' | 'doneDate' | 'note' | 'overdue'>[] = [
    {
      key: 'line-order',
      label: input.lineType === 'vpn' ? 'VPN 회선 청약 (KT 고객센터) 및 IMO운용센터 개통 협조 요청' : '전용회선 청약 (KT 고객센터)',
      owner: 'rep',
      due: iso(addBusinessDays(day(input.startDate), 1)),
      rule: input.lineType === 'vpn' ? 'S/O 처리로 서비스번호를 받은 다음 영업일 (VPN 신청서에 번호 기재)' : '청약서 접수 직후 (다음 영업일)',
      reminder:
        input.lineType === 'vpn'
          ? `VPN 신청서에 콜센터서비스 접속용 회선의 서비스번호(${sn})를 반드시 기재하세요. 라우터는 회선과 함께 KT 임대로 개통됩니다.`
          : undefined,
      beforeAcceptance: true,
    },
    ...(input.lineType === 'leased'
      ? [
          {
            key: 'router-request' as const,
            label: '라우터 공급 요청 (델타링크)',
            owner: 'rep' as const,
            due: install ? iso(weekdayOnOrBefore(subDays(day(install), 4))) : null,
            rule: '전용회선 설치 3~4일 전, 주말이면 그 전 금요일 (설치일을 입력하면 계산됩니다)',
            reminder: '전용회선은 KT 라우터 임대가 안 되므로, 회선 개통 즉시 설치되도록 델타링크에 라우터 공급을 요청하세요.',
            beforeAcceptance: true,
          },
        ]
      : []),
    {
      key: 'ip-assign',
      label: '고객사 IP 배정 및 라우터 설정 지원',
      owner: 'imo',
      due: install ?? null,
      rule: '회선·라우터 설치일',
      beforeAcceptance: true,
    },
    ...(input.headsetsViaKt
      ? [{ key: 'headset' as const, label: '헤드셋·IP전화기 납품', owner: 'samjung' as const, due: install ?? null, rule: '회선 설치일까지', beforeAcceptance: true }]
      : []),
    {
      key: 'softphone-training',
      label: '소프트폰 설치 후 콜센터솔루션 사용자 교육',
      owner: 'bridgetec',
      due: acceptance ? iso(subDays(day(acceptance), 2)) : null,
      rule: '검수일 2일 전까지',
      beforeAcceptance: true,
    },
    ...(input.hasCounselingApp
      ? [
          {
            key: 'app-setup-training' as const,
            label: '상담어플리케이션 설정 및 사용자 교육',
            owner: 'nexfron' as const,
            due: acceptance ? iso(subDays(day(acceptance), 2)) : null,
            rule: '검수일 2일 전까지',
            beforeAcceptance: true,
          },
        ]
      : []),
    ...(input.hasAgents
      ? [
          {
            key: 'agent-hiring' as const,
            label: '상담원 채용 및 C/S 교육 (업무교육 포함 시 1~2개월 추가)',
            owner: 'staffing' as const,
            due: acceptance ? iso(subDays(day(acceptance), 1)) : null,
            rule: '계약 전 협의한 일정, 늦어도 검수 전날',
            beforeAcceptance: true,
          },
        ]
      : []),
    {
      key: 'ars-recording',
      label: 'ARS 시나리오(멘트) 녹음 및 적용 — 최초 1회 무료',
      owner: 'bridgetec',
      due: input.scenarioReadyDate ? recordingThursday(input.scenarioReadyDate) : null,
      rule: '매주 목요일 녹음: 시나리오를 받은 날 이후 첫 목요일',
      reminder: '이후 변경 녹음은 실비 청구됩니다.',
      beforeAcceptance: true,
    },
    {
      key: 'icis',
      label: '지능망 착신번호 ICIS 등록 및 정상처리 확인 (브리지텍에서 DID/DOD 번호 수령)',
      owner: 'rep',
      due: acceptance ? iso(subDays(day(acceptance), 1)) : null,
      rule: '콜센터 오픈 전 (검수일 전날까지)',
      beforeAcceptance: true,
    },
    {
      key: 'final-test',
      label: '호분배 및 ARS 최종 테스트',
      owner: 'bridgetec',
      due: acceptance ? iso(subDays(day(acceptance), 1)) : null,
      rule: '검수일 전날까지',
      beforeAcceptance: true,
    },
    {
      key: 'acceptance',
      label: '검수 및 납품(검수) 확인서(#5) 서명 → 서비스 오픈',
      owner: 'customer',
      due: acceptance ?? null,
      rule: '고객과 합의한 검수일',
      beforeAcceptance: false,
    },
    {
      key: 'notify-settlement',
      label: input.hasAgents ? '고객정산팀에 #5 통보 (상담원 복무확인서는 위탁사가 통보)' : '고객정산팀에 납품(검수) 확인서(#5) 통보',
      owner: 'rep',
      due: acceptance ? iso(addBusinessDays(day(acceptance), 1)) : null,
      rule: '오픈 다음 영업일',
      beforeAcceptance: false,
    },
  ];
  return steps.map((s) => {
    const p = progress[s.key];
    const done = p?.done === true;
    return {
      ...s,
      ownerLabel: PROVISIONING_OWNERS[s.owner],
      done,
      doneDate: p?.doneDate,
      note: p?.note,
      overdue: !done && s.due !== null && s.due < today,
    };
  });
}

/** True when every step due before acceptance is done. */
export function readyForAcceptance(steps: readonly ProvisioningStep[]): boolean {
  return steps.filter((s) => s.beforeAcceptance).every((s) => s.done);
}


