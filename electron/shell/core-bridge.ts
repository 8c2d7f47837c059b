/**
 * Pairs invoke requests from the main process with replies from the core running in a utility
 * process. Written against a minimal port interface (no electron import) so tests drive it with
 * an in-process core.
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

/** The core asks the shell to seal or open a secret (the device token) with the OS keychain. */
export interface SecretRequest {
  secretRequest: { id: number; op: 'seal' | 'open'; value: string };
}
export interface SecretReply {
  secretReply: { id: number; value?: string; error?: string };
}

export interface CorePort {
  postMessage(message: BridgeRequest | SecretReply): void;
  onMessage(listener: (message: BridgeReply | SecretRequest) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export interface CoreBridge {
  request(channel: string, input: unknown): Promise<WireResult>;
  close(): void;
}

const UNAVAILABLE: WireResult = {
  ok: false,
  error: {
    code: 'UNAVAILABLE',
    message: '데이터 저장소 프로세스가 멈췄습니다. 방금 작업이 저장되지 않았을 수 있으니 목록에서 확인한 뒤 다시 시도하세요. 저장소는 자동으로 다시 시작됩니다.',
  },
};

/** `spawn` starts (or restarts) the core; a crashed core is restarted on the next request. */
export function createCoreBridge(
  spawn: () => CorePort,
  timeoutMs = 60_000,
  secrets?: (op: 'seal' | 'open', value: string) => string,
): CoreBridge {
  let port: CorePort | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: WireResult) => void; timer: ReturnType<typeof setTimeout> }>();

  const connect = (): CorePort => {
    if (port) return port;
    const p = spawn();
    p.onMessage((message) => {
      if ('secretRequest' in message) {
        const { id, op, value } = message.secretRequest;
        try {
          if (!secrets) throw new Error('no keychain');
          p.postMessage({ secretReply: { id, value: secrets(op, value) } });
        } catch (error) {
          p.postMessage({ secretReply: { id, error: (error as Error).message } });
        }
        return;
      }
      const reply = message;
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id);
      clearTimeout(waiter.timer);
      waiter.resolve(reply.result);
    });
    p.onExit(() => {
      if (port === p) port = null;
      for (const [id, waiter] of pending) {
        clearTimeout(waiter.timer);
        waiter.resolve(UNAVAILABLE);
        pending.delete(id);
      }
    });
    port = p;
    return p;
  };

  return {
    request(channel, input) {
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
        connect().postMessage({ id, channel, input });
      });
    },
    close() {
      port?.kill();
      port = null;
    },
  };
}
