import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogSchema, type Catalog } from '../../shared/catalog/schema';
import { koreanErrorMap, zodIssues } from '../../shared/contract/errors';

/** resources/catalogs beside the source tree; a packaged app passes its own resources path. */
export const DEFAULT_CATALOGS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources/catalogs');

/** A shipped catalog file that does not pass the schema: a build/packaging bug, not user input. */
export class CatalogFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${path.basename(file)}: ${message}`);
    this.name = 'CatalogFileError';
  }
}

/** Reads and validates one catalog JSON file. */
export function loadCatalogFile(file: string): Catalog {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CatalogFileError(file, `JSON을 읽을 수 없습니다 (${error instanceof Error ? error.message : String(error)}).`);
  }
  const parsed = catalogSchema.safeParse(raw, { error: koreanErrorMap });
  if (!parsed.success) {
    const issues = zodIssues(parsed.error)
      .map((i) => `${i.path || '(최상위)'}: ${i.message}`)
      .join('; ');
    throw new CatalogFileError(file, `가격표 형식이 맞지 않습니다 — ${issues}`);
  }
  const expectedId = path.basename(file, '.json');
  if (parsed.data.id !== expectedId) {
    throw new CatalogFileError(file, `파일 이름과 가격표 id('${parsed.data.id}')가 다릅니다. 파일 이름을 '${parsed.data.id}.json'으로 바꾸세요.`);
  }
  return parsed.data;
}

/**
 * Every `*.json` in the directory, validated, by id (sorted by file name for a stable order).
 * Throws CatalogFileError on the first bad file: a shipped price list must never be half-read.
 */
export function loadCatalogs(dir: string = DEFAULT_CATALOGS_DIR): Record<string, Catalog> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const catalogs: Record<string, Catalog> = {};
  for (const f of files) {
    const catalog = loadCatalogFile(path.join(dir, f));
    catalogs[catalog.id] = catalog;
  }
  return catalogs;
}
