import fs from 'node:fs';
import path from 'node:path';

/** A startup problem people can fix; main prints the Korean message and exits 1. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

export interface DataDirLock {
  /** Makes an embedded data directory safe to open (see below). */
  prepare(pgdata: string): void;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One HQ process per data directory. PGlite takes no lock of its own, and two processes on one
 * directory corrupt it; so HQ writes `hq.pid` beside the database and refuses to start while
 * that process lives. A file left by a killed server (kill -9, power loss) is taken over.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = path.join(dataDir, 'hq.pid');
  let held = false;
  for (let attempt = 0; attempt < 3 && !held; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      held = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new StartupError(
          `다른 HQ 서버(pid ${pid})가 이 데이터 폴더(${dataDir})를 쓰고 있습니다. 그 서버를 끄거나 다른 --data-dir을 지정하세요. 실행 중인 서버가 없는데도 이 메시지가 나오면 ${file} 파일을 지우고 다시 시작하세요.`,
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  if (!held) throw new StartupError(`데이터 폴더 잠금 파일(${file})을 만들 수 없습니다. 폴더 권한을 확인하세요.`);
  const release = () => {
    // Released by a close, the exit listener goes too (a process that opens many HQs, as tests do, would pile them up).
    process.off('exit', release);
    try {
      if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
  process.once('exit', release);

  return {
    prepare(pgdata: string) {
      // We hold the directory, so PGlite's own postmaster.pid (it always records a fake pid) can
      // only be left over from a killed process; PGlite would hang on it when reopening.
      fs.rmSync(path.join(pgdata, 'postmaster.pid'), { force: true });
      // A first start killed during initdb leaves a directory PGlite cannot open: set it aside.
      if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length > 0) {
        const complete = fs.existsSync(path.join(pgdata, 'PG_VERSION')) && fs.existsSync(path.join(pgdata, 'global', 'pg_control'));
        if (!complete) {
          const aside = `${pgdata}.incomplete-${Date.now()}`;
          fs.renameSync(pgdata, aside);
          process.stderr.write(`${JSON.stringify({ level: 40, msg: `초기화가 끝나지 않은 데이터 폴더를 ${aside}로 옮기고 새로 만듭니다.` })}\n`);
        }
      }
    },
    release,
  };
}
