import fs from 'node:fs';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { openCore, type Core } from '../../electron/core/core';
import type { ChildProcess } from 'node:child_process';
import { startProcess, stopProcess } from '../support/processes';
import { tempDir } from '../support/fixtures';
import type { ApplicationInput } from '../../shared/domain/application';

export interface RunningHost {
  url: string;
  dataDir: string;
  child: ChildProcess;
}

/** Starts the real web host (a separate process) on a data folder and returns its token URL. */
export async function startHost(dataDir: string): Promise<RunningHost> {
  // The rep's machine: the core and the browser share one time zone (the browser context is Asia/Seoul).
  const { child, match } = await startProcess('electron/hosts/web.ts', ['--data-dir', dataDir], /웹 호스트: (\S+)/, { TZ: 'Asia/Seoul' });
  return { url: match[1]!, dataDir, child };
}

export const test = base.extend<{ dataDir: string; host: RunningHost }>({
  dataDir: async ({}, use) => use(tempDir('salesdesk-e2e-')),
  host: async ({ dataDir }, use) => {
    const host = await startHost(dataDir);
    await use(host);
    await stopProcess(host.child);
  },
});

export { expect };

/** Opens the app and goes to the customers & applications list. */
export async function openApplications(page: Page, url: string) {
  await page.goto(url);
  await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '고객·청약' }).click();
}

/** Fills the application form with a valid new application for the given company. */
export async function fillApplication(page: Page, company: { name: string; businessNumber: string }) {
  await page.getByLabel('법인명(상호)').fill(company.name);
  await page.getByLabel('사업자등록번호').fill(company.businessNumber);
  await page.getByLabel('대표자명').fill('홍길동');
  await page.getByLabel('주소').first().fill('서울특별시 종로구 세종대로 178');
  await page.getByLabel('전화번호', { exact: true }).first().fill('0212345678');
  await page.getByLabel('소속').fill('강북법인지사 기업영업1팀');
  await page.getByLabel('성명').fill('김영업');
  await page.getByLabel('연락처').fill('01011112222');
}

// The README's before/after screens are refreshed with SALESDESK_SCREENSHOTS=docs; any other value
// keeps the shots in test-results/screens for a look. They are pictures, not checks (a failed test
// keeps its own screenshot and trace): a plain run takes none of the ~50 shots of these helpers,
// 0.1–0.5 s of a busy Chromium each.
export const SCREENS = path.resolve(import.meta.dirname, process.env.SALESDESK_SCREENSHOTS === 'docs' ? '../../docs/screens' : '../../test-results/screens');
const shotsWanted = (process.env.SALESDESK_SCREENSHOTS ?? '') !== '';

/** A screenshot of the viewport into SCREENS, when SALESDESK_SCREENSHOTS asks for them. */
export async function screenshot(page: Page, name: string) {
  if (!shotsWanted) return;
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, name) });
}

/** A full-page screenshot into test-results/screens (a walk's pictures), when SALESDESK_SCREENSHOTS asks for them. */
export async function walkShot(page: Page, name: string) {
  if (!shotsWanted) return;
  const dir = path.resolve(import.meta.dirname, '../../test-results/screens');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, name), fullPage: true });
}

/** Prepares or reads the store through the core's contract, closing it before the host uses it again. */
export async function withCore<T>(dataDir: string, fn: (core: Core) => Promise<T>): Promise<T> {
  const core = openCore({ dataDir, host: 'test' });
  try {
    return await fn(core);
  } finally {
    core.close();
  }
}

/**
 * Adds an application as `cli applications import` does (the core's applications.create), in the
 * test process: a CLI process start per test took about a second, more on a busy machine. The
 * CLI's own import is covered in test/integration and walked in sync.spec.
 */
export async function importApplication(dataDir: string, input: ApplicationInput): Promise<string> {
  return withCore(dataDir, async (core) => (await core.invoke('applications.create', input)).id);
}

/** Opens the app with its token, then goes to a route. */
export async function open(page: Page, url: string, route: string) {
  await page.goto(url);
  await expect(page.getByRole('navigation', { name: /^(주 메뉴|Main menu)$/ })).toBeVisible();
  await page.goto(`${url.split('#')[0] ?? url}#${route}`);
}
