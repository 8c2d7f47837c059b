/**
 * HQ sync server: `npm run hq -- [--port P] [--host H] [--data-dir DIR] [--tls-cert F --tls-key F] [--trust-proxy A]`.
 *
 * Starts with no setup: embedded PGlite in DIR (default `.data/hq`), or a real PostgreSQL when
 * DATABASE_URL=postgres://… is set; migrations are applied at start. The admin token is
 * SALESDESK_HQ_ADMIN_TOKEN, or a new one each start. The first stdout line is exactly
 * `{"url": …, "adminToken": …}`; logs are JSON lines on stderr.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp, DEFAULT_ENROLL_ATTEMPTS } from './app';
import { isLoopbackHost } from '../shared/sync/hq-url';
import { newAdminToken } from './auth';
import { openDatabase, type Database } from './db/open';
import { StartupError } from './db/lock';
import type { PushHooks } from './sync/push';
import { newControlToken, writeControlFile } from './console/control';
import { runUsersCommand } from './console/users-cli';

const USAGE = `사용법: npm run hq -- [--port 포트(기본 8787, 0=빈 포트)] [--host 주소(기본 127.0.0.1)] [--data-dir 폴더(기본 .data/hq)]
       [--tls-cert 인증서.pem --tls-key 개인키.pem (HTTPS로 직접 받기)] [--trust-proxy 프록시 주소(TLS 리버스 프록시 뒤에 둘 때, 예: 127.0.0.1)]
       npm run -s hq -- users add --login ID --name 이름 --role admin   HQ 콘솔 계정 만들기 (서버가 켜져 있어도 됩니다)
환경 변수: DATABASE_URL=postgres://… (PostgreSQL 사용), SALESDESK_HQ_ADMIN_TOKEN (관리자 토큰), SALESDESK_HQ_LOG_LEVEL (기본 info),
          SALESDESK_HQ_ENROLL_ATTEMPTS (주소 하나가 10분 동안 틀릴 수 있는 등록 코드 수, 기본 ${DEFAULT_ENROLL_ATTEMPTS.max}),
          SALESDESK_HQ_SECURE_COOKIES=1 (TLS 리버스 프록시 뒤에서 운영할 때 콘솔 쿠키에 Secure), SALESDESK_HQ_CONSOLE_IDLE_MINUTES (콘솔 유휴 로그아웃, 기본 30)`;

interface Config {
  port: number;
  host: string;
  tls: { cert: Buffer; key: Buffer } | undefined;
  trustProxy: string | undefined;
  enrollAttempts: number;
  dataDir: string;
  databaseUrl: string | undefined;
  adminToken: string;
  logLevel: string;
}

/** An environment variable's value, trimmed; unset or blank is `undefined`. */
function envText(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text === '' ? undefined : text;
}

function readConfig(argv: string[], env: NodeJS.ProcessEnv): Config {
  let values: { port?: string; host?: string; 'data-dir'?: string; 'tls-cert'?: string; 'tls-key'?: string; 'trust-proxy'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'trust-proxy': { type: 'string' },
        help: { type: 'boolean' },
      },
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
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new StartupError(`--port는 0~65535 사이의 정수로 지정하세요 (받은 값: ${values.port ?? ''}).`);
  const databaseUrl = envText(env.DATABASE_URL);
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new StartupError('DATABASE_URL은 postgres://사용자@호스트:포트/DB 형식이어야 합니다. 내장 DB를 쓰려면 DATABASE_URL을 비우세요.');
  }
  const given = envText(env.SALESDESK_HQ_ADMIN_TOKEN);
  if (given !== undefined && given.length < 16) {
    throw new StartupError('SALESDESK_HQ_ADMIN_TOKEN은 16자 이상으로 정하세요 (비우면 시작할 때마다 새로 만듭니다).');
  }
  const attempts = env.SALESDESK_HQ_ENROLL_ATTEMPTS?.trim();
  const enrollAttempts = attempts ? Number(attempts) : DEFAULT_ENROLL_ATTEMPTS.max;
  if (!Number.isInteger(enrollAttempts) || enrollAttempts < 1 || enrollAttempts > 1_000_000) {
    throw new StartupError(`SALESDESK_HQ_ENROLL_ATTEMPTS는 1 이상의 정수로 지정하세요 (받은 값: ${attempts ?? ''}).`);
  }
  return {
    port,
    host: values.host ?? '127.0.0.1',
    tls: readTls(values['tls-cert'], values['tls-key']),
    trustProxy: values['trust-proxy'],
    enrollAttempts,
    dataDir: path.resolve(values['data-dir'] ?? env.SALESDESK_HQ_DATA_DIR ?? path.join('.data', 'hq')),
    databaseUrl,
    adminToken: given ?? newAdminToken(),
    logLevel: env.SALESDESK_HQ_LOG_LEVEL ?? 'info',
  };
}

/** The certificate and key for --tls-cert/--tls-key: both or neither, readable PEM files. */
function readTls(certFile: string | undefined, keyFile: string | undefined): Config['tls'] {
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) {
    throw new StartupError('--tls-cert와 --tls-key는 함께 지정하세요 (인증서 PEM 파일과 그 개인키 PEM 파일).');
  }
  const read = (file: string, what: string) => {
    let data: Buffer;
    try {
      data = fs.readFileSync(file);
    } catch (error) {
      throw new StartupError(`${what} 파일 ${file}을(를) 읽을 수 없습니다: ${(error as Error).message}. 경로와 권한을 확인하세요.`);
    }
    if (!data.toString('latin1').includes('-----BEGIN ')) throw new StartupError(`${what} 파일 ${file}은(는) PEM 형식이 아닙니다 (-----BEGIN …로 시작해야 합니다).`);
    return data;
  };
  return { cert: read(certFile, '인증서(--tls-cert)'), key: read(keyFile, '개인키(--tls-key)') };
}

/**
 * Test-only fault injection, off unless its variable is set:
 * - SALESDESK_HQ_TEST_CRASH=push-before-commit kills the process (SIGKILL) after a push batch is
 *   written but before it commits, to prove a crash leaves nothing half-applied;
 * - SALESDESK_HQ_TEST_COMMIT_DELAY_MS=N holds each push 0–N ms (random) before it commits, so
 *   concurrent pushes would commit out of change-number order if writers were not serialised;
 * - SALESDESK_HQ_TEST_FIRST_COMMIT_DELAY_MS=N holds the first push exactly N ms before it commits
 *   and no later one, so a test can kill a client while its push is surely in flight and then
 *   resend without waiting on a delay per batch.
 */
function faultHooks(env: NodeJS.ProcessEnv): PushHooks {
  if (env.SALESDESK_HQ_TEST_CRASH === 'push-before-commit') {
    return { beforeCommit: () => void process.kill(process.pid, 'SIGKILL') };
  }
  const first = Number(env.SALESDESK_HQ_TEST_FIRST_COMMIT_DELAY_MS);
  if (Number.isFinite(first) && first > 0) {
    let held = false;
    return {
      beforeCommit: () => {
        if (held) return;
        held = true;
        return new Promise((resolve) => setTimeout(resolve, first));
      },
    };
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
  // The listening address, known once listen() returns (enrollment QR codes print it).
  const listening: { url?: string } = {};
  const controlToken = config.databaseUrl ? undefined : newControlToken();
  const idle = Number(process.env.SALESDESK_HQ_CONSOLE_IDLE_MINUTES);
  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    app = await buildApp({
      database,
      adminToken: config.adminToken,
      logger: { level: config.logLevel, stream: process.stderr },
      pushHooks,
      tls: config.tls,
      trustProxy: config.trustProxy,
      enrollAttempts: { max: config.enrollAttempts, windowMs: 10 * 60_000 },
      console: {
        // Behind HQ's own TLS the cookie is always Secure; behind a TLS proxy, say so with the variable.
        secureCookies: Boolean(config.tls) || process.env.SALESDESK_HQ_SECURE_COOKIES === '1',
        controlToken,
        publicUrl: () => listening.url,
        ...(Number.isFinite(idle) && idle > 0 ? { session: { idleMinutes: idle } } : {}),
      },
    });
  } catch (error) {
    await database.close().catch(() => undefined);
    // A certificate and key that do not match, or are not a certificate, fail here.
    throw config.tls ? new StartupError(`TLS 인증서/개인키로 HTTPS를 시작할 수 없습니다: ${(error as Error).message}. 두 파일이 한 쌍인지 확인하세요.`) : error;
  }
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
  const scheme = config.tls ? 'https' : 'http';
  listening.url = `${scheme}://${host}:${port}`;
  // `hq users add` while this server runs: it finds this loopback address and token here (console/control.ts).
  if (controlToken) writeControlFile(config.dataDir, { pid: process.pid, url: `${scheme}://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : host}:${port}`, token: controlToken });
  process.stdout.write(`${JSON.stringify({ url: listening.url, adminToken: config.adminToken })}\n`);
  app.log.info({ database: database.kind, location: database.location, serverId: database.serverId, tls: Boolean(config.tls) }, 'HQ ready');
  if (!config.tls && !isLoopbackHost(config.host)) {
    app.log.warn(
      { host: config.host },
      'HQ listens beyond this computer without TLS: devices refuse http:// to anything but loopback. Give --tls-cert/--tls-key, or put HQ behind a TLS reverse proxy (README).',
    );
  }

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

async function entry(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'users') {
    const result = await runUsersCommand(argv.slice(1), process.env);
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exit(result.exitCode);
  }
  await main();
}

entry().catch((error: unknown) => {
  if (error instanceof StartupError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`HQ 서버를 시작하지 못했습니다: ${(error instanceof Error ? error.stack : undefined) ?? String(error)}\n`);
  }
  process.exit(1);
});
