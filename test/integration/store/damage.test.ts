import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openCore, type Core } from '../../../electron/core/core';
import { storeFile } from '../../../electron/core/paths';
import { SET_ASIDE_DIR } from '../../../electron/core/store/open-safely';
import { BACKUP_DIR, Backups } from '../../../electron/core/store/backups';
import { fileStamp } from '../../../electron/core/store/files';
import { openStore } from '../../../electron/core/store/db';
import { KEY_ENV, KEY_RECORD_FILE, resolveStoreKey } from '../../../electron/core/store/keys';
import { runCli } from '../../../electron/hosts/cli';
import { businessNumberFor, sampleApplication, tempDir } from '../../support/fixtures';
import { entryCommand, runCliProcess, startProcess, stopProcess } from '../../support/processes';

/**
 * The device store survives damage (issue 10, item 4): real encrypted SQLite files, damaged the
 * way disks and crashes damage them, opened by the real core, CLI and web host.
 */
const open: Core[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

function core(dataDir: string, extra: Partial<Parameters<typeof openCore>[0]> = {}): Core {
  const c = openCore({ dataDir, host: 'test', validateOutput: true, ...extra });
  open.push(c);
  return c;
}
function close(c: Core) {
  c.close();
  open.splice(open.indexOf(c), 1);
}
const app = (n: number, name: string) => sampleApplication({ customer: { ...sampleApplication().customer, name, businessNumber: businessNumberFor(n) } });

/** A data folder with one backup holding "백업전상사", then "백업후상사" written after it. */
async function folderWithBackup(): Promise<{ dataDir: string; backupId: string; before: string; after: string }> {
  const dataDir = tempDir('store-damage-');
  const c = core(dataDir);
  const before = (await c.invoke('applications.create', app(1, '백업전상사'))).id;
  const backup = await c.invoke('store.backup', {});
  const after = (await c.invoke('applications.create', app(2, '백업후상사'))).id;
  close(c);
  return { dataDir, backupId: backup.id, before, after };
}

/** An HQ address that accepts connections and never answers: a CLI `sync --enroll` to it waits, holding the store. */
async function silentHq(): Promise<{ url: string; close: () => void }> {
  const server = net.createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${String((server.address() as net.AddressInfo).port)}`, close: () => server.close() };
}

/** Starts a real CLI command that holds the folder's store (a sync waiting on `hqUrl`); `lock` is the claim it writes. */
function cliHoldingStore(dataDir: string, hqUrl: string): { cli: ChildProcess; lock: string } {
  const run = entryCommand('electron/hosts/cli.ts', ['sync', '--server', hqUrl, '--enroll', 'ABCD-1234', '--data-dir', dataDir]);
  const cli = spawn(run.command, run.args, { stdio: 'ignore' });
  return { cli, lock: path.join(dataDir, `cli-${String(cli.pid)}.lock`) };
}

function setAsideFiles(dataDir: string): string[] {
  const root = path.join(dataDir, SET_ASIDE_DIR);
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root).flatMap((d) => fs.readdirSync(path.join(root, d)).map((f) => path.join(root, d, f)));
}

const DAMAGES: { name: string; damage: (bytes: Buffer) => Buffer; reason: string }[] = [
  { name: 'a truncated file (half of it)', damage: (b) => b.subarray(0, Math.floor(b.length / 2)), reason: 'damaged' },
  {
    name: 'a file with one bit flipped in a data page',
    damage: (b) => {
      const c = Buffer.from(b);
      c[4096 * 2 + 700]! ^= 0x04;
      return c;
    },
    reason: 'damaged',
  },
  { name: 'a 0-byte file', damage: () => Buffer.alloc(0), reason: 'empty' },
  { name: 'a file of random bytes', damage: (b) => crypto.randomBytes(b.length), reason: 'not-a-database' },
];

describe('a damaged store is set aside and its latest good backup restored', () => {
  for (const { name, damage, reason } of DAMAGES) {
    it(`${name}: moved aside unchanged, the backup restored, and the rep told which backup and what to re-enter`, async () => {
      const { dataDir, backupId, before, after } = await folderWithBackup();
      const file = storeFile(dataDir);
      const damaged = damage(fs.readFileSync(file));
      fs.writeFileSync(file, damaged);

      const c = core(dataDir);
      const r = c.recoveredAtOpen!;
      expect(r).toMatchObject({ kind: 'restored', reason, backup: { id: backupId } });
      expect(r.message).toContain('백업으로 복원했습니다');
      expect(r.message).toContain('다시 입력하세요');
      expect(r.message).toMatch(/\d{4}\. \d{1,2}\. \d{1,2}\. \d{2}:\d{2}에 만든 백업/);
      // The damaged bytes are kept, byte for byte, where the message says.
      const kept = setAsideFiles(dataDir).find((f) => path.basename(f) === 'salesdesk.sqlite')!;
      expect(r.message).toContain(path.dirname(kept));
      expect(fs.readFileSync(kept).equals(damaged)).toBe(true);
      // The store is the backup: what was there before it, not what came after.
      expect((await c.invoke('applications.get', { id: before })).customer.name).toBe('백업전상사');
      await expect(c.invoke('applications.get', { id: after })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      // New work goes into the restored store and survives a reopen.
      const fresh = (await c.invoke('applications.create', app(3, '복원후상사'))).id;
      close(c);
      const again = core(dataDir);
      expect(again.recoveredAtOpen).toBeNull();
      expect((await again.invoke('applications.get', { id: fresh })).customer.name).toBe('복원후상사');
      // The notice stays until the rep has read it.
      expect((await again.invoke('store.status', {})).recovery?.backup?.id).toBe(backupId);
      expect((await again.invoke('store.recoverySeen', {})).recovery).toBeNull();
    });
  }

  it('a 0-byte store is never taken for a new store, even with no backup: it is kept aside and the rep told that nothing could be restored', async () => {
    const dataDir = tempDir('store-empty-');
    const c0 = core(dataDir);
    await c0.invoke('applications.create', app(4, '사라질상사'));
    close(c0);
    fs.writeFileSync(storeFile(dataDir), '');
    const c = core(dataDir);
    expect(c.recoveredAtOpen).toMatchObject({ kind: 'reset', reason: 'empty', backup: null });
    expect(c.recoveredAtOpen!.message).toContain('쓸 수 있는 백업이 없어');
    expect(setAsideFiles(dataDir).some((f) => path.basename(f) === 'salesdesk.sqlite' && fs.statSync(f).size === 0)).toBe(true);
  });

  it('a store file that vanished is restored from its backup (only a folder that never had one is new)', async () => {
    const { dataDir, backupId, before } = await folderWithBackup();
    fs.rmSync(storeFile(dataDir));
    const c = core(dataDir);
    expect(c.recoveredAtOpen).toMatchObject({ kind: 'restored', reason: 'missing', backup: { id: backupId } });
    expect((await c.invoke('applications.get', { id: before })).customer.name).toBe('백업전상사');
  });

  it('a damaged backup is skipped: the next older good one is restored', async () => {
    const dataDir = tempDir('store-badbackup-');
    const c0 = core(dataDir);
    const first = (await c0.invoke('applications.create', app(5, '첫백업상사'))).id;
    const good = await c0.invoke('store.backup', {});
    await c0.invoke('applications.create', app(6, '둘째백업상사'));
    const bad = await c0.invoke('store.backup', {});
    close(c0);
    const badFile = path.join(dataDir, 'backups', bad.id);
    fs.writeFileSync(badFile, fs.readFileSync(badFile).subarray(0, 8192));
    fs.writeFileSync(storeFile(dataDir), crypto.randomBytes(50_000));
    const c = core(dataDir);
    expect(c.recoveredAtOpen).toMatchObject({ kind: 'restored', backup: { id: good.id } });
    expect((await c.invoke('applications.get', { id: first })).customer.name).toBe('첫백업상사');
  });

  it('a sound store opened with a wrong key is refused and nothing is moved, restored or rewritten', async () => {
    const { dataDir } = await folderWithBackup();
    const before = new Map(
      fs
        .readdirSync(dataDir, { recursive: true, encoding: 'utf8' })
        .filter((f) => fs.statSync(path.join(dataDir, f)).isFile())
        .map((f) => [f, fs.readFileSync(path.join(dataDir, f))]),
    );
    expect(() => core(dataDir, { env: { ...process.env, [KEY_ENV]: 'ab'.repeat(32) } })).toThrow(/이 데이터 폴더의 키가 아닙니다/);
    const after = fs.readdirSync(dataDir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dataDir, f)).isFile());
    expect(after.sort()).toEqual([...before.keys()].sort());
    for (const [f, bytes] of before) expect(fs.readFileSync(path.join(dataDir, f)).equals(bytes), f).toBe(true);
    expect(fs.existsSync(path.join(dataDir, SET_ASIDE_DIR))).toBe(false);
  });

  it('an encrypted store whose key record was lost is refused, not treated as new or damaged', async () => {
    const { dataDir } = await folderWithBackup();
    fs.rmSync(path.join(dataDir, KEY_RECORD_FILE));
    const bytes = fs.readFileSync(storeFile(dataDir));
    expect(() => core(dataDir)).toThrow(/암호 키 기록\(store-key\.json\)이 없습니다/);
    expect(fs.readFileSync(storeFile(dataDir)).equals(bytes)).toBe(true);
    expect(fs.existsSync(path.join(dataDir, SET_ASIDE_DIR))).toBe(false);
  });
});

describe('background backups let go of the store file', () => {
  it('a CLI command starting on the folder leaves a backup the app is still writing, and removes only what a process that is gone left half-written (or a copy untouched for a day, its pid reused)', async () => {
    const { dataDir } = await folderWithBackup();
    const dir = path.join(dataDir, BACKUP_DIR);
    // Half-written copies of processes that are gone: one named with its (dead) pid, one from before pids were named.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const deadLeftover = path.join(dir, `salesdesk-20261101T000000000Z-sync.sqlite.${String(dead)}.tmp`);
    const oldLeftover = path.join(dir, 'salesdesk-20261101T000000000Z-manual.sqlite.tmp');
    fs.writeFileSync(deadLeftover, 'half');
    fs.writeFileSync(oldLeftover, 'half');
    // And one whose pid is now another live process's (this one), untouched for two days.
    const reusedLeftover = path.join(dir, `salesdesk-20261101T000000000Z-start.sqlite.${String(process.pid)}.tmp`);
    fs.writeFileSync(reusedLeftover, 'half');
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    fs.utimesSync(reusedLeftover, twoDaysAgo, twoDaysAgo);
    const backups = new Backups(dataDir, resolveStoreKey(dataDir).bytes, path.join(import.meta.dirname, '../../support/held-vacuum-driver.cjs'));
    const copy = backups.createInBackground(storeFile(dataDir), 'manual', new Date());
    let written: string | undefined;
    await expect.poll(() => (written = fs.readdirSync(dir).find((f) => f.endsWith('.tmp.written'))), { timeout: 60_000 }).toBeDefined();
    const inProgress = path.join(dir, written!.slice(0, -'.written'.length));
    try {
      // A real CLI command opens the store (and tidies the backups folder) while the copy waits to be named.
      const status = runCliProcess(['store', 'status', '--data-dir', dataDir]);
      expect(status.status, status.stderr).toBe(0);
      expect(fs.existsSync(inProgress)).toBe(true);
      expect(fs.existsSync(deadLeftover)).toBe(false);
      expect(fs.existsSync(oldLeftover)).toBe(false);
      expect(fs.existsSync(reusedLeftover)).toBe(false);
    } finally {
      fs.writeFileSync(`${inProgress}.go`, '');
    }
    const made = await copy;
    expect(backups.list().map((b) => b.id)).toContain(made.id);
    expect(backups.check(made.id)).toBeNull();
  });

  it('a background backup answers only after its worker has closed its connection (one still open when the core closed folded the WAL into a file the e2e test had just truncated)', async () => {
    const dataDir = tempDir('store-backup-answer-');
    const file = storeFile(dataDir);
    const store = openStore({ file, key: crypto.randomBytes(32) });
    try {
      const backups = new Backups(dataDir, undefined, path.join(import.meta.dirname, '../../support/slow-close-driver.cjs'));
      // The plain driver cannot read the keyed file: a failed copy answers after closing too.
      await expect(backups.createInBackground(file, 'manual', new Date())).rejects.toThrow();
      expect(fs.existsSync(`${file}.worker-closed`)).toBe(true);
    } finally {
      store.close();
    }
    const plainDir = tempDir('store-backup-answer-plain-');
    const plain = storeFile(plainDir);
    const plainStore = openStore({ file: plain });
    try {
      const backups = new Backups(plainDir, undefined, path.join(import.meta.dirname, '../../support/slow-close-driver.cjs'));
      await backups.createInBackground(plain, 'manual', new Date());
      expect(fs.existsSync(`${plain}.worker-closed`)).toBe(true);
    } finally {
      plainStore.close();
    }
  });

  it('closing the core while a backup is copying waits for it, and a backup queued behind it is not started on the closed store', async () => {
    const dataDir = tempDir('store-backup-close-');
    const file = storeFile(dataDir);
    const c = core(dataDir);
    for (let n = 0; n < 200; n++) await c.invoke('applications.create', app(100 + n, `닫기상사${n}`));
    const first = c.ctx.storeAdmin.backupNow();
    const queued = c.ctx.storeAdmin.backupNow();
    // Once the microtasks have run, the first one's worker is starting its copy.
    await new Promise<void>((resolve) => setImmediate(resolve));
    close(c);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    await expect(first).resolves.toMatchObject({ reason: 'manual' });
    await expect(queued).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('저장소가 닫혀') });
    expect(fs.readdirSync(path.join(dataDir, BACKUP_DIR)).filter((f) => f.endsWith('.sqlite'))).toHaveLength(1);
  });
});

describe('restoring a chosen backup', () => {
  it('store.restore backs up and moves the current store aside, then opens the backup in its place', async () => {
    const { dataDir, backupId, before, after } = await folderWithBackup();
    const c = core(dataDir);
    const r = await c.invoke('store.restore', { backup: backupId });
    expect(r).toMatchObject({ kind: 'restored', reason: 'chosen', backup: { id: backupId } });
    expect((await c.invoke('applications.get', { id: before })).customer.name).toBe('백업전상사');
    await expect(c.invoke('applications.get', { id: after })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // What was current is both kept aside and itself restorable (an undo).
    expect(setAsideFiles(dataDir).some((f) => path.basename(f) === 'salesdesk.sqlite')).toBe(true);
    const undo = (await c.invoke('store.status', {})).backups.find((b) => b.reason === 'before-restore')!;
    expect(undo.counts?.applications).toBe(2);
    await c.invoke('store.restore', { backup: undo.id });
    expect((await c.invoke('applications.get', { id: after })).customer.name).toBe('백업후상사');
  });

  it('a restore that went through is reported as done, and served on one connection, even when what follows it fails (pruning old backups, noting the recovery: a file another program holds, a full disk)', async () => {
    for (const obstacle of ['prune', 'recovery note'] as const) {
      const { dataDir, backupId, before, after } = await folderWithBackup();
      if (obstacle === 'prune') {
        // More old backups than are kept, the oldest one the OS will not let go (a folder stands for a file another program holds open).
        for (let i = 1; i <= 5; i++) fs.writeFileSync(path.join(dataDir, BACKUP_DIR, `salesdesk-2021010${String(i)}T000000000Z-start.sqlite`), 'old');
        fs.mkdirSync(path.join(dataDir, BACKUP_DIR, 'salesdesk-20200101T000000000Z-start.sqlite', 'held'), { recursive: true });
      } else {
        // The recovery note cannot be written (a folder in its place stands for a full disk).
        fs.mkdirSync(path.join(dataDir, 'store-recovery.json', 'held'), { recursive: true });
      }
      const c = core(dataDir);
      expect(await c.invoke('store.restore', { backup: backupId })).toMatchObject({ kind: 'restored', backup: { id: backupId } });
      expect((await c.invoke('applications.get', { id: before })).customer.name).toBe('백업전상사');
      await expect(c.invoke('applications.get', { id: after })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await c.invoke('store.status', {})).recovery).toMatchObject({ kind: 'restored', backup: { id: backupId } });
      // One connection on the store: once the core has closed, SQLite has removed the WAL (a second one left open keeps it).
      close(c);
      expect(fs.existsSync(`${storeFile(dataDir)}-wal`)).toBe(false);
    }
  });

  it('a restore waits for a backup asked for while it waited on one copying: that one started as the restore went on, its worker on the file being moved', async () => {
    const { dataDir, backupId, before, after } = await folderWithBackup();
    const c = core(dataDir);
    const events: string[] = [];
    const first = c.ctx.storeAdmin.backupNow();
    const restore = c.ctx.storeAdmin.restore(backupId).then((r) => {
      events.push('restored');
      return r;
    });
    // Asked for once the restore waits on the first: it starts the moment the first ends.
    const second = c.ctx.storeAdmin.backupNow().then((b) => {
      events.push('second backup');
      return b;
    });
    await first;
    await expect(restore).resolves.toMatchObject({ kind: 'restored' });
    await expect(second).resolves.toMatchObject({ reason: 'manual' });
    expect(events).toEqual(['second backup', 'restored']);
    expect((await c.invoke('applications.get', { id: before })).customer.name).toBe('백업전상사');
    await expect(c.invoke('applications.get', { id: after })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a request that reaches a closed core, or a restore still waiting on a backup when the core closes, is refused as unavailable and reopens nothing', async () => {
    const { dataDir, backupId } = await folderWithBackup();
    const c = core(dataDir);
    const backup = c.invoke('store.backup', {});
    const restore = c.invoke('store.restore', { backup: backupId });
    close(c);
    await expect(backup).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(restore).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('저장소가 닫히는 중') });
    await expect(c.invoke('applications.list', {})).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('저장소가 닫히는 중') });
    // Nothing was moved or reopened: the next core on the folder finds the store as it was and no claim left.
    expect(fs.existsSync(path.join(dataDir, 'host.lock'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, SET_ASIDE_DIR))).toBe(false);
    const next = core(dataDir);
    expect((await next.invoke('applications.list', {})).items).toHaveLength(2);
  });

  it('a restore whose before-restore backup cannot be written refuses with what to do, and the store stays as it was', async () => {
    const { dataDir, backupId, after } = await folderWithBackup();
    const at = new Date('2026-12-04T05:00:00.000Z');
    const c = core(dataDir, { clock: { now: () => at } });
    // Something in the way of the copy (here a folder where its file goes): the copy fails with an OS error.
    fs.mkdirSync(path.join(dataDir, BACKUP_DIR, `salesdesk-${fileStamp(at)}-before-restore.sqlite.${String(process.pid)}.tmp`));
    await expect(c.invoke('store.restore', { backup: backupId })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('복원 전에 지금 저장소를 백업하지 못해 복원하지 않았습니다'),
    });
    expect((await c.invoke('applications.get', { id: after })).customer.name).toBe('백업후상사');
    expect(fs.existsSync(path.join(dataDir, SET_ASIDE_DIR))).toBe(false);
  });

  it('the app refuses to restore while a CLI command has the folder open (its writes would go to the file moved aside); a CLI killed mid-command does not hold it', async () => {
    const { dataDir, backupId, after } = await folderWithBackup();
    // A CLI sync that waits on an HQ that accepts and never answers: a real command holding the store.
    const silent = await silentHq();
    const { cli, lock } = cliHoldingStore(dataDir, silent.url);
    const c = core(dataDir);
    try {
      await expect.poll(() => fs.existsSync(lock), { timeout: 60_000 }).toBe(true);
      await expect(c.invoke('store.restore', { backup: backupId })).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining(`명령줄 도구(프로세스 ${String(cli.pid)})`) });
      expect((await c.invoke('applications.get', { id: after })).customer.name).toBe('백업후상사');
      expect(fs.existsSync(path.join(dataDir, SET_ASIDE_DIR))).toBe(false);

      const exited = new Promise((resolve) => cli.once('exit', resolve));
      cli.kill('SIGKILL');
      await exited;
      expect(fs.existsSync(lock)).toBe(true);
      await expect(c.invoke('store.restore', { backup: backupId })).resolves.toMatchObject({ kind: 'restored' });
      expect(fs.existsSync(lock)).toBe(false);
    } finally {
      if (cli.exitCode === null && cli.signalCode === null) cli.kill('SIGKILL');
      silent.close();
    }
    // A CLI command that ends releases the folder.
    const status = await runCli(['store', 'status', '--data-dir', dataDir], { readStdin: () => Promise.resolve(undefined), env: { ...process.env } });
    expect(status.exitCode).toBe(0);
    expect(fs.readdirSync(dataDir).filter((f) => f.startsWith('cli-'))).toEqual([]);
  });

  it.runIf(process.platform !== 'win32')(
    'a CLI command ended by Ctrl+C or a kill (SIGINT, SIGTERM) gives its claim on the folder back, so no later process with its pid holds the folder',
    async () => {
      const { dataDir } = await folderWithBackup();
      const silent = await silentHq();
      try {
        for (const [signal, code] of [
          ['SIGINT', 130],
          ['SIGTERM', 143],
        ] as const) {
          const { cli, lock } = cliHoldingStore(dataDir, silent.url);
          const exited = new Promise<number | null>((resolve) => cli.once('exit', resolve));
          await expect.poll(() => fs.existsSync(lock), { timeout: 60_000 }).toBe(true);
          cli.kill(signal);
          expect(await exited).toBe(code);
          expect(fs.existsSync(lock)).toBe(false);
        }
      } finally {
        silent.close();
      }
    },
  );

  it('the app looks for CLI commands on the folder just before it moves the store, not before its before-restore backup (a command started during that copy had the store moved from under it)', async () => {
    const { dataDir, backupId, after } = await folderWithBackup();
    const silent = await silentHq();
    let cli: ChildProcess | undefined;
    let armed = false;
    // The restore's first look at the clock is for its before-restore backup: a CLI command starts then.
    const clock = {
      now: () => {
        if (armed) {
          armed = false;
          const held = cliHoldingStore(dataDir, silent.url);
          cli = held.cli;
          const lock = held.lock;
          const wait = new Int32Array(new SharedArrayBuffer(4));
          for (const until = Date.now() + 60_000; !fs.existsSync(lock) && Date.now() < until; ) Atomics.wait(wait, 0, 0, 5);
        }
        return new Date();
      },
    };
    const c = core(dataDir, { clock });
    try {
      armed = true;
      await expect(c.invoke('store.restore', { backup: backupId })).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining('명령줄 도구') });
      expect(cli).toBeDefined();
      expect((await c.invoke('applications.get', { id: after })).customer.name).toBe('백업후상사');
      expect(fs.existsSync(path.join(dataDir, SET_ASIDE_DIR))).toBe(false);
    } finally {
      cli?.kill('SIGKILL');
      silent.close();
    }
  });

  it('the CLI looks for a running app or web host just before it moves the store (its one look came before its core opened and copied the store)', async () => {
    const { dataDir, backupId, after } = await folderWithBackup();
    let web: Awaited<ReturnType<typeof startProcess>> | undefined;
    let armed = false;
    let started: Promise<void> = Promise.resolve();
    // The restore's first look at the clock is for its before-restore backup: a web host starts then.
    const clock = {
      now: () => {
        if (armed) {
          armed = false;
          started = startProcess('electron/hosts/web.ts', ['--data-dir', dataDir, '--port', '0'], /웹 호스트/).then((w) => {
            web = w;
          });
          const wait = new Int32Array(new SharedArrayBuffer(4));
          for (const until = Date.now() + 60_000; !fs.existsSync(path.join(dataDir, 'host.lock')) && Date.now() < until; ) Atomics.wait(wait, 0, 0, 5);
        }
        return new Date();
      },
    };
    const c = core(dataDir, { host: 'cli', clock });
    try {
      armed = true;
      await expect(c.invoke('store.restore', { backup: backupId })).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
      expect((await c.invoke('applications.get', { id: after })).customer.name).toBe('백업후상사');
      expect(fs.existsSync(path.join(dataDir, SET_ASIDE_DIR))).toBe(false);
    } finally {
      await started.catch(() => undefined);
      if (web) await stopProcess(web.child);
    }
  });

  it('the app refuses to restore while a web host that started before it still has the store open (the app’s claim had replaced the web host’s in host.lock, so its look found only itself)', async () => {
    const { dataDir, backupId, after } = await folderWithBackup();
    const web = await startProcess('electron/hosts/web.ts', ['--data-dir', dataDir, '--port', '0'], /웹 호스트/);
    try {
      const c = core(dataDir, { host: 'electron' });
      const backupsBefore = fs.readdirSync(path.join(dataDir, BACKUP_DIR)).sort();
      await expect(c.invoke('store.restore', { backup: backupId })).rejects.toMatchObject({ code: 'NOT_ALLOWED', message: expect.stringContaining('이 저장소를 열어 두고 있어 복원하지 않았습니다') });
      expect((await c.invoke('applications.get', { id: after })).customer.name).toBe('백업후상사');
      // A refused restore leaves the backups as they were (its before-restore copy is removed, nothing pruned).
      expect(fs.readdirSync(path.join(dataDir, BACKUP_DIR)).sort()).toEqual(backupsBefore);
      expect(fs.existsSync(path.join(dataDir, SET_ASIDE_DIR))).toBe(false);
      // Once the web host has gone, the app restores.
      await stopProcess(web.child);
      await expect(c.invoke('store.restore', { backup: backupId })).resolves.toMatchObject({ kind: 'restored' });
    } finally {
      await stopProcess(web.child);
    }
  });

  it('a restore that fails once the store is moved aside, with another process then on the folder, leaves the core refusing with why (not an unexpected error), and it reopens on the next request once that process is gone', async () => {
    const { dataDir, backupId, after } = await folderWithBackup();
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      // Right after the move aside: the chosen backup vanishes (the restore fails) and a CLI command claims the folder.
      const log = (entry: { msg: string; [k: string]: unknown }) => {
        if (entry.msg !== 'store set aside' || entry.reason !== 'chosen') return;
        fs.rmSync(path.join(dataDir, BACKUP_DIR, backupId));
        fs.writeFileSync(path.join(dataDir, `cli-${String(other.pid)}.lock`), JSON.stringify({ pid: other.pid, host: 'cli', at: new Date().toISOString() }));
      };
      const c = core(dataDir, { host: 'electron', log });
      await expect(c.invoke('store.restore', { backup: backupId })).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('백업을 복원하지 못했습니다') });
      await expect(c.invoke('applications.get', { id: after })).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('저장소를 다시 열지 못했습니다') });
      const exited = new Promise((resolve) => other.once('exit', resolve));
      other.kill('SIGKILL');
      await exited;
      // The next request reopens: the store moved aside is missing, so the newest backup (taken just before the restore) is put in place.
      expect((await c.invoke('applications.get', { id: after })).customer.name).toBe('백업후상사');
      expect((await c.invoke('store.status', {})).recovery).toMatchObject({ kind: 'restored', backup: { reason: 'before-restore' } });
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('a CLI command that starts while the app’s restore has the store moved aside does not take the missing store for one to repair: it is refused, and no work it reports saved is lost', async () => {
    const { dataDir, backupId, before } = await folderWithBackup();
    let during: ReturnType<typeof runCliProcess> | undefined;
    // Right after the app moved the store aside, before the chosen backup is in its place: a real CLI command runs.
    const log = (entry: { msg: string; [k: string]: unknown }) => {
      if (entry.msg === 'store set aside' && entry.reason === 'chosen') during = runCliProcess(['applications', 'import', '--data-dir', dataDir], JSON.stringify(app(7, '복원중상사')));
    };
    const c = core(dataDir, { host: 'electron', log });
    await expect(c.invoke('store.restore', { backup: backupId })).resolves.toMatchObject({ kind: 'restored', backup: { id: backupId } });
    expect(during).toBeDefined();
    const imported = during!.status === 0 ? (JSON.parse(during!.stdout) as { id: string }).id : null;
    // A command that says it saved something must find it saved.
    if (imported) expect((await c.invoke('applications.get', { id: imported })).customer.name).toBe('복원중상사');
    expect(during!.status, during!.stdout).not.toBe(0);
    expect(during!.stderr).toContain(`다른 프로그램(프로세스 ${String(process.pid)})이 이 데이터 폴더를 쓰고 있어`);
    expect((await c.invoke('applications.get', { id: before })).customer.name).toBe('백업전상사');
    expect(c.recoveredAtOpen).toBeNull();
    expect((await c.invoke('store.status', {})).recovery).toMatchObject({ reason: 'chosen', backup: { id: backupId } });
  });

  it('a host.lock left by a host that crashed, its pid now another process’s, does not stop the app that starts next from restoring', async () => {
    const { dataDir, backupId, before } = await folderWithBackup();
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(path.join(dataDir, 'host.lock'), JSON.stringify({ pid: other.pid, host: 'electron', at: '2026-01-01T00:00:00.000Z' }));
      const c = core(dataDir, { host: 'electron' });
      await expect(c.invoke('store.restore', { backup: backupId })).resolves.toMatchObject({ kind: 'restored' });
      expect((await c.invoke('applications.get', { id: before })).customer.name).toBe('백업전상사');
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('claims written before the machine last started (their pids now other processes’) stop neither the repair of a damaged store nor a restore, in the app or the CLI', async () => {
    const { dataDir, backupId, before } = await folderWithBackup();
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      // A power cut during a CLI command and the app: both claims stay, and after the restart their pids are reused.
      const lastBoot = Date.now() - os.uptime() * 1000;
      const stale = { pid: other.pid, at: new Date(lastBoot - 3_600_000).toISOString() };
      const staleCli = path.join(dataDir, `cli-${String(other.pid)}.lock`);
      fs.writeFileSync(staleCli, JSON.stringify({ ...stale, host: 'cli' }));
      fs.writeFileSync(path.join(dataDir, 'host.lock'), JSON.stringify({ ...stale, host: 'electron' }));
      const bytes = fs.readFileSync(storeFile(dataDir));
      fs.writeFileSync(storeFile(dataDir), bytes.subarray(0, Math.floor(bytes.length / 2)));
      // The CLI (which reads host.lock) repairs the damaged store from the backup and answers.
      const status = runCliProcess(['store', 'status', '--data-dir', dataDir]);
      expect(status.status, status.stderr).toBe(0);
      expect(fs.existsSync(path.join(dataDir, SET_ASIDE_DIR))).toBe(true);
      // The app (which reads the CLI claims) restores.
      fs.writeFileSync(staleCli, JSON.stringify({ ...stale, host: 'cli' }));
      const c = core(dataDir, { host: 'electron' });
      await expect(c.invoke('store.restore', { backup: backupId })).resolves.toMatchObject({ kind: 'restored' });
      expect((await c.invoke('applications.get', { id: before })).customer.name).toBe('백업전상사');
      expect(fs.existsSync(staleCli)).toBe(false);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it.runIf(process.platform === 'linux')(
    'a CLI command claims the folder before it opens the store (a restore in between would move the file from under it), and one that cannot open it leaves no claim',
    async () => {
      const { dataDir } = await folderWithBackup();
      const file = fs.realpathSync(storeFile(dataDir));
      const silent = await silentHq();
      const { cli, lock } = cliHoldingStore(dataDir, silent.url);
      try {
        const hasStoreOpen = () => {
          try {
            return fs.readdirSync(`/proc/${String(cli.pid)}/fd`).some((fd) => {
              try {
                return fs.readlinkSync(`/proc/${String(cli.pid)}/fd/${fd}`) === file;
              } catch {
                return false;
              }
            });
          } catch {
            return false;
          }
        };
        // Looked at every turn of the loop from the moment the process starts: the first time it has the store open.
        let lockedWhenOpened: boolean | undefined;
        await vi.waitFor(
          () => {
            if (!hasStoreOpen()) throw new Error('store not open yet');
            lockedWhenOpened ??= fs.existsSync(lock);
          },
          { timeout: 60_000, interval: 1 },
        );
        expect(lockedWhenOpened).toBe(true);
      } finally {
        cli.kill('SIGKILL');
        silent.close();
      }
      // A CLI command that cannot open the store (another key) releases its claim.
      const wrongKey = await runCli(['store', 'status', '--data-dir', dataDir], {
        readStdin: () => Promise.resolve(undefined),
        env: { ...process.env, [KEY_ENV]: crypto.randomBytes(32).toString('hex') },
      });
      expect(wrongKey.exitCode).not.toBe(0);
      expect(fs.readdirSync(dataDir).filter((f) => f === `cli-${String(process.pid)}.lock`)).toEqual([]);
    },
  );

  it('what only looks like a finished CLI command’s lock (a folder of that name, garbage in the file) does not stop a restore', async () => {
    const { dataDir, backupId, before } = await folderWithBackup();
    const [gone, alsoGone] = [spawnSync(process.execPath, ['-e', '']).pid, spawnSync(process.execPath, ['-e', '']).pid];
    fs.mkdirSync(path.join(dataDir, `cli-${String(gone)}.lock`));
    fs.writeFileSync(path.join(dataDir, `cli-${String(alsoGone)}.lock`), '\0garbage');
    const c = core(dataDir);
    await expect(c.invoke('store.restore', { backup: backupId })).resolves.toMatchObject({ kind: 'restored' });
    expect((await c.invoke('applications.get', { id: before })).customer.name).toBe('백업전상사');
  });

  it('a malformed, unknown or damaged backup name is refused with what to do, and the store stays as it was', async () => {
    const { dataDir, backupId, after } = await folderWithBackup();
    const c = core(dataDir);
    for (const bad of ['../salesdesk.sqlite', 'salesdesk-x.sqlite', '', 'salesdesk-20261122T050301123Z-start.sqlite\u0000']) {
      await expect(c.invoke('store.restore', { backup: bad })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    await expect(c.invoke('store.restore', { backup: 'salesdesk-20000101T000000000Z-start.sqlite' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    fs.writeFileSync(path.join(dataDir, 'backups', backupId), crypto.randomBytes(10_000));
    await expect(c.invoke('store.restore', { backup: backupId })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('손상되어') });
    expect((await c.invoke('applications.get', { id: after })).customer.name).toBe('백업후상사');
    expect(fs.existsSync(path.join(dataDir, SET_ASIDE_DIR))).toBe(false);
  });

  it('the CLI lists backups and restores the latest; it refuses while the app or web host holds the folder', async () => {
    const { dataDir, backupId, before } = await folderWithBackup();
    const env = { ...process.env };
    const status = await runCli(['store', 'status', '--data-dir', dataDir], { readStdin: () => Promise.resolve(undefined), env });
    expect(status.exitCode).toBe(0);
    expect((JSON.parse(status.stdout) as { encrypted: boolean; backups: { id: string }[] }).backups[0]!.id).toBe(backupId);

    // A live host process (here: our own parent, which is alive) holds the folder.
    fs.writeFileSync(path.join(dataDir, 'host.lock'), JSON.stringify({ pid: process.ppid, host: 'web', at: new Date().toISOString() }));
    const refused = await runCli(['store', 'restore', 'latest', '--data-dir', dataDir], { readStdin: () => Promise.resolve(undefined), env });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('웹 호스트');
    expect(fs.existsSync(path.join(dataDir, SET_ASIDE_DIR))).toBe(false);
    fs.rmSync(path.join(dataDir, 'host.lock'));

    const restored = await runCli(['store', 'restore', 'latest', '--data-dir', dataDir], { readStdin: () => Promise.resolve(undefined), env });
    expect(restored.exitCode, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ kind: 'restored', backup: { id: backupId } });
    const c = core(dataDir);
    expect((await c.invoke('applications.get', { id: before })).customer.name).toBe('백업전상사');
  });
});

describe('processes starting together on a new folder', () => {
  it('a process that finds the key record another process wrote while it made its own key opens the folder with that key (it failed with a raw EEXIST and left its unused key file behind)', async () => {
    const dataDir = tempDir('store-first-start-');
    const keyDir = tempDir('store-first-start-keys-');
    let other: ReturnType<typeof runCliProcess> | undefined;
    // The key folder is looked up once this process has found no key record, before it writes its
    // own: a real CLI command starting on the same new folder makes the folder's key and store then.
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== KEY_ENV));
    Object.defineProperty(env, 'SALESDESK_KEY_DIR', {
      enumerable: true,
      get: () => {
        other ??= runCliProcess(['applications', 'import', '--data-dir', dataDir], JSON.stringify(app(8, '먼저상사')), { SALESDESK_KEY_DIR: keyDir });
        return keyDir;
      },
    });
    const c = core(dataDir, { env });
    expect(other?.status, other?.stderr).toBe(0);
    const first = (JSON.parse(other!.stdout) as { id: string }).id;
    expect((await c.invoke('applications.get', { id: first })).customer.name).toBe('먼저상사');
    expect(fs.readdirSync(keyDir).filter((f) => f.endsWith('.key'))).toHaveLength(1);
  });
});

describe('hosts on a damaged store', () => {
  it('the CLI process on a truncated store answers the command and prints the Korean notice (no raw SQLite error)', async () => {
    const { dataDir } = await folderWithBackup();
    const file = storeFile(dataDir);
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 4096 * 3));
    const r = runCliProcess(['applications', 'list', '--data-dir', dataDir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('알림: 저장소 파일이 손상되어 있었습니다');
    expect(r.stderr).not.toMatch(/SqliteError|SQLITE_|at .*\.ts:\d+/);
    expect((JSON.parse(r.stdout) as { customer: { name: string } }[]).map((a) => a.customer.name)).toEqual(['백업전상사']);
  });

  it('the web host process on a bit-flipped store starts, serves the restored store and prints the notice', async () => {
    const { dataDir, before } = await folderWithBackup();
    const file = storeFile(dataDir);
    const bytes = fs.readFileSync(file);
    bytes[4096 * 2 + 700]! ^= 0x04;
    fs.writeFileSync(file, bytes);
    const { child, output } = await startProcess('electron/hosts/web.ts', ['--data-dir', dataDir, '--port', '0'], /알림: [^\n]+\n/);
    try {
      expect(output()).toContain('백업으로 복원했습니다');
      const openUrl = /웹 호스트: (\S+)/.exec(output())![1]!;
      const url = new URL(openUrl);
      const token = url.hash.replace('#token=', '');
      const res = await fetch(new URL('/api/invoke', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ channel: 'applications.get', input: { id: before } }),
      });
      expect(await res.json()).toMatchObject({ ok: true, value: { customer: { name: '백업전상사' } } });
    } finally {
      await stopProcess(child);
    }
  });

  it('a second host that cannot open the store (another key) leaves the running app’s claim on the folder: the CLI still refuses to restore under the app', async () => {
    const { dataDir } = await folderWithBackup();
    core(dataDir, { host: 'electron' });
    const lock = () => (JSON.parse(fs.readFileSync(path.join(dataDir, 'host.lock'), 'utf8')) as { pid: number }).pid;
    expect(lock()).toBe(process.pid);
    const r = await startProcess('electron/hosts/web.ts', ['--data-dir', dataDir, '--port', '0'], /웹 호스트/, { [KEY_ENV]: 'cd'.repeat(32) }).then(
      () => null,
      (error: unknown) => (error as Error).message,
    );
    expect(r).toMatch(/exited with 1/);
    expect(lock()).toBe(process.pid);
    const restore = runCliProcess(['store', 'restore', 'latest', '--data-dir', dataDir]);
    expect(restore.status).not.toBe(0);
    expect(restore.stderr).toContain(`앱(프로세스 ${String(process.pid)})`);
  });

  it('the web host process with a wrong key exits with one clear line, and the store is untouched', async () => {
    const { dataDir } = await folderWithBackup();
    const bytes = fs.readFileSync(storeFile(dataDir));
    const r = await startProcess('electron/hosts/web.ts', ['--data-dir', dataDir, '--port', '0'], /웹 호스트/, { [KEY_ENV]: 'cd'.repeat(32) }).then(
      () => null,
      (error: unknown) => (error as Error).message,
    );
    expect(r).toMatch(/exited with 1/);
    expect(r).toContain('오류: 저장소를 열 수 없습니다.');
    expect(r).toContain('이 데이터 폴더의 키가 아닙니다');
    expect(r).not.toMatch(/SqliteError| {4}at /);
    expect(fs.readFileSync(storeFile(dataDir)).equals(bytes)).toBe(true);
  });
});
