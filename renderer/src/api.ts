import { createInvoke, type Transport } from '../../shared/contract/client';
import type { WireResult } from '../../shared/contract/errors';
// The one i18next instance (set up by ./i18n, which imports this module: no import back).
import i18n from 'i18next';
import { localizedError } from './app/errors';

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
        error: { code: 'UNAVAILABLE', message: i18n.t('common.unavailable') },
      };
    }
    try {
      return (await response.json()) as WireResult;
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: i18n.t('common.badResponse', { status: response.status }) } };
    }
  };
}

const carrier: Transport = window.salesdesk ? (channel, input) => window.salesdesk!.invoke(channel, input) : httpTransport();

/** Errors come back in the UI language (a keyed message in English when the UI is English; else its Korean). */
const transport: Transport = async (channel, input) => {
  const result = await carrier(channel, input);
  return result.ok ? result : { ok: false, error: localizedError(result.error) };
};

/** The one typed call into the core. */
export const invoke = createInvoke(transport);
