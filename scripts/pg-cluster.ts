/**
 * A throw-away Debian PostgreSQL cluster owned by user postgres (initdb in a temporary directory,
 * fsync off, loopback only): the HQ integration tests (test/integration/hq/harness.ts re-exports
 * it) and npm run bench:hq start one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export const PG_BIN = process.env.SALESDESK_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Why the PostgreSQL suite cannot run here, or undefined when it can. */
export function postgresUnavailableReason(): string | undefined {
  if (!fs.existsSync(path.join(PG_BIN, 'initdb')) || !fs.existsSync(path.join(PG_BIN, 'pg_ctl'))) {
    return `PostgreSQL binaries not found in ${PG_BIN} (apt-get install -y postgresql-15, or set SALESDESK_PG_BIN)`;
  }
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    if (id.status !== 0) return 'user postgres does not exist (apt-get install -y postgresql-15 creates it)';
  }
  return undefined;
}

export interface PgCluster {
  url(database: string): string;
  createDatabase(name: string): void;
  /** Runs one of the cluster's client programs (psql, pgbench) against it as user postgres; its stdout. */
  client(program: string, args: string[]): string;
  /** CPU seconds the cluster has used so far: the postmaster and every backend, live or ended (Linux /proc; null elsewhere). */
  cpuSeconds(): number | null;
  stop(): void;
}

function asPostgres(args: string[]): string {
  const isRoot = process.getuid?.() === 0;
  const [cmd, ...rest] = args;
  return isRoot
    ? execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', [cmd, ...rest].map((a) => `'${a!.replace(/'/g, `'\\''`)}'`).join(' ')], { encoding: 'utf8' })
    : execFileSync(cmd!, rest, { encoding: 'utf8' });
}

export async function startPgCluster(): Promise<PgCluster> {
  const dir = tempDir('salesdesk-pg-');
  fs.chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  const port = await freePort();
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  asPostgres([path.join(PG_BIN, 'initdb'), '-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync']);
  asPostgres([path.join(PG_BIN, 'pg_ctl'), '-D', data, '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    url,
    createDatabase(name: string) {
      asPostgres([path.join(PG_BIN, 'psql'), '-h', dir, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-c', `create database ${name}`]);
    },
    client(program: string, args: string[]) {
      return asPostgres([path.join(PG_BIN, program), '-h', dir, '-p', String(port), '-U', 'postgres', ...args]);
    },
    cpuSeconds() {
      try {
        const postmaster = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
        const stat = (pid: string) => fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        // Fields after the name: 1 ppid, 11/12 utime/stime, 13/14 the reaped children's (ended backends).
        const own = stat(String(postmaster));
        let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
        for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
          try {
            const s = stat(pid);
            if (Number(s[1]) === postmaster) ticks += Number(s[11]) + Number(s[12]);
          } catch {
            // ended meanwhile
          }
        }
        return ticks / 100;
      } catch {
        return null;
      }
    },
    stop() {
      try {
        asPostgres([path.join(PG_BIN, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
