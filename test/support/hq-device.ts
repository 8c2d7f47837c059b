import type { AppOptions } from '../../server/app';
import { openCore, type Core } from '../../electron/core/core';
import type { Clock } from '../../electron/core/ids';
import { ADMIN_PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared/sync/protocol';
import { startInProcessHq, type InProcessHq } from '../integration/hq/inprocess';
import { tempDir } from './fixtures';

/**
 * The setup most HQ-and-device integration files share: a real HQ in this process (buildApp on
 * PGlite, see test/integration/hq/inprocess.ts) listening on a loopback port, and one real device
 * core on its own SQLite file, enrolled through HQ's admin API and the device's own enrollment
 * (so it syncs over real HTTP like a rep's laptop).
 */
export interface HqAndDevice {
  hq: InProcessHq;
  /** HQ's listening address, as the device knows it. */
  url: string;
  core: Core;
  deviceId: string;
  /** Closes the device, then HQ. */
  close(): Promise<void>;
}

export interface DeviceSpec {
  branch: string;
  rep: string;
  /** The device's name at enrollment. */
  name: string;
  /** Prefix of the device's temp data folder. */
  dataDirPrefix?: string;
  clock?: Clock;
}

export async function startHqAndDevice(device: DeviceSpec, hqOptions: Partial<AppOptions> = {}): Promise<HqAndDevice> {
  const hq = await startInProcessHq(hqOptions);
  let core: Core | undefined;
  try {
    const url = await hq.app.listen({ port: 0, host: '127.0.0.1' });
    core = openCore({ dataDir: tempDir(device.dataDirPrefix ?? 'device-'), host: 'test', validateOutput: true, ...(device.clock ? { clock: device.clock } : {}) });
    const code = await hq.app.inject({
      method: 'POST',
      url: ADMIN_PATHS.enrollmentCodes,
      headers: { authorization: `Bearer ${hq.adminToken}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      payload: { branch: device.branch, rep: device.rep },
    });
    if (code.statusCode !== 200) throw new Error(`enrollment code: ${code.statusCode} ${code.body}`);
    const { deviceId } = await core.ctx.sync.engine.enroll(url, code.json<{ code: string }>().code, device.name);
    const opened = core;
    return {
      hq,
      url,
      core: opened,
      deviceId,
      async close() {
        opened.close();
        await hq.close();
      },
    };
  } catch (error) {
    // Half set up: nothing is left open behind a failed beforeAll.
    core?.close();
    await hq.close();
    throw error;
  }
}
