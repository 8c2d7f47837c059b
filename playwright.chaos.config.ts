import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './playwright.config';

// Store keys of the test's data folders go to one throw-away folder, not the user's ~/.salesdesk/keys.
process.env.SALESDESK_KEY_DIR ??= path.join(os.tmpdir(), 'salesdesk-test-keys');

// The chaos test of a rep's field day (npm run test:chaos): the real web host and HQ with a
// fault-injecting proxy between them, driven in Debian Chromium. SALESDESK_CHAOS=long for the
// benchmark machine's long form.
export default defineConfig({
  testDir: 'test/chaos',
  timeout: process.env.SALESDESK_CHAOS === 'long' ? 30 * 60_000 : 300_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results/chaos',
  use: {
    locale: 'ko-KR',
    timezoneId: 'Asia/Seoul',
    viewport: { width: 1280, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    launchOptions: {
      executablePath: process.env.SALESDESK_CHROMIUM ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
  },
});
