/**
 * DOCX output made reproducible: docx stamps every zip entry with the current time, so the archive
 * is rewritten (fflate) with the document's date. Tests read DOCX parts with `readZip`.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/** Reads every entry of a zip archive, in archive order. */
export function readZip(bytes: Uint8Array): ZipEntry[] {
  return Object.entries(unzipSync(bytes)).map(([name, data]) => ({ name, data }));
}

/**
 * Writes entries as a zip with every timestamp set to `date`'s UTC fields, so any time zone gives
 * the same bytes (zip times have no zone; fflate reads a Date's local fields, hence the shift).
 */
function writeZip(entries: readonly ZipEntry[], date: Date): Uint8Array {
  const utcFieldsAsLocal = new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds());
  const files: Zippable = {};
  for (const e of entries) files[e.name] = [e.data, { level: 6, mtime: utcFieldsAsLocal }];
  return zipSync(files);
}

/** Re-zips an archive with fixed timestamps, optionally rewriting entries. */
export function rezip(bytes: Uint8Array, date: Date, transform: (name: string, data: Uint8Array) => Uint8Array = (_n, d) => d): Uint8Array {
  return writeZip(
    readZip(bytes).map((e) => ({ name: e.name, data: transform(e.name, e.data) })),
    date,
  );
}
