import { sql } from 'drizzle-orm';
import { HQ_SUPPLIER_ID, type Fields } from '../../shared/sync/protocol';
import { q, type Executor } from '../db/open';

/**
 * The supplier block (공급자: KT's name, business number, representative, address) printed on
 * quotes and contracts, as HQ last published it (admin/ops.ts publishSupplier: one HQ-wide record
 * every device pulls; until then a device prints 미설정, and a signed form keeps the block it was
 * signed with).
 */
export async function readSupplier(ex: Executor): Promise<{ version: number | null; publishedAt: string | null; supplier: unknown }> {
  const row = (await q<{ version: number; fields: Fields }>(ex, sql`select version, fields from records where entity = 'supplier' and id = ${HQ_SUPPLIER_ID}`))[0];
  return { version: row ? row.version : null, publishedAt: typeof row?.fields.publishedAt === 'string' ? row.fields.publishedAt : null, supplier: row?.fields.supplier ?? null };
}
