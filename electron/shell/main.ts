/**
 * The Electron shell: windows, menus, printing, keychain, auto-update. Thin on purpose — every
 * piece of business logic lives in the core (electron/core), which runs in a utility process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, protocol, safeStorage, session, shell, utilityProcess, type MenuItemConstructorOptions } from 'electron';
import electronUpdater from 'electron-updater';
import { createCoreBridge, type BridgeEvent, type BridgeReply, type CorePort, type SecretRequest } from './core-bridge';
import { installProcessGuards, stderrLog } from '../core/process-guard';
import {
  allowPermission,
  APP_ENTRY,
  APP_SCHEME,
  ELECTRON_CSP,
  EVENT_CHANNEL,
  INVOKE_CHANNEL,
  isAllowedNavigation,
  isExternalLinkAllowed,
  isTrustedSender,
  mainWindowOptions,
  mimeType,
  resolveAppFile,
} from './security';

// Bundled to dist/electron/main.cjs: __dirname is dist/electron.
const here = __dirname;
const rendererDir = path.join(here, '..', 'renderer');
const resourcesDir = app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(here, '..', '..', 'resources');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: true } }]);
app.enableSandbox();
installProcessGuards('electron-main');

const logFailure = (msg: string) => (error: unknown) => {
  stderrLog({ level: 'error', msg, error: error instanceof Error ? error.stack : String(error) });
};

function dataDirFromArgs(): string {
  const i = process.argv.indexOf('--data-dir');
  const flag = i >= 0 ? process.argv[i + 1] : undefined;
  const chosen = flag ?? process.env.SALESDESK_DATA_DIR;
  return chosen ? path.resolve(chosen) : app.getPath('userData');
}

function spawnCore(dataDir: string): CorePort {
  const child = utilityProcess.fork(path.join(here, 'core.cjs'), ['--data-dir', dataDir, '--migrations-dir', path.join(here, 'migrations'), '--resources-dir', resourcesDir], {
    serviceName: 'SalesDesk Core',
    stdio: 'inherit',
  });
  return {
    postMessage: (m) => child.postMessage(m),
    onMessage: (l) => child.on('message', (m: BridgeReply | SecretRequest | BridgeEvent) => l(m)),
    onExit: (l) => child.on('exit', (code) => l(code)),
    kill: () => child.kill(),
  };
}

let mainWindow: BrowserWindow | null = null;

function createWindow(): void {
  mainWindow = new BrowserWindow(mainWindowOptions(path.join(here, 'preload.cjs')));
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = null));
  mainWindow.loadURL(APP_ENTRY).catch(logFailure('could not load the app window'));
}

function buildMenu(): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '파일',
      submenu: [
        { label: '인쇄…', accelerator: 'CmdOrCtrl+P', click: () => mainWindow?.webContents.print({ printBackground: true }) },
        { type: 'separator' },
        isMac ? { role: 'close', label: '닫기' } : { role: 'quit', label: '종료' },
      ],
    },
    {
      label: '편집',
      submenu: [
        { role: 'undo', label: '실행 취소' },
        { role: 'redo', label: '다시 실행' },
        { type: 'separator' },
        { role: 'cut', label: '잘라내기' },
        { role: 'copy', label: '복사' },
        { role: 'paste', label: '붙여넣기' },
        { role: 'selectAll', label: '모두 선택' },
      ],
    },
    {
      label: '보기',
      submenu: [
        { role: 'reload', label: '새로 고침' },
        { role: 'resetZoom', label: '실제 크기' },
        { role: 'zoomIn', label: '확대' },
        { role: 'zoomOut', label: '축소' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: '전체 화면' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const, label: '개발자 도구' }]),
      ],
    },
    {
      label: '도움말',
      submenu: [{ label: `SalesDesk ${app.getVersion()}`, enabled: false }],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAllowedNavigation(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isExternalLinkAllowed(url)) shell.openExternal(url).catch(logFailure('could not open an external link'));
      return { action: 'deny' };
    });
  });

  app
    .whenReady()
    .then(() => {
      const dataDir = dataDirFromArgs();
      fs.mkdirSync(dataDir, { recursive: true });
      // The device token never leaves the OS keychain unencrypted (safeStorage: DPAPI, Keychain, libsecret).
      const bridge = createCoreBridge(() => spawnCore(dataDir), {
        timeoutMs: 60_000,
        onEvent: (event) => {
          // Only to our own window's page (the app:// origin the preload serves).
          if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(EVENT_CHANNEL, event);
        },
        log: (entry) => {
          stderrLog({ ...entry, level: 'error' });
        },
        secrets: async (op, value) => {
          if (!(await safeStorage.isAsyncEncryptionAvailable())) throw new Error('safeStorage unavailable');
          return op === 'seal' ? (await safeStorage.encryptStringAsync(value)).toString('base64') : (await safeStorage.decryptStringAsync(Buffer.from(value, 'base64'))).result;
        },
      });

      protocol.handle(APP_SCHEME, async (request) => {
        const file = resolveAppFile(request.url, rendererDir);
        if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) return new Response('Not found', { status: 404 });
        return new Response(await fs.promises.readFile(file), {
          headers: { 'content-type': mimeType(file), 'content-security-policy': ELECTRON_CSP, 'x-content-type-options': 'nosniff' },
        });
      });

      session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(allowPermission(permission)));
      session.defaultSession.setPermissionCheckHandler((_wc, permission) => allowPermission(permission));

      ipcMain.handle(INVOKE_CHANNEL, async (event, channel: unknown, input: unknown) => {
        const frame = event.senderFrame;
        const trusted = isTrustedSender(frame ? { url: frame.url, isMainFrame: frame === event.sender.mainFrame } : null);
        if (!trusted) {
          return { ok: false, error: { code: 'FORBIDDEN', message: '허용되지 않은 화면에서 온 요청입니다.' } };
        }
        if (typeof channel !== 'string') {
          return { ok: false, error: { code: 'INVALID_INPUT', message: '요청 형식이 맞지 않습니다.' } };
        }
        return bridge.request(channel, input);
      });

      buildMenu();
      createWindow();

      if (app.isPackaged && process.env.SALESDESK_UPDATE_URL) {
        // electron-updater reads the feed from app-update.yml written by electron-builder (publish: generic).
        electronUpdater.autoUpdater.checkForUpdatesAndNotify().catch(logFailure('update check failed'));
      }

      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) createWindow();
      });
      app.on('before-quit', () => {
        bridge.close();
      });
    })
    .catch(logFailure('the app could not start'));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
