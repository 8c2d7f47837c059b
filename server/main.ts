/**
 * HQ sync server: `npm run hq -- [--port P] [--host H] [--data-dir DIR]`.
 *
 * Starts with no setup: embedded PGlite in DIR (default `.data/hq`), or a real PostgreSQL when
 * DATABASE_URL=postgres://… is set; migrations are applied at start. The admin token is
 * SALESDESK_HQ_ADMIN_TOKEN, or a new one each start. The first stdout line is exactly
 * `{"url": …, "adminToken": …}`; logs are JSON lines on stderr.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from './app';
import { newAdminToken } from './auth';
import { openDatabase, type Database } from './db/open';
import { StartupError } from './db/lock';
import type { PushHooks } from './sync/push';

const USAGE = `사용법: npm run hq -- [--port 포트(기본 8787, 0=빈 포트)] [--host 주소(기본 127.0.0.1)] [--data-dir 폴더(기본 .data/hq)]
환경 변수: DATABASE_URL=postgres://… (PostgreSQL 사용), SALESDESK_HQ_ADMIN_TOKEN (관리자 토큰), SALESDESK_HQ_LOG_LEVEL (기본 info)`;

interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminToken: string;
  logLevel: string;
}

function readConfig(argv: string[], env: NodeJS.ProcessEnv): Config {
  let values: { port?: string; host?: string; 'data-dir'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new StartupError(`잘못된 옵션입니다: ${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(0);
  }
  const port = values.port === undefined ? 8787 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new StartupError(`--port는 0~65535 사이의 정수로 지정하세요 (받은 값: ${values.port}).`);
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new StartupError('DATABASE_URL은 postgres://사용자@호스트:포트/DB 형식이어야 합니다. 내장 DB를 쓰려면 DATABASE_URL을 비우세요.');
  }
  const given = env.SALESDESK_HQ_ADMIN_TOKEN?.trim();
  if (given !== undefined && given !== '' && given.length < 16) {
    throw new StartupError('SALESDESK_HQ_ADMIN_TOKEN은 16자 이상으로 정하세요 (비우면 시작할 때마다 새로 만듭니다).');
  }
  return {
    port,
    host: values.host ?? '127.0.0.1',
    dataDir: path.resolve(values['data-dir'] ?? env.SALESDESK_HQ_DATA_DIR ?? path.join('.data', 'hq')),
    databaseUrl,
    adminToken: given || newAdminToken(),
    logLevel: env.SALESDESK_HQ_LOG_LEVEL ?? 'info',
  };
}

/**
 * Test-only fault injection, off unless its variable is set:
 * - SALESDESK_HQ_TEST_CRASH=push-before-commit kills the process (SIGKILL) after a push batch is
 *   written but before it commits, to prove a crash leaves nothing half-applied;
 * - SALESDESK_HQ_TEST_COMMIT_DELAY_MS=N holds each push 0–N ms (random) before it commits, so
 *   concurrent pushes would commit out of change-number order if writers were not serialised.
 */
function faultHooks(env: NodeJS.ProcessEnv): PushHooks {
  if (env.SALESDESK_HQ_TEST_CRASH === 'push-before-commit') {
    return { beforeCommit: () => void process.kill(process.pid, 'SIGKILL') };
  }
  const delay = Number(env.SALESDESK_HQ_TEST_COMMIT_DELAY_MS);
  if (Number.isFinite(delay) && delay > 0) {
    return { beforeCommit: () => new Promise((resolve) => setTimeout(resolve, Math.random() * delay)) };
  }
  return {};
}

async function main(): Promise<void> {
  const config = readConfig(process.argv.slice(2), process.env);
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof StartupError) throw error;
    const where = config.databaseUrl ? 'PostgreSQL(DATABASE_URL)' : `데이터 폴더 ${config.dataDir}`;
    throw new StartupError(`${where}를 열 수 없습니다: ${(error as Error).message}. 주소·권한을 확인하세요.`);
  }
  const pushHooks = faultHooks(process.env);
  const app = await buildApp({
    database,
    adminToken: config.adminToken,
    logger: { level: config.logLevel, stream: process.stderr },
    pushHooks,
  });
  app.log.info({ database: database.kind, ...database.timings }, 'database opened');
  if (pushHooks.beforeCommit) app.log.warn('SALESDESK_HQ_TEST_* fault injection is on (tests only)');

  let address: string;
  try {
    address = await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await database.close().catch(() => undefined);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new StartupError(`포트 ${config.port}을(를) 이미 다른 프로그램이 쓰고 있습니다. --port로 다른 포트를 지정하세요.`);
    }
    throw error;
  }
  const port = Number(new URL(address).port);
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  process.stdout.write(`${JSON.stringify({ url: `http://${host}:${port}`, adminToken: config.adminToken })}\n`);
  app.log.info({ database: database.kind, location: database.location, serverId: database.serverId }, 'HQ ready');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    app
      .close()
      .then(() => database.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`HQ 서버를 시작하지 못했습니다: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exit(1);
});
