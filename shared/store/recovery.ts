/**
 * What the device tells the rep about its store: the backups it keeps, and what happened when a
 * damaged store was set aside and a backup restored. Schemas for the contract, and the one
 * Korean wording every host prints (the app's banner, the web host's and the CLI's output).
 */
import { z } from 'zod';
import { formatKstDateTime } from '../format/date';

export const BACKUP_REASONS = ['start', 'sync', 'manual', 'before-restore'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

/** A backup's name: salesdesk-<UTC stamp>-<reason>.sqlite (what `store restore` takes). */
export const backupIdSchema = z.string().regex(/^salesdesk-\d{8}T\d{9}Z-(start|sync|manual|before-restore)(-\d+)?\.sqlite$/, {
  error: '백업 이름이 올바르지 않습니다. 백업 목록에 나온 이름을 그대로 쓰세요 (예: salesdesk-20261122T050301123Z-start.sqlite).',
});

export const backupInfoSchema = z.object({
  id: backupIdSchema,
  createdAt: z.string(),
  reason: z.enum(BACKUP_REASONS),
  bytes: z.number().int().nonnegative(),
  /** What the backup holds (read when it was made), to help choose one. */
  counts: z.object({ customers: z.number().int(), applications: z.number().int(), quotes: z.number().int(), unsent: z.number().int() }).nullable(),
});
export type BackupInfo = z.infer<typeof backupInfoSchema>;

const DAMAGE_REASONS = ['empty', 'damaged', 'not-a-database', 'missing', 'chosen'] as const;
export type DamageReason = (typeof DAMAGE_REASONS)[number];

export const storeRecoverySchema = z.object({
  /** restored: a backup replaced the store; reset: no usable backup, an empty store was started. */
  kind: z.enum(['restored', 'reset']),
  reason: z.enum(DAMAGE_REASONS),
  at: z.string(),
  /** Where the previous file was moved (never deleted), or null when there was none. */
  movedTo: z.string().nullable(),
  /** When the previous file was last written (how far back the lost work may reach). */
  previousModifiedAt: z.string().nullable(),
  backup: z.object({ id: backupIdSchema, createdAt: z.string(), reason: z.enum(BACKUP_REASONS) }).nullable(),
  /** The Korean text every host shows. */
  message: z.string(),
});
export type StoreRecovery = z.infer<typeof storeRecoverySchema>;

export const storeStatusSchema = z.object({
  encrypted: z.boolean(),
  protection: z.enum(['keychain', 'key-file', 'env', 'none']),
  backups: z.array(backupInfoSchema),
  /** The last recovery, until the rep has read it. */
  recovery: storeRecoverySchema.nullable(),
});
export type StoreStatus = z.infer<typeof storeStatusSchema>;

const REASON_TEXT: Record<DamageReason, string> = {
  empty: '저장소 파일이 비어 있었습니다 (0바이트)',
  damaged: '저장소 파일이 손상되어 있었습니다',
  'not-a-database': '저장소 파일을 읽을 수 없었습니다 (SQLite 저장소가 아니거나 첫 부분이 손상됨)',
  missing: '저장소 파일이 없어졌습니다',
  chosen: '백업 복원을 요청하셨습니다',
};

function spanText(fromIso: string, toIso: string): string | null {
  const minutes = Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000);
  if (!Number.isFinite(minutes) || minutes <= 0) return null;
  if (minutes < 60) return `약 ${minutes}분`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `약 ${hours}시간${minutes % 60 ? ` ${minutes % 60}분` : ''}`;
  return `약 ${Math.round(hours / 24)}일`;
}

/** The message: what happened, which backup, how much recent work may need entering again. */
export function recoveryMessage(r: Omit<StoreRecovery, 'message'>): string {
  const parts = [`${REASON_TEXT[r.reason]}.`];
  if (r.movedTo) parts.push(`원래 파일은 지우지 않고 ${r.movedTo} 에 옮겨 두었습니다.`);
  if (r.kind === 'restored' && r.backup) {
    parts.push(`${formatKstDateTime(r.backup.createdAt)}에 만든 백업으로 복원했습니다.`);
    const span = r.previousModifiedAt ? spanText(r.backup.createdAt, r.previousModifiedAt) : null;
    parts.push(
      span
        ? `그 뒤 ${formatKstDateTime(r.previousModifiedAt!)}까지(${span}) 이 기기에서 입력·수정한 내용은 없을 수 있으니 확인하고 다시 입력하세요.`
        : '백업 뒤에 이 기기에서 입력·수정한 내용이 있었다면 확인하고 다시 입력하세요.',
    );
    parts.push('본사와 이미 동기화된 내용은 다음 동기화 때 다시 받습니다.');
  } else {
    parts.push(
      '쓸 수 있는 백업이 없어 빈 저장소로 새로 시작했습니다. 본사에 동기화된 자료는 본사 등록 후 다시 받을 수 있고, 동기화되지 않은 자료는 다시 입력해야 합니다. 옮겨 둔 파일은 관리자에게 보내 복구를 요청할 수 있습니다.',
    );
  }
  return parts.join(' ');
}
