import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * `hq users add` while the server runs. Embedded PGlite is one process: with HQ running, no other
 * process may open its data folder. So a running HQ writes `hq-control.json` (its loopback address
 * and a random control token, readable only by the account that runs HQ) into the data folder, and
 * the command sends the request to HQ itself; HQ accepts it from loopback only. Whoever can read
 * the data folder can read the database anyway, so the file gives no one more than they have.
 */
const CONTROL_FILE = 'hq-control.json';

const controlFileSchema = z.object({ pid: z.number().int(), url: z.url(), token: z.string().min(32) });
export type ControlFile = z.output<typeof controlFileSchema>;

export const newControlToken = () => randomBytes(32).toString('base64url');

export function writeControlFile(dataDir: string, content: ControlFile): () => void {
  const file = path.join(dataDir, CONTROL_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(content)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
  const remove = () => {
    process.off('exit', remove);
    try {
      const now = controlFileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
      if (now.success && now.data.pid === content.pid) fs.rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
  process.once('exit', remove);
  return remove;
}

export function readControlFile(dataDir: string): ControlFile | undefined {
  try {
    const parsed = controlFileSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dataDir, CONTROL_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
