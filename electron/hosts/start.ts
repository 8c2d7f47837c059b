/**
 * `npm start`: the Electron app where its binary exists; otherwise one clear line, then the
 * loopback web host (same UI, same core, same data folder).
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolveDataDir } from '../core/paths';
import { exitOnSignals, startWebHost } from './web';
import { installProcessGuards } from '../core/process-guard';
import { syncTuningFromEnv } from '../core/sync/tuning';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Path of the Electron binary, fetching it once if the package was installed without it. */
export function electronBinary(): string | null {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathFile) && fs.existsSync(path.join(pkg, 'install.js')) && process.env.ELECTRON_SKIP_BINARY_DOWNLOAD !== '1') {
    spawnSync(process.execPath, [path.join(pkg, 'install.js')], { stdio: 'ignore', timeout: 180_000 });
  }
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(pkg, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const binary = process.env.SALESDESK_NO_ELECTRON === '1' ? null : electronBinary();
const dataDirFlag = argValue('--data-dir');
if (binary) {
  const args = [root, ...(dataDirFlag ? ['--data-dir', path.resolve(dataDirFlag)] : [])];
  const child = spawn(binary, args, { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  installProcessGuards('web');
  process.stdout.write('Electron을 이 컴퓨터에서 실행할 수 없어 웹 호스트로 시작합니다 (Electron is not available here; starting the web host instead).\n');
  const dataDir = resolveDataDir(dataDirFlag);
  process.umask(0o077);
  let host: Awaited<ReturnType<typeof startWebHost>>;
  try {
    const port = argValue('--port');
    host = await startWebHost({ dataDir, autoSync: true, syncTuning: syncTuningFromEnv(process.env), ...(port ? { port: Number(port) } : {}) });
  } catch (error) {
    process.stderr.write(`오류: 웹 호스트를 시작할 수 없습니다. ${error instanceof Error ? error.message : String(error)}\n데이터 폴더: ${dataDir}\n`);
    process.exit(1);
  }
  process.stdout.write(`SalesDesk 웹 호스트: ${host.openUrl}\n`);
  process.stdout.write(`데이터 폴더: ${dataDir}\n`);
  if (host.core.recoveredAtOpen) process.stdout.write(`알림: ${host.core.recoveredAtOpen.message}\n`);
  exitOnSignals(host);
}
