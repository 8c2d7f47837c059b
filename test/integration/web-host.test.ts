import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '../../electron/hosts/web';
import { sampleApplication, tempDir } from '../support/fixtures';
import fs from 'node:fs';
import path from 'node:path';

let host: WebHost;
const staticDir = tempDir('static-');
fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');

beforeAll(async () => {
  host = await startWebHost({ dataDir: tempDir(), staticDir });
});
afterAll(async () => host.close());

const invoke = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${host.url}api/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}`, ...headers },
    body: JSON.stringify(body),
  });

describe('loopback web host', () => {
  it('listens on 127.0.0.1 only and serves the UI with a strict CSP', async () => {
    expect(new URL(host.url).hostname).toBe('127.0.0.1');
    const page = await fetch(host.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('runs the contract for a caller with the token', async () => {
    const created = await (await invoke({ channel: 'applications.create', input: sampleApplication() })).json();
    expect(created).toMatchObject({ ok: true, value: { status: 'draft' } });
    const list = await (await invoke({ channel: 'applications.list', input: {} })).json();
    expect(list.value.total).toBe(1);
  });

  it('refuses a missing token (401) and another origin (403), storing nothing', async () => {
    const noToken = await fetch(`${host.url}api/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'applications.create', input: sampleApplication() }),
    });
    expect(noToken.status).toBe(401);
    const foreign = await invoke({ channel: 'applications.create', input: sampleApplication() }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const list = await (await invoke({ channel: 'applications.list', input: {} })).json();
    expect(list.value.total).toBe(1);
  });

  it('answers a malformed request body with 400 and a Korean message', async () => {
    const r = await invoke({ wrong: true });
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toContain('요청 형식');
  });
});
