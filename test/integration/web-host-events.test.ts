import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startWebHost, type WebHost } from '../../electron/hosts/web';
import { parseCoreEvent, splitEventStream, type CoreEvent } from '../../shared/contract/events';
import { sampleApplication, tempDir } from '../support/fixtures';

const staticDir = tempDir('static-');
fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');

let host: WebHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

/** Reads the host's event stream as the renderer does; `next(predicate)` waits for a matching event. */
async function openEvents(h: WebHost) {
  const controller = new AbortController();
  const response = await fetch(`${h.url}api/events`, { headers: { authorization: `Bearer ${h.token}` }, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const seen: CoreEvent[] = [];
  const waiting: { waiter: { predicate: (e: CoreEvent) => boolean; resolve: (e: CoreEvent) => void } | null } = { waiter: null };
  const reading = (async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const split = splitEventStream(buffer + value);
      buffer = split.rest;
      for (const data of split.data) {
        const event = parseCoreEvent(JSON.parse(data));
        if (!event) continue;
        seen.push(event);
        if (waiting.waiter?.predicate(event)) {
          waiting.waiter.resolve(event);
          waiting.waiter = null;
        }
      }
    }
  })().catch(() => undefined);
  return {
    seen,
    next: (predicate: (e: CoreEvent) => boolean) =>
      new Promise<CoreEvent>((resolve) => {
        const found = seen.find(predicate);
        if (found) resolve(found);
        else waiting.waiter = { predicate, resolve };
      }),
    close: async () => {
      controller.abort();
      await reading;
    },
  };
}

const invoke = (h: WebHost, channel: string, input: unknown) =>
  fetch(`${h.url}api/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
    body: JSON.stringify({ channel, input }),
  }).then((r) => r.json() as Promise<{ ok: boolean; value?: { jobId?: string; id?: string } }>);

describe('web host: core → screen events (GET /api/events)', () => {
  it('refuses the event stream without the token (401) and from another origin (403), as invoke does', async () => {
    host = await startWebHost({ dataDir: tempDir(), staticDir });
    const none = await fetch(`${host.url}api/events`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { message: string } }).error.message).toContain('토큰');
    const foreign = await fetch(`${host.url}api/events`, { headers: { authorization: `Bearer ${host.token}`, origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const wrong = await fetch(`${host.url}api/events`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });

  it('a write sends "changed" to every open stream; a packet job reports its steps and its end; reads send nothing', async () => {
    host = await startWebHost({ dataDir: tempDir(), staticDir });
    const a = await openEvents(host);
    const b = await openEvents(host);
    const created = await invoke(host, 'applications.create', sampleApplication());
    expect(created.ok).toBe(true);
    await a.next((e) => e.type === 'changed');
    await b.next((e) => e.type === 'changed');

    const job = await invoke(host, 'documents.packet', { applicationId: created.value!.id, forms: ['2', '3'], format: 'pdf' });
    expect(job.ok).toBe(true);
    const end = await a.next((e) => e.type === 'job' && e.jobId === job.value!.jobId && e.state !== 'running');
    expect(end).toMatchObject({ type: 'job', state: 'done' });
    if (end.type === 'job') expect(end.done).toBe(end.total);

    // Reads (even ones the access log records) send no event. `changed` is coalesced (CoreEvents: one
    // more at the end of a 100 ms window), so the packet's own writes may still owe one: a marker
    // write first, and its event (which carries any owed one) is waited for before counting.
    const mark = a.seen.length;
    expect((await invoke(host, 'applications.create', sampleApplication())).ok).toBe(true);
    await vi.waitFor(() => expect(a.seen.slice(mark).some((e) => e.type === 'changed')).toBe(true), { timeout: 30_000, interval: 20 });
    const changedBefore = a.seen.filter((e) => e.type === 'changed').length;
    for (let i = 0; i < 5; i++) expect((await invoke(host, 'applications.get', { id: created.value!.id })).ok).toBe(true);
    expect(a.seen.filter((e) => e.type === 'changed').length).toBe(changedBefore);
    await a.close();
    await b.close();
  });

  it('closing the host ends open event streams instead of hanging on them', async () => {
    host = await startWebHost({ dataDir: tempDir(), staticDir });
    const a = await openEvents(host);
    const closing = host.close();
    host = null;
    await closing;
    await a.close();
  });

  it('a stream dropped by the page unsubscribes it from the core', async () => {
    host = await startWebHost({ dataDir: tempDir(), staticDir });
    const a = await openEvents(host);
    await a.close();
    // The core still serves writes, and a new stream gets their events.
    const c = await openEvents(host);
    expect((await invoke(host, 'applications.create', sampleApplication())).ok).toBe(true);
    await c.next((e) => e.type === 'changed');
    await c.close();
  });
});
