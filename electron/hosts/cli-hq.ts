/**
 * HQ admin CLI: `cli hq <command> --server URL --admin-token T …`, as one function the app's CLI
 * dispatches to. JSON on stdout; a person's mistake → exit 2 with a Korean message on stderr and
 * nothing on stdout; HQ refused → exit 1 with HQ's reason; HQ unreachable → exit 3.
 */
import fs from 'node:fs';
import { CONSENT_ADMIN_PATHS, consentTextPublishSchema, consentTextsViewSchema, withdrawnConsentsSchema } from '../../shared/privacy/consent';
import {
  RETENTION_ADMIN_PATHS,
  hqDestructionLogSchema,
  hqRetentionDueSchema,
  legalHoldIdSchema,
  legalHoldLiftSchema,
  legalHoldPlaceSchema,
  legalHoldSchema,
  legalHoldsSchema,
  retentionRulesPublishSchema,
  retentionRulesViewSchema,
  hqRetentionStatusSchema,
  retentionDestroyInputSchema,
  retentionDestroyResultSchema,
} from '../../shared/privacy/retention';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { koreanErrorMap, zodIssues } from '../../shared/contract/errors';
import {
  ADMIN_PATHS,
  PROTOCOL_HEADER,
  adminIdSchema,
  PROTOCOL_VERSION,
  adminApplicationsResponseSchema,
  adminQuoteSchema,
  catalogPublishSchema,
  contactsPublishSchema,
  supplierPublishSchema,
  enrollmentCodeRequestSchema,
  enrollmentCodeResponseSchema,
  errorResponseSchema,
  publishResponseSchema,
  quoteDecisionResponseSchema,
  setStatusRequestSchema,
  setStatusResponseSchema,
  soProcessResponseSchema,
  statsResponseSchema,
} from '../../shared/sync/protocol';
import { COMMISSION_ADMIN_PATHS, commissionPlanPublishSchema, commissionStatementQuerySchema } from '../../shared/commission/protocol';
import { APPLICATION_STATUSES } from '../../shared/domain/status';
import { QUOTE_APPROVAL_STATUSES } from '../../shared/sync/ownership';
import { argumentError } from './cli-io';
import {
  TICKET_ADMIN_PATHS,
  boardTicketSchema,
  figuresQuerySchema,
  figuresResponseSchema,
  hqTicketEventSchema,
  ticketAssignSchema,
  ticketCloseSchema,
  serviceTargetsViewSchema,
} from '../../shared/service/protocol';
import { serviceTargetsPublishSchema } from '../../shared/service/targets';
import { ticketCreateSchema } from '../../shared/service/tickets';
import { checkHqUrl } from '../../shared/sync/hq-url';
import { ACCESS_ADMIN_PATHS } from '../../shared/privacy/hq';
import {
  PROSPECT_PATHS,
  prospectDecideSchema,
  prospectHandoutResultSchema,
  prospectHandoutSchema,
  prospectHandoutViewSchema,
  prospectImportResultSchema,
  prospectImportSchema,
  prospectListDetailSchema,
  prospectListViewSchema,
  prospectRequestViewSchema,
} from '../../shared/prospects/protocol';

export interface HqCliIo {
  /** Whatever was piped in (publish-catalog, publish-contacts, publish-supplier), or undefined for a terminal. */
  stdin: string | undefined;
  /** Environment for SALESDESK_HQ_URL / SALESDESK_HQ_ADMIN_TOKEN fallbacks (default: process.env). */
  env?: Record<string, string | undefined>;
}

export interface HqCliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export const HQ_CLI_USAGE = `사용법: hq <명령> --server URL --admin-token 토큰 [옵션]
  enroll-code --branch 지사 --rep 영업대표 [--ttl-minutes 분]   기기 등록 코드 발급 → {"code"}
  applications list [--branch 지사] [--status 상태]             청약 목록
  applications set-status <id> --status 상태 [--reason 사유]    HQ 상태 변경 (개통 진행, 접수 거절, 직권해지 등)
  so-process <id>                                                S/O 처리: 서비스번호 부여 → {"serviceNumber"}
  publish-catalog  < catalog.json                                상품 카탈로그 게시 (새 버전)
  publish-contacts < contacts.json                               연락처 목록 게시
  publish-supplier < supplier.json                               공급자 정보(견적서·계약서의 공급자 블록) 게시
  publish-commission < plan.json                                 판매 수수료 기준 게시 (새 버전)
  commission-statement --month YYYY-MM [--branch 지사]           월별 판매 수수료 명세 (영업대표·지사별 CSV)
  quotes list [--approval pending|approved|refused]              견적 승인 목록
  quotes approve <id> [--reason 사유]                            견적 승인
  quotes refuse <id> --reason 사유                               견적 거절
  devices revoke <기기 id>                                       기기 등록 해제
  stats [--branch 지사]                                          건수 요약
  tickets list [--branch 지사] [--all]                           민원/장애 보드 (처리 기한 순, SLA 시계 포함)
  tickets create < ticket.json                                   본사 접수 (청약 ID, 구분, 유형, 경로, 내용, 접수자)
  tickets assign <id> --assignee 담당자 [--note 메모]            배정 (기기에 내려감)
  tickets event <id> --type 단계 [--note 메모] [--at 시각]       처리 기록 (note, waiting, resumed, resolved, reopened, closed)
  tickets close <id> [--satisfaction 만족도 --justified true|false] [--note 메모]   종결 (민원은 만족도 필수)
  service-figures [--month YYYY-MM] [--branch 지사]               월별 SLA 준수율·만족도·귀책 민원 (목표 대비)
  service-targets                                                지금 적용 중인 고객 응대 서비스 목표 (처리 기한, 달력, 만족도·귀책 목표)
  publish-service-targets < targets.json                         고객 응대 서비스 목표 게시 (기기는 다음 동기화부터 적용)
  consent-texts                                                  개인정보 동의서 문안 버전 (1 = 2014년 양식 #1 문안)과 지금 시행 중인 버전
  publish-consent-texts FILE                                     동의서 문안 새 버전 게시 (JSON: effectiveFrom, texts.collection/third_party/marketing)
  consents withdrawn                                             마케팅 동의를 철회한 고객 (사업자번호 숫자만)
  retention due|log                                              본사 보관 규칙으로 파기 예정인 청약 (보류 사유 포함) / 기기와 본사의 파기 기록
  retention hold application|customer <id> --reason 사유         법적 보존 조치 (청약 또는 고객의 모든 청약: 본사도 기기 파기도 지우지 않음)
  retention unhold <보존 조치 id> --reason 사유                   법적 보존 조치 해제 (기록은 남음)
  retention holds                                                법적 보존 조치 목록 (해제된 것 포함: 누가, 언제, 왜)
  retention rules [--file rules.json]                            지금 적용 중인 보관 규칙 / 파일의 규칙 게시 (JSON: {"rules": [...]} 또는 [...]; 기기는 다음 동기화부터 적용)
  retention status                                               본사 일일 점검이 센 파기 대상 건수 (보존 중 포함, 파기하지 않음)
  retention destroy <청약 id…>                                    본사 규칙으로 파기 대상인 청약을 파기 (항목마다 다시 확인, 거부 사유 표시)
  prospects list [<명단 id>]                                     명단 목록 (배부·요청 포함) 또는 한 명단 (번호 가림)
  prospects import --name 이름 [--source 받은 곳] < rows.json|rows.csv   명단 가져오기 (걸러진 줄과 이유를 알려 줌)
  prospects handout <명단 id> --branch 지사 --rep 영업대표 --campaign 캠페인 --count 건수   명단 배부 (두 번째 캠페인은 승인 요청)
  prospects decide <요청 id> --approve|--refuse [--note 메모]   두 번째 캠페인 승인/거절
  prospects recall <배부 id>                                     배부분 회수
  prospects archive <명단 id>                                    명단 보관 (모든 배부분 반납·회수 뒤)
  access-log verify                                              접속기록 검증: HQ와 각 기기의 해시 체인 (끊긴 첫 고리를 밝히고 종료 코드 1)
--server와 --admin-token 대신 SALESDESK_HQ_URL, SALESDESK_HQ_ADMIN_TOKEN 환경 변수를 써도 됩니다.`;

class UsageError extends Error {}
class ServerError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

interface Request {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
}

interface Command {
  request: Request;
  response: z.ZodType;
  /** What to print from the server's answer. */
  print?: (value: never) => unknown;
  /** The answer is text (CSV) printed as it came, not JSON. */
  text?: true;
  /** A well-formed answer that still means failure (exit 1 with this message, the answer on stdout). */
  failure?: (value: never) => string | undefined;
  /** A read made first, whose answer builds `request` (e.g. the due list a destruction confirms). */
  before?: { request: Request; response: z.ZodType; then: (value: never) => Request };
}

const chainsSchema = z.object({
  chains: z.array(
    z.object({
      source: z.enum(['hq', 'device']),
      deviceId: z.string().nullable(),
      deviceName: z.string().nullable(),
      entries: z.number().int(),
      broken: z.object({ seq: z.number().int(), problem: z.string(), message: z.string() }).nullable(),
    }),
  ),
});

/** `access-log verify` (issue 17): the first broken link of HQ's chain and of each device's, or none. */
function accessLogFailure(value: z.output<typeof chainsSchema>): string | undefined {
  const broken = value.chains.filter((c) => c.broken !== null);
  if (broken.length === 0) return undefined;
  return broken.map((c) => `${c.source === 'hq' ? 'HQ 접속기록' : `기기 ${c.deviceId ?? ''}${c.deviceName ? ` (${c.deviceName})` : ''} 접속기록`}이 끊겼습니다: ${c.broken!.message}`).join('\n');
}

function parseLocal<S extends z.ZodType>(schema: S, value: unknown, subject: string): z.output<S> {
  const r = schema.safeParse(value, { error: koreanErrorMap });
  if (r.success) return r.data;
  const issue = zodIssues(r.error)[0];
  const where = issue?.path ? ` (위치: ${issue.path})` : '';
  throw new UsageError(`${subject}을(를) 확인하세요: ${issue?.message ?? '형식이 맞지 않습니다.'}${where}`);
}

function readJsonStdin(stdin: string | undefined, what: string): unknown {
  if (stdin === undefined || stdin.trim() === '') {
    const example: Record<string, string> = {
      카탈로그: 'publish-catalog < catalog.json',
      '연락처 목록': 'publish-contacts < contacts.json',
      '공급자 정보': 'publish-supplier < supplier.json',
      '수수료 기준': 'publish-commission < plan.json',
      '서비스 목표': 'publish-service-targets < targets.json',
    };
    throw new UsageError(`${what} JSON을 표준 입력으로 보내세요 (예: hq ${example[what] ?? 'publish-contacts < contacts.json'}).`);
  }
  try {
    return JSON.parse(stdin);
  } catch (error) {
    throw new UsageError(`표준 입력의 ${what}이(가) 올바른 JSON이 아닙니다: ${(error as Error).message}. 파일 내용을 확인하세요.`);
  }
}

const needId = (id: string | undefined, what: string): string => {
  if (!id) throw new UsageError(`${what} ID를 지정하세요.\n${HQ_CLI_USAGE}`);
  if (!adminIdSchema.safeParse(id).success) throw new UsageError(`${what} ID '${id}'의 형식이 올바르지 않습니다.`);
  return encodeURIComponent(id);
};

type Opts = Record<string, string | undefined>;

function noExtra(positionals: string[], count: number): void {
  if (positionals.length > count) throw new UsageError(`알 수 없는 인자 '${positionals[count] ?? ''}'가 있습니다.\n${HQ_CLI_USAGE}`);
}

function justifiedOpt(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new UsageError('--justified는 true(귀책 민원) 또는 false로 지정하세요.');
}

/** `tickets list|create|assign|event|close` (issue 16). */
function ticketCommand(positionals: string[], opts: Opts, stdin: string | undefined): Command {
  const [, sub, arg] = positionals;
  const board = z.array(boardTicketSchema);
  switch (sub) {
    case 'list':
      noExtra(positionals, 2);
      return { request: { method: 'GET', path: TICKET_ADMIN_PATHS.tickets, query: { branch: opts.branch, state: (opts.all as unknown) === true ? 'all' : 'open' } }, response: board };
    case 'create': {
      noExtra(positionals, 2);
      const body = parseLocal(ticketCreateSchema, readJsonStdin(stdin, '접수 내용'), '접수 내용');
      return { request: { method: 'POST', path: TICKET_ADMIN_PATHS.tickets, body }, response: boardTicketSchema };
    }
    case 'assign': {
      noExtra(positionals, 3);
      const id = needId(arg, '접수 건');
      const body = parseLocal(ticketAssignSchema, { assignee: opts.assignee, ...(opts.note !== undefined ? { note: opts.note } : {}) }, '--assignee/--note');
      return { request: { method: 'POST', path: TICKET_ADMIN_PATHS.assign(id), body }, response: boardTicketSchema };
    }
    case 'event': {
      noExtra(positionals, 3);
      const id = needId(arg, '접수 건');
      const justified = justifiedOpt(opts.justified);
      const body = parseLocal(
        hqTicketEventSchema,
        {
          type: opts.type,
          ...(opts.note !== undefined ? { note: opts.note } : {}),
          ...(opts.at !== undefined ? { at: opts.at } : {}),
          ...(opts.satisfaction !== undefined ? { satisfaction: opts.satisfaction } : {}),
          ...(justified !== undefined ? { justified } : {}),
        },
        '--type/--note/--at',
      );
      return { request: { method: 'POST', path: TICKET_ADMIN_PATHS.events(id), body }, response: boardTicketSchema };
    }
    case 'close': {
      noExtra(positionals, 3);
      const id = needId(arg, '접수 건');
      const justified = justifiedOpt(opts.justified);
      const body = parseLocal(
        ticketCloseSchema,
        { ...(opts.note !== undefined ? { note: opts.note } : {}), ...(opts.satisfaction !== undefined ? { satisfaction: opts.satisfaction } : {}), ...(justified !== undefined ? { justified } : {}) },
        '--satisfaction/--justified/--note',
      );
      return { request: { method: 'POST', path: TICKET_ADMIN_PATHS.close(id), body }, response: boardTicketSchema };
    }
    default:
      throw new UsageError(`tickets 다음에는 list, create, assign, event 또는 close를 쓰세요.\n${HQ_CLI_USAGE}`);
  }
}

/** `prospects list|import|handout|decide|recall|archive` (issue 17 item 5). */
function prospectCommand(positionals: string[], opts: Opts, stdin: string | undefined): Command {
  const [, sub, arg] = positionals;
  const admin = (path: string) => `/admin${path}`;
  switch (sub) {
    case 'list':
      if (arg !== undefined) {
        noExtra(positionals, 3);
        return { request: { method: 'GET', path: admin(PROSPECT_PATHS.list(needId(arg, '명단'))) }, response: prospectListDetailSchema };
      }
      noExtra(positionals, 2);
      return { request: { method: 'GET', path: admin(PROSPECT_PATHS.lists) }, response: z.array(prospectListViewSchema) };
    case 'import': {
      noExtra(positionals, 2);
      const text = stdin?.trim();
      if (!text) throw new UsageError('가져올 명단을 표준 입력으로 주세요: JSON 배열([{"company","contact","phone"}]) 또는 CSV(첫 줄 company,contact,phone).');
      const rows = text.startsWith('[') ? { rows: readJsonStdin(text, '명단') } : { csv: text };
      const body = parseLocal(prospectImportSchema, { name: opts.name, ...(opts.source !== undefined ? { source: opts.source } : {}), ...rows }, '--name/명단');
      return { request: { method: 'POST', path: admin(PROSPECT_PATHS.lists), body }, response: prospectImportResultSchema };
    }
    case 'handout': {
      noExtra(positionals, 3);
      const id = needId(arg, '명단');
      const count = opts.count !== undefined && /^\d+$/.test(opts.count) ? Number(opts.count) : opts.count;
      const body = parseLocal(prospectHandoutSchema, { branch: opts.branch, rep: opts.rep, campaign: opts.campaign, count }, '--branch/--rep/--campaign/--count');
      return { request: { method: 'POST', path: admin(PROSPECT_PATHS.handout(id)), body }, response: prospectHandoutResultSchema };
    }
    case 'decide': {
      noExtra(positionals, 3);
      const id = needId(arg, '요청');
      const flags = opts as { approve?: boolean; refuse?: boolean };
      if (flags.approve === flags.refuse) throw new UsageError('--approve(승인) 또는 --refuse(거절) 중 하나를 쓰세요.');
      const body = parseLocal(prospectDecideSchema, { approve: flags.approve === true, ...(opts.note !== undefined ? { note: opts.note } : {}) }, '--approve/--refuse/--note');
      return { request: { method: 'POST', path: admin(PROSPECT_PATHS.decide(id)), body }, response: prospectRequestViewSchema };
    }
    case 'recall': {
      noExtra(positionals, 3);
      return { request: { method: 'POST', path: admin(PROSPECT_PATHS.recall(needId(arg, '배부'))), body: {} }, response: prospectHandoutViewSchema };
    }
    case 'archive': {
      noExtra(positionals, 3);
      return { request: { method: 'POST', path: admin(PROSPECT_PATHS.archive(needId(arg, '명단'))), body: {} }, response: prospectListViewSchema };
    }
    default:
      throw new UsageError(`prospects 다음에는 list, import, handout, decide, recall 또는 archive를 쓰세요.\n${HQ_CLI_USAGE}`);
  }
}

/** `retention due|log|hold|unhold|holds` (issue 17 item 3). */
function retentionCommand(positionals: string[], opts: Opts): Command {
  const [, sub, arg, extra] = positionals;
  switch (sub) {
    case 'due':
    case 'log':
      noExtra(positionals, 2);
      return sub === 'due'
        ? { request: { method: 'GET', path: RETENTION_ADMIN_PATHS.due }, response: hqRetentionDueSchema }
        : { request: { method: 'GET', path: RETENTION_ADMIN_PATHS.log }, response: hqDestructionLogSchema };
    case 'holds':
      noExtra(positionals, 2);
      return { request: { method: 'GET', path: RETENTION_ADMIN_PATHS.holds }, response: legalHoldsSchema };
    case 'status':
      noExtra(positionals, 2);
      return { request: { method: 'GET', path: RETENTION_ADMIN_PATHS.status }, response: hqRetentionStatusSchema };
    case 'hold': {
      noExtra(positionals, 4);
      const body = parseLocal(legalHoldPlaceSchema, { subjectKind: arg, subjectId: extra, reason: opts.reason ?? '' }, 'retention hold application|customer <id> --reason 사유');
      return { request: { method: 'POST', path: RETENTION_ADMIN_PATHS.holds, body }, response: legalHoldSchema };
    }
    case 'unhold': {
      noExtra(positionals, 3);
      const { id } = parseLocal(legalHoldIdSchema, { id: arg }, '보존 조치 ID');
      const body = parseLocal(legalHoldLiftSchema, { reason: opts.reason ?? '' }, '--reason');
      return { request: { method: 'POST', path: RETENTION_ADMIN_PATHS.liftHold.replace(':id', id), body }, response: legalHoldSchema };
    }
    case 'rules': {
      noExtra(positionals, 2);
      if (opts.file === undefined) return { request: { method: 'GET', path: RETENTION_ADMIN_PATHS.rules }, response: retentionRulesViewSchema };
      let raw: string;
      try {
        raw = fs.readFileSync(opts.file, 'utf8');
      } catch (error) {
        throw new UsageError(`보관 규칙 파일을 읽을 수 없습니다: ${opts.file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). 경로를 확인하세요.`);
      }
      const json = readJsonStdin(raw, '보관 규칙');
      // A bare list of rules is the same as {"rules": [...]}.
      const body = parseLocal(retentionRulesPublishSchema, Array.isArray(json) ? { rules: json } : json, '보관 규칙 JSON(객체: rules — id, scope, action, months, decidedBy, basis)');
      return { request: { method: 'PUT', path: RETENTION_ADMIN_PATHS.rules, body }, response: publishResponseSchema };
    }
    case 'destroy': {
      // HQ confirms what HQ's rules made due: each id as the due list shows it now (its rule and last
      // activity), so a change between this list and the destruction is refused by HQ.
      const ids = positionals.slice(2);
      if (ids.length === 0) throw new UsageError('파기할 청약 ID를 하나 이상 쓰세요 (hq retention due로 확인).');
      return {
        before: {
          request: { method: 'GET', path: RETENTION_ADMIN_PATHS.due },
          response: hqRetentionDueSchema,
          then: (due: z.infer<typeof hqRetentionDueSchema>) => {
            const missing = ids.filter((id) => !due.items.some((i) => i.subjectId === id));
            if (missing.length > 0) throw new UsageError(`본사 파기 대상 목록에 없는 ID입니다: ${missing.join(', ')}. hq retention due로 확인하세요 (아무것도 파기하지 않았습니다).`);
            const items = ids.map((id) => {
              const d = due.items.find((i) => i.subjectId === id)!;
              return { subjectId: id, ruleId: d.ruleId, lastActivityAt: d.lastActivityAt };
            });
            return { method: 'POST', path: RETENTION_ADMIN_PATHS.destroy, body: parseLocal(retentionDestroyInputSchema, { items }, '파기할 청약 ID') };
          },
        },
        request: { method: 'POST', path: RETENTION_ADMIN_PATHS.destroy },
        response: retentionDestroyResultSchema,
        failure: (value: z.infer<typeof retentionDestroyResultSchema>) => {
          const refused = value.results.filter((r) => !r.destroyed);
          return refused.length > 0 ? `파기하지 못한 항목 ${refused.length}건: ${refused.map((r) => `${r.subjectId} (${r.message ?? ''})`).join('; ')}` : undefined;
        },
      };
    }
    default:
      throw new UsageError(`retention 다음에는 due, log, hold, unhold, holds, rules, status 또는 destroy를 쓰세요.\n${HQ_CLI_USAGE}`);
  }
}

function buildCommand(positionals: string[], opts: Opts, stdin: string | undefined): Command {
  const [cmd, sub, arg] = positionals;
  switch (cmd) {
    case 'enroll-code': {
      noExtra(positionals, 1);
      const ttl = opts['ttl-minutes'];
      if (ttl !== undefined && !/^\d+$/.test(ttl)) throw new UsageError('--ttl-minutes는 분 단위 정수로 지정하세요 (예: 60).');
      const body = parseLocal(enrollmentCodeRequestSchema, { branch: opts.branch, rep: opts.rep, ...(ttl !== undefined ? { ttlSeconds: Number(ttl) * 60 } : {}) }, '--branch/--rep');
      return {
        request: { method: 'POST', path: ADMIN_PATHS.enrollmentCodes, body },
        response: enrollmentCodeResponseSchema,
        print: (v: z.output<typeof enrollmentCodeResponseSchema>) => ({ code: v.code }),
      };
    }
    case 'applications': {
      if (sub === 'list') {
        noExtra(positionals, 2);
        if (opts.status !== undefined) parseLocal(z.enum(APPLICATION_STATUSES), opts.status, '--status');
        return {
          request: { method: 'GET', path: ADMIN_PATHS.applications, query: { branch: opts.branch, status: opts.status } },
          response: adminApplicationsResponseSchema,
        };
      }
      if (sub === 'set-status') {
        noExtra(positionals, 3);
        const id = needId(arg, '청약');
        const body = parseLocal(setStatusRequestSchema, { status: opts.status, ...(opts.reason !== undefined ? { reason: opts.reason } : {}) }, '--status/--reason');
        return { request: { method: 'POST', path: ADMIN_PATHS.applicationStatus(id), body }, response: setStatusResponseSchema };
      }
      throw new UsageError(`applications 다음에는 list 또는 set-status를 쓰세요.\n${HQ_CLI_USAGE}`);
    }
    case 'so-process': {
      noExtra(positionals, 2);
      const id = needId(sub, '청약');
      return {
        request: { method: 'POST', path: ADMIN_PATHS.soProcess(id), body: {} },
        response: soProcessResponseSchema,
        print: (v: z.output<typeof soProcessResponseSchema>) => ({ serviceNumber: v.serviceNumber }),
      };
    }
    case 'publish-catalog': {
      noExtra(positionals, 1);
      const body = parseLocal(catalogPublishSchema, readJsonStdin(stdin, '카탈로그'), '카탈로그 JSON(객체)');
      return { request: { method: 'POST', path: ADMIN_PATHS.catalogs, body }, response: publishResponseSchema };
    }
    case 'publish-contacts': {
      noExtra(positionals, 1);
      const body = parseLocal(contactsPublishSchema, readJsonStdin(stdin, '연락처 목록'), '연락처 목록 JSON(배열)');
      return {
        request: { method: 'POST', path: ADMIN_PATHS.contacts, body },
        response: publishResponseSchema,
        print: (v: z.output<typeof publishResponseSchema>) => ({ ...v, count: body.length }),
      };
    }
    case 'publish-supplier': {
      noExtra(positionals, 1);
      const body = parseLocal(supplierPublishSchema, readJsonStdin(stdin, '공급자 정보'), '공급자 정보 JSON(객체: name, businessNumber, representative, address)');
      return { request: { method: 'POST', path: ADMIN_PATHS.supplier, body }, response: publishResponseSchema };
    }
    case 'publish-commission': {
      noExtra(positionals, 1);
      const body = parseLocal(commissionPlanPublishSchema, readJsonStdin(stdin, '수수료 기준'), '수수료 기준 JSON(객체)');
      return { request: { method: 'POST', path: COMMISSION_ADMIN_PATHS.plans, body }, response: publishResponseSchema };
    }
    case 'commission-statement': {
      noExtra(positionals, 1);
      const query = parseLocal(commissionStatementQuerySchema, { month: opts.month, ...(opts.branch !== undefined ? { branch: opts.branch } : {}) }, '--month/--branch');
      return { request: { method: 'GET', path: COMMISSION_ADMIN_PATHS.statement, query }, response: z.string(), text: true };
    }
    case 'quotes': {
      if (sub === 'list') {
        noExtra(positionals, 2);
        if (opts.approval !== undefined) parseLocal(z.enum(QUOTE_APPROVAL_STATUSES), opts.approval, '--approval');
        return { request: { method: 'GET', path: ADMIN_PATHS.quotes, query: { approval: opts.approval } }, response: z.array(adminQuoteSchema) };
      }
      if (sub === 'approve' || sub === 'refuse') {
        noExtra(positionals, 3);
        const id = needId(arg, '견적');
        const reason = opts.reason?.trim();
        if (sub === 'refuse' && !reason) throw new UsageError('거절하려면 --reason으로 사유를 입력하세요. 영업대표에게 그대로 보입니다.');
        return {
          request: { method: 'POST', path: sub === 'approve' ? ADMIN_PATHS.quoteApprove(id) : ADMIN_PATHS.quoteRefuse(id), body: reason ? { reason } : {} },
          response: quoteDecisionResponseSchema,
        };
      }
      throw new UsageError(`quotes 다음에는 list, approve 또는 refuse를 쓰세요.\n${HQ_CLI_USAGE}`);
    }
    case 'devices': {
      if (sub !== 'revoke') throw new UsageError(`devices 다음에는 revoke를 쓰세요.\n${HQ_CLI_USAGE}`);
      noExtra(positionals, 3);
      const id = needId(arg, '기기');
      return { request: { method: 'POST', path: ADMIN_PATHS.deviceRevoke(id), body: {} }, response: z.object({ id: z.string(), revoked: z.literal(true) }) };
    }
    case 'tickets':
      return ticketCommand(positionals, opts, stdin);
    case 'prospects':
      return prospectCommand(positionals, opts, stdin);
    case 'service-figures': {
      noExtra(positionals, 1);
      const query = parseLocal(figuresQuerySchema, { ...(opts.month !== undefined ? { month: opts.month } : {}), ...(opts.branch !== undefined ? { branch: opts.branch } : {}) }, '--month/--branch');
      return { request: { method: 'GET', path: TICKET_ADMIN_PATHS.figures, query }, response: figuresResponseSchema };
    }
    case 'service-targets':
      noExtra(positionals, 1);
      return { request: { method: 'GET', path: TICKET_ADMIN_PATHS.targets }, response: serviceTargetsViewSchema };
    case 'publish-service-targets': {
      noExtra(positionals, 1);
      const body = parseLocal(serviceTargetsPublishSchema, readJsonStdin(stdin, '서비스 목표'), '서비스 목표 JSON(객체: complaint, fault, calendar, satisfactionAbovePercent, justifiedPer10000Below)');
      return { request: { method: 'POST', path: TICKET_ADMIN_PATHS.targets, body }, response: publishResponseSchema };
    }
    case 'consent-texts':
      noExtra(positionals, 1);
      return { request: { method: 'GET', path: CONSENT_ADMIN_PATHS.texts }, response: consentTextsViewSchema };
    case 'publish-consent-texts': {
      noExtra(positionals, 2);
      if (!sub) throw new UsageError(`게시할 동의서 문안 JSON 파일을 지정하세요 (예: hq publish-consent-texts consent-texts.json).\n${HQ_CLI_USAGE}`);
      let raw: string;
      try {
        raw = fs.readFileSync(sub, 'utf8');
      } catch (error) {
        throw new UsageError(`동의서 문안 파일을 읽을 수 없습니다: ${sub} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). 경로를 확인하세요.`);
      }
      const body = parseLocal(consentTextPublishSchema, readJsonStdin(raw, '동의서 문안'), '동의서 문안 JSON(객체: effectiveFrom, texts)');
      return { request: { method: 'POST', path: CONSENT_ADMIN_PATHS.texts, body }, response: publishResponseSchema };
    }
    case 'consents': {
      if (sub !== 'withdrawn') throw new UsageError(`consents 다음에는 withdrawn을 쓰세요.\n${HQ_CLI_USAGE}`);
      noExtra(positionals, 2);
      return { request: { method: 'GET', path: CONSENT_ADMIN_PATHS.withdrawn }, response: withdrawnConsentsSchema };
    }
    case 'retention':
      return retentionCommand(positionals, opts);
    case 'access-log': {
      if (sub !== 'verify') throw new UsageError(`access-log 다음에는 verify를 쓰세요.\n${HQ_CLI_USAGE}`);
      noExtra(positionals, 2);
      return { request: { method: 'GET', path: ACCESS_ADMIN_PATHS.verify }, response: chainsSchema, failure: accessLogFailure };
    }
    case 'stats':
      noExtra(positionals, 1);
      return { request: { method: 'GET', path: ADMIN_PATHS.stats, query: { branch: opts.branch } }, response: statsResponseSchema };
    case undefined:
      throw new UsageError(`명령을 지정하세요.\n${HQ_CLI_USAGE}`);
    default:
      throw new UsageError(`알 수 없는 명령 '${cmd}'입니다.\n${HQ_CLI_USAGE}`);
  }
}

async function call(server: URL, token: string, request: Request, asText = false): Promise<unknown> {
  const url = new URL(request.path, server);
  for (const [k, v] of Object.entries(request.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers: {
        authorization: `Bearer ${token}`,
        [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new ServerError(`HQ 서버(${server.origin})에 연결할 수 없습니다 (${cause}). 주소(--server)와 서버가 켜져 있는지 확인하세요.`, 3);
  }
  const text = await response.text();
  if (asText && response.ok) return text;
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const parsed = errorResponseSchema.safeParse(json);
    const reason = parsed.success ? parsed.data.error.message : `HTTP ${response.status} ${text.slice(0, 200)}`;
    const code = parsed.success ? parsed.data.error.code : String(response.status);
    throw new ServerError(`HQ 서버가 요청을 거절했습니다 (${code}): ${reason}`, 1);
  }
  return json;
}

export async function runHqCli(argv: string[], io: HqCliIo): Promise<HqCliResult> {
  const env = io.env ?? process.env;
  const args = argv[0] === 'hq' ? argv.slice(1) : argv;
  try {
    let parsed: ReturnType<typeof parseArgs<{ options: Record<string, { type: 'string' | 'boolean' }>; allowPositionals: true; strict: true; args: string[] }>>;
    try {
      parsed = parseArgs({
        args,
        options: {
          server: { type: 'string' },
          'admin-token': { type: 'string' },
          branch: { type: 'string' },
          rep: { type: 'string' },
          'ttl-minutes': { type: 'string' },
          status: { type: 'string' },
          reason: { type: 'string' },
          approval: { type: 'string' },
          month: { type: 'string' },
          assignee: { type: 'string' },
          note: { type: 'string' },
          type: { type: 'string' },
          at: { type: 'string' },
          satisfaction: { type: 'string' },
          justified: { type: 'string' },
          all: { type: 'boolean' },
          name: { type: 'string' },
          source: { type: 'string' },
          campaign: { type: 'string' },
          count: { type: 'string' },
          approve: { type: 'boolean' },
          refuse: { type: 'boolean' },
          file: { type: 'string' },
          help: { type: 'boolean' },
        },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new UsageError(`${argumentError(error)}\n${HQ_CLI_USAGE}`);
    }
    const opts = parsed.values as Opts & { help?: boolean };
    if (opts.help) return { exitCode: 0, stdout: '', stderr: `${HQ_CLI_USAGE}\n` };
    const command = buildCommand(parsed.positionals, opts, io.stdin);

    const serverText = opts.server ?? env.SALESDESK_HQ_URL;
    if (!serverText) throw new UsageError('HQ 서버 주소를 --server로 지정하세요 (예: --server http://127.0.0.1:8787).');
    // The admin token travels in every request: https, except to a server on this computer.
    const checkedUrl = checkHqUrl(serverText);
    if (!checkedUrl.ok) throw new UsageError(`HQ 서버 주소 '${serverText}'를 쓸 수 없습니다: ${checkedUrl.reason}`);
    const server = new URL(`${checkedUrl.url}/`);
    const token = opts['admin-token'] ?? env.SALESDESK_HQ_ADMIN_TOKEN;
    if (!token) throw new UsageError('관리자 토큰을 --admin-token으로 지정하세요 (HQ 서버가 시작할 때 출력한 adminToken).');

    if (command.before) {
      const first = command.before.response.safeParse(await call(server, token, command.before.request));
      if (!first.success) throw new ServerError('HQ 서버의 응답 형식이 예상과 다릅니다. CLI와 HQ 서버의 버전을 맞추세요.', 1);
      command.request = command.before.then(first.data as never);
    }
    const answer = await call(server, token, command.request, command.text);
    const checked = command.response.safeParse(answer);
    if (!checked.success) {
      throw new ServerError('HQ 서버의 응답 형식이 예상과 다릅니다. CLI와 HQ 서버의 버전을 맞추세요.', 1);
    }
    if (command.text) return { exitCode: 0, stdout: checked.data as string, stderr: '' };
    const failed = command.failure?.(checked.data as never);
    if (failed !== undefined) return { exitCode: 1, stdout: `${JSON.stringify(checked.data)}\n`, stderr: `${failed}\n` };
    const out = command.print ? command.print(checked.data as never) : checked.data;
    return { exitCode: 0, stdout: `${JSON.stringify(out)}\n`, stderr: '' };
  } catch (error) {
    if (error instanceof UsageError) return { exitCode: 2, stdout: '', stderr: `${error.message}\n` };
    if (error instanceof ServerError) return { exitCode: error.exitCode, stdout: '', stderr: `${error.message}\n` };
    return { exitCode: 1, stdout: '', stderr: `예상하지 못한 오류입니다: ${(error as Error).message}\n` };
  }
}
