import os from 'node:os';
import path from 'node:path';

const APP_NAME = 'SalesDesk';

/**
 * Where Electron keeps userData for this app on each OS (app.getPath('userData')), computed
 * without Electron so the web host and CLI default to the very same store.
 */
function defaultUserDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

/** --data-dir wins, then SALESDESK_DATA_DIR, then the OS default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env.SALESDESK_DATA_DIR;
  return path.resolve(chosen?.trim() ? chosen : defaultUserDataDir(process.platform, env));
}

export function storeFile(dataDir: string): string {
  return path.join(dataDir, 'salesdesk.sqlite');
}
