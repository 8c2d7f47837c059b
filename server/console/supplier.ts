import { sql } from 'drizzle-orm';
import type { Supplier } from '../../shared/forms/inputs';
import { HQ_SUPPLIER_ID, type Fields, type JsonValue } from '../../shared/sync/protocol';
import { HQ_BRANCH_ID, q, writeTx, type Database, type Executor } from '../db/open';
import { audit, type Actor } from './audit';
import { canonicalJson } from '../admin/ops';

/**
 * The supplier block (공급자: KT's name, business number, representative, address) printed on
 * quotes and contracts. HQ publishes it as one HQ-wide record every device pulls; a device prints
 * it instead of the copy it shipped with (resources/supplier.json).
 */
export async function readSupplier(ex: Executor): Promise<{ version: number | null; publishedAt: string | null; supplier: unknown }> {
  const row = (await q<{ version: number; fields: Fields }>(ex, sql`select version, fields from records where entity = 'supplier' and id = ${HQ_SUPPLIER_ID}`))[0];
  return { version: row ? row.version : null, publishedAt: typeof row?.fields.publishedAt === 'string' ? row.fields.publishedAt : null, supplier: row?.fields.supplier ?? null };
}

export async function publishSupplier(database: Database, supplier: Supplier, actor: Actor): Promise<{ id: string; version: number; unchanged: boolean }> {
  return writeTx(database.db, async (tx) => {
    const rows = await q<{ version: number; fields: Fields }>(tx, sql`select version, fields from records where entity = 'supplier' and id = ${HQ_SUPPLIER_ID} for update`);
    const before = rows[0];
    const value = JSON.parse(JSON.stringify(supplier)) as JsonValue;
    if (before && canonicalJson(before.fields.supplier) === canonicalJson(value)) return { id: HQ_SUPPLIER_ID, version: before.version, unchanged: true };
    const version = (before ? before.version : 0) + 1;
    const fields: Fields = { supplier: value, publishedAt: new Date().toISOString() };
    await tx.execute(sql`
      insert into records (entity, id, branch_id, version, fields, stamps, deleted, seq)
      values ('supplier', ${HQ_SUPPLIER_ID}, ${HQ_BRANCH_ID}, ${version}, ${JSON.stringify(fields)}::jsonb, '{}'::jsonb, false, nextval('change_seq'))
      on conflict (entity, id) do update set version = excluded.version, fields = excluded.fields, seq = excluded.seq, updated_at = now()`);
    await audit(tx, actor, { action: 'supplier.publish', targetKind: 'supplier', targetId: HQ_SUPPLIER_ID, before: before?.fields.supplier ?? null, after: value });
    return { id: HQ_SUPPLIER_ID, version, unchanged: false };
  });
}
