import { z } from 'zod';

/**
 * Which HQ addresses a device (or the HQ admin CLI) may talk to. The device token, the admin
 * token and customers' data travel in every request, so the connection must be encrypted:
 * `https://`, except to a server on this very computer (loopback), which never leaves it.
 */

export type HqUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

/** localhost, 127.0.0.0/8 and ::1 (URL.hostname keeps IPv6 brackets). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '[::1]' || h === '::1') return true;
  return /^127(\.\d{1,3}){3}$/.test(h);
}

/** Checks an HQ address and answers it normalised (no trailing slash), or why it is refused, in Korean. */
export function checkHqUrl(input: string): HqUrlCheck {
  const trimmed = input.trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, reason: '본사 서버 주소가 올바르지 않습니다. https://로 시작하는 주소를 입력하세요 (예: https://hq.example.co.kr).' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: '본사 서버 주소는 https://로 시작해야 합니다 (예: https://hq.example.co.kr).' };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: '본사 서버 주소에 사용자 이름이나 비밀번호를 넣지 마세요. 기기는 등록 코드로 인증합니다.' };
  }
  if (url.search !== '' || url.hash !== '') {
    return { ok: false, reason: '본사 서버 주소에는 ?나 # 뒤의 내용을 넣지 마세요. 본사에서 받은 주소만 입력하세요.' };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      reason:
        '본사 서버 주소는 https://로 시작해야 합니다. 암호화되지 않은 http:// 연결에서는 기기 인증 정보와 고객 정보가 네트워크에 그대로 드러납니다 (http://는 이 컴퓨터 안의 서버, 예: http://127.0.0.1에만 쓸 수 있습니다). 본사 담당자에게 https 주소를 받으세요.',
    };
  }
  return { ok: true, url: trimmed };
}

/** The HQ address at a boundary (the contract's `sync.enroll`): refused with the reason. */
export const hqUrlSchema = z
  .string({ error: '본사 서버 주소를 입력하세요.' })
  .trim()
  .min(1, { error: '본사 서버 주소를 입력하세요.' })
  .max(300, { error: '본사 서버 주소는 300자 이하입니다.' })
  .superRefine((value, ctx) => {
    const r = checkHqUrl(value);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason });
  });
