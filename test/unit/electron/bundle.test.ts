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

  it('the core bundle answers invoke messages through parentPort, stores data and renders documents', () => {
    const dataDir = tempDir();
    const script = `
      let listener;
      const waiting = new Map();
      // The shell's side: answers invoke replies, and seals/opens secrets as safeStorage would (a stand-in cipher).
      const keychain = (op, value) => op === 'seal' ? 'K' + Buffer.from(value).toString('base64') : Buffer.from(value.slice(1), 'base64').toString();
      process.parentPort = { on: (_e, l) => (listener = l), postMessage: (m) => {
        if (m.secretRequest) { const { id, op, value } = m.secretRequest; setImmediate(() => listener({ data: { secretReply: { id, value: keychain(op, value) } } })); return; }
        waiting.get(m.id)?.(m.result);
      } };
      process.argv.push('--data-dir', ${JSON.stringify(dataDir)}, '--migrations-dir', ${JSON.stringify(path.join(bundle, 'migrations'))}, '--resources-dir', ${JSON.stringify(path.join(ROOT, 'resources'))});
      require(${JSON.stringify(path.join(bundle, 'core.cjs'))});
      let next = 1;
      const call = (channel, input) => new Promise((resolve) => { const id = next++; waiting.set(id, resolve); listener({ data: { id, channel, input } }); });
      setTimeout(() => { console.error('no reply'); process.exit(3); }, 20000);
      (async () => {
        const created = await call('applications.create', ${JSON.stringify(sampleApplication())});
        const info = await call('app.info', {});
        const pdf = await call('documents.render', { applicationId: created.value.id, forms: ['1'], format: 'pdf', packet: false });
        const backup = await call('store.backup', {});
        console.log(JSON.stringify({ created, info, backup, pdf: pdf.ok ? { ok: true, bytes: pdf.value.bytes, fontDir: process.env.SALESDESK_FONT_DIR } : pdf }));
        process.exit(0);
      })();
    `;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, Record<string, unknown>>;
    expect(out.created).toMatchObject({ ok: true, value: { status: 'draft' } });
    expect(out.info).toMatchObject({ ok: true, value: { host: 'electron', dataDir } });
    // The backup worker finds the store driver from the bundle, and the backup holds the application.
    expect(out.backup).toMatchObject({ ok: true, value: { reason: 'manual', counts: { applications: 1 } } });
    // Documents render from the bundle with the font copied beside it.
    expect(out.pdf).toMatchObject({ ok: true, fontDir: path.join(bundle, 'fonts') });
    expect(Number(out.pdf!.bytes)).toBeGreaterThan(10_000);
    expect(fs.existsSync(path.join(dataDir, 'salesdesk.sqlite'))).toBe(true);
    // In Electron the store key is sealed by the OS keychain: the record holds only the sealed form.
    const record = JSON.parse(fs.readFileSync(path.join(dataDir, 'store-key.json'), 'utf8')) as { protection: string; sealed: string };
    expect(record.protection).toBe('keychain');
    expect(record.sealed).toMatch(/^K/);
  });
  it('when the OS keychain refuses, the core stays up and answers every request with why the store cannot open (no crash loop, nothing written)', () => {
    const dataDir = tempDir();
    const script = `
      let listener;
      const waiting = new Map();
      process.parentPort = { on: (_e, l) => (listener = l), postMessage: (m) => {
        if (m.secretRequest) { const { id } = m.secretRequest; setImmediate(() => listener({ data: { secretReply: { id, error: 'safeStorage unavailable' } } })); return; }
        waiting.get(m.id)?.(m.result);
      } };
      process.argv.push('--data-dir', ${JSON.stringify(dataDir)}, '--migrations-dir', ${JSON.stringify(path.join(bundle, 'migrations'))});
      require(${JSON.stringify(path.join(bundle, 'core.cjs'))});
      let next = 1;
      const call = (channel, input) => new Promise((resolve) => { const id = next++; waiting.set(id, resolve); listener({ data: { id, channel, input } }); });
      setTimeout(() => { console.error('no reply'); process.exit(3); }, 20000);
      (async () => {
        const first = await call('app.info', {});
        const second = await call('applications.list', {});
        console.log(JSON.stringify({ first, second }));
        process.exit(0);
      })();
    `;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { first: unknown; second: unknown };
    for (const reply of [out.first, out.second]) {
      expect(reply).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('OS 키체인을 쓸 수 없습니다: safeStorage unavailable') } });
    }
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });
});
