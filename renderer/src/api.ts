import { createInvoke, type Transport } from '../../shared/contract/client';
import type { WireError, WireResult } from '../../shared/contract/errors';
import { parseCoreEvent, splitEventStream, type CoreEvent } from '../../shared/contract/events';
// The one i18next instance (set up by ./i18n, which imports this module: no import back).
import i18n from 'i18next';
import { localizedError } from './app/errors';

/** What the Electron preload exposes — invoke, and the core's events. */
interface SalesdeskBridge {
  invoke(channel: string, input: unknown): Promise<WireResult>;
  onEvent(listener: (event: unknown) => void): () => void;
}

declare global {
  interface Window {
    salesdesk?: SalesdeskBridge;
  }
}

const TOKEN_KEY = 'salesdesk.token';

/** The web host prints a URL with #token=…; keep it for this tab and take it out of the address bar. */
function webToken(): string {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, match[1]!);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

const token = window.salesdesk ? '' : webToken();

function httpTransport(): Transport {
  return async (channel, input) => {
    let response: Response;
    try {
      response = await fetch('./api/invoke', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ channel, input }),
      });
    } catch {
      return {
        ok: false,
        error: { code: 'UNAVAILABLE', message: i18n.t('common.unavailable') },
      };
    }
    try {
      return (await response.json()) as WireResult;
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: i18n.t('common.badResponse', { status: response.status }) } };
    }
  };
}

const carrier: Transport = window.salesdesk ? (channel, input) => window.salesdesk!.invoke(channel, input) : httpTransport();

/** Errors come back in the UI language (a keyed message in English when the UI is English; else its Korean). */
const transport: Transport = async (channel, input) => {
  const result = await carrier(channel, input);
  return result.ok ? result : { ok: false, error: localizedError(result.error) };
};

/** The one typed call into the core. */
export const invoke = createInvoke(transport);

// ─── core → screen events (shared/contract/events.ts) ───

type EventListener = (event: CoreEvent) => void;
const listeners = new Set<EventListener>();
let connected = false;

function deliver(raw: unknown): void {
  const event = parseCoreEvent(raw);
  if (!event) return;
  for (const listener of [...listeners]) listener(event);
}

/**
 * The web host's stream (`GET /api/events`, with the token as for invoke), read with fetch so the
 * token goes in a header. When it drops (the host restarted, the laptop slept) it is opened again
 * after a short wait; each (re)connection tells the screens to refresh, since events may have been
 * missed meanwhile.
 */
function connectWebEvents(): void {
  let wait = 500;
  const open = async (): Promise<void> => {
    const response = await fetch('./api/events', { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
    if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
    wait = 500;
    deliver({ type: 'changed' });
    deliver({ type: 'sync' });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const split = splitEventStream(buffer + value);
      buffer = split.rest;
      for (const data of split.data) {
        try {
          deliver(JSON.parse(data));
        } catch {
          // not JSON: not an event of ours
        }
      }
    }
  };
  const loop = () => {
    open()
      .catch(() => undefined)
      .finally(() => {
        setTimeout(loop, wait);
        wait = Math.min(wait * 2, 10_000);
      });
  };
  loop();
}

/** Listens to the core's events (sync state, job progress, data changed); returns the unsubscribe. */
export function onCoreEvent(listener: EventListener): () => void {
  listeners.add(listener);
  if (!connected) {
    connected = true;
    if (window.salesdesk) window.salesdesk.onEvent(deliver);
    else connectWebEvents();
  }
  return () => {
    listeners.delete(listener);
  };
}

/**
 * Waits for a job (a packet of forms) to end, reporting its progress from the job events; asks
 * `jobs.get` at the start (it may already be done), on each event of this job, and at the latest
 * every few seconds should an event be lost on the way.
 */
export async function waitForJob(jobId: string, onProgress: (job: { label: string; done: number; total: number }) => void) {
  let wake: () => void = () => undefined;
  const stop = onCoreEvent((event) => {
    if (event.type === 'job' && event.jobId === jobId) wake();
  });
  try {
    for (;;) {
      const next = new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 5_000);
      });
      const job = await invoke('jobs.get', { jobId });
      onProgress(job);
      if (job.state === 'done') return job.result!;
      if (job.state === 'failed') throw new Error(job.error ? localizedError(job.error as WireError).message : i18n.t('common.error'));
      await next;
    }
  } finally {
    stop();
  }
}
