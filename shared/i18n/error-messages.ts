import { eulReul, eunNeun, iGa } from '../format/josa';
import { STATUS_LABELS } from '../domain/status';
import { isMessageKey, messageText, type Msg } from './messages';

/**
 * Errors in both languages (issue 11, item 12): the refusals, validation failures and field issues
 * the core, `shared/` and the dispatcher raise, behind stable keys. The Korean is the one source of
 * the text an error carries (`message`, what the CLI, HQ and logs show); the wire error carries the
 * key and params beside it, and the renderer shows the English with `localizeWireError` /
 * `errorMessageText` when the UI is in English.
 *
 * Placeholders: `{{name}}` is a value, `{{name:eulReul}}` / `{{name:eunNeun}}` / `{{name:iGa}}` add
 * the Korean particle that agrees with it (English ignores the suffix). A value that is a field
 * label (FIELD_LABELS_EN) or a status, or itself a keyed message, is shown in the same language.
 *
 * `en` is typed `Record<ErrorKey, string>`, so a key without its English does not compile;
 * test/unit/shared/error-messages.test.ts checks both languages use the same params.
 */
const ko = {
  // The dispatcher and the contract boundary.
  'err.unknownChannel': "'{{channel}}' 기능을 찾을 수 없습니다. 앱 버전이 서로 다를 수 있으니 앱을 다시 시작하거나 업데이트하세요.",
  'err.internal': '처리 중 예기치 않은 오류가 났습니다. 다시 시도하고, 계속되면 오류 번호 {{incident}}를 지원팀에 알려 주세요.',
  'err.invalidInput': '{{subject:eulReul}} 확인하세요: {{first}}',
  'err.invalidInputMore': '{{subject:eulReul}} 확인하세요: {{first}} 외 {{more}}건의 문제가 더 있습니다.',
  'err.checkValue': '값을 확인하세요.',
  /** A screen message (shared/i18n/messages.ts) raised as an error as it is. */
  'err.message': '{{text}}',
  // zod's own issues (koreanErrorMap): `where` is the field's place in the input.
  'zod.unrecognizedKeys': '알 수 없는 항목 {{keys}}이(가) 있습니다 (위치: {{where}}). 철자를 확인하거나 이 항목을 지우세요.',
  'zod.required': "'{{where}}' 항목이 필요합니다. 값을 입력하세요.",
  'zod.invalidType': "'{{where}}' 항목의 형식이 맞지 않습니다 ({{expected}} 필요).",
  'zod.invalidValue': "'{{where}}' 값은 {{values}} 중 하나여야 합니다.",
  'zod.tooSmall': "'{{where}}' 값이 너무 작거나 짧습니다.",
  'zod.tooBig': "'{{where}}' 값이 너무 크거나 깁니다.",
  'zod.invalidFormat': "'{{where}}' 형식이 올바르지 않습니다.",
  'zod.check': "'{{where}}' 값을 확인하세요.",
  // Field builders (shared/domain/fields.ts, text.ts).
  'field.enter': '{{label:eulReul}} 입력하세요.',
  'field.choose': '{{label:eulReul}} 지정하세요.',
  'field.check': '{{label:eulReul}} 확인하세요.',
  'field.text': '{{label:eunNeun}} 글자로 입력하세요.',
  'field.textExample': '{{label:eunNeun}} 글자로 입력하세요 (예: {{example}}).',
  'field.minChars': '{{label:eunNeun}} {{min}}자 이상 입력하세요.',
  'field.maxChars': '{{label:eunNeun}} {{max}}자 이하로 입력하세요.',
  'field.surrogate': '{{label}}에 깨진 문자(짝이 없는 유니코드 반쪽 문자)가 있습니다. 그 부분을 지우고 다시 입력하세요.',
  'field.control': '{{label}}에 보이지 않는 제어 문자(줄바꿈·탭 등)가 들어 있습니다. 한 줄로 다시 입력하세요.',
  'field.controlLines': '{{label}}에 보이지 않는 제어 문자가 들어 있습니다. 복사해 붙인 내용이라면 직접 다시 입력하세요 (줄바꿈과 탭은 쓸 수 있습니다).',
  'field.residentNumber': '{{label}}에 주민등록번호로 보이는 숫자가 있습니다. 주민등록번호는 이 칸에 적지 않습니다. 그 숫자를 지우고 다시 입력하세요.',
  'field.pathSeparator': '{{label:eulReul}} 폴더 구분자(/ 또는 \\) 없이 입력하세요.',
  'field.fileName': '{{label:eulReul}} 파일 이름으로 입력하세요.',
  'field.dateFormat': '{{label:eunNeun}} YYYY-MM-DD 형식으로 입력하세요.',
  'field.realDate': '{{label:eunNeun}} 실제 날짜를 YYYY-MM-DD 형식으로 입력하세요 (예: 2026-11-22).',
  'field.number': '{{label:eunNeun}} 숫자로 입력하세요.',
  'field.integer': '{{label:eunNeun}} 정수로 입력하세요.',
  'field.atLeast': '{{label:eunNeun}} {{min}} 이상이어야 합니다.',
  'field.atMost': '{{label:eunNeun}} {{max}} 이하여야 합니다.',
  'field.moneyNumber': '{{label:eunNeun}} 숫자(원 단위 정수)로 입력하세요.',
  'field.moneyTooBig': '{{label:iGa}} 너무 큽니다 (1조 원 이하로 입력하세요).',
  'field.moneyInteger': '{{label:eunNeun}} 원 단위 정수로 입력하세요 (소수점 불가).',
  'field.uuid': '{{label}} 형식이 올바르지 않습니다 (UUID).',
  'field.phoneReason': '{{label}}: {{reason}}',
  // Korean numbers (shared/format): what is wrong with the digits typed.
  'bizno.chars': '사업자등록번호는 숫자와 하이픈(-)만 쓸 수 있습니다.',
  'bizno.length': '사업자등록번호는 숫자 10자리입니다 (입력: {{digits}}자리).',
  'bizno.office': '사업자등록번호의 앞 세 자리(세무서 번호)는 000일 수 없습니다. 사업자등록증과 대조해 주세요.',
  'bizno.checkDigit': '사업자등록번호의 검증번호(마지막 자리)가 맞지 않습니다. 사업자등록증과 대조해 주세요.',
  'corpno.chars': '법인등록번호는 숫자와 하이픈(-)만 쓸 수 있습니다.',
  'corpno.length': '법인등록번호는 숫자 13자리입니다 (입력: {{digits}}자리).',
  'corpno.office': '법인등록번호의 앞 네 자리(등기관서 번호)는 0000일 수 없습니다. 법인등기부등본과 대조해 주세요.',
  'corpno.checkDigit': '법인등록번호의 검증번호(마지막 자리)가 맞지 않습니다. 법인등기부등본과 대조해 주세요.',
  'phone.chars': '숫자와 하이픈(-)만 쓸 수 있습니다.',
  'phone.short': '번호가 너무 짧습니다. 지역번호를 포함해 입력하세요 (예: 02-123-4567).',
  'phone.long': '번호가 너무 깁니다. 번호를 다시 확인하세요.',
  'phone.prefix': '사용할 수 없는 전화번호입니다. 지역번호·휴대전화 앞자리를 확인하세요 (예: 02-123-4567, 010-1234-5678, 1588-1234).',
  'phone.repNumber': '대표번호(1588·1644·1899 등)는 8자리입니다. 그 밖의 번호는 0으로 시작하는 지역번호나 휴대전화 번호로 입력하세요 (예: 1588-1234, 02-123-4567).',
  // The application schema (shared/domain/application.ts).
  'app.serviceNumberText': '서비스번호는 글자로 입력하세요 (예: J00001587).',
  'app.serviceNumber': '서비스번호는 J 다음에 숫자 8자리입니다 (예: J00001587).',
  'app.productCodeMissing': '상품 코드를 입력하세요.',
  'app.productCode': '상품 코드는 영문 소문자·숫자·하이픈입니다 (예: asp-basic).',
  'app.kind': '신청 구분은 new(신규), change(변경), termination(해지) 중 하나입니다.',
  'app.term': '약정기간은 none(무약정), 12m, 24m, 36m 중 하나입니다.',
  'app.itemsArray': '상품 목록(items)은 배열로 입력하세요.',
  'app.itemsMax': '상품은 50줄까지 입력할 수 있습니다.',
  'app.itemTwice': "상품 '{{code}}'이(가) 두 번 있습니다. 한 줄로 합쳐 수량을 입력하세요.",
  'app.termEndOnlyNone': '종료일(termEnd)은 무약정(none)일 때만 적습니다. 약정기간이 있으면 종료일을 지우세요.',
  'app.termEndAfterDate': '무약정 종료일은 신청일 이후여야 합니다.',
  'quote.itemsMin': '견적에 상품을 한 줄 이상 넣으세요.',
  // Refusals of the lifecycle (shared/lifecycle).
  'life.unknownStep': '알 수 없는 단계입니다: {{event}}',
  'life.notForKind': "'{{step}}'은(는) 이 종류의 청약에는 없는 단계입니다.",
  'life.notNow': "지금 상태에서는 '{{step}}'을(를) 할 수 없습니다.",
  'life.hqStep': "'{{step}}'은(는) 본사가 처리하는 단계입니다. 동기화하면 결과가 반영됩니다.",
  'life.guarded': "'{{step}}'을(를) 할 수 없습니다: {{reasons}}",
  'life.frozen': "'{{status}}' 상태의 청약은 {{part}}을(를) 고칠 수 없습니다: 고객이 서명하고 본사에 제출한 내용은 그대로 남습니다. {{remedy}}",
  'life.part.application': '청약 내용',
  'life.part.quote': '견적',
  'life.part.form': '신청 서류 내용',
  'life.remedy.change':
    "이용 중인 서비스의 내용(상품·수량·약정 등)을 바꾸려면 변경 신청(양식 #4)을 작성하세요: 진행 관리의 '변경 신청 만들기'로 지금 내용을 바탕으로 새 변경 신청서를 만들 수 있습니다.",
  'life.remedy.await_so': '본사가 처리 중입니다. S/O 처리로 서비스번호가 부여되면 변경 신청(양식 #4)을 작성할 수 있습니다. 그 전에 고쳐야 하면 본사에 반려를 요청하세요.',
  'life.remedy.none': '이 청약은 끝났거나 더 바꿀 수 없는 청약이라 기록으로만 남습니다.',
  'life.voids': '이 변경으로 이미 받은 서명 {{count}}건이 무효가 됩니다: {{voids}}.{{back}} 무효로 하고 저장하려면 확인하세요 (무효가 된 서명도 기록으로 남습니다).',
  'life.voidsBack': " 청약은 '{{status}}' 상태로 돌아가 서명을 다시 받아야 합니다.",
  'life.attachmentFrozen': "'{{status}}' 상태의 청약은 첨부 서류를 지울 수 없습니다: 본사에 제출한 서류는 기록으로 남습니다. 잘못 올린 파일이 있으면 올바른 파일을 더 올리고 본사에 알리세요.",
  'life.suspendMonths': '일시정지 기간은 1개월 이상 6개월 이하입니다 (이용약관 제13조).',
  'customer.renamed':
    "사업자등록번호 {{businessNumber}}은(는) '{{registeredName}}'(으)로 등록되어 있습니다 (청약 {{applications}}건). 상호가 '{{typedName}}'(으)로 바뀐 것이면 '상호 변경'(새 상호를 고객 정보와 작성 중인 청약에 반영하고 기록, 서명된 서류는 그대로)을, 잘못 입력한 것이면 '기존 상호 유지'를 고르세요.",
  // HQ (server/http.ts parseRequest): a request part that does not parse.
  'hq.invalidRequest': '{{subject:iGa}} 올바르지 않습니다: {{first}}{{where}}{{more}}. 보낸 내용은 적용되지 않았습니다.',
  'hq.where': ' (위치: {{path}})',
  'hq.more': ' 외 {{count}}건',
  'hq.checkFormat': '형식을 확인하세요.',
  // The core's refusals (electron/core).
  'core.notFound': '{{what}}(ID {{id}})을(를) 찾을 수 없습니다. 목록을 새로 고친 뒤 다시 선택하세요.',
  'core.applicationNotFound': '청약(ID {{id}})을 찾을 수 없습니다. 목록을 새로 고친 뒤 다시 선택하세요.',
  'core.applicationConflict': '이 청약은 다른 곳(다른 창, CLI 또는 동기화)에서 먼저 수정되었습니다. 최신 내용을 다시 불러온 뒤 변경 사항을 다시 입력하세요.',
  'core.discardConflict': '이 청약은 다른 곳에서 먼저 수정되었습니다. 목록을 새로 고친 뒤 다시 삭제하세요.',
  'core.discardNotDraft': '작성 중인 청약만 삭제할 수 있습니다. 견적·서명이 있는 청약은 기록으로 남습니다. 더 진행하지 않으려면 취소 처리하세요.',
  'core.workflowEnded': "'{{status}}' 상태의 청약은 개통 진행표를 고칠 수 없습니다. 기록은 그대로 남아 있습니다.",
  'core.deriveNeedsServiceNumber': '서비스번호(J+8자리)가 부여된 청약만 변경·해지 신청을 만들 수 있습니다. 본사 S/O 처리 후 동기화하세요.',
  'core.quoteAppNotFound': '견적을 붙일 청약을 찾을 수 없습니다. 청약 목록에서 다시 선택하세요.',
  'core.quoteNotFound': '견적을 찾을 수 없습니다. 견적 목록을 새로 고치세요.',
  'core.formNotOnApplication': '이 청약에는 양식 {{form}}이(가) 없습니다.',
  'core.signNotYet': '아직 서명할 수 없습니다: {{reason}}',
  'core.noSuchArea': "{{title}}에는 '{{area}}' 서명란이 없습니다.",
  'core.attachmentNotFound': '첨부 서류를 찾을 수 없습니다. 이미 지웠을 수 있으니 화면을 새로 고치세요.',
  'core.fileEmpty': '빈 파일입니다. 파일을 다시 고르세요.',
  'core.fileTooBig': '파일이 너무 큽니다 ({{mb}}MB). 20MB 이하로 줄여서 다시 올리세요.',
  'core.fileType': '지원하지 않는 파일 형식입니다. {{types}} 파일을 고르세요.',
  'core.fileMissing': '첨부 파일을 이 기기에서 찾을 수 없습니다. 동기화로 다시 받거나 파일을 다시 올리세요.',
  'core.fileDamaged': '이 기기의 첨부 파일이 손상되었습니다. 동기화로 다시 받거나 파일을 다시 올리세요.',
  'core.jobNotFound': '작업을 찾을 수 없습니다 (오래되어 지워졌을 수 있습니다). 다시 시작하세요.',
  'core.notEnrolled': '이 기기는 아직 본사에 등록되지 않았습니다. 동기화 화면에서 본사 서버 주소와 등록 코드를 입력하세요.',
  'core.restoreWhileSyncing': '동기화 중에는 백업을 복원할 수 없습니다. 동기화가 끝난 뒤 다시 시도하세요.',
  'core.restoreWhileCli': '명령줄 도구(프로세스 {{pid}})가 이 데이터 폴더를 쓰고 있어 복원하지 않았습니다. 그 명령이 끝난 뒤 다시 복원하세요. 지금 저장소는 그대로입니다.',
  'core.restoreWhileHost': '앱 또는 웹 호스트(프로세스 {{pid}})가 이 데이터 폴더를 쓰고 있어 복원하지 않았습니다. 그것을 닫은 뒤 다시 복원하세요. 지금 저장소는 그대로입니다.',
  'core.restoreWhileOpen': '다른 프로그램(앱, 웹 호스트 또는 명령줄 도구)이 이 저장소를 열어 두고 있어 복원하지 않았습니다. 그것을 닫은 뒤 다시 복원하세요. 지금 저장소는 그대로입니다.',
  'core.repairWhileInUse':
    '저장소 파일이 없거나 손상되어 열 수 없는데, 다른 프로그램(프로세스 {{pid}})이 이 데이터 폴더를 쓰고 있어 백업으로 복구하지 않았습니다. 그 프로그램이 백업을 복원하는 중일 수 있습니다. 그것이 끝나거나 닫힌 뒤 다시 실행하세요. 저장소와 백업은 건드리지 않았습니다.',
  'core.restoreBackupFailed': '복원 전에 지금 저장소를 백업하지 못해 복원하지 않았습니다 ({{detail}}). 디스크 공간을 확인한 뒤 다시 복원하세요. 지금 저장소는 그대로입니다.',
  'core.closed': '저장소가 닫히는 중(앱·웹 호스트 종료)이라 처리하지 않았습니다. 다시 연 뒤 다시 시도하세요.',
  'core.storeNotReopened':
    '복원이 끝나지 않은 뒤 저장소를 다시 열지 못했습니다: {{detail}} 다른 프로그램이 이 데이터 폴더를 쓰고 있다면 그것이 끝나거나 닫힌 뒤 다시 시도하세요. 계속되면 앱을 다시 시작하세요.',
  'core.outboxGone': '이미 처리되었거나 없는 변경입니다. 동기화 화면을 새로 고친 뒤 다시 고르세요.',
  'core.outboxRecordGone': '이 기기에 그 기록이 더 이상 없어 다시 보낼 수 없습니다. 버리기를 고르세요.',
} as const;

export type ErrorKey = keyof typeof ko;

const en: Record<ErrorKey, string> = {
  'err.unknownChannel': "The function '{{channel}}' was not found. The app versions may differ: restart or update the app.",
  'err.internal': 'Something unexpected went wrong. Try again; if it keeps happening, tell support the error number {{incident}}.',
  'err.invalidInput': 'Check the {{subject}}: {{first}}',
  'err.invalidInputMore': 'Check the {{subject}}: {{first}} ({{more}} more problems)',
  'err.checkValue': 'Check the value.',
  'err.message': '{{text}}',
  'zod.unrecognizedKeys': 'Unknown item {{keys}} (at: {{where}}). Check the spelling or remove it.',
  'zod.required': "'{{where}}' is required. Enter a value.",
  'zod.invalidType': "'{{where}}' has the wrong type ({{expected}} expected).",
  'zod.invalidValue': "'{{where}}' must be one of {{values}}.",
  'zod.tooSmall': "'{{where}}' is too small or too short.",
  'zod.tooBig': "'{{where}}' is too large or too long.",
  'zod.invalidFormat': "'{{where}}' is not in the right format.",
  'zod.check': "Check '{{where}}'.",
  'field.enter': 'Enter the {{label}}.',
  'field.choose': 'Choose the {{label}}.',
  'field.check': 'Check the {{label}}.',
  'field.text': 'Enter the {{label}} as text.',
  'field.textExample': 'Enter the {{label}} as text (e.g. {{example}}).',
  'field.minChars': 'Enter at least {{min}} characters for the {{label}}.',
  'field.maxChars': 'Enter at most {{max}} characters for the {{label}}.',
  'field.surrogate': 'The {{label}} contains a broken character (half of a Unicode pair). Delete it and type again.',
  'field.control': 'The {{label}} contains invisible control characters (line breaks, tabs). Type it again on one line.',
  'field.controlLines': 'The {{label}} contains invisible control characters. If it was pasted, type it yourself (line breaks and tabs are fine).',
  'field.residentNumber': 'The {{label}} contains what looks like a resident registration number. That number does not belong here: delete it and type again.',
  'field.pathSeparator': 'Enter the {{label}} without folder separators (/ or \\).',
  'field.fileName': 'Enter the {{label}} as a file name.',
  'field.dateFormat': 'Enter the {{label}} as YYYY-MM-DD.',
  'field.realDate': 'Enter a real date for the {{label}} as YYYY-MM-DD (e.g. 2026-11-22).',
  'field.number': 'Enter the {{label}} as a number.',
  'field.integer': 'Enter the {{label}} as a whole number.',
  'field.atLeast': 'The {{label}} must be at least {{min}}.',
  'field.atMost': 'The {{label}} must be at most {{max}}.',
  'field.moneyNumber': 'Enter the {{label}} as a number (whole won).',
  'field.moneyTooBig': 'The {{label}} is too large (enter at most 1 trillion won).',
  'field.moneyInteger': 'Enter the {{label}} in whole won (no decimals).',
  'field.uuid': 'The {{label}} is not in the right format (UUID).',
  'field.phoneReason': '{{label}}: {{reason}}',
  'bizno.chars': 'A business registration number has only digits and hyphens (-).',
  'bizno.length': 'A business registration number has 10 digits (typed: {{digits}}).',
  'bizno.office': 'The first three digits of a business registration number (the tax office) cannot be 000. Compare it with the registration certificate.',
  'bizno.checkDigit': 'The check digit (the last one) of the business registration number does not match. Compare it with the registration certificate.',
  'corpno.chars': 'A corporate registration number has only digits and hyphens (-).',
  'corpno.length': 'A corporate registration number has 13 digits (typed: {{digits}}).',
  'corpno.office': 'The first four digits of a corporate registration number (the registry office) cannot be 0000. Compare it with the corporate register.',
  'corpno.checkDigit': 'The check digit (the last one) of the corporate registration number does not match. Compare it with the corporate register.',
  'phone.chars': 'Use only digits and hyphens (-).',
  'phone.short': 'The number is too short. Include the area code (e.g. 02-123-4567).',
  'phone.long': 'The number is too long. Check it again.',
  'phone.prefix': 'This phone number cannot be used. Check the area code or mobile prefix (e.g. 02-123-4567, 010-1234-5678, 1588-1234).',
  'phone.repNumber': 'A representative number (1588, 1644, 1899…) has 8 digits. Other numbers start with 0: an area code or a mobile prefix (e.g. 1588-1234, 02-123-4567).',
  'app.serviceNumberText': 'Enter the service number as text (e.g. J00001587).',
  'app.serviceNumber': 'A service number is J followed by 8 digits (e.g. J00001587).',
  'app.productCodeMissing': 'Enter the product code.',
  'app.productCode': 'A product code is lowercase letters, digits and hyphens (e.g. asp-basic).',
  'app.kind': 'The application type is new, change or termination.',
  'app.term': 'The term is none, 12m, 24m or 36m.',
  'app.itemsArray': 'The product list (items) must be a list.',
  'app.itemsMax': 'At most 50 product lines.',
  'app.itemTwice': "The product '{{code}}' is listed twice. Merge them into one line with the total quantity.",
  'app.termEndOnlyNone': 'The end date (termEnd) is only for no-term applications. Clear it when a term is chosen.',
  'app.termEndAfterDate': 'The no-term end date must be after the application date.',
  'quote.itemsMin': 'Put at least one product line in the quote.',
  'life.unknownStep': 'Unknown step: {{event}}',
  'life.notForKind': "'{{step}}' is not a step of this kind of application.",
  'life.notNow': "'{{step}}' cannot be done in the current status.",
  'life.hqStep': "HQ takes the step '{{step}}'. Sync to receive the result.",
  'life.guarded': "'{{step}}' cannot be done: {{reasons}}",
  'life.frozen': "An application in status '{{status}}' cannot have its {{part}} changed: what the customer signed and was submitted to HQ stays as it is. {{remedy}}",
  'life.part.application': 'content',
  'life.part.quote': 'quote',
  'life.part.form': 'form details',
  'life.remedy.change': "To change a service in use (products, quantities, term), write a change request (form #4): 'Create change request' under Progress starts one from the current content.",
  'life.remedy.await_so': 'HQ is processing it. Once S/O processing gives the service number you can write a change request (form #4). If it must be corrected before that, ask HQ to reject it.',
  'life.remedy.none': 'This application has ended or can no longer change; it stays as a record.',
  'life.voids': 'This change voids {{count}} signature(s) already taken: {{voids}}.{{back}} Confirm to void them and save (voided signatures stay on record).',
  'life.voidsBack': " The application goes back to '{{status}}' to collect the signatures again.",
  'life.attachmentFrozen':
    "Attachments of an application in status '{{status}}' cannot be removed: the papers submitted to HQ stay on record. If a wrong file was uploaded, upload the right one as well and tell HQ.",
  'life.suspendMonths': 'A suspension lasts 1 to 6 months (terms art. 13).',
  'customer.renamed':
    "Business number {{businessNumber}} is registered as '{{registeredName}}' ({{applications}} applications). If the company was renamed to '{{typedName}}', choose 'Renamed' (the new name goes to the customer and the applications being written, recorded; signed papers keep theirs); if it was a typo, choose 'Keep the registered name'.",
  'hq.invalidRequest': 'Invalid {{subject}}: {{first}}{{where}}{{more}}. Nothing you sent was applied.',
  'hq.where': ' (at {{path}})',
  'hq.more': ' and {{count}} more',
  'hq.checkFormat': 'Check the format.',
  'core.notFound': 'The {{what}} (ID {{id}}) was not found. Refresh the list and choose again.',
  'core.applicationNotFound': 'The application (ID {{id}}) was not found. Refresh the list and choose again.',
  'core.applicationConflict': 'This application was changed elsewhere first (another window, the CLI or sync). Load the latest version, then enter your changes again.',
  'core.discardConflict': 'This application was changed elsewhere first. Refresh the list, then delete again.',
  'core.discardNotDraft': 'Only drafts can be deleted. Applications with a quote or signatures stay on record; cancel them if they go no further.',
  'core.workflowEnded': "The provisioning tracker of an application in status '{{status}}' cannot change. The record stays as it is.",
  'core.deriveNeedsServiceNumber': 'Change and termination requests need an application with a service number (J + 8 digits). Sync after HQ’s S/O processing.',
  'core.quoteAppNotFound': 'The application for this quote was not found. Choose it again from the list.',
  'core.quoteNotFound': 'The quote was not found. Refresh the quote list.',
  'core.formNotOnApplication': 'This application has no form {{form}}.',
  'core.signNotYet': 'It cannot be signed yet: {{reason}}',
  'core.noSuchArea': "{{title}} has no signature area '{{area}}'.",
  'core.attachmentNotFound': 'The attachment was not found. It may already be removed: refresh the screen.',
  'core.fileEmpty': 'The file is empty. Choose the file again.',
  'core.fileTooBig': 'The file is too large ({{mb}} MB). Make it 20 MB or less and upload it again.',
  'core.fileType': 'This file type is not supported. Choose a {{types}} file.',
  'core.fileMissing': 'The attachment is not on this device. Receive it again by sync or upload it again.',
  'core.fileDamaged': 'The attachment on this device is damaged. Receive it again by sync or upload it again.',
  'core.jobNotFound': 'The job was not found (it may have been cleared). Start it again.',
  'core.notEnrolled': 'This device is not enrolled with HQ yet. Enter the HQ server address and the enrollment code on the sync screen.',
  'core.restoreWhileSyncing': 'A backup cannot be restored during sync. Try again once sync has finished.',
  'core.restoreWhileCli': 'The command-line tool (process {{pid}}) is using this data folder, so nothing was restored. Restore again once that command has finished. The current store is unchanged.',
  'core.restoreWhileHost': 'The app or the web host (process {{pid}}) is using this data folder, so nothing was restored. Close it, then restore again. The current store is unchanged.',
  'core.restoreWhileOpen':
    'Another program (the app, the web host or the command-line tool) has this store open, so nothing was restored. Close it, then restore again. The current store is unchanged.',
  'core.repairWhileInUse':
    'The store file is missing or damaged, and another program (process {{pid}}) is using this data folder, so it was not repaired from a backup. That program may be restoring a backup. Run again once it has finished or been closed. The store and the backups were not touched.',
  'core.restoreBackupFailed':
    'The current store could not be backed up before the restore, so nothing was restored ({{detail}}). Check the free disk space, then restore again. The current store is unchanged.',
  'core.closed': 'The store is closing (the app or web host is shutting down), so this was not done. Open it again and retry.',
  'core.storeNotReopened':
    'After a restore that did not go through, the store could not be opened again: {{detail}} If another program is using this data folder, retry once it has finished or been closed. If this goes on, restart the app.',
  'core.outboxGone': 'This change was already handled or is gone. Refresh the sync screen and choose again.',
  'core.outboxRecordGone': 'The record is no longer on this device, so it cannot be sent again. Choose discard.',
};

export const ERROR_MESSAGES: Record<'ko' | 'en', Record<ErrorKey, string>> = { ko, en };
export type ErrorLanguage = keyof typeof ERROR_MESSAGES;

/** A param: a value, or nested keyed messages (errors or screen words, shown in the same language; a list joins with spaces). */
type ErrorParam = string | number | ErrorMsg | Msg | (ErrorMsg | Msg)[];
export type ErrorParams = Record<string, ErrorParam>;

/** A keyed error message: its key and the values for its {{params}}. */
export interface ErrorMsg {
  key: ErrorKey;
  params?: ErrorParams | undefined;
}

/** The words a param value may be (field labels, subjects, statuses) in English; unknown words stay as they are. */
const WORDS_EN: Record<string, string> = {
  입력값: 'input',
  입력: 'input',
  '견적 요청': 'quote request',
  '법인명(상호)': 'company name',
  사업자등록번호: 'business registration number',
  법인등록번호: 'corporate registration number',
  대표자명: 'representative',
  주소: 'address',
  전화번호: 'phone number',
  이동전화: 'mobile phone',
  '요금납부 법인명': 'billing company name',
  '요금납부 사업자번호': 'billing business number',
  '요금납부 주소': 'billing address',
  '요금납부 전화번호': 'billing phone number',
  '판매자 소속': 'seller’s team',
  '판매자 성명': 'seller’s name',
  '판매자 연락처': 'seller’s phone',
  '영업기회 코드': 'opportunity code',
  신청일: 'application date',
  '무약정 종료일': 'no-term end date',
  수량: 'quantity',
  단가: 'unit price',
  메모: 'memo',
  비고: 'remarks',
  사유: 'reason',
  '변경 사유': 'reason for the change',
  '변경·해지 사유': 'reason for the change or termination',
  '첨부파일 이름': 'attachment name',
  '서명하는 분의 이름': 'signer’s name',
  '기기 이름': 'device name',
  검색어: 'search text',
  고객명: 'customer name',
  회사명: 'company name',
  상호명: 'company name',
  담당자: 'contact person',
  이메일: 'email',
  휴대전화: 'mobile phone',
  전화: 'phone',
  '내보내기 사유': 'export reason',
  '내보내는 사유': 'export reason',
  '사전검토 메모': 'pre-review memo',
  사전검토일: 'pre-review date',
  '회선 설치일': 'line install date',
  '검수(오픈) 예정일': 'planned acceptance (opening) date',
  '서비스 오픈일': 'service opening date',
  'ARS 시나리오 접수일': 'ARS scenario received date',
  '정지 시작일': 'suspension start date',
  완료일: 'completion date',
  시작일: 'start date',
  종료일: 'end date',
  내용: 'content',
  접수자: 'received by',
  ID: 'ID',
  청약: 'application',
  견적: 'quote',
  '접수 건': 'ticket',
  고객: 'customer',
  첨부: 'attachment',
  // What HQ's requests are (server parseRequest subjects).
  '거절 요청': 'refusal request',
  '견적 ID': 'quote ID',
  계정: 'account',
  '계정 ID': 'account ID',
  '계정 변경': 'account change',
  '공급자 정보': 'supplier details',
  '기기 ID': 'device ID',
  단가표: 'price list',
  '등록 요청': 'enrollment request',
  '등록 코드 요청': 'enrollment code request',
  '로그인 정보': 'sign-in details',
  '민원/장애 접수': 'ticket',
  '반려 요청': 'rejection request',
  '받기 요청': 'pull request',
  배정: 'assignment',
  '보낸 변경 목록': 'list of changes sent',
  '비밀번호 변경': 'password change',
  '상태 변경 요청': 'status change request',
  '서비스 목표': 'service targets',
  '수수료 기준': 'commission plan',
  '승인 요청': 'approval request',
  '연락처 목록': 'contact list',
  '점검 완료 표시': 'review mark',
  접속기록: 'access log',
  '접수 거절 요청': 'decline request',
  '접수 건 ID': 'ticket ID',
  '조회 조건': 'query',
  종결: 'closing',
  '처리 기록': 'handling record',
  '청약 ID': 'application ID',
  카탈로그: 'catalog',
  파일: 'file',
  '파일 해시': 'file hash',
  // Places in an input (koreanErrorMap's labelOf).
  신청고객: 'customer',
  '요금납부 책임자': 'billing',
  판매자: 'seller',
  '상품 목록': 'products',
  약정기간: 'term',
  '신청 구분': 'application type',
  // zod's expected types.
  글자: 'text',
  숫자: 'number',
  '객체 {…}': 'object {…}',
  '배열 […]': 'list […]',
  '참/거짓': 'true/false',
};

// Statuses, as the refusals name them.
for (const label of Object.values(STATUS_LABELS)) WORDS_EN[label.ko] = label.en;

export function isErrorKey(key: unknown): key is ErrorKey {
  return typeof key === 'string' && Object.hasOwn(ko, key);
}

function nestedText(v: ErrorMsg | Msg, language: ErrorLanguage): string {
  if (isErrorKey(v.key)) return errorMessageText(v as ErrorMsg, language);
  if (isMessageKey(v.key)) return messageText(v as Msg, language);
  return String(v.key);
}

/** A value in a language: nested messages rendered, known words translated; "1번째"-style places kept readable. */
function valueText(v: ErrorParam, language: ErrorLanguage): string {
  if (Array.isArray(v)) return v.map((m) => nestedText(m, language)).join(' ');
  if (typeof v === 'object') return nestedText(v, language);
  const s = String(v);
  if (language === 'ko') return s;
  if (Object.hasOwn(WORDS_EN, s)) return WORDS_EN[s]!;
  // A place like "신청고객 › 1번째 › name" (labelOf): translate each part.
  if (s.includes(' › '))
    return s
      .split(' › ')
      .map((part) => WORDS_EN[part] ?? part.replace(/^(\d+)번째$/, '#$1'))
      .join(' › ');
  return s;
}

const PARTICLES = { eulReul, eunNeun, iGa } as const;

/** The message in a language (Korean by default: what the CLI, HQ and logs show). */
export function errorMessageText(m: ErrorMsg, language: ErrorLanguage = 'ko'): string {
  return ERROR_MESSAGES[language][m.key].replace(/\{\{(\w+)(?::(eulReul|eunNeun|iGa))?\}\}/g, (whole, name: string, particle: keyof typeof PARTICLES | undefined) => {
    const v = m.params?.[name];
    if (v === undefined) return whole;
    const shown = valueText(v, language);
    return particle && language === 'ko' ? PARTICLES[particle](shown) : shown;
  });
}

export const errorMsg = (key: ErrorKey, params?: ErrorParams): ErrorMsg => (params ? { key, params } : { key });

// zod keeps a schema's message as a plain string. `keyed` returns the Korean text (what zod keeps
// and every Korean reader sees) and remembers which key and params made it, so the issue can carry
// them across the wire (`zodIssues`). Messages made while building schemas stay; ones made while
// parsing (naming a typed value) are kept up to a bound, oldest dropped first.
const KEYED_TEXTS = new Map<string, ErrorMsg>();
const KEYED_TEXTS_MAX = 5000;

/** The Korean text of a keyed message, remembered so the issue that carries it can be keyed. */
export function keyed(key: ErrorKey, params?: ErrorParams): string {
  const m = errorMsg(key, params);
  const text = errorMessageText(m);
  if (!KEYED_TEXTS.has(text)) {
    if (KEYED_TEXTS.size >= KEYED_TEXTS_MAX) KEYED_TEXTS.delete(KEYED_TEXTS.keys().next().value!);
    KEYED_TEXTS.set(text, m);
  }
  return text;
}

/** The key and params behind a Korean text made by `keyed`, if any. */
export function keyOfText(text: string): ErrorMsg | undefined {
  return KEYED_TEXTS.get(text);
}

/** A Korean text in a language: its keyed message when known, else the text as it is. */
export function localizeText(text: string, language: ErrorLanguage): string {
  if (language === 'ko') return text;
  const m = keyOfText(text);
  return m ? errorMessageText(m, language) : text;
}
