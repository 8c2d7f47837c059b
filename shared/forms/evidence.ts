/**
 * Evidence printed with a document: the QR payload on every page and the audit page of a signed
 * document (서명 감사 기록). Pure: the core computes file hashes and passes them in.
 */
import { formatAmount } from '../money';
import { formatKstTimestamp } from '../format/date';
import type { Block, Cell } from './blocks';
import { VOID_SIGNATURE_LABEL, type SignatureAreaId } from './model';

/**
 * QR payload: `salesdesk:doc:<docId>:<versionKey>` — the document id and the SHA-256 of the
 * form's content (its version key). A paper copy is matched back by looking the id up and
 * comparing the version key with the stored document's; it cannot carry the hash of its own
 * PDF file, which the audit page states instead.
 */
const QR_PREFIX = 'salesdesk:doc:';
export const DOC_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function qrPayload(docId: string, versionKey: string): string {
  if (!DOC_ID_PATTERN.test(docId)) throw new RangeError(`문서 ID 형식이 올바르지 않습니다: ${docId}`);
  if (!/^[0-9a-f]{64}$/.test(versionKey)) throw new RangeError('버전 키는 SHA-256 16진수 64자리입니다.');
  return `${QR_PREFIX}${docId}:${versionKey}`;
}

export function parseQrPayload(payload: string): { docId: string; versionKey: string } | null {
  const m = /^salesdesk:doc:([A-Za-z0-9][A-Za-z0-9._-]{0,63}):([0-9a-f]{64})$/.exec(payload);
  return m ? { docId: m[1]!, versionKey: m[2]! } : null;
}

export interface AuditSignature {
  area: SignatureAreaId;
  /** What the area is (SIGNATURE_AREA_LABELS). */
  role: string;
  /** The name the signer typed. */
  signerName: string;
  mark: 'signature' | 'seal';
  /** Device time, ISO 8601 with offset. */
  signedAt: string;
  device: string;
  appVersion: string;
  imageSha256: string;
  valid: boolean;
}

export interface AuditFacts {
  title: string;
  code: string;
  docId: string;
  versionKey: string;
  /** SHA-256 of the unsigned PDF of this document (the same inputs, no signatures, no audit page). */
  unsignedSha256: string;
  pages: number;
  /** When this file was produced (the `now` given to the generator), ISO 8601. */
  issuedAt: string;
  signatures: readonly AuditSignature[];
}

export const AUDIT_TITLE = '서명 감사 기록';

const L = (text: string): Cell => ({ text, label: true });

export function auditBlocks(f: AuditFacts): Block[] {
  return [
    { type: 'tagLine', left: `${f.code} 첨부`, right: 'SalesDesk' },
    { type: 'title', text: AUDIT_TITLE },
    { type: 'heading', text: '1. 문서' },
    {
      type: 'table',
      columns: [0.26, 0.74],
      rows: [
        [L('문서'), { text: `${f.code} ${f.title}` }],
        [L('문서 ID'), { text: f.docId }],
        [L('문서 버전 (내용 SHA-256)'), { text: f.versionKey, size: 8 }],
        [L('서명 전 문서 SHA-256'), { text: f.unsignedSha256, size: 8 }],
        [L('본문 쪽수'), { text: `${formatAmount(f.pages)}쪽` }],
        [L('발행 시각'), { text: formatKstTimestamp(f.issuedAt) }],
      ],
    },
    { type: 'heading', text: '2. 서명' },
    {
      type: 'table',
      columns: [0.19, 0.14, 0.07, 0.22, 0.15, 0.09, 0.14],
      header: [[L('서명란'), L('서명인'), L('구분'), L('서명 시각 (한국 시간)'), L('기기'), L('앱 버전'), L('상태')]],
      rows: f.signatures.map((s) => [
        { text: s.role },
        { text: s.signerName },
        { text: s.mark === 'seal' ? '직인' : '서명', align: 'center' },
        { text: formatKstTimestamp(s.signedAt), size: 7.5 },
        { text: s.device, size: 7.5 },
        { text: s.appVersion, align: 'center', size: 7.5 },
        { text: s.valid ? '유효' : VOID_SIGNATURE_LABEL, align: 'center', size: 7.5 },
      ]),
      size: 8,
    },
    { type: 'heading', text: '3. 서명 이미지 SHA-256' },
    {
      type: 'table',
      columns: [0.26, 0.74],
      rows: f.signatures.map((s) => [L(`${s.role} (${s.mark === 'seal' ? '직인' : '서명'})`), { text: s.imageSha256, size: 8 }]),
    },
    {
      type: 'paragraph',
      gapBefore: 8,
      muted: true,
      hanging: true,
      text: '※ 모든 시각은 한국 표준시(UTC+09:00)입니다. "서명 전 문서 SHA-256"은 서명 이미지와 이 기록이 들어가기 전 PDF 파일 전체의 SHA-256입니다. 같은 입력으로 서명 전 문서를 다시 만들어 해시를 비교하면 내용이 바뀌지 않았음을 확인할 수 있습니다. 모든 쪽 아래의 QR 코드는 문서 ID와 문서 버전을 담고 있습니다.',
    },
    ...(f.signatures.some((s) => !s.valid)
      ? [
          {
            type: 'paragraph',
            muted: true,
            hanging: true,
            text: `※ 상태가 "${VOID_SIGNATURE_LABEL}"인 서명은 이전 버전의 문서에 한 것으로, 이 버전에는 효력이 없습니다.`,
          } satisfies Block,
        ]
      : []),
  ];
}
