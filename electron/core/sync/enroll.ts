/**
 * Enrollment: the one-time code from HQ is exchanged for this device's token, which is kept sealed
 * (SecretBox). A device that holds one branch's records is never enrolled into another branch.
 */
import os from 'node:os';
import { AppError } from '../../../shared/contract/errors';
import { enrollResponseSchema, SYNC_PATHS } from '../../../shared/sync/protocol';
import { checkHqUrl } from '../../../shared/sync/hq-url';
import { createHqHttp, fromHq } from './http';
import type { SecretBox } from './secrets';
import type { Enrollment, SyncDeps } from './state';

export async function enroll(
  { ctx, state, timeouts }: SyncDeps,
  secrets: SecretBox,
  fetchImpl: typeof fetch,
  serverUrl: string,
  code: string,
  deviceName = os.hostname() || 'SalesDesk',
): Promise<Enrollment> {
  const url = normaliseUrl(serverUrl);
  const http = createHqHttp(url, fetchImpl, timeouts);
  const raw = await http.json('POST', SYNC_PATHS.enroll, { code: code.trim(), deviceName: deviceName.slice(0, 100) });
  const r = fromHq(enrollResponseSchema, raw);
  const enrollment: Enrollment = {
    serverUrl: url,
    deviceId: r.deviceId,
    branch: r.branch.name,
    branchId: r.branch.id,
    rep: r.rep.name,
    serverId: r.serverId,
    enrolledAt: ctx.clock.now().toISOString(),
  };
  const previous = state.get('enrollment');
  // The same branch is the same id on the same HQ (a renamed branch is still the same); older
  // enrollments carry only the name.
  const sameBranch = (e: Enrollment) => e.serverId === r.serverId && (e.branchId !== undefined ? e.branchId === r.branch.id : e.branch === r.branch.name);
  const otherBranch = previous !== undefined && !sameBranch(previous);
  if (previous && otherBranch && previous.branch !== r.branch.name && holdsRecords(ctx)) {
    // Another branch's records must never be sent to this one, nor mixed with its records.
    throw new AppError(
      'CONFLICT',
      `이 기기에는 ${previous.branch}의 자료가 있어 ${r.branch.name}(으)로 등록할 수 없습니다. 다른 지사로 쓰려면 새 데이터 폴더에서 등록하세요 (본사에서 새 등록 코드를 받아야 합니다). 지금 자료와 등록은 그대로입니다.`,
    );
  }
  const sealed = await secrets.seal(r.deviceToken);
  ctx.store.write((tx) => {
    state.setIn(tx, 'enrollment', enrollment);
    state.setIn(tx, 'token', sealed);
    state.setIn(tx, 'lastFailure', null);
    // A different HQ database or branch means the cursor says nothing about what this device holds: start over.
    if (!previous || otherBranch || previous.serverUrl !== url) {
      state.setIn(tx, 'cursor', 0);
      state.setIn(tx, 'pullSkip', []);
    }
  });
  return enrollment;
}

/** Whether this device holds any synced record (a customer underlies every other). */
function holdsRecords(ctx: SyncDeps['ctx']): boolean {
  return (ctx.store.sqlite.prepare('SELECT EXISTS (SELECT 1 FROM customers) AS yes').get() as { yes: number }).yes === 1;
}

export function normaliseUrl(url: string): string {
  const r = checkHqUrl(url);
  if (!r.ok) throw new AppError('INVALID_INPUT', r.reason, { issues: [{ path: 'serverUrl', message: r.reason }] });
  return r.url;
}
