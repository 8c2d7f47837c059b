import { defineConfig } from '@playwright/test';

// `npm run test:electron`: the packaged-shell smoke test, where the Electron binary exists.
export default defineConfig({
  testDir: 'test/electron',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results/electron',
});
