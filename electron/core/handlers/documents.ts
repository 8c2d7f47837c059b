import { and, eq } from 'drizzle-orm';
import { errorMsg } from '../../../shared/i18n/error-messages';
import { AppError } from '../../../shared/contract/errors';
import { attachmentRemovalRefusal } from '../../../shared/lifecycle/editing';
import type { HandlerMap } from '../../../shared/contract/dispatcher';
import type { Contract } from '../../../shared/contract/contract';
import type { CoreContext } from '../context';
import { applicationAttachments, attachments } from '../store/schema';
import { newId } from '../ids';

type H = HandlerMap<
  Pick<Contract, 'documents.status' | 'documents.render' | 'documents.packet' | 'jobs.get' | 'documents.sign' | 'documents.saveInputs' | 'attachments.add' | 'attachments.get' | 'attachments.remove'>,
  CoreContext
>;

function attachmentList(ctx: CoreContext, applicationId: string) {
  return ctx.store.db
    .select({ link: applicationAttachments, file: attachments })
    .from(applicationAttachments)
    .innerJoin(attachments, eq(attachments.sha256, applicationAttachments.sha256))
    .where(eq(applicationAttachments.applicationId, applicationId))
    .all()
    .map(({ link, file }) => ({ id: link.id, purpose: link.purpose, fileName: link.fileName, sha256: file.sha256, mime: file.mime, bytes: file.bytes, createdAt: link.createdAt }));
}

/** The attachment link of this application, or NOT_FOUND (an id of another application is not found either). */
function attachmentOf(ctx: CoreContext, applicationId: string, id: string) {
  const found = ctx.store.db
    .select({ link: applicationAttachments, file: attachments })
    .from(applicationAttachments)
    .innerJoin(attachments, eq(attachments.sha256, applicationAttachments.sha256))
    .where(and(eq(applicationAttachments.id, id), eq(applicationAttachments.applicationId, applicationId)))
    .get();
  if (!found) throw new AppError('NOT_FOUND', errorMsg('core.attachmentNotFound'), { id });
  return found;
}

function statusOutput(ctx: CoreContext, applicationId: string) {
  return { documents: ctx.documents.status(applicationId), attachments: attachmentList(ctx, applicationId) };
}

const toFile = (r: Awaited<ReturnType<CoreContext['documents']['render']>>) => ({
  fileName: r.fileName,
  mime: r.mime,
  base64: Buffer.from(r.data).toString('base64'),
  sha256: r.sha256,
  bytes: r.data.length,
  pages: r.pages,
});

export const documentHandlers: H = {
  'documents.status': ({ applicationId }, ctx) => statusOutput(ctx, applicationId),
  'documents.render': async ({ applicationId, forms, format, packet }, ctx) => toFile(await ctx.documents.render(applicationId, forms, format, packet)),
  'documents.packet': ({ applicationId, forms, format }, ctx) => {
    ctx.repos.applications.get(applicationId); // NOT_FOUND now rather than inside the job
    const jobId = ctx.jobs.start(async (progress) => toFile(await ctx.documents.render(applicationId, forms, format, true, progress)));
    return { jobId };
  },
  'jobs.get': ({ jobId }, ctx) => ctx.jobs.get(jobId) as never,
  'documents.sign': ({ applicationId, form, area, mark, signerName, pngBase64 }, ctx) => {
    ctx.documents.sign({ applicationId, form, area, mark, signerName, png: Buffer.from(pngBase64, 'base64') });
    return statusOutput(ctx, applicationId);
  },
  'documents.saveInputs': ({ applicationId, form, inputs, confirmVoids }, ctx) => {
    ctx.documents.saveInputs(applicationId, form, inputs, confirmVoids);
    return statusOutput(ctx, applicationId);
  },
  'attachments.add': ({ applicationId, purpose, fileName, base64 }, ctx) => {
    ctx.repos.applications.get(applicationId);
    ctx.store.write((tx) => {
      const now = ctx.clock.now().toISOString();
      const file = ctx.attachments.put(tx, Buffer.from(base64, 'base64'), now);
      tx.insert(applicationAttachments).values({ id: newId(), applicationId, purpose, sha256: file.sha256, fileName, createdAt: now }).run();
    });
    return statusOutput(ctx, applicationId);
  },
  'attachments.get': ({ applicationId, id }, ctx) => {
    const { link, file } = attachmentOf(ctx, applicationId, id);
    return { id: link.id, fileName: link.fileName, mime: file.mime, base64: Buffer.from(ctx.attachments.read(file.sha256)).toString('base64') };
  },
  'attachments.remove': ({ applicationId, id }, ctx) => {
    const app = ctx.repos.applications.get(applicationId);
    // Before submission only (shared/lifecycle/editing.ts): what HQ received stays as it was.
    const refused = attachmentRemovalRefusal(app.status);
    if (refused) throw new AppError('NOT_ALLOWED', refused.message, refused.details);
    attachmentOf(ctx, applicationId, id);
    ctx.store.write(() => {
      // The deletion travels to HQ like a discarded draft's (op 'delete'); the file's bytes stay in
      // the content store (another link or a signature may share them).
      ctx.store.sqlite
        .prepare(
          `INSERT INTO outbox (mutation_id, entity, entity_id, op, fields, base_version, client_time, state)
           VALUES (uuid7(), 'application_attachment', ?, 'delete', '{}', coalesce((SELECT server_version FROM sync_records WHERE entity = 'application_attachment' AND entity_id = ?), 0), ?, 'queued')`,
        )
        .run(id, id, ctx.clock.now().toISOString());
      ctx.store.sqlite.prepare('DELETE FROM application_attachments WHERE id = ? AND application_id = ?').run(id, applicationId);
    });
    return statusOutput(ctx, applicationId);
  },
};
