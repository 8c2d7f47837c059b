import type { FormId } from './model';

/** 서류명 in a downloaded file's name (the form's short Korean title; 서류 묶음 for a packet). */
const FILE_DOCUMENT_NAMES: Record<FormId | 'packet', string> = {
  '1': '신청서',
  '2': '이용약관',
  '3': '이용요금표',
  quote: '견적서',
  '4': '변경신청서',
  '5': '납품확인서',
  '6': '담당자연락처',
  settlement: '청구정산요청서',
  contract: '계약서초안',
  packet: '서류묶음',
};

/** The KST calendar day of an instant as YYYY-MM-DD (file names sort by it). */
function kstIsoDate(now: Date): string {
  const k = new Date(now.getTime() + 9 * 3_600_000);
  return `${k.getUTCFullYear()}-${String(k.getUTCMonth() + 1).padStart(2, '0')}-${String(k.getUTCDate()).padStart(2, '0')}`;
}

/**
 * One part of a file name, safe on Windows, macOS and Linux: no path separators, reserved
 * characters (\ / : * ? " < > |), control characters or lone surrogates; runs of spaces and
 * underscores become one underscore; no leading/trailing dots or underscores; at most 60 characters.
 */
export function fileNamePart(value: string, fallback: string): string {
  const cleaned = value
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f\u007f-\u009f\\/:*?"<>|]/g, ' ')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/[\s_]+/g, '_')
    .replace(/^[._]+|[._]+$/g, '');
  const capped = Array.from(cleaned)
    .slice(0, 60)
    .join('')
    .replace(/[._]+$/g, '');
  return capped || fallback;
}

/** A downloaded document's name: 고객명_서류명_2026-12-02.pdf (the day in KST). */
export function documentFileName(customerName: string, form: FormId | 'packet', format: 'pdf' | 'docx', now: Date): string {
  return `${fileNamePart(customerName, '고객')}_${FILE_DOCUMENT_NAMES[form]}_${kstIsoDate(now)}.${format}`;
}
