import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ApplicationInput } from '../../shared/domain/application';
import { businessNumberCheckDigit, formatBusinessNumber } from '../../shared/format/bizno';

/** A fresh data directory under the OS temp folder. */
export function tempDir(prefix = 'salesdesk-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A complete, valid application JSON (KT's own business number passes the check digit). */
export function sampleApplication(overrides: Partial<ApplicationInput> = {}): ApplicationInput {
  return {
    kind: 'new',
    customer: {
      name: '(주)하나콜센터',
      businessNumber: '102-81-42945',
      corporateNumber: '110111-1468754',
      representative: '홍길동',
      address: '서울특별시 종로구 세종대로 178',
      phone: '02-1234-5678',
      mobile: '010-2345-6789',
    },
    term: '36m',
    items: [
      { code: 'asp-basic', quantity: 12 },
      { code: 'recording', quantity: 12 },
    ],
    seller: { team: '강북법인지사 기업영업1팀', name: '김영업', phone: '010-1111-2222', opportunityCode: 'OPP-2026-0012' },
    date: '2026-11-22',
    ...overrides,
  };
}

/** The n-th valid business number of a test series: 9 digits from n, then the check digit. */
export function businessNumberFor(n: number): string {
  const first9 = `1${String(n).padStart(8, '0')}`.slice(-9);
  return formatBusinessNumber(first9 + String(businessNumberCheckDigit(first9)));
}
