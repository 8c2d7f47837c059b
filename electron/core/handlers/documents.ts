import { eq } from 'drizzle-orm';
import type { HandlerMap } from '../../../shared/contract/dispatcher';
import type { Contract } from '../../../shared/contract/contract';
import type { CoreContext } from '../context';
import { applicationAttachments, attachments } from '../store/schema';
import { newId } from '../ids';

type H = HandlerMap<
  Pick<Contract, 'documents.status' | 'documents.render' | 'documents.packet' | 'jobs.get' | 'documents.sign' | 'documents.saveInputs' | 'attachments.add'>,
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
};
