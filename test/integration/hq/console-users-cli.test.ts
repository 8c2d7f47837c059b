import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHq, tempDir, type HqProcess } from './harness';
import { runHqProcess } from '../../support/processes';

/** `npm run -s hq -- users add …`: the first administrator, with HQ stopped and while it runs. */
function usersAdd(dataDir: string, args: string[]) {
  return runHqProcess(['users', ...args, '--data-dir', dataDir], { DATABASE_URL: '' });
}

async function signIn(url: string, login: string, password: string): Promise<number> {
  const res = await fetch(new URL('/console/api/login', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-salesdesk-console': '1' },
    body: JSON.stringify({ login, password }),
  });
  return res.status;
}

describe('hq users add', () => {
  const dataDir = tempDir('salesdesk-users-');
  let hq: HqProcess | undefined;
  afterAll(async () => {
    await hq?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('makes the first administrator with HQ stopped, then another account while HQ runs on the same data folder; each prints {login, password} once and can sign in', {
    timeout: 240_000,
  }, async () => {
    const bad = usersAdd(dataDir, ['add', '--login', 'boss', '--name', '관리자', '--role', 'superuser']);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('역할은');

    const first = usersAdd(dataDir, ['add', '--login', 'Boss', '--name', '관리자', '--role', 'admin']);
    expect(first.status, first.stderr).toBe(0);
    const admin = JSON.parse(first.stdout) as { login: string; password: string };
    expect(Object.keys(admin)).toEqual(['login', 'password']);
    expect(admin.login).toBe('boss');

    hq = await startHq({ dataDir });
    expect(fs.statSync(path.join(dataDir, 'hq-control.json')).mode & 0o077).toBe(0);
    const second = usersAdd(dataDir, ['add', '--login', 'kim.order', '--name', '김주문', '--role', 'order_desk']);
    expect(second.status, second.stderr).toBe(0);
    const desk = JSON.parse(second.stdout) as { login: string; password: string };
    const again = usersAdd(dataDir, ['add', '--login', 'kim.order', '--name', '김주문', '--role', 'order_desk']);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('이미 있습니다');

    expect(await signIn(hq.url, admin.login, admin.password)).toBe(200);
    expect(await signIn(hq.url, desk.login, desk.password)).toBe(200);
    expect(await signIn(hq.url, desk.login, 'not-the-password')).toBe(401);
    await hq.stop();
    hq = undefined;
    expect(fs.existsSync(path.join(dataDir, 'hq-control.json'))).toBe(false);
  });
});
