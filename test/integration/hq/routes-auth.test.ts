import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { ADMIN_PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION, SYNC_PATHS } from '../../../shared/sync/protocol';
import { createAccount } from '../../../server/console/accounts';
import { tempDir } from './harness';
import { routeKey, startInProcessHq, type InProcessHq } from './inprocess';

/**
 * Authorisation by route, not by string: HQ's route table is walked as Fastify registered it,
 * and every route outside /health and enrollment must refuse a request without its credential
 * before any handler runs — however the path is spelled.
 */
let hq: InProcessHq;
let deviceToken: string;
let baseUrl: string;
const CONTROL_TOKEN = randomBytes(32).toString('base64url');
/** A signed-in console session: its cookie and CSRF token. */
let session: { cookie: string; csrf: string };
const CONSOLE_PASSWORD = `routes-${randomBytes(12).toString('hex')}`;

async function signIn(password = CONSOLE_PASSWORD): Promise<void> {
  const login = await hq.app.inject({ method: 'POST', url: '/console/api/login', headers: { 'x-salesdesk-console': '1' }, payload: { login: 'routes-admin', password } });
  expect(login.statusCode, login.body).toBe(200);
  const cookie = login.cookies.find((c) => c.name === 'sd_console')!;
  session = { cookie: `${cookie.name}=${cookie.value}`, csrf: login.json<{ csrfToken: string }>().csrfToken };
}

/**
 * Routes anyone may call: the health probe, enrollment (the one-time code is its credential),
 * the console's static files and its sign-in (the password is the credential).
 */
const PUBLIC = new Set([
  routeKey('GET', SYNC_PATHS.health),
  routeKey('HEAD', SYNC_PATHS.health),
  routeKey('POST', SYNC_PATHS.enroll),
  routeKey('GET', '/console'),
  routeKey('HEAD', '/console'),
  routeKey('GET', '/console/*'),
  routeKey('HEAD', '/console/*'),
  routeKey('POST', '/console/api/login'),
]);

type Credential = 'admin' | 'device' | 'console' | 'control';
/** Which credential each protected route takes, by its path. */
const credentialOf = (url: string): Credential => (url.startsWith('/admin/') ? 'admin' : url.startsWith('/console/api/control/') ? 'control' : url.startsWith('/console/api/') ? 'console' : 'device');

/** The headers that carry each credential. */
function credentialHeaders(kind: Credential): Record<string, string> {
  switch (kind) {
    case 'admin':
      return { authorization: `Bearer ${hq.adminToken}` };
    case 'device':
      return { authorization: `Bearer ${deviceToken}` };
    case 'control':
      return { authorization: `Bearer ${CONTROL_TOKEN}` };
    case 'console':
      return { cookie: session.cookie, 'x-csrf-token': session.csrf, 'x-salesdesk-console': '1' };
  }
}
/** Every other kind of credential than the route's own (each must be refused). */
const otherCredentials = (url: string) => (['admin', 'device', 'console', 'control'] as const).filter((k) => k !== credentialOf(url)).map(credentialHeaders);

/** A concrete path for a route pattern: ids and hashes filled in with well-formed values. */
const fill = (url: string) => url.replace(':id', uuidv7()).replace(':sha256', randomBytes(32).toString('hex'));

const protectedRoutes = () => hq.routes.filter((r) => !PUBLIC.has(routeKey(r.method, r.url)));
const protectedCalls = () => protectedRoutes().reduce((n, r) => n + (hq.handlerCalls.get(routeKey(r.method, r.url)) ?? 0), 0);

beforeAll(async () => {
  // The console's static files from a folder of their own, so its routes are there whether or not dist/console was built.
  const staticDir = tempDir('salesdesk-routes-console-');
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>console</title>');
  hq = await startInProcessHq({ console: { controlToken: CONTROL_TOKEN, staticDir } });
  deviceToken = (await hq.enrollDevice('강남지사')).token;
  baseUrl = await hq.app.listen({ port: 0, host: '127.0.0.1' });
  // An administrator signs in to the console and replaces the one-time password.
  const created = await hq.database.db.transaction((tx) => createAccount(tx, { login: 'routes-admin', name: '관리자', role: 'admin' }, { kind: 'cli', login: 'test', name: 'test', ip: null }));
  await signIn(created.password);
  const changed = await hq.app.inject({ method: 'POST', url: '/console/api/password', headers: credentialHeaders('console'), payload: { current: created.password, next: CONSOLE_PASSWORD } });
  expect(changed.statusCode, changed.body).toBe(200);
});
afterAll(async () => {
  await hq.close();
});

function inject(method: string, url: string, credential?: Record<string, string> | string, payload?: unknown) {
  const headers = typeof credential === 'string' ? { authorization: credential } : (credential ?? {});
  return hq.app.inject({
    method: method as 'GET',
    url,
    headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), ...headers, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
  });
}

/**
 * A request over real HTTP with the path sent exactly as given (no client-side normalising).
 * 'cut' when Node's HTTP parser refused the request line itself and closed the connection (a
 * request target that does not start with '/'): nothing of HQ ran.
 */
function rawRequest(method: string, path: string, credential?: Record<string, string> | string): Promise<number | 'cut'> {
  const extra = typeof credential === 'string' ? { authorization: credential } : (credential ?? {});
  const target = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        method,
        path,
        headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), ...extra, ...(method === 'POST' || method === 'PUT' ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (error) => (path.startsWith('/') ? reject(error) : resolve('cut')));
    req.end(method === 'POST' || method === 'PUT' ? '{}' : undefined);
  });
}

/** Spellings of a path a router or a proxy might take for the same route, or for another. */
export function pathVariants(path: string): string[] {
  const segments = path.split('/').slice(1);
  const hex = (c: string, upper: boolean) => {
    const h = c.charCodeAt(0).toString(16).padStart(2, '0');
    return `%${upper ? h.toUpperCase() : h}`;
  };
  const encodeFirst = (upper: boolean) => `/${segments.map((s) => (s ? hex(s[0]!, upper) + s.slice(1) : s)).join('/')}`;
  const encodeAll = `/${segments.map((s) => Array.from(s, (c) => hex(c, false)).join('')).join('/')}`;
  const variants = [
    encodeFirst(false), // the repro: /%61dmin/…
    encodeFirst(true),
    encodeAll,
    path.replace(/\//g, '%2F').replace(/^%2F/, '/'),
    `/${path}`,
    path.replace(/\/(?=[^/]*$)/, '//'),
    path.replace(/\//g, '//'),
    `/.${path}`,
    path.replace(/\/(?=[^/]*$)/, '/./'),
    `/x/..${path}`,
    `/sync/..${path}`,
    `/admin/..${path}`,
    `/%2e%2e${path}`,
    `/x/%2e%2e${path}`,
    path.replace(/\/(?=[^/]*$)/, '/x/../'),
    path.toUpperCase(),
    path.replace(/(^|\/)([a-z])/g, (_m, s: string, c: string) => s + c.toUpperCase()),
    `${path}/`,
    `${path}/.`,
    `${path}/..`,
    `${path}%20`,
    `${path}%00`,
    `${path};`,
    `${path};x=1`,
    `${path}?`,
    `${path}?x=1`,
    `${path}.json`,
    `${path}%2F`,
    `${path}%09`,
    `\\${path.slice(1)}`,
    path.replace(/\//g, '\\'),
  ];
  return [...new Set(variants)].filter((v) => v !== path);
}

describe('HQ authorisation by route scope', () => {
  it('the route table holds every admin and sync path, and only /health, enrollment, the console files and its sign-in are public', () => {
    const urls = new Set(hq.routes.map((r) => r.url));
    for (const p of [
      ADMIN_PATHS.enrollmentCodes,
      ADMIN_PATHS.applications,
      ADMIN_PATHS.soProcess(':id'),
      ADMIN_PATHS.applicationStatus(':id'),
      ADMIN_PATHS.catalogs,
      ADMIN_PATHS.contacts,
      ADMIN_PATHS.quotes,
      ADMIN_PATHS.quoteApprove(':id'),
      ADMIN_PATHS.quoteRefuse(':id'),
      ADMIN_PATHS.deviceRevoke(':id'),
      ADMIN_PATHS.stats,
      SYNC_PATHS.health,
      SYNC_PATHS.enroll,
      SYNC_PATHS.push,
      SYNC_PATHS.pull,
      SYNC_PATHS.attachment(':sha256'),
      SYNC_PATHS.attachmentStatus(':sha256'),
    ]) {
      expect(urls, p).toContain(p);
    }
    for (const key of PUBLIC) expect(hq.routes.map((r) => routeKey(r.method, r.url))).toContain(key);
    console.info(`[routes] ${hq.routes.length} routes registered, ${protectedRoutes().length} need a credential`);
  });

  it('every other route refuses no credential, a wrong one, a forged session and every other kind of credential with 401 before any handler runs', async () => {
    const before = await hq.digest();
    const callsBefore = protectedCalls();
    const ranWithout = new Set<string>();
    for (const route of hq.routes) {
      const key = routeKey(route.method, route.url);
      const callsBefore = hq.handlerCalls.get(key) ?? 0;
      const res = await inject(route.method, fill(route.url), undefined, route.method === 'POST' ? {} : undefined);
      if ((hq.handlerCalls.get(key) ?? 0) > callsBefore) ranWithout.add(key);
      if (!PUBLIC.has(key)) expect(res.statusCode, key).toBe(401);
    }
    expect(ranWithout).toEqual(PUBLIC);

    for (const route of protectedRoutes()) {
      const key = routeKey(route.method, route.url);
      const wrong: (Record<string, string> | string)[] = [
        ...otherCredentials(route.url),
        'Bearer sdt_wrong',
        `Bearer ${hq.adminToken}x`,
        hq.adminToken,
        `Basic ${hq.adminToken}`,
        'Bearer',
        { cookie: 'sd_console=forged-session-id' },
        { cookie: `${session.cookie}x`, 'x-csrf-token': session.csrf },
      ];
      for (const credential of wrong) {
        const res = await inject(route.method, fill(route.url), credential, route.method === 'POST' ? {} : undefined);
        expect(res.statusCode, `${key} with ${JSON.stringify(credential).slice(0, 40)}…`).toBe(401);
        if (route.method !== 'HEAD') expect(res.json<{ error: { code: string } }>().error.code).toBe('UNAUTHORIZED');
      }
    }
    expect(protectedCalls()).toBe(callsBefore);
    expect(await hq.digest()).toBe(before);
  });

  it('with its own credential every protected route reaches its handler (so the walk above tested real routes)', async () => {
    for (const route of protectedRoutes()) {
      const key = routeKey(route.method, route.url);
      const callsBefore = hq.handlerCalls.get(key) ?? 0;
      // An export needs its reason (issue 17) before its handler runs.
      const url = route.url.endsWith('.csv') ? `${fill(route.url)}?reason=route-walk` : fill(route.url);
      const res = await inject(route.method, url, credentialHeaders(credentialOf(route.url)), route.method === 'POST' ? {} : undefined);
      expect(res.statusCode, key).not.toBe(401);
      expect(res.statusCode, key).toBeLessThan(500);
      expect(hq.handlerCalls.get(key) ?? 0, key).toBeGreaterThan(callsBefore);
      if (route.url === '/console/api/logout') await signIn(); // that route ended the session
    }
  });

  it('encoded, doubled-slash, dot-segment, case and trailing variants of every path, over real HTTP, never reach a handler without the credential', async () => {
    const before = await hq.digest();
    const callsBefore = protectedCalls();
    let sent = 0;
    const statuses = new Map<number | 'cut', number>();
    for (const route of protectedRoutes()) {
      for (const variant of pathVariants(fill(route.url))) {
        for (const credential of [undefined, otherCredentials(route.url)[0]]) {
          const status = await rawRequest(route.method, variant, credential);
          sent++;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status === 'cut') continue;
          expect(status, `${route.method} ${variant}`).toBeGreaterThanOrEqual(400);
          expect(status, `${route.method} ${variant}`).toBeLessThan(500);
        }
      }
    }
    expect(protectedCalls()).toBe(callsBefore);
    expect(await hq.digest()).toBe(before);
    console.info(`[routes] ${sent} path variants sent without the right credential: ${[...statuses].map(([s, n]) => `${n}× ${s}`).join(', ')}; 0 reached a handler`);
  }, 120_000);

  it('regression: /%61dmin/… (the router decodes it to /admin/…) is refused without the admin token and mints no enrollment code', async () => {
    const before = await hq.digest();
    const list = await rawRequest('GET', '/%61dmin/applications');
    expect(list).toBe(401);
    const mint = await inject('POST', '/%61dmin/enrollment-codes', `Bearer ${deviceToken}`, { branch: '부산지사', rep: '침입자' });
    expect(mint.statusCode).toBe(401);
    const revoke = await inject('POST', `/%61dmin/devices/${uuidv7()}/revoke`);
    expect(revoke.statusCode).toBe(401);
    expect(await hq.digest()).toBe(before);
    // The same spelling with the admin token is the admin route: the check follows the route, not the text.
    const ok = await rawRequest('GET', '/%61dmin/applications', `Bearer ${hq.adminToken}`);
    expect(ok).toBe(200);
  });
});

describe('HQ credential attempts per address', () => {
  it('after 10 wrong codes from one address, even a right code from it waits (429 with Retry-After, Korean reason); other addresses and right codes are not held up', async () => {
    const limited = await startInProcessHq();
    try {
      const headers = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json' };
      const enroll = (code: string, remoteAddress: string) =>
        limited.app.inject({ method: 'POST', url: SYNC_PATHS.enroll, headers, remoteAddress, payload: JSON.stringify({ code, deviceName: '노트북' }) });
      const mint = async () => {
        const res = await limited.app.inject({
          method: 'POST',
          url: ADMIN_PATHS.enrollmentCodes,
          headers: { ...headers, authorization: `Bearer ${limited.adminToken}` },
          payload: JSON.stringify({ branch: '강남지사', rep: '김영업' }),
        });
        return res.json<{ code: string }>().code;
      };
      // Right codes never count: twelve laptops from one office enroll one after another.
      for (let i = 0; i < 12; i++) expect((await enroll(await mint(), '10.0.0.1')).statusCode).toBe(200);

      for (let i = 0; i < 10; i++) {
        const wrong = await enroll('ZZZZ-ZZZZ-ZZZZ', '10.0.0.2');
        expect(wrong.statusCode).toBe(401);
      }
      const good = await mint();
      const blocked = await enroll(good, '10.0.0.2');
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      const error = blocked.json<{ error: { code: string; message: string } }>().error;
      expect(error.code).toBe('RATE_LIMITED');
      expect(error.message).toMatch(/너무 여러 번.*초 뒤에 다시 시도하세요/);
      // Malformed attempts count too; the blocked code was not used up.
      expect((await enroll('x', '10.0.0.3')).statusCode).toBe(400);
      expect((await enroll(good, '10.0.0.3')).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  }, 120_000);
  it('console sign-in: after the allowed failures from one address (across any accounts), even a right password from it waits with 429; another address signs in', async () => {
    const limited = await startInProcessHq({ console: { loginAttempts: { max: 5, windowMs: 60_000 } } });
    try {
      const created = await limited.database.db.transaction((tx) => createAccount(tx, { login: 'clerk', name: '사무원', role: 'order_desk' }, { kind: 'cli', login: 'test', name: 'test', ip: null }));
      const login = (name: string, password: string, remoteAddress: string) =>
        limited.app.inject({ method: 'POST', url: '/console/api/login', headers: { 'x-salesdesk-console': '1' }, remoteAddress, payload: { login: name, password } });
      // Guessing spread over many account names still counts against the address.
      for (let i = 0; i < 5; i++) expect((await login(`guess${i}`, 'wrong-password', '10.1.0.1')).statusCode).toBe(401);
      const blocked = await login('clerk', created.password, '10.1.0.1');
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(blocked.json<{ error: { message: string } }>().error.message).toMatch(/콘솔 로그인에 너무 여러 번 실패했습니다/);
      expect((await login('clerk', created.password, '10.1.0.2')).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  }, 120_000);
});
