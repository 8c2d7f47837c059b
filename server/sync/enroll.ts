import { sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { EnrollResponse } from '../../shared/sync/protocol';
import { newDeviceToken, normalizeEnrollmentCode, sha256Hex } from '../auth';
import { q, type Database } from '../db/open';
import { HttpError } from '../http';

/**
 * Trades a one-time enrollment code for a device token. The code is consumed in the same
 * transaction that creates the device, so two devices racing with one code get one token.
 */
export async function enrollDevice(database: Database, code: string, deviceName: string): Promise<EnrollResponse> {
  const codeHash = sha256Hex(normalizeEnrollmentCode(code));
  const deviceId = uuidv7();
  const token = newDeviceToken();
  return database.db.transaction(async (tx) => {
    const taken = await q<{ branch_id: number; rep_id: number }>(
      tx,
      sql`update enrollment_codes set used_at = now(), device_id = ${deviceId}
          where code_hash = ${codeHash} and used_at is null and expires_at > now()
          returning branch_id, rep_id`,
    );
    const row = taken[0];
    if (!row) {
      const known = await q<{ used: boolean }>(tx, sql`select used_at is not null as used from enrollment_codes where code_hash = ${codeHash}`);
      const state = known[0];
      if (!state) {
        throw new HttpError('UNAUTHORIZED', '등록 코드를 찾을 수 없습니다. HQ에서 받은 코드를 다시 확인해 입력하세요.', { reason: 'unknown' });
      }
      if (state.used) {
        throw new HttpError('UNAUTHORIZED', '이미 사용된 등록 코드입니다. 코드는 한 번만 쓸 수 있으니 HQ에 새 코드를 요청하세요.', { reason: 'used' });
      }
      throw new HttpError('UNAUTHORIZED', '등록 코드의 유효 기간이 지났습니다. HQ에 새 코드를 요청하세요.', { reason: 'expired' });
    }
    await tx.execute(sql`insert into devices (id, branch_id, rep_id, name, token_hash) values (${deviceId}, ${row.branch_id}, ${row.rep_id}, ${deviceName}, ${sha256Hex(token)})`);
    const names = await q<{ branch: string; rep: string }>(
      tx,
      sql`select b.name as branch, r.name as rep from branches b join reps r on r.branch_id = b.id where b.id = ${row.branch_id} and r.id = ${row.rep_id}`,
    );
    return {
      deviceId,
      deviceToken: token,
      branch: { id: row.branch_id, name: names[0]?.branch ?? '' },
      rep: { id: row.rep_id, name: names[0]?.rep ?? '' },
      serverId: database.serverId,
    };
  });
}
