/**
 * Form documents → PDF bytes: layout, footer with QR, signatures and the audit page.
 *
 * A signature is drawn only on the document version it was given to (its version key); a
 * signature given to an earlier version is void and is drawn, faded under "무효 (내용 변경됨)",
 * only when asked. A document with signatures gets an audit page (서명 감사 기록) right after its
 * own pages, stating the SHA-256 of the same document rendered without signatures — which
 * anyone can recompute from the same inputs.
 */
import { createHash } from 'node:crypto';
import { auditBlocks, AUDIT_TITLE, qrPayload, type AuditSignature } from '../../../shared/forms/evidence';
import { SIGNATURE_AREA_LABELS, signatureValidity, type FormDocument, type FormId, type SignatureAreaId } from '../../../shared/forms/model';
import { fillSignatureDates } from '../../../shared/forms/blocks';
import { formatKstDate } from '../../../shared/format/date';
import { loadFonts, textWidth, type FontSet } from './fonts';
import { layoutBlocks, relativeAreas, type Layout, type Metrics } from './layout';
import { writePdf, type PdfPart, type SignatureImage } from './pdf';

export function sha256File(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A captured signature or seal, as the store keeps it. */
export interface SignatureInput {
  form: FormId;
  area: SignatureAreaId;
  /** PNG bytes: a drawn signature, or a seal (직인) photo with a transparent background. */
  png: Uint8Array;
  mark: 'signature' | 'seal';
  /** The name the signer typed. */
  signerName: string;
  /** Device time of signing, ISO 8601 with offset (e.g. 2026-11-22T14:05:09+09:00). */
  signedAt: string;
  /** Device name (e.g. the laptop's host name). */
  device: string;
  appVersion: string;
  /** Version key of the document the signer saw. */
  versionKey: string;
}

/** A form document and the id it is filed under. */
export interface DocumentRef {
  document: FormDocument;
  docId: string;
}

export interface RenderOptions {
  /** Written as the PDF's creation and modification date, and on the audit page. */
  now: Date;
  appVersion: string;
  signatures?: readonly SignatureInput[];
  /** Draw void signatures (earlier versions) faded under "무효 (내용 변경됨)". */
  showVoidSignatures?: boolean;
  fonts?: FontSet;
}

export interface RenderedForm {
  form: FormId;
  docId: string;
  versionKey: string;
  /** Pages of the form itself (without the audit page). */
  pages: number;
  /** 1-based first page of this form inside the PDF. */
  firstPage: number;
  audit: boolean;
  /** SHA-256 of this form rendered alone without signatures; present when it is signed. */
  unsignedSha256?: string;
  /** Signature areas as fractions of the page (page is 0-based within the form). */
  areas: ReturnType<typeof relativeAreas>;
}

export interface RenderedPdf {
  bytes: Uint8Array;
  sha256: string;
  pages: number;
  forms: RenderedForm[];
}

export function metricsOf(fonts: FontSet): Metrics {
  return { width: (text, size, bold) => textWidth(bold ? fonts.bold : fonts.regular, text, size) };
}

function footerFor(ref: DocumentRef, kind: 'form' | 'audit') {
  const d = ref.document;
  return {
    lines: [`${d.code} ${kind === 'audit' ? AUDIT_TITLE : d.title}`, `문서 ID ${ref.docId} · 버전 ${d.versionKey.slice(0, 16)}`],
    pageLabel: kind === 'audit' ? (i: number, n: number) => `감사 기록 ${i + 1} / ${n}` : (i: number, n: number) => `${i + 1} / ${n}`,
    qrPayload: qrPayload(ref.docId, d.versionKey),
  };
}

/** The instant in Korea Standard Time (UTC+9, no daylight saving), as ISO 8601 with its offset. */
function kstIso(date: Date): string {
  return new Date(date.getTime() + 9 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+09:00');
}

export async function renderPdf(refs: readonly DocumentRef[], options: RenderOptions): Promise<RenderedPdf> {
  const fonts = options.fonts ?? loadFonts();
  const metrics = metricsOf(fonts);
  const parts: PdfPart[] = [];
  const forms: RenderedForm[] = [];
  let nextPage = 1;
  for (const ref of refs) {
    const doc = ref.document;
    const drawn: { input: SignatureInput; valid: boolean }[] = [];
    for (const input of options.signatures ?? []) {
      if (input.form !== doc.form) continue;
      const v = signatureValidity(input, doc);
      if (v.valid) drawn.push({ input, valid: true });
      else if (v.reason === 'content-changed' && options.showVoidSignatures) drawn.push({ input, valid: false });
    }
    // A date left blank for the signer (the quote's confirmation) reads the day it was signed, in KST.
    const dates = Object.fromEntries(drawn.filter((d) => d.valid).map((d) => [d.input.area, formatKstDate(d.input.signedAt)]));
    const layout: Layout = layoutBlocks(fillSignatureDates(doc.blocks, dates), metrics);
    const images: SignatureImage[] = [];
    for (const { input, valid } of drawn) {
      for (const area of layout.areas.filter((a) => a.area === input.area)) images.push({ area, png: input.png, mark: input.mark, void: !valid });
    }
    parts.push({ layout, footer: footerFor(ref, 'form'), signatures: images });
    const rendered: RenderedForm = {
      form: doc.form,
      docId: ref.docId,
      versionKey: doc.versionKey,
      pages: layout.pages.length,
      firstPage: nextPage,
      audit: drawn.length > 0,
      areas: relativeAreas(layout),
    };
    nextPage += layout.pages.length;
    if (drawn.length) {
      const unsigned = await renderPdf([ref], { now: options.now, appVersion: options.appVersion, fonts });
      rendered.unsignedSha256 = unsigned.sha256;
      const signatures: AuditSignature[] = drawn.map(({ input, valid }) => ({
        area: input.area,
        role: SIGNATURE_AREA_LABELS[input.area],
        signerName: input.signerName,
        mark: input.mark,
        signedAt: input.signedAt,
        device: input.device,
        appVersion: input.appVersion,
        imageSha256: sha256File(input.png),
        valid,
      }));
      const audit = layoutBlocks(
        auditBlocks({
          title: doc.title,
          code: doc.code,
          docId: ref.docId,
          versionKey: doc.versionKey,
          unsignedSha256: unsigned.sha256,
          pages: layout.pages.length,
          // Printed in Korean time, like the signature times the devices record.
          issuedAt: kstIso(options.now),
          signatures,
        }),
        metrics,
      );
      parts.push({ layout: audit, footer: footerFor(ref, 'audit') });
      nextPage += audit.pages.length;
    }
    forms.push(rendered);
  }
  const single = refs.length === 1 ? refs[0]! : undefined;
  const bytes = await writePdf(
    parts,
    {
      title: single ? `${single.document.code} ${single.document.title}` : `청약 서류 묶음 (${refs.map((r) => r.document.code).join(', ')})`,
      subject: refs.map((r) => r.docId).join(' '),
      keywords: refs.map((r) => `${r.docId}:${r.document.versionKey}`),
      date: options.now,
      creator: `SalesDesk ${options.appVersion}`,
    },
    fonts,
  );
  return { bytes, sha256: sha256File(bytes), pages: nextPage - 1, forms };
}
