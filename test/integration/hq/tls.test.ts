import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_HEADER, SYNC_PATHS } from '../../../shared/sync/protocol';
import { startHq, tempDir, type HqProcess } from './harness';
import { hqDataDir } from '../../support/hq-data';

/**
 * HQ's own TLS (--tls-cert/--tls-key): a real server process with a certificate made here by
 * openssl, reached over HTTPS by a client that trusts only that certificate.
 */
const openssl = spawnSync('openssl', ['version'], { encoding: 'utf8' });
const unavailable = openssl.status === 0 ? undefined : 'openssl not found (apt-get install -y openssl)';

function makeCert(dir: string, name: string): { cert: string; key: string } {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

function httpsGet(url: string, ca: Buffer): Promise<{ status: number; protocol: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca, headers: { [PROTOCOL_HEADER]: '1' } }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, protocol: res.headers[PROTOCOL_HEADER] as string | undefined, body }));
      })
      .on('error', reject);
  });
}

if (unavailable) {
  console.warn(`\n*** SKIPPED: HQ TLS tests — ${unavailable} ***\n`);
  describe.skipIf(true)(`HQ over TLS (SKIPPED: ${unavailable})`, () => {
    it('serves HTTPS with --tls-cert/--tls-key', () => undefined);
  });
} else {
  describe('HQ over TLS', () => {
    const dir = tempDir('salesdesk-tls-');
    let pair: { cert: string; key: string };
    let other: { cert: string; key: string };
    let hq: HqProcess | undefined;
    const dataDir = hqDataDir('salesdesk-hq-tls-');

    beforeAll(() => {
      pair = makeCert(dir, 'hq');
      other = makeCert(dir, 'other');
    });
    afterAll(async () => {
      await hq?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('with --tls-cert/--tls-key HQ prints an https:// URL and answers over HTTPS with that certificate, and not over plain HTTP', async () => {
      hq = await startHq({ dataDir, args: ['--tls-cert', pair.cert, '--tls-key', pair.key] });
      expect(hq.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const res = await httpsGet(`${hq.url}${SYNC_PATHS.health}`, fs.readFileSync(pair.cert));
      expect(res.status).toBe(200);
      expect(res.protocol).toBe('1');
      expect(JSON.parse(res.body)).toMatchObject({ ok: true });
      // A client that does not trust this certificate is refused by TLS itself.
      await expect(httpsGet(`${hq.url}${SYNC_PATHS.health}`, fs.readFileSync(other.cert))).rejects.toThrow();
      // Plain HTTP to the same port never gets an HQ answer.
      const plain = await new Promise<string>((resolve) => {
        http
          .get(hq!.url.replace('https:', 'http:') + SYNC_PATHS.health, (r) => {
            r.resume();
            resolve(`HTTP ${r.statusCode ?? 0} ${String(r.headers[PROTOCOL_HEADER])}`);
          })
          .on('error', () => resolve('refused'));
      });
      expect(plain).not.toMatch(/^HTTP 200/);
      await hq.stop();
      hq = undefined;
    }, 120_000);

    it('a certificate without its key, a file that is not PEM, or a key of another certificate stops HQ at start with a Korean reason', async () => {
      const notPem = path.join(dir, 'not.pem');
      fs.writeFileSync(notPem, 'hello');
      const cases: [string[], RegExp][] = [
        [['--tls-cert', pair.cert], /함께 지정하세요/],
        [['--tls-cert', path.join(dir, 'missing.crt'), '--tls-key', pair.key], /읽을 수 없습니다/],
        [['--tls-cert', notPem, '--tls-key', pair.key], /PEM 형식이 아닙니다/],
        [['--tls-cert', pair.cert, '--tls-key', other.key], /HTTPS를 시작할 수 없습니다.*한 쌍인지/],
      ];
      // Four separate HQ starts, each in its own data folder: started at once, not one after another.
      await Promise.all(
        cases.map(async ([args, reason]) => {
          const bad = hqDataDir('salesdesk-hq-tls-bad-');
          await expect(startHq({ dataDir: bad, args })).rejects.toThrow(reason);
          fs.rmSync(bad, { recursive: true, force: true });
        }),
      );
    }, 240_000);
  });
}
