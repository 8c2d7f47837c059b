import { describe, expect, it } from 'vitest';
import { documentFileName, fileNamePart } from '../../../shared/forms/file-name';

describe('downloaded document names', () => {
  it('are 고객명_서류명_YYYY-MM-DD in Korean time (23:30 UTC is the next day in Seoul)', () => {
    expect(documentFileName('(주)하나콜센터', 'quote', 'pdf', new Date('2026-12-02T03:00:00Z'))).toBe('(주)하나콜센터_견적서_2026-12-02.pdf');
    expect(documentFileName('하나콜', 'packet', 'pdf', new Date('2026-12-01T23:30:00Z'))).toBe('하나콜_서류묶음_2026-12-02.pdf');
    expect(documentFileName('하나콜', '1', 'docx', new Date('2026-12-02T00:00:00Z'))).toBe('하나콜_신청서_2026-12-02.docx');
  });

  it('drop what file systems refuse: separators, reserved characters, control characters, leading dots; a name left empty falls back', () => {
    expect(fileNamePart('../a/b\\c:d*e?f"g<h>i|j', '고객')).toBe('a_b_c_d_e_f_g_h_i_j');
    expect(fileNamePart('하나\u0000콜\n센터  (주)', '고객')).toBe('하나_콜_센터_(주)');
    expect(fileNamePart('...', '고객')).toBe('고객');
    expect(fileNamePart('가\uD800나', '고객')).toBe('가나');
    expect(Array.from(fileNamePart('가'.repeat(200), '고객'))).toHaveLength(60);
  });
});
