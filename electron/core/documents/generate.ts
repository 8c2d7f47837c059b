/**
 * The one entry point the CLI, the web host and the Electron shell call to produce documents:
 * validate everything, build the requested forms, render them (PDF or DOCX; each form on its
 * own, and optionally one packet), and only then write files — atomically (temporary file +
 * rename). Invalid input throws AppError('INVALID_INPUT') and writes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError, parseOrThrow } from '../../../shared/contract/errors';
import { applicationExportSchema, applicationInputSchema, type Application, type ApplicationItem } from '../../../shared/domain/application';
import { isoDate } from '../../../shared/domain/fields';
import { todayIso } from '../../../shared/format/date';
import { DEFAULT_CATALOG_ID } from '../../../shared/catalog/cli';
import { priceQuote } from '../../../shared/catalog/engine';
import { catalogSchema, type Catalog } from '../../../shared/catalog/schema';
import { quoteVersionSchema, type QuoteVersion } from '../../../shared/domain/quote';
import { contractInputSchema } from '../../../shared/forms/contract';
import { DOC_ID_PATTERN } from '../../../shared/forms/evidence';
import { consentTextVersionSchema } from '../../../shared/privacy/consent';
import { changeRequestSchema, contactsSchema, deliverySchema, supplierSchema, type Contact } from '../../../shared/forms/inputs';
import { quoteSourceFromVersion, type QuoteContent } from '../../../shared/forms/quote';
import { settlementInputSchema } from '../../../shared/forms/settlement';
import { outageListSchema } from '../../../shared/service/outages';

import { CatalogFileError, loadCatalogFile } from '../catalogs';
import type { ItemNames } from '../../../shared/forms/items';
import { FORM_IDS, SIGNATURE_AREA_IDS, type FormDocument, type FormId } from '../../../shared/forms/model';
import { buildForm, type FormInputs } from '../../../shared/forms/registry';
import { sha256Hex } from '../../../shared/forms/sha256';
import { APP_VERSION } from '../version';
import { blocksToDocx } from './docx';
import { renderPdf, sha256File, type DocumentRef, type RenderedForm, type SignatureInput } from './render';

type OutputFormat = 'pdf' | 'docx';

export interface GenerateOptions {
  /** The application JSON (청약) — plain, or an export of one (with id/status/createdAt/updatedAt). */
  application: unknown;
  /** For #4: the application before the change (plain or export). `application` is the state after. */
  before?: unknown;
  /** For #4: reason and dates (see changeRequestSchema). */
  change?: unknown;
  /** For #5: rows, location, date, parties (see deliverySchema). */
  delivery?: unknown;
  /** For #6: the contact list; defaults to resources/contacts/default.json. */
  contacts?: unknown;
  /**
   * For #3 (and to price the quote when no saved version is given): a catalog (see catalogSchema);
   * defaults to the catalog of the quote version, else resources/catalogs/kt-bizmeka-2014.json.
   */
  catalog?: unknown;
  /**
   * For the quote, settlement and contract: a saved quote version (QuoteVersion), printed exactly
   * as stored. Without it the application's items are priced with the catalog as version 1.
   */
  quote?: unknown;
  /**
   * 공급자 of the quote and the contract, as HQ published it (see supplierSchema). Absent or null:
   * not published — the block prints 미설정 (nothing shipped with the app prints as if it were real).
   */
  supplier?: unknown;
  /** For form #1: the consent text version it prints (see consentTextVersionSchema); absent: version 1. */
  consentTexts?: unknown;
  /** For the settlement request: what the rep filled in (see settlementInputSchema). */
  settlement?: unknown;
  /** For the settlement request: the application's outage windows (fault tickets); art. 10 credits its month. */
  outages?: unknown;
  /** For the settlement request: the service opening date (YYYY-MM-DD), start of the contract period. */
  openDate?: unknown;
  /** For the contract draft: dates, periods, court, special terms (see contractInputSchema). */
  contract?: unknown;
  /** Forms in the order they should appear. */
  forms: readonly FormId[];
  format: OutputFormat;
  /** Also write one file with every requested form in order. */
  packet?: boolean;
  /** Write each form on its own (default true). */
  singles?: boolean;
  outDir: string;
  /** Creation/modification date written into the files (never the clock): Date or ISO 8601. */
  now: Date | string;
  /** Document ids by form ('packet' for the packet); derived from the application when absent. */
  docIds?: Partial<Record<FormId | 'packet', string>>;
  /** Signatures and seals to place (PDF only). */
  signatures?: readonly SignatureInput[];
  /** Draw signatures given to an earlier version, faded under "무효 (내용 변경됨)". */
  showVoidSignatures?: boolean;
  appVersion?: string;
  /** Product names by code (the catalog's, once it exists). */
  itemNames?: ItemNames;
  /** Unit price of an item in won (the quote engine's, once it exists); #4 prints it. */
  unitPrice?: (item: ApplicationItem, application: Application) => number | undefined;
  /** Where resources/ is (default: the repository's resources/ folder). */
  resourcesDir?: string;
}

export interface GeneratedFile {
  form: FormId | 'packet';
  path: string;
  /** Size in bytes. */
  bytes: number;
  sha256: string;
  format: OutputFormat;
  /** Pages (PDF only). */
  pages?: number;
  /** Per form inside the file: id, version key, pages, signature areas (PDF only). */
  documents: { form: FormId; docId: string; versionKey: string; pages?: number; firstPage?: number; audit?: boolean; unsignedSha256?: string; areas?: RenderedForm['areas'] }[];
}

/** File names, ASCII so they survive zip tools and mail. */
const FILE_STEMS: Record<FormId | 'packet', string> = {
  '1': 'form1-application',
  '2': 'form2-terms',
  '3': 'form3-price-table',
  quote: 'quote',
  '4': 'form4-change-request',
  '5': 'form5-delivery-confirmation',
  '6': 'form6-contacts',
  settlement: 'settlement-request',
  contract: 'contract-draft',
  packet: 'packet',
};

const EXPORT_KEYS = ['id', 'status', 'createdAt', 'updatedAt'] as const;

/** Parses the plain application JSON or an export of one; returns the application and its id, if any. */
export function parseApplication(value: unknown, subject = '청약서 JSON'): { application: Application; id?: string } {
  const isExport = Boolean(value && typeof value === 'object' && !Array.isArray(value) && EXPORT_KEYS.some((k) => k in value));
  if (isExport) {
    const parsed = parseOrThrow(applicationExportSchema, value, subject);
    const { id, status: _s, createdAt: _c, updatedAt: _u, ...rest } = parsed;
    // Re-run the application's own rules (duplicate items, term end after date).
    return { application: parseOrThrow(applicationInputSchema, rest, subject), id };
  }
  return { application: parseOrThrow(applicationInputSchema, value, subject) };
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A signature as the core receives it (PNG bytes as Uint8Array); the contract can reuse this schema. */
const signatureInputSchema = z.strictObject({
  form: z.enum(FORM_IDS, { error: '서명의 양식 번호가 올바르지 않습니다.' }),
  area: z.enum(SIGNATURE_AREA_IDS, { error: `서명란은 ${SIGNATURE_AREA_IDS.join(', ')} 중 하나입니다.` }),
  png: z.instanceof(Uint8Array, { error: '서명 이미지는 PNG 바이트여야 합니다.' }).refine((b) => PNG_MAGIC.every((v, i) => b[i] === v), {
    error: '서명 이미지가 PNG 파일이 아닙니다. PNG로 다시 저장하세요.',
  }),
  mark: z.enum(['signature', 'seal'], { error: '서명 구분은 signature(서명) 또는 seal(직인)입니다.' }),
  signerName: z.string().trim().min(1, { error: '서명인 이름을 입력하세요.' }).max(50),
  signedAt: z.iso.datetime({ offset: true, error: '서명 시각은 ISO 8601 형식이어야 합니다 (예: 2026-11-22T14:05:09+09:00).' }),
  device: z.string().trim().min(1, { error: '서명한 기기 이름이 필요합니다.' }).max(100),
  appVersion: z.string().trim().min(1).max(40),
  versionKey: z.string().regex(/^[0-9a-f]{64}$/, { error: '서명의 문서 버전 키가 올바르지 않습니다.' }),
});

const NOW_MESSAGE = '문서 일시(now)는 ISO 8601 일시로 지정하세요 (예: 2026-11-22T14:00:00+09:00).';
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const docId = z.string().regex(DOC_ID_PATTERN, { error: '문서 ID는 영문·숫자로 시작하고 영문·숫자·.-_ 만 쓸 수 있습니다 (64자 이하).' });

const optionsSchema = z.object({
  forms: z
    .array(z.enum(FORM_IDS, { error: `양식은 ${FORM_IDS.join(', ')} 중에서 고르세요 (quote = 견적서, settlement = 청구/정산 요청서, contract = 계약서 초안).` }))
    .min(1, { error: '만들 양식을 하나 이상 고르세요.' })
    .refine((f) => new Set(f).size === f.length, { error: '같은 양식을 두 번 지정했습니다.' }),
  format: z.enum(['pdf', 'docx'], { error: '형식은 pdf 또는 docx입니다.' }),
  packet: z.boolean().optional(),
  singles: z.boolean().optional(),
  outDir: z.string().trim().min(1, { error: '저장할 폴더를 지정하세요.' }),
  now: z
    .union([z.date(), z.string()], { error: NOW_MESSAGE })
    .refine((v) => (v instanceof Date ? !Number.isNaN(v.getTime()) : ISO_DATE_TIME.test(v) && !Number.isNaN(Date.parse(v))), { error: NOW_MESSAGE }),
  docIds: z.record(z.string(), docId).optional(),
  signatures: z.array(signatureInputSchema).max(50).optional(),
  showVoidSignatures: z.boolean().optional(),
  appVersion: z.string().min(1).max(40).optional(),
});

function resourcesDirDefault(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../resources');
}

/** The contact list shipped with the app: seed roles with placeholder people. */
function loadDefaultContacts(resourcesDir = resourcesDirDefault()): Contact[] {
  const file = path.join(resourcesDir, 'contacts', 'default.json');
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { contacts?: unknown };
  return parseOrThrow(contactsSchema, json.contacts, '기본 담당자 연락처');
}

/** The shipped catalog with this id (resources/catalogs/<id>.json). */
function loadShippedCatalog(id: string, resourcesDir = resourcesDirDefault()): Catalog {
  const file = path.join(resourcesDir, 'catalogs', `${id}.json`);
  if (!/^[a-z0-9][a-z0-9.-]{0,63}$/.test(id) || !fs.existsSync(file)) {
    const message = `가격표 '${id}'을(를) 찾을 수 없습니다. 앱에 들어 있는 가격표(resources/catalogs)의 id를 쓰거나 가격표를 직접 지정하세요.`;
    throw new AppError('INVALID_INPUT', message, { issues: [{ path: 'catalog', message }] });
  }
  try {
    return loadCatalogFile(file);
  } catch (error) {
    if (error instanceof CatalogFileError) throw new AppError('INTERNAL', `앱에 들어 있는 가격표 파일이 잘못되었습니다: ${error.message}. 관리자에게 알려 주세요.`);
    throw error;
  }
}

/** Forms printed from a quote (saved or priced from the application). */
const QUOTED_FORMS: readonly FormId[] = ['3', 'quote', 'settlement', 'contract'];

/** A stable id for a form of an application: the export's id, else its content. */
export function defaultDocId(form: FormId | 'packet', application: Application, exportId?: string): string {
  // Without a stored id, the content itself: two different applications never share an id.
  const identity = exportId ?? `content|${JSON.stringify(application)}`;
  return `sd-${form === 'packet' ? 'pk' : `f${form}`}-${sha256Hex(identity).slice(0, 12)}`;
}

export interface PreparedDocuments {
  refs: DocumentRef[];
  application: Application;
  /** The caller's options, with the validated fields as parsed. */
  options: GenerateOptions;
  now: Date;
  packetId: string;
}

/** Validates everything and builds the form documents; throws AppError and touches no file. */
export function prepareDocuments(input: GenerateOptions): PreparedDocuments {
  const opts = parseOrThrow(optionsSchema, input, '문서 생성 옵션');
  const { application, id } = parseApplication(input.application);
  const forms = opts.forms;
  const inputs: FormInputs = { application, itemNames: input.itemNames, unitPrice: input.unitPrice };
  if (forms.includes('4')) {
    if (input.before === undefined) {
      throw new AppError('INVALID_INPUT', '변경신청서(양식 #4)에는 변경 전 청약이 필요합니다. 변경 전 청약 JSON을 지정하세요 (CLI: --before).', {
        issues: [{ path: 'before', message: '변경 전 청약이 필요합니다.' }],
      });
    }
    inputs.before = parseApplication(input.before, '변경 전 청약서 JSON').application;
    if (!inputs.unitPrice) {
      // #4 prints each item's unit price before and after: by default the engine's, for that
      // state's term and seats (a size tier or term change moves the price).
      const catalog = input.catalog !== undefined ? parseOrThrow(catalogSchema, input.catalog, '가격표') : loadShippedCatalog(DEFAULT_CATALOG_ID, input.resourcesDir);
      inputs.unitPrice = (item, state) => {
        try {
          return priceQuote(catalog, { term: state.term, items: state.items }).lines.find((l) => l.code === item.code)?.unitPrice;
        } catch {
          return item.unitPrice;
        }
      };
    }
    if (input.change !== undefined) inputs.change = parseOrThrow(changeRequestSchema, input.change, '변경 내역');
  }
  if (forms.includes('5') && input.delivery !== undefined) inputs.delivery = parseOrThrow(deliverySchema, input.delivery, '납품 내역');
  if (forms.includes('6')) {
    inputs.contacts = input.contacts === undefined ? loadDefaultContacts(input.resourcesDir) : parseOrThrow(contactsSchema, input.contacts, '담당자 연락처');
  }
  let quoteVersion: QuoteVersion | undefined;
  if (forms.some((f) => QUOTED_FORMS.includes(f))) {
    if (input.quote !== undefined) {
      quoteVersion = parseOrThrow(quoteVersionSchema, input.quote, '견적 버전');
      if (id !== undefined && quoteVersion.applicationId !== id) {
        const message = `견적 버전(청약 ${quoteVersion.applicationId})이 이 청약(${id})의 것이 아닙니다. 같은 청약의 견적을 지정하세요.`;
        throw new AppError('INVALID_INPUT', message, { issues: [{ path: 'quote.applicationId', message }] });
      }
      inputs.quote = quoteSourceFromVersion(quoteVersion);
    }
    const catalog: Catalog =
      input.catalog !== undefined ? parseOrThrow(catalogSchema, input.catalog, '가격표') : loadShippedCatalog(quoteVersion?.catalog.id ?? DEFAULT_CATALOG_ID, input.resourcesDir);
    if (quoteVersion && forms.includes('3') && (catalog.id !== quoteVersion.catalog.id || catalog.version !== quoteVersion.catalog.version)) {
      const message = `견적은 가격표 ${quoteVersion.catalog.id} 버전 ${quoteVersion.catalog.version}으로 계산되었는데 이용요금표는 ${catalog.id} 버전 ${catalog.version}입니다. 같은 버전의 가격표를 지정하거나 견적을 현재 가격표로 다시 저장하세요.`;
      throw new AppError('INVALID_INPUT', message, { issues: [{ path: 'catalog.version', message }] });
    }
    inputs.catalog = catalog;
  }
  if (forms.includes('quote') || forms.includes('contract')) {
    inputs.supplier = input.supplier === undefined || input.supplier === null ? null : parseOrThrow(supplierSchema, input.supplier, '공급자 정보');
  }
  if (forms.includes('1') && input.consentTexts !== undefined) inputs.consentTexts = parseOrThrow(consentTextVersionSchema, input.consentTexts, '동의서 문안');
  if (forms.includes('settlement')) {
    const given = input.settlement !== undefined ? parseOrThrow(settlementInputSchema, input.settlement, '청구/정산 요청 내용') : {};
    // The request is dated the day it is made (the document date), unless the rep gives one.
    inputs.settlement = { requestDate: todayIso(typeof opts.now === 'string' ? new Date(opts.now) : opts.now), ...given };
    if (input.openDate !== undefined) inputs.openDate = parseOrThrow(isoDate('서비스 개시일'), input.openDate, '서비스 개시일');
    if (input.outages !== undefined) inputs.outages = parseOrThrow(outageListSchema, input.outages, '장애 기록');
  }
  if (forms.includes('contract') && input.contract !== undefined) inputs.contract = parseOrThrow(contractInputSchema, input.contract, '계약서 초안 내용');
  const documents: FormDocument[] = forms.map((f) => buildForm(f, inputs));
  const docIds = (opts.docIds ?? {}) as Partial<Record<FormId | 'packet', string>>;
  const docIdOf = (form: FormId) => {
    // A saved quote is filed under its quote id: every version of it shares one document id.
    if (form === 'quote' && quoteVersion) return `sd-fquote-${sha256Hex(`quote|${quoteVersion.quoteId}`).slice(0, 12)}`;
    return defaultDocId(form, application, id);
  };
  const refs = documents.map((document) => ({ document, docId: docIds[document.form] ?? docIdOf(document.form) }));
  (opts.signatures ?? []).forEach((sig, i) => {
    const doc = documents.find((d) => d.form === sig.form);
    if (!doc?.signatureAreas.some((a) => a.id === sig.area)) {
      throw new AppError('INVALID_INPUT', `서명 ${i + 1}: 양식 #${sig.form}에는 '${sig.area}' 서명란이 없거나 그 양식을 만들지 않습니다. 서명란과 양식을 확인하세요.`, {
        issues: [{ path: `signatures.${i}.area`, message: '서명란이 이 문서에 없습니다.' }],
      });
    }
    // PRODUCT.md: quotes needing HQ confirmation are sealed only after it (최종 견적은 BM 및 컨설팅담당자와 확인 후).
    const approval = sig.form === 'quote' ? (doc.content as QuoteContent).approval : undefined;
    if (approval?.required && approval.status !== 'approved') {
      const message = `견적서는 본사(BM·컨설팅담당) 확인이 필요합니다 (현재: ${approval.text}). 본사 승인을 받은 뒤에 고객 날인을 받으세요.`;
      throw new AppError('INVALID_INPUT', message, { issues: [{ path: `signatures.${i}`, message }] });
    }
  });
  if (opts.signatures?.length && opts.format === 'docx') {
    throw new AppError('INVALID_INPUT', 'DOCX는 편집용 초안이라 서명을 넣지 않습니다. 서명된 문서는 PDF로 만드세요.', { issues: [{ path: 'format', message: '서명은 PDF에만 넣을 수 있습니다.' }] });
  }
  return {
    refs,
    application,
    options: { ...input, ...(opts as Partial<GenerateOptions>) },
    now: typeof opts.now === 'string' ? new Date(opts.now) : opts.now,
    packetId: docIds.packet ?? defaultDocId('packet', application, id),
  };
}

/** Writes bytes to `file` atomically: a temporary file in the same folder, then rename. */
function writeFileAtomic(file: string, bytes: Uint8Array): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    fs.writeFileSync(tmp, bytes, { flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

/** A rendered file, in memory (what generateDocuments writes; what a preview shows). */
export interface RenderedFile {
  form: FormId | 'packet';
  file: string;
  data: Uint8Array;
  sha256: string;
  pages?: number;
  documents: GeneratedFile['documents'];
}

function docxFooter(ref: DocumentRef): string {
  return `${ref.document.code} ${ref.document.title} · 문서 ID ${ref.docId} · 버전 ${ref.document.versionKey.slice(0, 16)}`;
}

/** Renders into memory without writing: what generateDocuments would write. */
export async function renderDocuments(prepared: PreparedDocuments): Promise<RenderedFile[]> {
  const { refs, options, now } = prepared;
  const appVersion = options.appVersion ?? APP_VERSION;
  const ext = options.format;
  const pending: RenderedFile[] = [];
  const groups: { form: FormId | 'packet'; refs: DocumentRef[] }[] = [];
  if (options.singles !== false) for (const ref of refs) groups.push({ form: ref.document.form, refs: [ref] });
  if (options.packet) groups.push({ form: 'packet', refs });
  for (const group of groups) {
    const file = path.join(path.resolve(options.outDir), `${FILE_STEMS[group.form]}.${ext}`);
    if (ext === 'pdf') {
      const r = await renderPdf(group.refs, { now, appVersion, signatures: options.signatures, showVoidSignatures: options.showVoidSignatures });
      pending.push({
        form: group.form,
        file,
        data: r.bytes,
        sha256: r.sha256,
        pages: r.pages,
        documents: r.forms.map((f) => ({
          form: f.form,
          docId: f.docId,
          versionKey: f.versionKey,
          pages: f.pages,
          firstPage: f.firstPage,
          audit: f.audit,
          unsignedSha256: f.unsignedSha256,
          areas: f.areas,
        })),
      });
    } else {
      const data = await blocksToDocx(
        group.refs.map((ref) => ({ title: `${ref.document.code} ${ref.document.title}`, footer: docxFooter(ref), blocks: ref.document.blocks })),
        { title: group.refs.length === 1 ? `${group.refs[0]!.document.code} ${group.refs[0]!.document.title}` : '청약 서류 묶음', creator: `SalesDesk ${appVersion}`, date: now },
      );
      pending.push({
        form: group.form,
        file,
        data,
        sha256: sha256File(data),
        documents: group.refs.map((r) => ({ form: r.document.form, docId: r.docId, versionKey: r.document.versionKey })),
      });
    }
  }
  return pending;
}

/**
 * Validates, renders, then writes. Returns one entry per written file, singles first (in the
 * order of `forms`), then the packet.
 */
export async function generateDocuments(input: GenerateOptions): Promise<GeneratedFile[]> {
  const prepared = prepareDocuments(input);
  const pending = await renderDocuments(prepared);
  const outDir = path.resolve(prepared.options.outDir);
  try {
    fs.mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new AppError('UNAVAILABLE', `저장할 폴더를 만들 수 없습니다: ${outDir}. 다른 폴더를 고르세요.`, { cause: String(error) });
  }
  const written: GeneratedFile[] = [];
  for (const p of pending) {
    try {
      writeFileAtomic(p.file, p.data);
    } catch (error) {
      throw new AppError('UNAVAILABLE', `파일을 저장할 수 없습니다: ${p.file}. 폴더의 쓰기 권한과 남은 공간을 확인하세요.`, { cause: String(error) });
    }
    written.push({ form: p.form, path: p.file, bytes: p.data.length, sha256: p.sha256, format: prepared.options.format, pages: p.pages, documents: p.documents });
  }
  return written;
}
