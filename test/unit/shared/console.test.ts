import { describe, expect, it } from 'vitest';
import { jsonDiff } from '../../../shared/console/diff';
import { CONSOLE_ROLES, GRANTS, PERMISSIONS, SESSION_RULES, can, lockSecondsAfter } from '../../../shared/console/roles';
import { accountCreateSchema, applicationListQuerySchema, loginIdSchema } from '../../../shared/console/api';
import { koreanErrorMap } from '../../../shared/contract/errors';

describe('console roles', () => {
  it('the administrator holds every permission; no permission is held by nobody', () => {
    for (const p of PERMISSIONS) {
      expect(can('admin', p)).toBe(true);
      expect(GRANTS[p].length).toBeGreaterThan(0);
    }
  });

  it('only the order desk and administrators process S/O; only approvers and administrators decide quotes; only administrators manage accounts', () => {
    expect(CONSOLE_ROLES.filter((r) => can(r, 'applications.process'))).toEqual(['order_desk', 'admin']);
    expect(CONSOLE_ROLES.filter((r) => can(r, 'quotes.decide'))).toEqual(['approver', 'admin']);
    expect(CONSOLE_ROLES.filter((r) => can(r, 'settlements.handle'))).toEqual(['settlement', 'admin']);
    expect(CONSOLE_ROLES.filter((r) => can(r, 'accounts.manage'))).toEqual(['admin']);
    expect(can(undefined, 'overview.read')).toBe(false);
  });

  it('the free failures cost nothing, then each further failure doubles the wait up to the cap', () => {
    for (let f = 0; f <= SESSION_RULES.freeFailures; f++) expect(lockSecondsAfter(f)).toBe(0);
    const first = lockSecondsAfter(SESSION_RULES.freeFailures + 1);
    expect(first).toBe(SESSION_RULES.firstLockSeconds);
    expect(lockSecondsAfter(SESSION_RULES.freeFailures + 2)).toBe(first * 2);
    expect(lockSecondsAfter(SESSION_RULES.freeFailures + 3)).toBe(first * 4);
    expect(lockSecondsAfter(1000)).toBe(SESSION_RULES.maxLockSeconds);
  });
});

describe('console request shapes', () => {
  it('a login ID is lower-cased and refused with a Korean reason when it has spaces, Hangul or control characters', () => {
    expect(loginIdSchema.parse(' Kim.Order ')).toBe('kim.order');
    for (const bad of ['김주문', 'a b', 'x', 'a\u0000b', '-lead']) {
      const r = loginIdSchema.safeParse(bad, { error: koreanErrorMap });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/로그인 ID/);
    }
    expect(accountCreateSchema.safeParse({ login: 'kim', name: '김\u0007', role: 'admin' }).success).toBe(false);
    expect(accountCreateSchema.safeParse({ login: 'kim', name: '김주문', role: 'root' }).success).toBe(false);
  });

  it('list queries page within bounds and refuse unknown sort keys and fields', () => {
    expect(applicationListQuerySchema.parse({})).toMatchObject({ offset: 0, limit: 50, sort: 'updated', dir: 'desc' });
    expect(applicationListQuerySchema.safeParse({ limit: '100000' }).success).toBe(false);
    expect(applicationListQuerySchema.safeParse({ sort: 'password_hash' }).success).toBe(false);
    expect(applicationListQuerySchema.safeParse({ offset: '-1' }).success).toBe(false);
    expect(applicationListQuerySchema.safeParse({ evil: '1' }).success).toBe(false);
  });
});

describe('price table diff', () => {
  it('matches products by code and tiers by their start, so inserting one shows one addition', () => {
    const before = {
      version: '1',
      products: [
        { code: 'a', price: 1 },
        {
          code: 'b',
          pricing: {
            tiers: [
              { from: 1, p: 10 },
              { from: 10, p: 9 },
            ],
          },
        },
      ],
    };
    const after = {
      version: '2',
      products: [
        { code: 'new', price: 5 },
        { code: 'a', price: 1 },
        {
          code: 'b',
          pricing: {
            tiers: [
              { from: 1, p: 10 },
              { from: 10, p: 8 },
            ],
          },
        },
      ],
    };
    const { changes } = jsonDiff(before, after);
    expect(changes).toHaveLength(3);
    expect(changes).toEqual(
      expect.arrayContaining([
        { path: 'version', kind: 'changed', before: '1', after: '2' },
        { path: 'products[code=new]', kind: 'added', after: { code: 'new', price: 5 } },
        { path: 'products[code=b].pricing.tiers[from=10].p', kind: 'changed', before: 9, after: 8 },
      ]),
    );
  });

  it('two equal documents have no changes; a huge difference is cut at the limit and says so', () => {
    expect(jsonDiff({ a: [1, 2] }, { a: [1, 2] }).changes).toEqual([]);
    const big = jsonDiff({}, Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i])), 10);
    expect(big.changes).toHaveLength(10);
    expect(big.truncated).toBe(true);
  });
});
