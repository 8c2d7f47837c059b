/**
 * Entry point of the core inside Electron's utility process. A utility process is plain Node
 * with `process.parentPort` for talking to the main process; this file never imports electron.
 * Why a utility process: better-sqlite3 and PDF rendering are synchronous CPU work — in the main
 * process they would freeze the window; here they run beside it, and a native crash restarts
 * the core instead of killing the app.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCore, type Core } from './core';
import { plainSecretBox, type SecretBox } from './sync/secrets';
import { resolveKeychainStoreKey, type Keychain } from './store/keys';
import { installProcessGuards, stderrLog } from './process-guard';
import { syncTuningFromEnv } from './sync/tuning';
import type { WireResult } from '../../shared/contract/errors';
import { AppError } from '../../shared/contract/errors';

/** The device token is sealed by the shell's OS keychain (safeStorage); only the shell can reach it. */
export function parentPortSecretBox(port: ParentPort): SecretBox & { keychain: Keychain; handle(data: unknown): boolean } {
  let next = 1;
  const waiting = new Map<number, { resolve: (v: string) => void; reject: (e: Error) => void }>();
  const ask = (op: 'seal' | 'open', value: string) =>
    new Promise<string>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      port.postMessage({ secretRequest: { id, op, value } });
    });
  return {
    keychain: { seal: (plain) => ask('seal', plain), open: (sealed) => ask('open', sealed) },
    seal: async (plain) => `keychain:${await ask('seal', plain)}`,
    open: async (sealed) => (sealed.startsWith('keychain:') ? ask('open', sealed.slice('keychain:'.length)) : plainSecretBox.open(sealed)),
    handle(data) {
      const reply = (data as { secretReply?: { id: number; value?: string; error?: string } } | null)?.secretReply;
      if (!reply) return false;
      const w = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (reply.error !== undefined) w?.reject(new Error(`OS 키체인을 쓸 수 없습니다: ${reply.error}`));
      else w?.resolve(reply.value ?? '');
      return true;
    },
  };
}

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export async function handleBridgeMessage(core: Core, data: unknown): Promise<{ id: number; result: unknown } | null> {
  if (!data || typeof data !== 'object') return null;
  const { id, channel, input } = data as { id?: unknown; channel?: unknown; input?: unknown };
  if (typeof id !== 'number' || typeof channel !== 'string') return null;
  try {
    return { id, result: await core.dispatch(channel, input) };
  } catch (error) {
    // The dispatcher turns handler errors into results; this is only for a failure around it.
    stderrLog({ level: 'error', msg: 'bridge request failed', channel, error: error instanceof Error ? error.stack : String(error) });
    return { id, result: { ok: false, error: { code: 'INTERNAL', message: '요청을 처리하지 못했습니다. 다시 시도하고, 계속되면 본사 담당자에게 알려 주세요.' } } };
  }
}

/** Core → screen events go to the shell as `{ coreEvent }` messages; it passes them to the window. */
export function forwardCoreEvents(core: Core, post: (message: { coreEvent: unknown }) => void): () => void {
  return core.onEvent((coreEvent) => {
    post({ coreEvent });
  });
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (parentPort) {
  // Nothing the background work does may end the core: log it with its context and keep serving.
  installProcessGuards('electron-core');
  // Bundled: the fonts were copied beside this file by scripts/build.mjs.
  const bundledFonts = path.join(__dirname, 'fonts');
  if (!process.env.SALESDESK_FONT_DIR && fs.existsSync(bundledFonts)) process.env.SALESDESK_FONT_DIR = bundledFonts;
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, 'migrations-dir': { type: 'string' }, 'resources-dir': { type: 'string' } },
    strict: false,
  });
  const secrets = parentPortSecretBox(parentPort);
  process.umask(0o077);
  const dataDir = String(values['data-dir']);
  // The store key is sealed by the shell's OS keychain: unseal it (over the bridge) before opening.
  const state: { core: Core | null; failure: WireResult | null } = { core: null, failure: null };
  const opening = resolveKeychainStoreKey(dataDir, secrets.keychain)
    .then((storeKey) => {
      state.core = openCore({
        dataDir,
        host: 'electron',
        autoSync: true,
        secrets,
        storeKey,
        syncTuning: syncTuningFromEnv(process.env),
        ...(typeof values['migrations-dir'] === 'string' ? { migrationsDir: values['migrations-dir'] } : {}),
        ...(typeof values['resources-dir'] === 'string' ? { resourcesDir: values['resources-dir'] } : {}),
      });
      forwardCoreEvents(state.core, (m) => {
        parentPort.postMessage(m);
      });
    })
    .catch((error: unknown) => {
      // The process stays up and answers every request with why the store cannot open (a crash
      // would only restart into the same failure).
      const wire = error instanceof AppError ? error.toWire() : { code: 'UNAVAILABLE' as const, message: `저장소를 열 수 없습니다: ${error instanceof Error ? error.message : String(error)}` };
      state.failure = { ok: false, error: wire };
      process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'store could not open', error: wire.message })}\n`);
    });
  parentPort.on('message', (event) => {
    if (secrets.handle(event.data)) return;
    opening
      .then(async () => {
        const data = event.data as { id?: unknown } | null;
        if (!state.core) {
          if (typeof data?.id === 'number') parentPort.postMessage({ id: data.id, result: state.failure });
          return;
        }
        const reply = await handleBridgeMessage(state.core, event.data);
        if (reply) parentPort.postMessage(reply);
      })
      .catch((error: unknown) => {
        stderrLog({ level: 'error', msg: 'bridge message failed', error: error instanceof Error ? error.stack : String(error) });
      });
  });
  process.on('exit', () => {
    state.core?.close();
  });
}
