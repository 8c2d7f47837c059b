import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openCore, type Core } from '../core/core';
import { resolveDataDir } from '../core/paths';
import { argumentError, badInput, fromError, fromWireError, ok, parseJsonInput, type CliResult } from './cli-io';
import { checkCommand, damagesCommand, penaltyCommand, quoteCommand, wordsCommand } from '../../shared/catalog/cli';
import { DEFAULT_CATALOGS_DIR, loadCatalogs } from '../core/catalogs';
import { DEFAULT_COMMISSION_DIR, loadCommissionPlans } from '../core/commission-plans';
import { commissionCommand } from '../../shared/commission/cli';
import { slaCommand } from '../../shared/service/cli';
import { normaliseUrl } from '../core/sync/enroll';
import { runHqCli } from './cli-hq';
import { runFormsCommand } from './cli-forms';
import { installProcessGuards } from '../core/process-guard';
import { runningHost } from '../core/store/host-lock';
import fs from 'node:fs';

export interface CliIo {
  /** Whole standard input, read only for commands that take JSON (undefined when none). */
  readStdin: () => Promise<string | undefined>;
  env: NodeJS.ProcessEnv;
}

const USAGE = `사용법: npm run --silent cli -- <명령> [--data-dir DIR]

  applications import          표준 입력의 청약 JSON을 저장하고 {"id"}를 출력
  applications list [--query Q] 청약 목록 (회사명 또는 사업자번호 앞자리로 검색)
  applications export <id> --reason 사유  청약 JSON 출력 (개인정보 반출: 사유가 접속기록에 남음)
  access-log verify            개인정보 접속기록의 해시 사슬 검사 (끊긴 첫 항목을 알림, 종료 코드 1)
  access-log list [--subject ID]  접속기록 (고객·청약 ID로 좁히기)
  quote                        표준 입력 {"term","items",["catalog"]} → 견적 (공급가액/세액/합계, 경고)
  penalty                      표준 입력 {"term","items","monthsUsed",["catalog"]} → 해지위약금
  damages                      표준 입력 {"monthlyFee","outagesHours":[…]} → 장애 손해배상액
  sla                          표준 입력 {"kind":"complaint|fault","category","openedAt","events":[{"at","type"}],"now"} → {"dueAt","state","remainingMinutes"}
  commission                   표준 입력 {"term","items","payment":"prepaid|yearly|monthly",["plan","catalog","trialMonths","start":"YYYY-MM"]} → 월별 판매 수수료
  check bizno|corpno|phone <값>  사업자등록번호·법인등록번호·전화번호 검사
  words <금액>                  금액을 한글로 (일금 …원정)
  sync --server URL [--enroll CODE]  본사와 한 번 동기화 → {"pushed","pulled","conflicts","cursor"}
  hq <명령> --server URL --admin-token T  본사 관리 (enroll-code, applications list, so-process, …)
  forms --input 청약.json --out 폴더 [--forms 1,2,3,4,5,6,quote] [--format pdf|docx] [--packet] [--before 변경전.json]
  store status                 저장소 상태: 암호화, 키 보관 방식, 백업 목록, 마지막 복구 안내
  store backup                 지금 저장소를 백업 (backups/ 폴더, 저장소와 같은 키로 암호화)
  store restore <백업|latest>   고른 백업으로 복원 (지금 저장소는 백업하고 set-aside/ 폴더로 옮겨 둠). 앱과 웹 호스트를 닫은 뒤 실행

데이터 위치: --data-dir, 없으면 SALESDESK_DATA_DIR, 없으면 앱과 같은 사용자 데이터 폴더.
암호 키: SALESDESK_STORE_KEY(16진수 64자), 없으면 키 폴더(SALESDESK_KEY_DIR, 기본 ~/.salesdesk/keys)의 키 파일.
종료 코드: 0 성공, 2 잘못된 입력(아무것도 저장하지 않음), 1 그 밖의 오류.`;

type Command = (args: { positionals: string[]; values: Record<string, string | boolean | undefined>; io: CliIo; core: () => Core }) => Promise<CliResult>;

/** Commands that read JSON on stdin and answer from the shipped price lists alone (no store). */
function pricing(fn: (input: unknown, catalogs: ReturnType<typeof loadCatalogs>) => unknown): Command {
  return async ({ io, positionals }) => {
    if (positionals.length > 0) return badInput(`이 명령은 인수를 받지 않습니다 (받은 것: ${positionals.join(' ')}). JSON은 표준 입력(stdin)으로 넣으세요.\n\n${USAGE}`);
    const parsed = parseJsonInput(await io.readStdin());
    if (!parsed.ok) return parsed.result;
    return ok(fn(parsed.value, loadCatalogs(io.env.SALESDESK_CATALOGS_DIR ?? DEFAULT_CATALOGS_DIR)));
  };
}

const commands: Record<string, Command> = {
  sync: async ({ values, core }) => {
    const server = typeof values.server === 'string' ? values.server : undefined;
    const enroll = typeof values.enroll === 'string' ? values.enroll : undefined;
    const c = core();
    const engine = c.ctx.sync.engine;
    if (enroll) {
      if (!server) return badInput('등록하려면 --server 로 본사 서버 주소를 주세요. 예: sync --server http://127.0.0.1:4000 --enroll ABCD-1234');
      await engine.enroll(server, enroll, c.ctx.info.device);
    } else if (server && engine.enrollment() && normaliseUrl(server) !== engine.enrollment()!.serverUrl) {
      return badInput(`이 데이터 폴더는 ${engine.enrollment()!.serverUrl}에 등록되어 있습니다. 다른 서버와 동기화하려면 --enroll 로 새로 등록하세요.`);
    } else if (!engine.enrollment()) {
      return badInput('이 기기는 아직 본사에 등록되지 않았습니다. --server URL --enroll CODE 로 먼저 등록하세요.');
    }
    const s = await engine.sync();
    return ok({ pushed: s.pushed, pulled: s.pulled, conflicts: s.conflicts, cursor: s.cursor, ...(s.rejected ? { rejected: s.rejected } : {}) });
  },
  quote: pricing((input, catalogs) => quoteCommand(input, catalogs)),
  penalty: pricing((input, catalogs) => penaltyCommand(input, catalogs)),
  damages: pricing((input) => damagesCommand(input)),
  sla: pricing((input) => slaCommand(input)),
  commission: pricing((input, catalogs) => commissionCommand(input, catalogs, loadCommissionPlans(process.env.SALESDESK_COMMISSION_DIR ?? DEFAULT_COMMISSION_DIR))),
  'check bizno': ({ positionals }) => Promise.resolve(checkArg('bizno', positionals)),
  'check corpno': ({ positionals }) => Promise.resolve(checkArg('corpno', positionals)),
  'check phone': ({ positionals }) => Promise.resolve(checkArg('phone', positionals)),
  words: ({ positionals }) => Promise.resolve(positionals.length !== 1 ? badInput('금액 하나를 주세요. 예: words 1200000') : ok(wordsCommand(positionals[0]!))),
  'applications import': async ({ io, core }) => {
    const parsed = parseJsonInput(await io.readStdin());
    if (!parsed.ok) return parsed.result;
    const result = await core().dispatch('applications.create', parsed.value);
    return result.ok ? ok({ id: (result.value as { id: string }).id }) : fromWireError(result.error);
  },
  'applications list': async ({ values, core }) => {
    const items: unknown[] = [];
    const query = typeof values.query === 'string' ? values.query : undefined;
    for (let offset = 0; ; offset += 500) {
      const result = await core().dispatch('applications.list', { query, limit: 500, offset });
      if (!result.ok) return fromWireError(result.error);
      const page = result.value as { total: number; items: { id: string; kind: string; customer: { name: string; businessNumber: string }; status: string; updatedAt: string }[] };
      items.push(...page.items.map((a) => ({ id: a.id, kind: a.kind, customer: a.customer, status: a.status, updatedAt: a.updatedAt })));
      if (page.items.length < 500) break;
    }
    return ok(items);
  },
  'store status': ({ core }) => Promise.resolve(ok(core().ctx.storeAdmin.status())),
  'store backup': async ({ core }) => ok(await core().ctx.storeAdmin.backupNow()),
  'store restore': async ({ positionals, values, io, core }) => {
    const wanted = positionals[0];
    if (!wanted || positionals.length > 1) return badInput('복원할 백업 이름 하나(또는 latest)를 주세요. 목록: store status');
    const host = runningHost(resolveDataDir(typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined, io.env));
    if (host) return badInput(`이 데이터 폴더를 ${host.host === 'web' ? '웹 호스트' : '앱'}(프로세스 ${host.pid})가 쓰고 있습니다. 먼저 닫은 뒤 복원하거나, 앱의 '데이터 보관' 화면에서 복원하세요.`);
    const c = core();
    const id = wanted === 'latest' ? c.ctx.storeAdmin.status().backups[0]?.id : wanted;
    if (!id) return badInput('복원할 백업이 없습니다. store backup 으로 먼저 백업을 만드세요.');
    const result = await c.dispatch('store.restore', { backup: id });
    return result.ok ? ok(result.value) : fromWireError(result.error);
  },
  'applications export': async ({ positionals, values, core }) => {
    const id = positionals[0];
    if (!id) return badInput('내보낼 청약의 ID를 주세요. 예: applications export 01a2… --reason "고객 요청 사본"');
    const reason = typeof values.reason === 'string' ? values.reason : undefined;
    if (reason === undefined) return badInput('개인정보가 담긴 청약을 내보내려면 사유가 필요합니다. --reason "사유"를 붙여 다시 실행하세요 (사유는 접속기록에 남습니다).');
    const result = await core().dispatch('applications.export', { id, reason });
    return result.ok ? ok(result.value) : fromWireError(result.error);
  },
  'access-log verify': ({ core }) => {
    const result = core().ctx.accessLog.verify();
    if (!result.broken) return Promise.resolve(ok({ ok: true, entries: result.entries }));
    return Promise.resolve({
      exitCode: 1,
      stdout: `${JSON.stringify({ ok: false, entries: result.entries, firstBroken: result.broken }, null, 2)}\n`,
      stderr: `접속기록이 변조되었습니다: ${result.broken.seq}번 항목부터 사슬이 끊겼습니다 (${result.broken.message}).\n`,
    });
  },
  'access-log list': ({ values, core }) => {
    const subject = typeof values.subject === 'string' ? values.subject : undefined;
    return Promise.resolve(ok(core().ctx.accessLog.list(subject === undefined ? {} : { subjectId: subject })));
  },
};

function checkArg(kind: 'bizno' | 'corpno' | 'phone', positionals: string[]): CliResult {
  if (positionals.length !== 1) return badInput(`검사할 값 하나를 주세요. 예: check ${kind} ${kind === 'phone' ? '02-123-4567' : kind === 'bizno' ? '102-81-42945' : '110111-1468754'}`);
  return ok(checkCommand(kind, positionals[0]!));
}

/** Runs one CLI invocation; pure with respect to process state so tests can call it directly. */
export async function runCli(argv: string[], io: CliIo): Promise<CliResult> {
  // HQ administration has its own flags and talks to HQ only (no local store).
  // forms has its own flags (--input, --out, --forms, --format, --packet, --before).
  if (argv[0] === 'forms') return runFormsCommand(argv.slice(1), { readFile: (p) => fs.readFileSync(p, 'utf8'), cwd: process.cwd(), env: io.env });
  if (argv[0] === 'hq') {
    // Commands that read a JSON body from standard input: every publish-*, and tickets create.
    const takesJson = argv.some((a) => a.startsWith('publish-')) || (argv.includes('tickets') && argv.includes('create'));
    return runHqCli(argv.slice(1), { stdin: takesJson ? await io.readStdin() : undefined, env: io.env });
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'data-dir': { type: 'string' },
        query: { type: 'string' },
        server: { type: 'string' },
        enroll: { type: 'string' },
        reason: { type: 'string' },
        subject: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return badInput(`${argumentError(error)}\n\n${USAGE}`);
  }
  const [group, action, ...rest] = parsed.positionals;
  if (parsed.values.help || !group) return { exitCode: group ? 0 : 2, stdout: group ? `${USAGE}\n` : '', stderr: group ? '' : `${USAGE}\n` };
  const two = action !== undefined ? commands[`${group} ${action}`] : undefined;
  const command = two ?? commands[group];
  if (!command) return badInput(`알 수 없는 명령입니다: ${[group, action].filter(Boolean).join(' ')}\n\n${USAGE}`);
  const commandArgs = two ? rest : parsed.positionals.slice(1);

  let core: Core | undefined;
  const getCore = () => {
    if (core) return core;
    core = openCore({ dataDir: resolveDataDir(parsed.values['data-dir'], io.env), host: 'cli', env: io.env });
    // A damaged store was just set aside and a backup restored: say so before anything else.
    if (core.recoveredAtOpen) notices.push(`알림: ${core.recoveredAtOpen.message}`);
    return core;
  };
  const notices: string[] = [];
  const withNotices = (r: CliResult): CliResult => (notices.length ? { ...r, stderr: `${notices.join('\n')}\n${r.stderr}` } : r);
  try {
    return withNotices(await command({ positionals: commandArgs, values: parsed.values, io, core: getCore }));
  } catch (error) {
    return withNotices(fromError(error));
  } finally {
    core?.close();
  }
}

async function readAll(stream: NodeJS.ReadStream): Promise<string | undefined> {
  if (stream.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  process.umask(0o077);
  installProcessGuards('cli');
  // Ctrl+C, a closed terminal or a kill end the command through exit, so its claim on the data
  // folder is given back (SQLite leaves an unfinished write out of the store either way).
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.once(signal, () => {
      process.stderr.write(`중단되었습니다 (${signal}). 중단 전에 끝난 변경은 저장되어 있고, 끝나지 않은 변경은 저장되지 않았습니다. 무엇이 저장되었는지 확인한 뒤 다시 실행하세요.\n`);
      process.exit(code);
    });
  }
  const result = await runCli(process.argv.slice(2), { readStdin: () => readAll(process.stdin), env: process.env });
  if (result.stdout) process.stdout.write(result.stdout);
  if (result.stderr) process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}
