/**
 * HQ console roles and what each may do (issue 14). One table, read by HQ (every console route
 * names the permission it needs) and by the console UI (which menus and buttons to show).
 */
export const CONSOLE_ROLES = ['order_desk', 'approver', 'settlement', 'admin'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export const ROLE_LABELS: Record<ConsoleRole, { ko: string; en: string }> = {
  order_desk: { ko: '주문접수', en: 'Order desk' },
  approver: { ko: '승인', en: 'Approver' },
  settlement: { ko: '정산', en: 'Settlement' },
  admin: { ko: '관리자', en: 'Administrator' },
};

export const PERMISSIONS = [
  'overview.read',
  'applications.read',
  'applications.process', // S/O 처리, 반려, HQ status moves
  'quotes.read',
  'quotes.decide',
  'settlements.read',
  'settlements.handle',
  'files.read', // signed documents' images and attachments
  'admin.read', // branches, reps, devices, enrollment codes, price tables, contacts, supplier
  'admin.manage',
  'accounts.manage',
  'audit.read',
  'tickets.read', // 고객 응대: the board of complaints and faults, monthly figures
  'tickets.handle', // assign, record a step, close (HQ owns assignment and closing faults)
  'privacy.read', // 접속기록: the personal-data access log, its export and the monthly review (issue 17)
  'prospects.manage', // 명단: prospect lists — import, hand out, approve a second campaign, recall, archive (issue 17)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const EVERYONE: readonly ConsoleRole[] = CONSOLE_ROLES;

/** Who holds each permission. 관리자 holds every one. */
export const GRANTS: Record<Permission, readonly ConsoleRole[]> = {
  'overview.read': EVERYONE,
  'applications.read': ['order_desk', 'approver', 'settlement', 'admin'],
  'applications.process': ['order_desk', 'admin'],
  'quotes.read': ['order_desk', 'approver', 'admin'],
  'quotes.decide': ['approver', 'admin'],
  'settlements.read': ['settlement', 'admin'],
  'settlements.handle': ['settlement', 'admin'],
  'files.read': EVERYONE,
  'admin.read': ['admin'],
  'admin.manage': ['admin'],
  'accounts.manage': ['admin'],
  'audit.read': ['admin'],
  'tickets.read': EVERYONE,
  'tickets.handle': ['order_desk', 'admin'],
  'privacy.read': ['admin'],
  'prospects.manage': ['admin'],
};

export function can(role: ConsoleRole | undefined, permission: Permission): boolean {
  return role !== undefined && GRANTS[permission].includes(role);
}

export function isConsoleRole(value: unknown): value is ConsoleRole {
  return typeof value === 'string' && (CONSOLE_ROLES as readonly string[]).includes(value);
}

/** Session and sign-in rules (HQ applies them; the UI explains them). */
export const SESSION_RULES = {
  /** A session unused this long ends (minutes). */
  idleMinutes: 30,
  /** A session ends this long after sign-in, however active (hours). */
  absoluteHours: 12,
  /** Wrong passwords allowed before the back-off starts. */
  freeFailures: 4,
  /** First wait after the free failures (seconds); it doubles with each further failure. */
  firstLockSeconds: 30,
  /** The longest wait (seconds). */
  maxLockSeconds: 30 * 60,
  passwordMinLength: 12,
} as const;

/** Seconds to wait after `failures` wrong passwords in a row (0: may try now). */
export function lockSecondsAfter(failures: number): number {
  const over = failures - SESSION_RULES.freeFailures;
  if (over <= 0) return 0;
  return Math.min(SESSION_RULES.maxLockSeconds, SESSION_RULES.firstLockSeconds * 2 ** Math.min(over - 1, 20));
}

/** Header names of the console API. */
export const CONSOLE_HEADERS = {
  /** The session's CSRF token: required on every write. */
  csrf: 'x-csrf-token',
  /** Sent by the console on sign-in: a plain HTML form on another site cannot set it. */
  client: 'x-salesdesk-console',
} as const;
