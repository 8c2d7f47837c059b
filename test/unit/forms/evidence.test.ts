import { describe, expect, it } from 'vitest';
import { parseQrPayload, qrPayload } from '../../../shared/forms/evidence';
import { formatKstTimestamp } from '../../../shared/format/date';

describe('QR payload', () => {
  it('is salesdesk:doc:<docId>:<version key>, and parses back', () => {
    const key = 'ab'.repeat(32);
    expect(qrPayload('sd-f1-0123456789ab', key)).toBe(`salesdesk:doc:sd-f1-0123456789ab:${key}`);
    expect(parseQrPayload(qrPayload('sd-f1-0123456789ab', key))).toEqual({ docId: 'sd-f1-0123456789ab', versionKey: key });
    expect(parseQrPayload('https://example.com')).toBeNull();
  });

  it('refuses a document id with spaces or colons, and a version key that is not SHA-256 hex', () => {
    expect(() => qrPayload('a b', 'ab'.repeat(32))).toThrow(RangeError);
    expect(() => qrPayload('a:b', 'ab'.repeat(32))).toThrow(RangeError);
    expect(() => qrPayload('ok', 'xyz')).toThrow(RangeError);
  });
});

describe('times on the audit page', () => {
  it('every time prints in Korean time with the offset, whatever zone the signing device was in', () => {
    expect(formatKstTimestamp('2026-12-02T14:05:09+09:00')).toBe('2026. 12. 02. 14:05:09 (UTC+09:00)');
    // A device on UTC recorded 05:05:09Z: the same instant is 14:05:09 in Korea.
    expect(formatKstTimestamp('2026-12-02T05:05:09.123Z')).toBe('2026. 12. 02. 14:05:09 (UTC+09:00)');
    // Past midnight in Korea is the next day on paper.
    expect(formatKstTimestamp('2026-12-31T15:30:00-00:00')).toBe('2027. 01. 01. 00:30:00 (UTC+09:00)');
    expect(() => formatKstTimestamp('not a time')).toThrow(RangeError);
  });
});
