import { messageText, msg, type Msg } from '../i18n/messages';
import { addBusinessDays, format, isSaturday, isSunday, isThursday, nextThursday, parseISO, subDays } from 'date-fns';

/**
 * The provisioning (개통) checklist of PRODUCT.md: every step with its owner and a due date
 * computed from the dates the rep enters. Pure; dates are YYYY-MM-DD strings.
 */
type ProvisioningOwner = 'rep' | 'imo' | 'bridgetec' | 'nexfron' | 'deltalink' | 'samjung' | 'staffing' | 'customer';

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
  /** label, rule and reminder as messages, for the screens (shared/i18n/messages.ts). */
  msgs: { label: Msg; owner: Msg; rule: Msg; reminder?: Msg | undefined };
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
  // A number not given yet is a message too, shown in the reminder's language.
  const sn = input.serviceNumber ?? 'step.serviceNumberLater';
  const steps: (Omit<ProvisioningStep, 'label' | 'rule' | 'reminder' | 'msgs' | 'ownerLabel' | 'done' | 'doneDate' | 'note' | 'overdue'> & { label: Msg; rule: Msg; reminder?: Msg | undefined })[] = [
    {
      key: 'line-order',
      label: msg(input.lineType === 'vpn' ? 'step.line-order.vpn' : 'step.line-order.leased'),
      owner: 'rep',
      due: iso(addBusinessDays(day(input.startDate), 1)),
      rule: msg(input.lineType === 'vpn' ? 'step.line-order.vpn.rule' : 'step.line-order.leased.rule'),
      reminder: input.lineType === 'vpn' ? msg('step.line-order.vpn.reminder', { serviceNumber: sn }) : undefined,
      beforeAcceptance: true,
    },
    ...(input.lineType === 'leased'
      ? [
          {
            key: 'router-request' as const,
            label: msg('step.router-request'),
            owner: 'rep' as const,
            due: install ? iso(weekdayOnOrBefore(subDays(day(install), 4))) : null,
            rule: msg('step.router-request.rule'),
            reminder: msg('step.router-request.reminder'),
            beforeAcceptance: true,
          },
        ]
      : []),
    {
      key: 'ip-assign',
      label: msg('step.ip-assign'),
      owner: 'imo',
      due: install ?? null,
      rule: msg('step.ip-assign.rule'),
      beforeAcceptance: true,
    },
    ...(input.headsetsViaKt ? [{ key: 'headset' as const, label: msg('step.headset'), owner: 'samjung' as const, due: install ?? null, rule: msg('step.headset.rule'), beforeAcceptance: true }] : []),
    {
      key: 'softphone-training',
      label: msg('step.softphone-training'),
      owner: 'bridgetec',
      due: acceptance ? iso(subDays(day(acceptance), 2)) : null,
      rule: msg('step.twoDaysBefore.rule'),
      beforeAcceptance: true,
    },
    ...(input.hasCounselingApp
      ? [
          {
            key: 'app-setup-training' as const,
            label: msg('step.app-setup-training'),
            owner: 'nexfron' as const,
            due: acceptance ? iso(subDays(day(acceptance), 2)) : null,
            rule: msg('step.twoDaysBefore.rule'),
            beforeAcceptance: true,
          },
        ]
      : []),
    ...(input.hasAgents
      ? [
          {
            key: 'agent-hiring' as const,
            label: msg('step.agent-hiring'),
            owner: 'staffing' as const,
            due: acceptance ? iso(subDays(day(acceptance), 1)) : null,
            rule: msg('step.agent-hiring.rule'),
            beforeAcceptance: true,
          },
        ]
      : []),
    {
      key: 'ars-recording',
      label: msg('step.ars-recording'),
      owner: 'bridgetec',
      due: input.scenarioReadyDate ? recordingThursday(input.scenarioReadyDate) : null,
      rule: msg('step.ars-recording.rule'),
      reminder: msg('step.ars-recording.reminder'),
      beforeAcceptance: true,
    },
    {
      key: 'icis',
      label: msg('step.icis'),
      owner: 'rep',
      due: acceptance ? iso(subDays(day(acceptance), 1)) : null,
      rule: msg('step.icis.rule'),
      beforeAcceptance: true,
    },
    {
      key: 'final-test',
      label: msg('step.final-test'),
      owner: 'bridgetec',
      due: acceptance ? iso(subDays(day(acceptance), 1)) : null,
      rule: msg('step.final-test.rule'),
      beforeAcceptance: true,
    },
    {
      key: 'acceptance',
      label: msg('step.acceptance'),
      owner: 'customer',
      due: acceptance ?? null,
      rule: msg('step.acceptance.rule'),
      beforeAcceptance: false,
    },
    {
      key: 'notify-settlement',
      label: msg(input.hasAgents ? 'step.notify-settlement.agents' : 'step.notify-settlement'),
      owner: 'rep',
      due: acceptance ? iso(addBusinessDays(day(acceptance), 1)) : null,
      rule: msg('step.notify-settlement.rule'),
      beforeAcceptance: false,
    },
  ];
  return steps.map((s) => {
    const p = progress[s.key];
    const done = p?.done === true;
    const owner = msg(`owner.${s.owner}`);
    return {
      ...s,
      label: messageText(s.label),
      rule: messageText(s.rule),
      reminder: s.reminder ? messageText(s.reminder) : undefined,
      msgs: { label: s.label, owner, rule: s.rule, reminder: s.reminder },
      ownerLabel: messageText(owner),
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
