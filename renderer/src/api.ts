import { createInvoke, type Transport } from '../../shared/contract/client';
import type { WireResult } from '../../shared/contract/errors';

/** What the Electron preload exposes — nothing but invoke. */
interface SalesdeskBridge {
  invoke(channel: string, input: unknown): Promise<WireResult>;
}

declare global {
  interface Window {
    salesdesk?: SalesdeskBridge;
  }
}

const TOKEN_KEY = 'salesdesk.token';

/** The web host prints a URL with #token=…; keep it for this tab and take it out of the address bar. */
function webToken(): string {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, match[1]!);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpTransport(): Transport {
  const token = webToken();
  return async (channel, input) => {
    let response: Response;
    try {
      response = await fetch('./api/invoke', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ channel, input }),
      });
    } catch {
      return {
        ok: false,
        error: { code: 'UNAVAILABLE', message: 'SalesDesk 데이터 저장소(웹 호스트)에 연결할 수 없습니다. 웹 호스트가 실행 중인지 확인하고 페이지를 새로 고치세요.' },
      };
    }
    try {
      return (await response.json()) as WireResult;
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: `웹 호스트가 알 수 없는 응답을 보냈습니다 (HTTP ${response.status}). 페이지를 새로 고치세요.` } };
    }
  };
}

const transport: Transport = window.salesdesk ? (channel, input) => window.salesdesk!.invoke(channel, input) : httpTransport();

/** The one typed call into the core. */
export const invoke = createInvoke(transport);
