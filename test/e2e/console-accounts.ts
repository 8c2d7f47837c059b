import type { Browser, Page } from '@playwright/test';
import { expect } from './fixtures';
import { runHqProcess } from '../support/processes';
import { runUsersCommand } from '../../server/console/users-cli';

type Account = { login: string; password: string };

/**
 * Console accounts for a running HQ (its data folder and address are read when called, as the
 * specs start HQ in beforeAll): `usersAdd` runs the command of `npm run -s hq -- users add …` against
 * the running server's data folder in this process (it finds the server's control file and asks the
 * server, as the command does); `usersAddProcess` starts the real HQ entry for it (about a second
 * of start-up each: one test walks it, test/integration/hq/console-users-cli.test.ts covers it);
 * `consoleSignIn` signs in with the one-time password and replaces it, as a
 * person does the first time, and lands on 현황.
 */
export function consoleAccounts(hq: () => { dataDir: string; url: string }) {
  function usersAddProcess(login: string, name: string, role: string): Account {
    const r = runHqProcess(['users', 'add', '--login', login, '--name', name, '--role', role, '--data-dir', hq().dataDir], { DATABASE_URL: '' });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Account;
  }
  async function usersAdd(login: string, name: string, role: string): Promise<Account> {
    const r = await runUsersCommand(['add', '--login', login, '--name', name, '--role', role, '--data-dir', hq().dataDir], { ...process.env, DATABASE_URL: '' });
    expect(r.exitCode, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Account;
  }
  async function consoleSignIn(browser: Browser, account: Account): Promise<Page> {
    const context = await browser.newContext({ locale: 'ko-KR', timezoneId: 'Asia/Seoul', viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${hq().url}/console/`);
    await page.getByLabel('로그인 ID').fill(account.login);
    await page.getByLabel('비밀번호').fill(account.password);
    await page.getByRole('button', { name: '로그인' }).click();
    await expect(page.getByRole('heading', { name: '비밀번호 바꾸기' })).toBeVisible();
    const mine = `콘솔-새비밀번호-${account.password.slice(0, 4)}-2026!`;
    await page.getByLabel('지금 비밀번호').fill(account.password);
    await page.getByLabel('새 비밀번호', { exact: true }).fill(mine);
    await page.getByLabel('새 비밀번호 확인').fill(mine);
    await page.getByRole('button', { name: '바꾸기' }).click();
    await expect(page.getByRole('heading', { name: '현황' })).toBeVisible();
    return page;
  }
  return { usersAdd, usersAddProcess, consoleSignIn };
}
