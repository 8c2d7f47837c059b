import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { z } from 'zod';
import { openCore, type Core } from '../core/core';
import { resolveDataDir } from '../core/paths';
import { checkApiRequest, newToken, WEB_CSP } from './web-security';
import { installProcessGuards, stderrLog } from '../core/process-guard';
import { syncTuningFromEnv, type SyncTuning } from '../core/sync/tuning';
import { EVENT_STREAM_HEARTBEAT_MS } from '../../shared/contract/events';

export const DEFAULT_STATIC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/renderer');

export interface WebHostOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  staticDir?: string;
  token?: string;
  /** Sync with HQ in the background once enrolled (the app does; tests may not). */
  autoSync?: boolean;
  syncTuning?: SyncTuning;
}

export interface WebHost {
  url: string;
  /** The URL to open: carries the token in the fragment, which never reaches the server. */
  openUrl: string;
  token: string;
  core: Core;
  close(): Promise<void>;
}

const invokeBody = z.strictObject({ channel: z.string().min(1).max(100), input: z.unknown() });

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const staticDir = options.staticDir ?? DEFAULT_STATIC_DIR;
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    throw new Error(`화면 파일이 없습니다 (${staticDir}). 먼저 \`npm run build\`를 실행하세요.`);
  }
  const token = options.token ?? newToken();
  const core = openCore({ dataDir: options.dataDir, host: 'web', autoSync: options.autoSync ?? false, ...(options.syncTuning ? { syncTuning: options.syncTuning } : {}) });
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: 25 * 1024 * 1024 });
  let port = 0;

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('Content-Security-Policy', WEB_CSP);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Cross-Origin-Resource-Policy', 'same-origin');
    return payload;
  });

  await app.register(fastifyStatic, { root: staticDir, index: 'index.html', wildcard: true });

  app.post('/api/invoke', async (request, reply) => {
    const refusal = checkApiRequest({ host: request.headers.host, origin: request.headers.origin, authorization: request.headers.authorization }, { port, token });
    if (refusal) return reply.code(refusal.status).send({ ok: false, error: { code: refusal.code, message: refusal.message } });
    const body = invokeBody.safeParse(request.body);
    if (!body.success) {
      return reply.code(400).send({ ok: false, error: { code: 'INVALID_INPUT', message: '요청 형식이 맞지 않습니다: {"channel", "input"}이 필요합니다.' } });
    }
    return reply.send(await core.dispatch(body.data.channel, body.data.input));
  });

  // Core → screen events (shared/contract/events.ts), streamed: one `data:` line per event, a
  // comment line as a heartbeat so a dead connection is noticed. Same token and origin checks as
  // invoke. Open streams are ended before the server closes (they never go idle by themselves).
  const streams = new Set<() => void>();
  app.get('/api/events', (request, reply) => {
    const refusal = checkApiRequest({ host: request.headers.host, origin: request.headers.origin, authorization: request.headers.authorization }, { port, token });
    if (refusal) return reply.code(refusal.status).send({ ok: false, error: { code: refusal.code, message: refusal.message } });
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
    });
    res.write(': SalesDesk events\n\n');
    const unsubscribe = core.onEvent((event) => {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), EVENT_STREAM_HEARTBEAT_MS);
    heartbeat.unref();
    const end = () => {
      if (!streams.delete(end)) return;
      clearInterval(heartbeat);
      unsubscribe();
      res.end();
    };
    streams.add(end);
    request.raw.on('close', end);
    res.on('error', end);
  });
  app.addHook('preClose', (done) => {
    for (const end of [...streams]) end();
    done();
  });

  try {
    await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  } catch (error) {
    core.close();
    throw error;
  }
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    openUrl: `${url}#token=${token}`,
    token,
    core,
    close: async () => {
      await app.close();
      core.close();
    },
  };
}

/** Stops the host on SIGINT/SIGTERM: closes the server and the store, then exits. */
export function exitOnSignals(host: WebHost): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    host.close().then(
      () => process.exit(0),
      (error: unknown) => {
        stderrLog({ level: 'error', msg: 'could not close the web host cleanly', error: error instanceof Error ? error.stack : String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  // Nothing the background work does may end the host: log it and keep serving.
  installProcessGuards('web');
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, port: { type: 'string' } },
    strict: true,
  });
  // Everything this host writes (store, backups, attachments, keys) is for this OS user only.
  process.umask(0o077);
  let syncTuning: SyncTuning;
  try {
    syncTuning = syncTuningFromEnv(process.env);
  } catch (error) {
    process.stderr.write(`동기화 설정이 올바르지 않습니다: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const dataDir = resolveDataDir(values['data-dir']);
  let host: WebHost;
  try {
    host = await startWebHost({ dataDir, port: values.port ? Number(values.port) : 0, autoSync: true, syncTuning });
  } catch (error) {
    // A store that cannot be opened (wrong or missing key, no permission) is said in one line, not a stack trace.
    process.stderr.write(`오류: 저장소를 열 수 없습니다. ${error instanceof Error ? error.message : String(error)}\n데이터 폴더: ${dataDir}\n`);
    process.exit(1);
  }
  process.stdout.write(`SalesDesk 웹 호스트: ${host.openUrl}\n`);
  process.stdout.write(`데이터 폴더: ${dataDir}\n`);
  if (host.core.recoveredAtOpen) process.stdout.write(`알림: ${host.core.recoveredAtOpen.message}\n`);
  exitOnSignals(host);
}
