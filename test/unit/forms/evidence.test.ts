import { describe, expect, it } from 'vitest';
import { deviceTimeText, parseQrPayload, qrPayload } from '../../../shared/forms/evidence';

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

describe('device time on the audit page', () => {
  it('prints the signer device time as written, with its offset, without converting time zones', () => {
    expect(deviceTimeText('2026-11-22T14:05:09+09:00')).toBe('2026. 11. 22. 14:05:09 (UTC+09:00)');
    expect(deviceTimeText('2026-01-02T03:04:05.123Z')).toBe('2026. 1. 2. 03:04:05 (UTC)');
  });
});
