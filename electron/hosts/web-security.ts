import crypto from 'node:crypto';
import { PAGE_CSP } from '../core/page-policy';

/**
 * Rules for the loopback web host, as pure functions so they are tested without a server.
 * The host binds 127.0.0.1 only; these checks stop other local web pages (CSRF, DNS
 * rebinding) and other local users' programs without the per-run token.
 */
export interface ApiRequestFacts {
  host: string | undefined;
  origin: string | undefined;
  authorization: string | undefined;
}

export interface Refusal {
  status: 401 | 403;
  code: 'UNAUTHORIZED' | 'FORBIDDEN';
  message: string;
}

export function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

export function checkApiRequest(facts: ApiRequestFacts, expected: { port: number; token: string }): Refusal | null {
  const origins = allowedOrigins(expected.port);
  const hosts = origins.map((o) => o.replace('http://', ''));
  if (!facts.host || !hosts.includes(facts.host)) {
    return { status: 403, code: 'FORBIDDEN', message: '이 주소로는 접속할 수 없습니다. 127.0.0.1 주소로 여세요.' };
  }
  if (facts.origin !== undefined && !origins.includes(facts.origin)) {
    return { status: 403, code: 'FORBIDDEN', message: '다른 웹사이트에서 온 요청은 거부됩니다.' };
  }
  const match = /^Bearer (.+)$/.exec(facts.authorization ?? '');
  if (!match) {
    return { status: 401, code: 'UNAUTHORIZED', message: '접속 토큰이 없습니다. 웹 호스트가 출력한 주소(#token=… 포함)로 다시 여세요.' };
  }
  if (!sameSecret(match[1]!, expected.token)) {
    return { status: 401, code: 'UNAUTHORIZED', message: '접속 토큰이 맞지 않습니다. 웹 호스트를 다시 시작했다면 새로 출력된 주소로 여세요.' };
  }
  return null;
}

/** The page policy: only our own scripts and styles; images may be data/blob URLs (signatures, previews). */
export const WEB_CSP = PAGE_CSP;
