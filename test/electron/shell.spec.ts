import fs from 'node:fs';
import path from 'node:path';
import { _electron as electron } from 'playwright-core';
import { test, expect } from '@playwright/test';
import { ROOT } from '../support/processes';
import { tempDir } from '../support/fixtures';

function electronBinary(): string | null {
  const pathFile = path.join(ROOT, 'node_modules/electron/path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(ROOT, 'node_modules/electron/dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

const binary = electronBinary();

/**
 * The packaged-shell smoke test: `npm run test:electron`, on a machine where the Electron binary is
 * installed (a developer's laptop, a release build). It is not part of `npm test`, which runs on
 * build machines where Electron's download is blocked; there the shell's rules are covered by
 * test/unit/electron/*. Run without the binary, it fails and says why.
 */
test.describe('Electron shell smoke', () => {
  test('the Electron app opens a sandboxed window on app:// whose page reaches the core only through the preload invoke and its event listener', async () => {
    if (!binary) throw new Error('The Electron binary is not installed (node_modules/electron/path.txt missing): run `npm ci` where Electron can be downloaded, then `npm run test:electron`.');
    const dataDir = tempDir('salesdesk-electron-');
    const app = await electron.launch({ executablePath: binary, args: [ROOT, '--data-dir', dataDir] });
    try {
      const window = await app.firstWindow();
      await expect(window).toHaveURL(/^app:\/\/salesdesk\//);
      await expect(window.getByRole('heading', { name: '대시보드' })).toBeVisible();
      // The page sees only invoke: no require, no process, no ipcRenderer.
      const surface = await window.evaluate(() => ({
        keys: Object.keys((window as unknown as { salesdesk: object }).salesdesk),
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
      }));
      expect(surface).toEqual({ keys: ['invoke', 'onEvent'], require: 'undefined', process: 'undefined' });
      const info = await window.evaluate(() => (window as unknown as { salesdesk: { invoke: (c: string, i: unknown) => Promise<unknown> } }).salesdesk.invoke('app.info', {}));
      expect(info).toMatchObject({ ok: true, value: { host: 'electron', dataDir } });
    } finally {
      await app.close();
    }
  });
});
