import { sql } from 'drizzle-orm';
import type { IncomingHttpHeaders } from 'node:http';
import { APP_VERSION_HEADER, deviceReportSchema, PENDING_HEADER } from '../../shared/sync/protocol';
import type { HqDb } from '../db/open';
import { parseRequest } from '../http';

/**
 * Keeps what the device reports about itself on a /sync call (its app version and the changes
 * still waiting in its outbox: optional headers, see shared/sync/protocol.ts) on its device row
 * for the console's 기기 page. Absent headers (an older app) leave the row as it was; a malformed
 * one is a 400 that names the header, before anything of the request is applied. The row is
 * written only when a value changed (the time of the call is the device's last_seen_at).
 */
export async function recordDeviceReport(db: HqDb, deviceId: string, headers: IncomingHttpHeaders): Promise<void> {
  const one = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const report = parseRequest(deviceReportSchema, { appVersion: one(APP_VERSION_HEADER), pending: one(PENDING_HEADER) }, '기기 상태 보고(헤더)');
  if (report.appVersion === undefined && report.pending === undefined) return;
  const version = report.appVersion ?? null;
  const pending = report.pending ?? null;
  await db.execute(sql`update devices set
      app_version = coalesce(${version}::text, app_version),
      pending_changes = coalesce(${pending}::int, pending_changes)
    where id = ${deviceId}
      and ((${version}::text is not null and app_version is distinct from ${version}::text)
        or (${pending}::int is not null and pending_changes is distinct from ${pending}::int))`);
}
