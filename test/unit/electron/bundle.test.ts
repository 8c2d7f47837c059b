import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/processes';
import { sampleApplication, tempDir } from '../../support/fixtures';

const bundle = path.join(ROOT, 'dist/electron');

/**
 * The shipped core bundle (dist/electron/core.cjs), run in plain Node with a stand-in for the
 * utility process's parentPort: proves the bundle loads, finds its migrations and answers.
 * `npm test` builds first; run `npm run build` before running this file alone.
 */
describe('Electron bundles', () => {
  it('main, preload and core bundles exist and only the shell bundles reference electron', () => {
    for (const f of ['main.cjs', 'preload.cjs', 'core.cjs', 'migrations/meta/_journal.json']) {
      expect(fs.existsSync(path.join(bundle, f)), `${f} missing: run npm run build`).toBe(true);
    }
    expect(fs.readFileSync(path.join(bundle, 'core.cjs'), 'utf8')).not.toMatch(/require\("electron"\)/);
    expect(fs.readFileSync(path.join(bundle, 'preload.cjs'), 'utf8')).toMatch(/require\("electron"\)/);
  });

  it('the core bundle answers invoke messages through parentPort and stores data', () => {
    const dataDir = tempDir();
    const script = `
      const replies = [];
      let listener;
      process.parentPort = { on: (_e, l) => (listener = l), postMessage: (m) => { replies.push(m); if (replies.length === 2) { console.log(JSON.stringify(replies)); process.exit(0); } } };
      process.argv.push('--data-dir', ${JSON.stringify(dataDir)}, '--migrations-dir', ${JSON.stringify(path.join(bundle, 'migrations'))}, '--resources-dir', ${JSON.stringify(path.join(ROOT, 'resources'))});
      require(${JSON.stringify(path.join(bundle, 'core.cjs'))});
      listener({ data: { id: 1, channel: 'applications.create', input: ${JSON.stringify(sampleApplication())} } });
      listener({ data: { id: 2, channel: 'app.info', input: {} } });
      setTimeout(() => { console.error('no reply'); process.exit(3); }, 10000);
    `;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const replies = JSON.parse(r.stdout) as { id: number; result: { ok: boolean; value: Record<string, unknown> } }[];
    const byId = Object.fromEntries(replies.map((x) => [x.id, x.result]));
    expect(byId[1]).toMatchObject({ ok: true, value: { status: 'draft' } });
    expect(byId[2]).toMatchObject({ ok: true, value: { host: 'electron', dataDir } });
    expect(fs.existsSync(path.join(dataDir, 'salesdesk.sqlite'))).toBe(true);
  });
});
