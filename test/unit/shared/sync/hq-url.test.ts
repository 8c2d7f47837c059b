import { describe, expect, it } from 'vitest';
import { checkHqUrl, hqUrlSchema, isLoopbackHost } from '../../../../shared/sync/hq-url';

describe('which HQ addresses a device may use (shared/sync/hq-url.ts)', () => {
  it('https:// anywhere is accepted and normalised without its trailing slashes', () => {
    expect(checkHqUrl(' https://hq.example.co.kr/// ')).toEqual({ ok: true, url: 'https://hq.example.co.kr' });
    expect(checkHqUrl('https://10.0.0.5:8443')).toEqual({ ok: true, url: 'https://10.0.0.5:8443' });
  });

  it('http:// is accepted only to this computer (localhost, 127.0.0.0/8, ::1)', () => {
    for (const url of ['http://127.0.0.1:8787', 'http://localhost:8787', 'http://[::1]:8787', 'http://127.1.2.3', 'http://app.localhost']) expect(checkHqUrl(url).ok, url).toBe(true);
    for (const url of ['http://hq.example.co.kr', 'http://10.0.0.5:8787', 'http://192.168.0.10', 'http://[::ffff:7f00:1]', 'http://localhost.example.com', 'http://127.0.0.1.nip.io']) {
      const r = checkHqUrl(url);
      expect(r.ok, url).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/https:\/\/.*암호화/);
    }
  });

  it('refuses other schemes, credentials, queries and fragments, and non-URLs, each with a Korean reason', () => {
    for (const url of [
      'ftp://hq.example.co.kr',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://u:p@hq.example.co.kr',
      'https://hq.example.co.kr/?x=1',
      'https://hq.example.co.kr/#t',
      'hq.example.co.kr',
      '',
    ]) {
      const r = checkHqUrl(url);
      expect(r.ok, url).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/[가-힣]/);
    }
  });

  it('the contract schema refuses the same addresses with the same reason', () => {
    const r = hqUrlSchema.safeParse('http://hq.example.co.kr');
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toContain('https://');
    expect(hqUrlSchema.safeParse('https://hq.example.co.kr').success).toBe(true);
  });

  it('loopback means the host itself, not a name that merely starts like it', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackHost('127.0.0.1.example.com')).toBe(false);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });
});
