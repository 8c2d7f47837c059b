/**
 * The Electron shell's security rules as pure functions and constants (no electron import),
 * so they are unit-tested without the Electron binary. main.ts applies them.
 * Follows https://www.electronjs.org/docs/latest/tutorial/security.
 */
import path from 'node:path';
import { PAGE_CSP } from '../core/page-policy';

export const APP_SCHEME = 'app';
const APP_HOST = 'salesdesk';
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;
/** The one IPC channel: the preload's invoke. */
export const INVOKE_CHANNEL = 'salesdesk:invoke';
/** Core → page events (shared/contract/events.ts), main → preload only. */
export const EVENT_CHANNEL = 'salesdesk:event';

/** Strict CSP sent with every app:// response: only our own code runs. */
export const ELECTRON_CSP = PAGE_CSP;

export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  safeDialogs: true;
  spellcheck: false;
}

function secureWebPreferences(preload: string): SecureWebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

/** Options for the main window (a BrowserWindowConstructorOptions subset). */
export function mainWindowOptions(preload: string) {
  return {
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    title: 'SalesDesk',
    show: false,
    backgroundColor: '#f5f6f8',
    autoHideMenuBar: false,
    webPreferences: secureWebPreferences(preload),
  };
}

/** Only our own pages may be shown in the window; everything else is refused. */
export function isAllowedNavigation(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Links the app may hand to the system browser (never file:, javascript:, custom schemes). */
export function isExternalLinkAllowed(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:';
  } catch {
    return false;
  }
}

export interface SenderFacts {
  /** URL of the frame that sent the IPC message (event.senderFrame.url). */
  url: string | undefined;
  /** Whether that frame is the top frame of its window (event.senderFrame === webContents.mainFrame). */
  isMainFrame: boolean;
}

/** IPC is answered only for our own top-level page — not iframes, not other origins. */
export function isTrustedSender(sender: SenderFacts | null | undefined): boolean {
  if (!sender || !sender.isMainFrame || !sender.url) return false;
  return isAllowedNavigation(sender.url);
}

/** Every permission request (camera, geolocation, notifications…) is refused; the app needs none. */
export function allowPermission(_permission: string): boolean {
  return false;
}

/**
 * Maps app://salesdesk/<path> to a file under the renderer build, refusing anything that would
 * escape it (../, encoded traversal, other hosts). Returns null when refused.
 */
export function resolveAppFile(requestUrl: string, rootDir: string): string | null {
  let u: URL;
  try {
    u = new URL(requestUrl);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

export function mimeType(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
