import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowPermission, APP_ENTRY, ELECTRON_CSP, isAllowedNavigation, isExternalLinkAllowed, isTrustedSender, mainWindowOptions, resolveAppFile } from '../../../electron/shell/security';

describe('Electron window hardening', () => {
  it('the main window runs sandboxed with context isolation and no Node in the page', () => {
    const prefs = mainWindowOptions('/app/preload.cjs').webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('the CSP allows only our own scripts: no inline, no eval, no remote code', () => {
    const directives = Object.fromEntries(ELECTRON_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(ELECTRON_CSP).not.toContain('unsafe-inline');
    expect(ELECTRON_CSP).not.toContain('unsafe-eval');
    expect(ELECTRON_CSP).not.toMatch(/https?:/);
  });
});

describe('Electron navigation rules', () => {
  it('allows only app://salesdesk pages; refuses the web, files and look-alike hosts', () => {
    expect(isAllowedNavigation(APP_ENTRY)).toBe(true);
    expect(isAllowedNavigation('app://salesdesk/index.html#/applications/1')).toBe(true);
    for (const url of ['https://example.com', 'file:///etc/passwd', 'app://evil/index.html', 'app://salesdesk.evil/x', 'javascript:alert(1)', 'not a url']) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
  });

  it('hands only https links to the system browser; new windows are never opened in-app', () => {
    expect(isExternalLinkAllowed('https://biz.kt.com')).toBe(true);
    expect(isExternalLinkAllowed('http://biz.kt.com')).toBe(false);
    expect(isExternalLinkAllowed('file:///C:/Windows/system32/calc.exe')).toBe(false);
    expect(isExternalLinkAllowed('smb://share/x')).toBe(false);
  });

  it('refuses every permission request', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) expect(allowPermission(p)).toBe(false);
  });
});

describe('Electron IPC sender check', () => {
  it('answers only our own top frame', () => {
    expect(isTrustedSender({ url: APP_ENTRY, isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: APP_ENTRY, isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: undefined, isMainFrame: true })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
});

describe('app:// file mapping', () => {
  const root = path.resolve('/opt/salesdesk/renderer');
  it('maps app paths into the renderer build', () => {
    expect(resolveAppFile('app://salesdesk/', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile('app://salesdesk/assets/index.js', root)).toBe(path.join(root, 'assets/index.js'));
  });
  it('never resolves outside the renderer build, whatever the traversal spelling', () => {
    for (const url of [
      'app://salesdesk/../../etc/passwd',
      'app://salesdesk/%2e%2e/%2e%2e/etc/passwd',
      'app://salesdesk/..%2f..%2fsecret',
      'app://salesdesk/assets/..%5c..%5c..%5cwin.ini',
      'app://salesdesk/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    ]) {
      const file = resolveAppFile(url, root);
      expect(file === null || file.startsWith(root + path.sep), `${url} → ${String(file)}`).toBe(true);
    }
  });

  it('refuses other hosts and NUL bytes', () => {
    expect(resolveAppFile('app://other/index.html', root)).toBeNull();
    expect(resolveAppFile('app://salesdesk/a%00.js', root)).toBeNull();
  });
});
