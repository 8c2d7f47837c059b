import { z } from 'zod';
import { iGa } from '../format/josa';

/**
 * Words `shared/` produces for the screens (issue 11, item 12), behind stable message keys: Korean
 * (what the CLI, HQ and the records keep) and English (the second UI language). A domain function
 * returns a `Msg` (key + params) next to its Korean text; the renderer shows it in the UI language
 * with `messageText`. Printed forms never come from here: they print the manual's Korean verbatim.
 *
 * `en` is typed `Record<MessageKey, string>`, so a key without its English does not compile;
 * test/unit/shared/messages.test.ts checks both languages use the same {{params}}.
 */
const ko = {
  // Forms, by FormId (the name a screen shows; the printed title is the form's own).
  'form.1': '양식 #1 신청서',
  'form.2': '양식 #2 이용약관',
  'form.3': '양식 #3 이용요금표',
  'form.4': '양식 #4 변경신청서',
  'form.5': '양식 #5 납품 확인서',
  'form.6': '양식 #6 담당자 연락처',
  'form.quote': '견적서',
  'form.settlement': '청구/정산 요청서',
  'form.contract': '계약서 초안',
  'form.internal': '내부 문서',
  // Signature areas (SignatureAreaId): the short name within its form.
  'area.applicant': '신청인',
  'area.consent-collection': '개인정보 수집·이용 동의',
  'area.consent-third-party': '개인정보 제3자 제공 동의',
  'area.terms-confirmation': '확인',
  'area.change-applicant': '신청인',
  'area.delivery-handover': '인계자',
  'area.delivery-receiver': '인수자',
  'area.quote-customer': '고객 확인',
  'area.settlement-requester': '요청자',
  'area.contract-customer': '고객사',
  'area.contract-kt': '케이티',
  // Why a form may not be signed now.
  'signBlock.quotePending': '견적이 본사 승인 대기 중이라 아직 날인을 받을 수 없습니다. BM·컨설팅 담당자의 승인이 동기화로 들어온 뒤 받으세요.',
  'signBlock.quoteRefused': '본사가 견적을 반려했습니다. 견적을 고쳐 새 버전으로 저장한 뒤 날인을 받으세요.',
  'signBlock.delivery': '납품(검수) 확인서(#5)는 개통을 마치고 검수 요청을 한 뒤(검수 단계)에 서명을 받습니다. 진행 관리에서 개통 단계를 먼저 진행하세요.',
  // The submission checklist (PackDocument, PackAttachment, the network review).
  'pack.networkPreReview': '고객사 네트워크 환경 사전검토',
  'pack.form1': '신청서(#1) 신청인 서명',
  'pack.consentCollection': '개인정보 수집·이용 동의 서명',
  'pack.consentThirdParty': '개인정보 제3자 제공 동의 서명',
  'pack.consent.collection': '개인정보 수집·이용 동의 (필수)',
  'pack.form2': '이용약관(#2) 확인·직인',
  'pack.quote': '견적서 직인',
  'pack.contract': '계약서(법무 검토본) 서명',
  'pack.form4': '변경신청서(#4) 서명',
  'pack.form1Termination': '해지 신청서(#1) 서명',
  'pack.businessRegistration': '사업자등록증 사본',
  'pack.signedContract': '체결된 계약서 사본',
  'pack.missing': '{{item:iGa}} 아직 없습니다.',
  // Lifecycle steps (machine.ts) and why one cannot be taken now.
  'transition.quote': '견적 완료',
  'transition.sign': '서명 완료',
  'transition.submit': '본사 제출',
  'transition.revise': '서명 다시 받기 (내용 변경)',
  'transition.rewrite': '다시 작성',
  'transition.so_process': 'S/O 처리',
  'transition.reject': '반려',
  'transition.decline': '접수 거절',
  'transition.start_provisioning': '개통 시작',
  'transition.request_acceptance': '검수 요청',
  'transition.open': '서비스 오픈',
  'transition.request_billing': '청구 요청',
  'transition.activate': '이용 중',
  'transition.suspend': '일시정지',
  'transition.resume': '정지 해제',
  'transition.terminate': '해지',
  'transition.complete': '변경 반영 완료',
  'transition.complete_termination': '해지 완료',
  'transition.force_terminate': '직권해지',
  'guard.hqStep': '본사가 처리하는 단계입니다. 동기화하면 결과가 반영됩니다.',
  'guard.saveQuote': '견적을 먼저 저장하세요.',
  'guard.quotePending': '견적이 본사 승인 대기 중입니다. BM·컨설팅 담당자의 승인을 받은 뒤(동기화로 전달됨) 고객 날인을 받으세요.',
  'guard.quoteRefused': '본사가 견적을 반려했습니다. 반려 사유를 확인하고 견적을 고쳐 새 버전으로 저장하세요.',
  'guard.serviceNumber': '서비스번호(J+8자리)가 아직 없습니다. 본사 S/O 처리 후 동기화하세요.',
  'guard.provisioning': '검수 전에 끝내야 할 개통 단계가 남아 있습니다. 개통 진행표에서 확인하세요.',
  'guard.delivery': '납품(검수) 확인서(#5)에 인계자·인수자 서명을 모두 받아야 서비스를 오픈할 수 있습니다.',
  'guard.settlement': '청구/정산 요청서를 먼저 작성하세요 (납품확인서 #5 첨부).',
  'guard.suspension': '일시정지는 1~6개월 기간을 적은 변경신청서(#4)에 고객 서명을 받아야 합니다 (이용약관 제13조).',
  'guard.termination': '해지 신청서(#1, 해지 표시)에 고객 서명을 받아야 합니다.',
  // Provisioning (개통) steps: owners, labels, how the due date is set, reminders.
  'owner.rep': '영업대표',
  'owner.imo': 'IMO운용센터',
  'owner.bridgetec': '브리지텍',
  'owner.nexfron': '넥스프론',
  'owner.deltalink': '델타링크',
  'owner.samjung': '삼정씨브이지',
  'owner.staffing': '인력 위탁사 (KTIS/KTCS)',
  'owner.customer': '고객사',
  'step.serviceNumberLater': 'J________ (S/O 처리 후 부여)',
  'step.line-order.vpn': 'VPN 회선 청약 (KT 고객센터) 및 IMO운용센터 개통 협조 요청',
  'step.line-order.leased': '전용회선 청약 (KT 고객센터)',
  'step.line-order.vpn.rule': 'S/O 처리로 서비스번호를 받은 다음 영업일 (VPN 신청서에 번호 기재)',
  'step.line-order.leased.rule': '청약서 접수 직후 (다음 영업일)',
  'step.line-order.vpn.reminder': 'VPN 신청서에 콜센터서비스 접속용 회선의 서비스번호({{serviceNumber}})를 반드시 기재하세요. 라우터는 회선과 함께 KT 임대로 개통됩니다.',
  'step.router-request': '라우터 공급 요청 (델타링크)',
  'step.router-request.rule': '전용회선 설치 3~4일 전, 주말이면 그 전 금요일 (설치일을 입력하면 계산됩니다)',
  'step.router-request.reminder': '전용회선은 KT 라우터 임대가 안 되므로, 회선 개통 즉시 설치되도록 델타링크에 라우터 공급을 요청하세요.',
  'step.ip-assign': '고객사 IP 배정 및 라우터 설정 지원',
  'step.ip-assign.rule': '회선·라우터 설치일',
  'step.headset': '헤드셋·IP전화기 납품',
  'step.headset.rule': '회선 설치일까지',
  'step.softphone-training': '소프트폰 설치 후 콜센터솔루션 사용자 교육',
  'step.twoDaysBefore.rule': '검수일 2일 전까지',
  'step.app-setup-training': '상담어플리케이션 설정 및 사용자 교육',
  'step.agent-hiring': '상담원 채용 및 C/S 교육 (업무교육 포함 시 1~2개월 추가)',
  'step.agent-hiring.rule': '계약 전 협의한 일정, 늦어도 검수 전날',
  'step.ars-recording': 'ARS 시나리오(멘트) 녹음 및 적용 — 최초 1회 무료',
  'step.ars-recording.rule': '매주 목요일 녹음: 시나리오를 받은 날 이후 첫 목요일',
  'step.ars-recording.reminder': '이후 변경 녹음은 실비 청구됩니다.',
  'step.icis': '지능망 착신번호 ICIS 등록 및 정상처리 확인 (브리지텍에서 DID/DOD 번호 수령)',
  'step.icis.rule': '콜센터 오픈 전 (검수일 전날까지)',
  'step.final-test': '호분배 및 ARS 최종 테스트',
  'step.final-test.rule': '검수일 전날까지',
  'step.acceptance': '검수 및 납품(검수) 확인서(#5) 서명 → 서비스 오픈',
  'step.acceptance.rule': '고객과 합의한 검수일',
  'step.notify-settlement': '고객정산팀에 납품(검수) 확인서(#5) 통보',
  'step.notify-settlement.agents': '고객정산팀에 #5 통보 (상담원 복무확인서는 위탁사가 통보)',
  'step.notify-settlement.rule': '오픈 다음 영업일',
} as const;

export type MessageKey = keyof typeof ko;

const en: Record<MessageKey, string> = {
  'form.1': 'Form #1 Application',
  'form.2': 'Form #2 Terms of service',
  'form.3': 'Form #3 Price list',
  'form.4': 'Form #4 Change request',
  'form.5': 'Form #5 Delivery confirmation',
  'form.6': 'Form #6 Contact list',
  'form.quote': 'Quote',
  'form.settlement': 'Billing & settlement request',
  'form.contract': 'Contract draft',
  'form.internal': 'Internal',
  'area.applicant': 'Applicant',
  'area.consent-collection': 'Consent to collection and use of personal data',
  'area.consent-third-party': 'Consent to provision to third parties',
  'area.terms-confirmation': 'Confirmation',
  'area.change-applicant': 'Applicant',
  'area.delivery-handover': 'Handed over by',
  'area.delivery-receiver': 'Received by',
  'area.quote-customer': 'Customer confirmation',
  'area.settlement-requester': 'Requester',
  'area.contract-customer': 'Customer',
  'area.contract-kt': 'KT',
  'signBlock.quotePending': 'The quote is waiting for HQ approval, so it cannot be sealed yet. Take the seal after the BM/consulting approval arrives by sync.',
  'signBlock.quoteRefused': 'HQ refused the quote. Correct it, save it as a new version, then take the seal.',
  'signBlock.delivery':
    'The delivery confirmation (#5) is signed at acceptance, after provisioning is finished and acceptance requested. Move the provisioning steps forward on the progress page first.',
  'pack.networkPreReview': 'Review of the customer’s network beforehand',
  'pack.form1': 'Application (#1) signed by the applicant',
  'pack.consentCollection': 'Consent to collection and use of personal data signed',
  'pack.consentThirdParty': 'Consent to provision to third parties signed',
  'pack.consent.collection': 'Consent to collection and use of personal data (required)',
  'pack.form2': 'Terms of service (#2) confirmed and sealed',
  'pack.quote': 'Quote sealed',
  'pack.contract': 'Contract (legal-reviewed) signed',
  'pack.form4': 'Change request (#4) signed',
  'pack.form1Termination': 'Termination application (#1) signed',
  'pack.businessRegistration': 'Copy of the business registration certificate',
  'pack.signedContract': 'Copy of the signed contract',
  'pack.missing': 'Missing: {{item}}.',
  'transition.quote': 'Quote done',
  'transition.sign': 'Signing done',
  'transition.submit': 'Submit to HQ',
  'transition.revise': 'Sign again (content changed)',
  'transition.rewrite': 'Rework',
  'transition.so_process': 'S/O processing',
  'transition.reject': 'Reject',
  'transition.decline': 'Decline',
  'transition.start_provisioning': 'Start provisioning',
  'transition.request_acceptance': 'Request acceptance',
  'transition.open': 'Open the service',
  'transition.request_billing': 'Request billing',
  'transition.activate': 'Active',
  'transition.suspend': 'Suspend',
  'transition.resume': 'Resume',
  'transition.terminate': 'Terminate',
  'transition.complete': 'Change applied',
  'transition.complete_termination': 'Termination done',
  'transition.force_terminate': 'Force-terminate',
  'guard.hqStep': 'HQ takes this step. Sync to receive the result.',
  'guard.saveQuote': 'Save a quote first.',
  'guard.quotePending': 'The quote is waiting for HQ approval. Take the customer’s seal after the BM/consulting approval (it arrives by sync).',
  'guard.quoteRefused': 'HQ refused the quote. Read the reason, correct the quote and save it as a new version.',
  'guard.serviceNumber': 'No service number (J + 8 digits) yet. Sync after HQ’s S/O processing.',
  'guard.provisioning': 'Provisioning steps due before acceptance are still open. Check the provisioning tracker.',
  'guard.delivery': 'The delivery confirmation (#5) needs both the handover and the receiver signatures before the service opens.',
  'guard.settlement': 'Create the billing & settlement request first (with the delivery confirmation #5 attached).',
  'guard.suspension': 'A suspension needs the customer’s signature on a change request (#4) stating 1–6 months (terms art. 13).',
  'guard.termination': 'The termination application (#1, marked termination) needs the customer’s signature.',
  'owner.rep': 'Sales rep',
  'owner.imo': 'IMO operations center',
  'owner.bridgetec': 'Bridgetec',
  'owner.nexfron': 'Nexfron',
  'owner.deltalink': 'DeltaLink',
  'owner.samjung': 'Samjung CVG',
  'owner.staffing': 'Staffing agency (KTIS/KTCS)',
  'owner.customer': 'Customer',
  'step.serviceNumberLater': 'J________ (given at S/O processing)',
  'step.line-order.vpn': 'Order the VPN line (KT customer center) and ask the IMO operations center to help open it',
  'step.line-order.leased': 'Order the leased line (KT customer center)',
  'step.line-order.vpn.rule': 'The business day after S/O processing gives the service number (write it on the VPN application)',
  'step.line-order.leased.rule': 'Right after the application is received (next business day)',
  'step.line-order.vpn.reminder': 'Write the service number of the call-center access line ({{serviceNumber}}) on the VPN application. The router is leased from KT with the line.',
  'step.router-request': 'Request the router (DeltaLink)',
  'step.router-request.rule': '3–4 days before the leased line is installed, the Friday before on a weekend (computed once the install date is entered)',
  'step.router-request.reminder': 'KT does not lease routers for leased lines: ask DeltaLink to supply one so it is installed as the line opens.',
  'step.ip-assign': 'Assign the customer’s IPs and help set up the router',
  'step.ip-assign.rule': 'Line and router install date',
  'step.headset': 'Deliver headsets and IP phones',
  'step.headset.rule': 'By the line install date',
  'step.softphone-training': 'Install the softphone and train users on the call-center solution',
  'step.twoDaysBefore.rule': 'Two days before acceptance',
  'step.app-setup-training': 'Set up the counseling application and train users',
  'step.agent-hiring': 'Hire agents and train them in C/S (1–2 more months with business training)',
  'step.agent-hiring.rule': 'As agreed before the contract, at the latest the day before acceptance',
  'step.ars-recording': 'Record and apply the ARS scenario — the first time free',
  'step.ars-recording.rule': 'Recorded on Thursdays: the first Thursday after the scenario arrives',
  'step.ars-recording.reminder': 'Later re-recordings are billed at cost.',
  'step.icis': 'Register the intelligent-network numbers in ICIS and check them (DID/DOD numbers from Bridgetec)',
  'step.icis.rule': 'Before the call center opens (by the day before acceptance)',
  'step.final-test': 'Final test of call distribution and ARS',
  'step.final-test.rule': 'By the day before acceptance',
  'step.acceptance': 'Acceptance and signing of the delivery confirmation (#5) → service opens',
  'step.acceptance.rule': 'The acceptance date agreed with the customer',
  'step.notify-settlement': 'Notify the customer settlement team of the delivery confirmation (#5)',
  'step.notify-settlement.agents': 'Notify the customer settlement team of #5 (the staffing agency reports the agents’ service record)',
  'step.notify-settlement.rule': 'The business day after opening',
};

export const MESSAGES: Record<'ko' | 'en', Record<MessageKey, string>> = { ko, en };
export type MessageLanguage = keyof typeof MESSAGES;

/** A message to show: its key and the values for its {{params}}. */
export interface Msg {
  key: MessageKey;
  params?: Record<string, string | number> | undefined;
}

export const msgSchema = z.object({
  key: z.enum(Object.keys(ko) as [MessageKey, ...MessageKey[]]),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export const msg = (key: MessageKey, params?: Record<string, string | number>): Msg => (params ? { key, params } : { key });

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(ko, key);
}

/** The message in a language (Korean by default: what the CLI, HQ and stored records say). */
export function messageText(m: Msg, language: MessageLanguage = 'ko'): string {
  // {{name}} is a value; a value that is itself a message key is shown in the same language, and
  // {{name:iGa}} adds the Korean subject particle (이/가) that agrees with it.
  return MESSAGES[language][m.key].replace(/\{\{(\w+)(?::(iGa))?\}\}/g, (whole, name: string, particle: string | undefined) => {
    const v = m.params?.[name];
    if (v === undefined) return whole;
    const shown = typeof v === 'string' && isMessageKey(v) ? MESSAGES[language][v] : String(v);
    return particle ? iGa(shown) : shown;
  });
}
