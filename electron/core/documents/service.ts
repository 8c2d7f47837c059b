/**
 * Documents of an application, as the app uses them: which forms it needs, their current
 * content version, the signatures and seals given to each version (void once the content
 * changes), rendering for preview/print/save, and signing with evidence. Rendering itself is
 * generateDocuments' job (./generate.ts); this file brings the store's data to it.
 */
import os from 'node:os';
import { errorMsg } from '../../../shared/i18n/error-messages';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { messageText, msg, type Msg } from '../../../shared/i18n/messages';
import { AppError } from '../../../shared/contract/errors';
import { FORM_IDS, SIGNATURE_AREA_LABELS, type FormDocument, type FormId, type SignatureAreaId } from '../../../shared/forms/model';
import type { Supplier } from '../../../shared/forms/inputs';
import type { DocumentFacts } from '../../../shared/forms/facts';
import { purposeOfArea, type ConsentTextVersion } from '../../../shared/privacy/consent';
import { DOCUMENT_NOTICE_MESSAGES, type DocumentNotice } from '../../../shared/domain/documents';
import { APPLIED_FORMS, assertEditable, type VoidedSignature } from '../../../shared/lifecycle/editing';
import type { Store, Tx } from '../store/db';
import { FORM_REGISTRY } from '../../../shared/forms/registry';
import type { ApplicationRecord } from '../../../shared/domain/application';
import type { CatalogRegistry } from '../catalog-registry';
import type { AttachmentStore } from '../attachments';
import { editConsequences, type ContentOverrides, type VoidChecker, type VoidCheck } from '../edits';
import { toExport, type ApplicationsRepo } from '../repos/applications';
import type { QuotesRepo } from '../repos/quotes';
import type { ConsentsRepo } from '../repos/consents';
import type { TicketsRepo } from '../repos/tickets';
import { applications, documents, signatures, type DocumentRow, type SignatureRow } from '../store/schema';
import { v5 } from 'uuid';
import { newId, type Clock } from '../ids';
import { priceQuote } from '../../../shared/catalog/engine';
import { documentFileName } from '../../../shared/forms/file-name';
import { prepareDocuments, renderDocuments, type GenerateOptions } from './generate';
import type { SignatureInput } from './render';

interface DocumentArea {
  id: string;
  label: string;
  role: string;
  signer: string;
  /** The signature given to the current version, if any. */
  current: SignatureView | null;
  /** Signatures given to earlier versions: void, kept as evidence. */
  void: SignatureView[];
}

interface SignatureView {
  id: string;
  mark: 'signature' | 'seal';
  signerName: string;
  signedAt: string;
  device: string;
  versionKey: string;
}

export interface DocumentStatus {
  form: string;
  code: string;
  title: string;
  docId: string;
  versionKey: string;
  areas: DocumentArea[];
  complete: boolean;
  /** Why the form cannot be built yet (e.g. #4 without the earlier application). */
  unavailable: string | null;
  /** The rep's saved inputs for this form (see saveInputs), or null. */
  inputs: Record<string, unknown> | null;
  /** When the inputs were saved, or null. */
  inputsSavedAt: string | null;
  /** Why signing is refused right now (the quote awaiting or refused by HQ, #5 before acceptance), or null. */
  signBlocked: string | null;
  signBlockedMsg: Msg | null;
  /** What to know before printing it (HQ has not published the supplier block or the contacts). */
  notices: DocumentNotice[];
}

/** The quote is signed only after HQ approved it (최종 견적은 본사 확인 후 날인): why not yet, or null. */
function quoteSignBlock(approval: string | null): Msg | null {
  if (approval === 'pending') return msg('signBlock.quotePending');
  if (approval === 'refused') return msg('signBlock.quoteRefused');
  return null;
}

/** #5 confirms what was delivered and accepted: signed at acceptance (검수), never in advance. */
function deliverySignBlock(status: string): Msg | null {
  return ['acceptance', 'open', 'billing_requested', 'active'].includes(status) ? null : msg('signBlock.delivery');
}

/**
 * The forms each kind of application prints, in packet order: a new subscription its whole
 * pack (the contract draft only for build/development/staffing deals), a change #4 with its
 * quote and #5, a termination #1 marked 해지.
 */
function formsFor(app: Pick<ApplicationRecord, 'kind'>, withContract = false): FormId[] {
  const wanted: Record<ApplicationRecord['kind'], string[]> = {
    new: ['1', '2', '3', 'quote', '5', '6', 'settlement', ...(withContract ? ['contract'] : [])],
    change: ['4', 'quote', '5'],
    termination: ['1'],
  };
  return FORM_IDS.filter((f) => wanted[app.kind].includes(f));
}

/** A form built from the store (or why it cannot be built now). */
type Built = { ok: true; document: FormDocument; supplierUnset: boolean } | { ok: false; unavailable: string };

/** Forms whose content prints the supplier block HQ publishes (frozen with their first signature). */
const SUPPLIER_FORMS: readonly string[] = ['quote', 'contract'];

/** What documents are built from: the store, the application's records, HQ's published blocks, the signature images. */
export interface DocumentContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly repos: {
    readonly applications: Pick<ApplicationsRepo, 'get' | 'workflowOf'>;
    readonly quotes: Pick<QuotesRepo, 'latestVersionFor' | 'latestApprovalFor'>;
    readonly consents: Pick<ConsentsRepo, 'textVersionFor' | 'append'>;
    readonly tickets: Pick<TicketsRepo, 'outagesFor'>;
  };
  readonly catalogs: Pick<CatalogRegistry, 'get' | 'defaultId' | 'contacts' | 'supplier'>;
  readonly attachments: Pick<AttachmentStore, 'read' | 'put'>;
  readonly info: { readonly dataDir: string; readonly version: string; readonly device: string };
  /** The app's resources folder when not the repository's own (packaged app). */
  readonly resourcesDir: string | undefined;
}

export class DocumentService implements VoidChecker {
  constructor(private readonly ctx: DocumentContext) {}

  private get db() {
    return this.ctx.store.db;
  }

  private formsOf(app: ApplicationRecord): FormId[] {
    const wf = this.ctx.repos.applications.workflowOf(app.id);
    const withContract = wf.dealType ? wf.dealType === 'withContract' : app.items.some((i) => i.code === 'agent');
    return formsFor(app, withContract);
  }

  /**
   * The document rows of these forms: the stored ones, and for a form nobody has signed or filled
   * in yet a row as it would be written (its id follows from the application and the form). A read
   * never writes: the row is stored by the first rep action on it (inputs saved, a signature).
   */
  private rowsOf(app: ApplicationRecord, forms: readonly string[]): Map<string, DocumentRow> {
    const existing = this.db.select().from(documents).where(eq(documents.applicationId, app.id)).all();
    const byForm = new Map(existing.map((d) => [d.form, d]));
    for (const form of forms) {
      if (!byForm.has(form)) {
        byForm.set(form, {
          id: documentIdFor(app.id, form),
          applicationId: app.id,
          form,
          inputs: null,
          signedPdfSha256: null,
          signedVersionKey: null,
          createdAt: app.createdAt,
          updatedAt: app.createdAt,
          facts: null,
        });
      }
    }
    return byForm;
  }

  /** Stores the document row inside a rep's write, if it was not stored yet. */
  private storeRow(tx: Tx, row: DocumentRow, now: string): void {
    tx.insert(documents)
      .values({ ...row, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .run();
  }

  /** The application this change alters: the latest other application with the same service number. */
  private before(app: ApplicationRecord): ApplicationRecord | null {
    if (app.kind !== 'change' || !app.serviceNumber) return null;
    const rows = this.db
      .select({ id: applications.id })
      .from(applications)
      .where(and(eq(applications.serviceNumber, app.serviceNumber)))
      .all()
      .filter((r) => r.id !== app.id);
    // The state just before this change: the subscription or the change made before it, by when
    // each was made (the dates typed on them may come from clocks in other time zones).
    const candidates = rows.map((r) => this.ctx.repos.applications.get(r.id)).filter((a) => a.kind !== 'termination' && a.createdAt < app.createdAt);
    candidates.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return candidates.at(-1) ?? null;
  }

  private signaturesOf(docIds: string[]): SignatureRow[] {
    if (docIds.length === 0) return [];
    return this.db.select().from(signatures).where(inArray(signatures.documentId, docIds)).all();
  }

  /** The consent texts form #1 prints: frozen with its first signature, else the version in force today (issue 17). */
  private consentTextsFor(applicationId: string, row: DocumentRow | undefined, live = false): ConsentTextVersion {
    const frozen = live ? undefined : row?.facts?.consentTexts;
    return frozen ?? this.ctx.repos.consents.textVersionFor(applicationId, false);
  }

  /** The supplier block a form prints: frozen with its first signature, else what HQ published (null: not yet). */
  private supplierFor(row: DocumentRow | undefined, live = false): Supplier | null {
    const frozen = live ? undefined : row?.facts?.supplier;
    return frozen !== undefined ? frozen : this.ctx.catalogs.supplier();
  }

  /** The options generateDocuments needs for these forms of this application, from the store. */
  private options(app: ApplicationRecord, forms: FormId[], rows: Map<string, DocumentRow>, extra: Partial<GenerateOptions> = {}, o: ContentOverrides = {}): GenerateOptions {
    const application = o.application ?? app;
    const before = this.before(app);
    const inputsOf = (form: string) => (o.inputs?.form === form ? o.inputs.inputs : (rows.get(form)?.inputs ?? undefined));
    const docIds = Object.fromEntries(forms.map((f) => [f, rows.get(f)!.id]));
    const contacts = this.ctx.catalogs.contacts();
    const quote = o.quote ?? this.ctx.repos.quotes.latestVersionFor(app.id);
    const catalog = this.ctx.catalogs.get(quote?.catalog.id ?? this.ctx.catalogs.defaultId);
    const openDate = this.ctx.repos.applications.workflowOf(app.id).openDate;
    const supplierForm = forms.find((f) => SUPPLIER_FORMS.includes(f));
    return {
      ...(contacts ? { contacts } : {}),
      ...(catalog
        ? {
            catalog,
            // #4 prints each item's unit price before and after: the engine's, for that state's term and seats.
            unitPrice: (item: { code: string }, state: { term: ApplicationRecord['term']; items: ApplicationRecord['items'] }) => {
              try {
                return priceQuote(catalog, { term: state.term, items: state.items }).lines.find((l) => l.code === item.code)?.unitPrice;
              } catch {
                return undefined;
              }
            },
          }
        : {}),
      ...(quote ? { quote } : {}),
      ...(supplierForm ? { supplier: this.supplierFor(rows.get(supplierForm), o.live) } : {}),
      ...(forms.includes('1') ? { consentTexts: this.consentTextsFor(app.id, rows.get('1'), o.live) } : {}),
      ...(openDate ? { openDate } : {}),
      ...(inputsOf('settlement') ? { settlement: inputsOf('settlement') } : {}),
      ...(forms.includes('settlement') ? { outages: this.ctx.repos.tickets.outagesFor(app.id) } : {}),
      ...(inputsOf('contract') ? { contract: inputsOf('contract') } : {}),
      application: toExport(application),
      ...(before ? { before: toExport(before) } : {}),
      ...(inputsOf('4') ? { change: inputsOf('4') } : {}),
      ...(inputsOf('5') ? { delivery: inputsOf('5') } : {}),
      forms,
      format: 'pdf',
      outDir: path.join(this.ctx.info.dataDir, 'exports'),
      now: this.ctx.clock.now(),
      docIds,
      appVersion: this.ctx.info.version,
      ...(this.ctx.resourcesDir ? { resourcesDir: this.ctx.resourcesDir } : {}),
      ...extra,
    };
  }

  /** One form as it prints now (or as `o` would make it), or why it cannot be built. */
  private build(app: ApplicationRecord, form: FormId, rows: Map<string, DocumentRow>, o: ContentOverrides = {}): Built {
    if (form === 'quote' && !o.quote && !this.ctx.repos.quotes.latestVersionFor(app.id)) {
      return { ok: false, unavailable: '견적을 먼저 저장하세요 (견적 탭). 저장된 견적 버전이 견적서로 인쇄됩니다.' };
    }
    try {
      const document = prepareDocuments(this.options(app, [form], rows, {}, o)).refs[0]!.document;
      return { ok: true, document, supplierUnset: SUPPLIER_FORMS.includes(form) && this.supplierFor(rows.get(form), o.live) === null };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return { ok: false, unavailable: error.message };
    }
  }

  private signatureInputs(rows: Map<string, DocumentRow>, sigs: SignatureRow[]): SignatureInput[] {
    const formOf = new Map([...rows.values()].map((d) => [d.id, d.form]));
    return sigs.map((s) => ({
      form: formOf.get(s.documentId) as FormId,
      area: s.area as SignatureAreaId,
      png: this.ctx.attachments.read(s.imageSha256),
      mark: s.mark,
      signerName: s.signerName,
      signedAt: s.signedAt,
      device: s.device,
      appVersion: s.appVersion,
      versionKey: s.versionKey,
    }));
  }

  status(applicationId: string): DocumentStatus[] {
    const app = this.ctx.repos.applications.get(applicationId);
    const forms = this.formsOf(app);
    const rows = this.rowsOf(app, forms);
    const sigs = this.signaturesOf([...rows.values()].map((r) => r.id));
    const contactsUnset = this.ctx.catalogs.contacts() === null;
    return forms.map((form) => {
      const row = rows.get(form)!;
      const title = FORM_REGISTRY[form].title;
      const saved = { inputs: row.inputs ?? null, inputsSavedAt: row.inputs ? row.updatedAt : null };
      const built = this.build(app, form, rows);
      if (!built.ok)
        return {
          form,
          code: form === 'quote' ? '견적서' : `#${form}`,
          title,
          docId: row.id,
          versionKey: '',
          areas: [],
          complete: false,
          unavailable: built.unavailable,
          ...saved,
          signBlocked: null,
          signBlockedMsg: null,
          notices: [],
        };
      const doc = built.document;
      const signBlockedMsg = form === 'quote' ? quoteSignBlock(this.ctx.repos.quotes.latestApprovalFor(app.id)) : form === '5' ? deliverySignBlock(app.status) : null;
      const mine = sigs.filter((s) => s.documentId === row.id);
      const view = (s: SignatureRow): SignatureView => ({ id: s.id, mark: s.mark, signerName: s.signerName, signedAt: s.signedAt, device: s.device, versionKey: s.versionKey });
      const areas: DocumentArea[] = doc.signatureAreas.map((a) => {
        const forArea = mine.filter((s) => s.area === a.id).sort((x, y) => x.createdAt.localeCompare(y.createdAt));
        const current = forArea.filter((s) => s.versionKey === doc.versionKey).at(-1);
        return {
          id: a.id,
          label: SIGNATURE_AREA_LABELS[a.id],
          role: a.role,
          signer: a.signer,
          current: current ? view(current) : null,
          void: forArea.filter((s) => s.versionKey !== doc.versionKey).map(view),
        };
      });
      const notices: DocumentNotice[] = [
        ...(built.supplierUnset ? [{ code: 'supplier_unset' as const, message: DOCUMENT_NOTICE_MESSAGES.supplier_unset }] : []),
        ...(form === '6' && contactsUnset ? [{ code: 'contacts_unset' as const, message: DOCUMENT_NOTICE_MESSAGES.contacts_unset }] : []),
      ];
      return {
        form,
        code: doc.code,
        title,
        docId: row.id,
        versionKey: doc.versionKey,
        areas,
        complete: areas.length > 0 && areas.every((a) => a.current),
        unavailable: null,
        ...saved,
        signBlocked: signBlockedMsg ? messageText(signBlockedMsg) : null,
        signBlockedMsg,
        notices,
      };
    });
  }

  /**
   * The signatures the rep's pending change would void: those valid now on a form whose printed
   * content the change makes new. A form reads the same before and after (both without frozen
   * facts) when the change does not touch it; its signatures then stay, whatever HQ published since.
   */
  voidedBy(app: ApplicationRecord, change: ContentOverrides): VoidCheck {
    const forms = [...new Set([...this.formsOf(app), ...(change.application ? this.formsOf(change.application) : [])])];
    const rows = this.rowsOf(app, forms);
    const sigs = this.signaturesOf([...rows.values()].map((r) => r.id));
    const voids: VoidedSignature[] = [];
    const changedForms: string[] = [];
    for (const form of forms) {
      const row = rows.get(form)!;
      const mine = sigs.filter((s) => s.documentId === row.id);
      if (mine.length === 0 && !row.facts) continue;
      const now = this.build(app, form, rows);
      if (!now.ok) continue;
      const liveBefore = row.facts ? this.build(app, form, rows, { live: true }) : now;
      const liveAfter = this.build(app, form, rows, { ...change, live: true });
      const before = liveBefore.ok ? liveBefore.document.versionKey : null;
      const after = liveAfter.ok ? liveAfter.document.versionKey : null;
      if (before === after) continue;
      changedForms.push(form);
      for (const area of now.document.signatureAreas) {
        const current = mine
          .filter((s) => s.area === area.id && s.versionKey === now.document.versionKey)
          .sort((x, y) => x.createdAt.localeCompare(y.createdAt))
          .at(-1);
        if (!current) continue;
        voids.push({
          id: current.id,
          form,
          formTitle: formTitle(now.document.code, FORM_REGISTRY[form].title),
          area: area.id,
          areaLabel: SIGNATURE_AREA_LABELS[area.id],
          signerName: current.signerName,
          mark: current.mark,
          signedAt: current.signedAt,
        });
      }
    }
    return { voids, changedForms };
  }

  /** Lets go of the frozen facts of forms the rep's change made new (inside that change's write). */
  releaseFacts(tx: Tx, applicationId: string, forms: readonly string[]): void {
    if (forms.length === 0) return;
    tx.update(documents)
      .set({ facts: null })
      .where(and(eq(documents.applicationId, applicationId), inArray(documents.form, [...forms])))
      .run();
  }

  /** One PDF or DOCX: a single form, or the packet of several (with signatures in PDFs). */
  async render(applicationId: string, forms: FormId[], format: 'pdf' | 'docx', packet: boolean, onProgress?: (done: number, total: number, label: string) => void) {
    const app = this.ctx.repos.applications.get(applicationId);
    const allowed = this.formsOf(app);
    const bad = forms.find((f) => !allowed.includes(f));
    if (bad) throw new AppError('INVALID_INPUT', `이 청약(${app.kind === 'new' ? '신규' : app.kind === 'change' ? '변경' : '해지'})에는 양식 ${bad}을(를) 쓰지 않습니다.`);
    const rows = this.rowsOf(app, allowed);
    const sigs = format === 'pdf' ? this.signatureInputs(rows, this.signaturesOf(forms.map((f) => rows.get(f)!.id))) : [];
    const extra = { format, packet, singles: !packet, showVoidSignatures: true };
    // Each form with its own facts (a quote and a contract may have frozen different supplier blocks).
    const parts = forms.map((f) => prepareDocuments(this.options(app, [f], rows, { ...extra, signatures: sigs.filter((s) => s.form === f) })));
    const prepared = { ...parts[0]!, refs: parts.flatMap((p) => p.refs), options: { ...parts[0]!.options, forms, signatures: sigs } };
    const total = forms.length;
    onProgress?.(0, total, '준비');
    // Render form by form (yielding in between) so a progress display stays live on big packets.
    for (let i = 0; i < total && onProgress; i++) {
      await new Promise((r) => setImmediate(r));
      onProgress(i + 1, total, FORM_REGISTRY[forms[i]!].title);
    }
    const [file] = await renderDocuments(prepared);
    if (!file) throw new AppError('INTERNAL', '문서를 만들지 못했습니다.');
    return {
      fileName: documentFileName(app.customer.name, packet ? 'packet' : forms[0]!, format, this.ctx.clock.now()),
      mime: format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      data: file.data,
      sha256: file.sha256,
      pages: file.pages ?? null,
      documents: file.documents,
    };
  }

  /**
   * Checks what the rep filled in for one form (#4 change details, #5 delivery rows, …) and
   * returns the write that stores it, to run alone (saveInputs) or inside a larger write (the
   * settlement request). A form the application applied with is frozen after submission; a
   * change that voids signatures is stored only once confirmed (`confirmVoids`).
   */
  prepareInputs(applicationId: string, form: FormId, inputs: Record<string, unknown>, confirmVoids: readonly string[] | undefined): (tx: Tx) => void {
    const app = this.ctx.repos.applications.get(applicationId);
    if (APPLIED_FORMS.includes(form)) assertEditable(app, 'form');
    const rows = this.rowsOf(app, this.formsOf(app));
    const row = rows.get(form);
    if (!row) throw new AppError('INVALID_INPUT', errorMsg('core.formNotOnApplication', { form }));
    // Validate by building the form with the new inputs before storing them.
    prepareDocuments(this.options(app, [form], rows, {}, { inputs: { form, inputs } }));
    const consequences = editConsequences(this, this.ctx.clock, app, { inputs: { form, inputs } }, confirmVoids);
    return (tx) => {
      const now = this.ctx.clock.now().toISOString();
      this.storeRow(tx, row, now);
      tx.update(documents).set({ inputs, updatedAt: now }).where(eq(documents.id, row.id)).run();
      consequences(tx);
    };
  }

  /** Saves what the rep filled in for one form (see prepareInputs). */
  saveInputs(applicationId: string, form: FormId, inputs: Record<string, unknown>, confirmVoids?: readonly string[]) {
    this.ctx.store.write(this.prepareInputs(applicationId, form, inputs, confirmVoids));
    return this.status(applicationId);
  }

  /**
   * Records a signature or seal for the current version of a form. The quote may not be signed
   * while HQ approval is pending or refused (최종 견적은 본사 확인 후 날인). The first signature of a
   * form that prints HQ's supplier block freezes that block with it (documents.facts).
   */
  sign(input: { applicationId: string; form: FormId; area: string; mark: 'signature' | 'seal'; signerName: string; png: Uint8Array }) {
    const statuses = this.status(input.applicationId);
    const doc = statuses.find((d) => d.form === input.form);
    if (!doc) throw new AppError('INVALID_INPUT', errorMsg('core.formNotOnApplication', { form: input.form }));
    if (doc.unavailable) throw new AppError('NOT_ALLOWED', errorMsg('core.signNotYet', { reason: doc.unavailable }));
    const area = doc.areas.find((a) => a.id === input.area);
    if (!area) throw new AppError('INVALID_INPUT', errorMsg('core.noSuchArea', { title: doc.title, area: input.area }));
    if (doc.signBlockedMsg) throw new AppError('NOT_ALLOWED', errorMsg('err.message', { text: doc.signBlockedMsg }));
    if (doc.signBlocked) throw new AppError('NOT_ALLOWED', doc.signBlocked);
    const app = this.ctx.repos.applications.get(input.applicationId);
    const row = this.rowsOf(app, [input.form]).get(input.form)!;
    this.ctx.store.write((tx) => {
      const now = this.ctx.clock.now();
      const nowIso = now.toISOString();
      this.storeRow(tx, row, nowIso);
      if (SUPPLIER_FORMS.includes(input.form) && !row.facts) {
        const facts: DocumentFacts = { supplier: this.supplierFor(row), frozenAt: nowIso };
        tx.update(documents).set({ facts }).where(eq(documents.id, row.id)).run();
      }
      // Form #1 prints the consent texts in force at its first signature, from then on (issue 17).
      const consentTexts = input.form === '1' ? (row.facts?.consentTexts ?? this.ctx.repos.consents.textVersionFor(app.id)) : undefined;
      if (input.form === '1' && !row.facts) {
        const facts: DocumentFacts = { consentTexts, frozenAt: nowIso };
        tx.update(documents).set({ facts }).where(eq(documents.id, row.id)).run();
      }
      const image = this.ctx.attachments.put(tx, input.png, nowIso, ['image/png']);
      const signatureId = newId();
      tx.insert(signatures)
        .values({
          id: signatureId,
          documentId: doc.docId,
          area: input.area,
          versionKey: doc.versionKey,
          mark: input.mark,
          signerName: input.signerName,
          signedAt: localIso(now),
          device: this.ctx.info.device,
          appVersion: this.ctx.info.version,
          imageSha256: image.sha256,
          createdAt: nowIso,
        })
        .run();
      // Signing a consent area of form #1 gives that consent, with this signature and the text version printed.
      const purpose = input.form === '1' ? purposeOfArea(input.area) : undefined;
      if (purpose && consentTexts) {
        this.ctx.repos.consents.append(tx, { customerId: app.customerId, applicationId: app.id, purpose, action: 'agree', textVersion: consentTexts.version, signatureId, by: this.ctx.info.device });
      }
    });
    return this.status(input.applicationId);
  }
}

/** "양식 #1 신청서", but "견적서" (not "견적서 견적서"). */
function formTitle(code: string, title: string): string {
  return /#\d/.test(code) && !title.includes(code) ? `${code} ${title}` : title;
}

const DOCUMENT_ID_NAMESPACE = '5b0c2f1e-8f6a-4b8e-9d3c-2a7e4f1b6c90';

/**
 * A document's id follows from its application and form, so two devices that open the same
 * application's documents offline create the same record, not two that collide at HQ.
 */
function documentIdFor(applicationId: string, form: string): string {
  return v5(`${applicationId}:${form}`, DOCUMENT_ID_NAMESPACE);
}

/** Device time with its UTC offset, as the audit page prints it (2026-11-22T14:05:09+09:00). */
function localIso(d: Date): string {
  const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

export function deviceName(): string {
  return os.hostname() || 'unknown-device';
}
