import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEnrollmentCode, revokeDevice } from '../../../server/admin/ops';
import { authenticateDevice } from '../../../server/auth';
import { openDatabase, type Database } from '../../../server/db/open';
import { enrollDevice } from '../../../server/sync/enroll';
import { hqDataDir } from '../../support/hq-data';

// HQ keeps the devices it has looked up in memory (server/auth.ts). These prove the cache never
// outlives a revocation: at once through this HQ, within its time bound when the row changed
// behind HQ's back (a second HQ process on the same PostgreSQL database).
describe('device token cache', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ dataDir: hqDataDir() });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await database.close();
  });

  async function enrolled(name: string) {
    const { code } = await createEnrollmentCode(database, { branch: '강남지사', rep: '영업대표 김' });
    return enrollDevice(database, code, name);
  }

  it('a device revoked through this HQ is refused on its next request, though it was just looked up', async () => {
    const device = await enrolled('노트북 1');
    const auth = `Bearer ${device.deviceToken}`;
    expect((await authenticateDevice(database.db, auth)).deviceId).toBe(device.deviceId);
    await revokeDevice(database, device.deviceId);
    await expect(authenticateDevice(database.db, auth)).rejects.toThrow(/해제/);
  });

  it('a revocation written by another HQ process is honoured once the cached entry is 10 s old, and not trusted from memory after that', async () => {
    const device = await enrolled('노트북 2');
    const auth = `Bearer ${device.deviceToken}`;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-03T09:00:00Z'));
    expect((await authenticateDevice(database.db, auth)).deviceId).toBe(device.deviceId);
    // Another process revokes it in the database; this HQ's memory does not hear of it.
    await database.db.execute(sql`update devices set revoked_at = now() where id = ${device.deviceId}`);
    // Within the bound the entry is still used (this is what spares the lookup).
    vi.setSystemTime(new Date('2026-12-03T09:00:05Z'));
    expect((await authenticateDevice(database.db, auth)).deviceId).toBe(device.deviceId);
    vi.setSystemTime(new Date('2026-12-03T09:00:10.001Z'));
    await expect(authenticateDevice(database.db, auth)).rejects.toThrow(/해제/);
    vi.setSystemTime(new Date('2026-12-03T09:00:11Z'));
    await expect(authenticateDevice(database.db, auth)).rejects.toThrow(/해제/);
    vi.useRealTimers();
  });
});

describe('opening and closing HQ in one process', () => {
  it('an HQ database opened and closed leaves no exit listener behind (a process that opens many, as the tests do, does not pile them up)', async () => {
    const before = process.listenerCount('exit');
    for (let i = 0; i < 2; i++) {
      const db = await openDatabase({ dataDir: hqDataDir() });
      expect(process.listenerCount('exit')).toBeGreaterThan(before);
      await db.close();
    }
    expect(process.listenerCount('exit')).toBe(before);
  });
});
