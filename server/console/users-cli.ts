import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { accountCreateSchema } from '../../shared/console/api';
import { CONSOLE_ROLES } from '../../shared/console/roles';
import { koreanErrorMap, zodIssues } from '../../shared/contract/errors';
import { openDatabase } from '../db/open';
import { StartupError } from '../db/lock';
import { HttpError } from '../http';
import { createAccount } from './accounts';
import type { Actor } from './audit';
import { readControlFile } from './control';

/**
 * `npm run -s hq -- users add --login ID --name 이름 --role admin [--data-dir DIR]` — makes a
 * console account and prints `{"login","password"}` once (a one-time password, to be changed at
 * first sign-in). Works with HQ stopped (opens the database itself) and running: on PostgreSQL
 * (DATABASE_URL) it connects beside the server; on embedded PGlite, which only one process may
 * open, it asks the running server through its loopback control address (see control.ts).
 */
const USERS_USAGE = `사용법: npm run -s hq -- users add --login 로그인ID --name 이름 --role ${CONSOLE_ROLES.join('|')} [--data-dir 폴더(기본 .data/hq)]
  (역할: order_desk 주문접수, approver 승인, settlement 정산, admin 관리자)
DATABASE_URL=postgres://… 이면 그 PostgreSQL에 만듭니다. HQ 서버가 켜져 있어도 꺼져 있어도 됩니다.`;

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const CLI_ACTOR: Actor = { kind: 'cli', login: 'hq-cli', name: '서버 명령 (hq users add)', ip: null };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function runningServerPid(dataDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'hq.pid'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function runUsersCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const fail = (exitCode: number, message: string): CliResult => ({ exitCode, stdout: '', stderr: `${message}\n` });
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: { login: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: true,
    }));
  } catch (error) {
    return fail(2, `잘못된 옵션입니다: ${(error as Error).message}\n${USERS_USAGE}`);
  }
  if (values.help) return { exitCode: 0, stdout: '', stderr: `${USERS_USAGE}\n` };
  if (positionals[0] !== 'add' || positionals.length > 1) return fail(2, `users 다음에는 add를 쓰세요.\n${USERS_USAGE}`);
  const parsed = accountCreateSchema.safeParse({ login: values.login, name: values.name, role: values.role }, { error: koreanErrorMap });
  if (!parsed.success) {
    const issue = zodIssues(parsed.error)[0];
    return fail(2, `--${issue?.path ?? 'login'}: ${issue?.message ?? '값을 확인하세요.'}\n${USERS_USAGE}`);
  }
  const account = parsed.data;
  const given = env.DATABASE_URL?.trim();
  const databaseUrl = given === undefined || given === '' ? undefined : given;
  const dataDir = path.resolve(typeof values['data-dir'] === 'string' ? values['data-dir'] : (env.SALESDESK_HQ_DATA_DIR ?? path.join('.data', 'hq')));

  if (!databaseUrl) {
    const pid = runningServerPid(dataDir);
    if (pid !== undefined) {
      const control = readControlFile(dataDir);
      if (control?.pid !== pid) {
        return fail(1, `HQ 서버(pid ${pid})가 이 데이터 폴더(${dataDir})를 쓰고 있지만 제어 주소 파일이 없습니다. 서버가 다 켜질 때까지 기다렸다가 다시 실행하거나, 서버를 끈 뒤 실행하세요.`);
      }
      let response: Response;
      try {
        response = await fetch(new URL('/console/api/control/users', control.url), {
          method: 'POST',
          headers: { authorization: `Bearer ${control.token}`, 'content-type': 'application/json' },
          body: JSON.stringify(account),
          signal: AbortSignal.timeout(60_000),
        });
      } catch (error) {
        return fail(3, `실행 중인 HQ 서버(${control.url})에 연결할 수 없습니다 (${(error as Error).message}). 서버 상태를 확인하세요.`);
      }
      const body = (await response.json().catch(() => null)) as { login?: string; password?: string; error?: { message?: string } } | null;
      if (!response.ok || body?.password === undefined) return fail(1, `HQ 서버가 계정을 만들지 않았습니다: ${body?.error?.message ?? `HTTP ${response.status}`}`);
      return { exitCode: 0, stdout: `${JSON.stringify({ login: body.login, password: body.password })}\n`, stderr: '' };
    }
  }

  let database;
  try {
    database = await openDatabase({ databaseUrl, dataDir });
  } catch (error) {
    if (error instanceof StartupError) return fail(1, error.message);
    return fail(1, `${databaseUrl ? 'PostgreSQL(DATABASE_URL)' : `데이터 폴더 ${dataDir}`}를 열 수 없습니다: ${(error as Error).message}`);
  }
  try {
    const created = await database.db.transaction((tx) => createAccount(tx, account, CLI_ACTOR));
    return { exitCode: 0, stdout: `${JSON.stringify({ login: created.login, password: created.password })}\n`, stderr: '' };
  } catch (error) {
    if (error instanceof HttpError) return fail(1, error.message);
    throw error;
  } finally {
    await database.close();
  }
}
