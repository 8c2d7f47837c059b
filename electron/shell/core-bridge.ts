/**
 * Pairs invoke requests from the main process with replies from the core running in a utility
 * process. Written against a minimal port interface (no electron import) so tests drive it with
 * an in-process core.
 *
 * The core is restarted only after a real crash (it exited without being asked to), at once so
 * background sync goes on, and at most a few times in a short while (`decideRestart`): a core that
 * keeps crashing is left stopped and every request says plainly to restart the app.
 */
import type { WireResult } from '../../shared/contract/errors';

export interface BridgeRequest {
  id: number;
  channel: string;
  input: unknown;
}
export interface BridgeReply {
  id: number;
  result: WireResult;
}
/** A core → screen event (shared/contract/events.ts), passed on to the window as it is. */
export interface BridgeEvent {
  coreEvent: unknown;
}

/** The core asks the shell to seal or open a secret (the device token) with the OS keychain. */
export interface SecretRequest {
  secretRequest: { id: number; op: 'seal' | 'open'; value: string };
}
interface SecretReply {
  secretReply: { id: number; value?: string; error?: string };
}

export interface CorePort {
  postMessage(message: BridgeRequest | SecretReply): void;
  onMessage(listener: (message: BridgeReply | SecretRequest | BridgeEvent) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export interface CoreBridge {
  request(channel: string, input: unknown): Promise<WireResult>;
  close(): void;
}

// ─── restart policy (pure) ───

export interface RestartPolicy {
  /** Crashes allowed within `windowMs`; one more and the core stays stopped. */
  maxRestarts: number;
  windowMs: number;
}
const DEFAULT_RESTART_POLICY: RestartPolicy = { maxRestarts: 3, windowMs: 60_000 };

export interface CoreExit {
  /** The process exit code (null when a signal ended it). */
  code: number | null;
  /** The shell asked it to stop (quit, window closed): not a crash. */
  intended: boolean;
  at: number;
}

export type RestartDecision = { action: 'none'; reason: 'intended' } | { action: 'restart'; crashesInWindow: number } | { action: 'give_up'; crashesInWindow: number };

/**
 * What to do when the core exits: nothing when the shell stopped it; otherwise it crashed —
 * restart it, unless it already crashed `maxRestarts` times within `windowMs` before this one.
 * `earlierCrashes` are the times of previous crashes.
 */
export function decideRestart(exit: CoreExit, earlierCrashes: readonly number[], policy: RestartPolicy = DEFAULT_RESTART_POLICY): RestartDecision {
  if (exit.intended) return { action: 'none', reason: 'intended' };
  const inWindow = earlierCrashes.filter((t) => exit.at - t < policy.windowMs && t <= exit.at).length + 1;
  return inWindow > policy.maxRestarts ? { action: 'give_up', crashesInWindow: inWindow } : { action: 'restart', crashesInWindow: inWindow };
}

// ─── the bridge ───

const UNAVAILABLE: WireResult = {
  ok: false,
  error: {
    code: 'UNAVAILABLE',
    message: '데이터 저장소 프로세스가 멈췄습니다. 방금 작업이 저장되지 않았을 수 있으니 목록에서 확인한 뒤 다시 시도하세요. 저장소는 자동으로 다시 시작됩니다.',
  },
};

const GAVE_UP: WireResult = {
  ok: false,
  error: {
    code: 'UNAVAILABLE',
    message: '데이터 저장소 프로세스가 짧은 시간에 여러 번 멈춰 다시 시작하지 않았습니다. 앱을 종료했다가 다시 여세요. 저장된 작업은 이 기기에 그대로 있습니다. 계속되면 본사 담당자에게 알려 주세요.',
  },
};

export interface BridgeOptions {
  timeoutMs?: number;
  /** Seals and opens the device token with the OS keychain. */
  secrets?: (op: 'seal' | 'open', value: string) => string | Promise<string>;
  policy?: RestartPolicy;
  now?: () => number;
  log?: (entry: { level: 'error' | 'info'; msg: string; [k: string]: unknown }) => void;
  /** A core event for the window (the page validates it). */
  onEvent?: (event: unknown) => void;
}

/** `spawn` starts (or restarts) the core. */
export function createCoreBridge(spawn: () => CorePort, options: BridgeOptions = {}): CoreBridge {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const now = options.now ?? Date.now;
  let port: CorePort | null = null;
  let closing = false;
  let gaveUp = false;
  const crashes: number[] = [];
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: WireResult) => void; timer: ReturnType<typeof setTimeout> }>();

  const answerSecret = (p: CorePort, request: SecretRequest['secretRequest']) => {
    const { id, op, value } = request;
    Promise.resolve()
      .then(() => {
        if (!options.secrets) throw new Error('no keychain');
        return options.secrets(op, value);
      })
      .then(
        (sealed) => {
          p.postMessage({ secretReply: { id, value: sealed } });
        },
        (error: unknown) => {
          p.postMessage({ secretReply: { id, error: error instanceof Error ? error.message : String(error) } });
        },
      )
      .catch((error: unknown) => {
        // The port itself is gone (the core exited meanwhile): nothing left to answer.
        options.log?.({ level: 'info', msg: 'could not answer a keychain request', error: String(error) });
      });
  };

  const connect = (): CorePort => {
    if (port) return port;
    const p = spawn();
    let stopped = false;
    p.onMessage((message) => {
      if ('secretRequest' in message) {
        answerSecret(p, message.secretRequest);
        return;
      }
      if ('coreEvent' in message) {
        options.onEvent?.(message.coreEvent);
        return;
      }
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      clearTimeout(waiter.timer);
      waiter.resolve(message.result);
    });
    p.onExit((code) => {
      if (stopped) return;
      stopped = true;
      if (port === p) port = null;
      for (const [id, waiter] of pending) {
        clearTimeout(waiter.timer);
        waiter.resolve(UNAVAILABLE);
        pending.delete(id);
      }
      const decision = decideRestart({ code, intended: closing, at: now() }, crashes, options.policy);
      if (decision.action === 'none') return;
      crashes.push(now());
      if (decision.action === 'give_up') {
        gaveUp = true;
        options.log?.({ level: 'error', msg: 'core keeps crashing; not restarting it', code, crashesInWindow: decision.crashesInWindow });
        return;
      }
      options.log?.({ level: 'error', msg: 'core crashed; restarting it', code, crashesInWindow: decision.crashesInWindow });
      try {
        connect();
      } catch (error) {
        // Could not even start it: the next request tries again (and counts against the cap).
        options.log?.({ level: 'error', msg: 'could not restart the core', error: error instanceof Error ? error.stack : String(error) });
      }
    });
    port = p;
    return p;
  };

  return {
    request(channel, input) {
      if (gaveUp) return Promise.resolve(GAVE_UP);
      const id = nextId++;
      return new Promise<WireResult>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve({
            ok: false,
            error: { code: 'UNAVAILABLE', message: '데이터 저장소가 응답하지 않습니다. 잠시 후 다시 시도하세요.' },
          });
        }, timeoutMs);
        pending.set(id, { resolve, timer });
        try {
          connect().postMessage({ id, channel, input });
        } catch {
          clearTimeout(timer);
          pending.delete(id);
          resolve(UNAVAILABLE);
        }
      });
    },
    close() {
      closing = true;
      port?.kill();
      port = null;
    },
  };
}
