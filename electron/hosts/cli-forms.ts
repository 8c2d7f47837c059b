/**
 * `forms`: print the documents of one application from the command line.
 *
 *   forms --input application.json --out DIR [--forms 1,2,3,quote,4,5,6] [--format pdf|docx]
 *         [--packet] [--before before.json] [--change change.json] [--delivery delivery.json]
 *         [--settlement settlement.json] [--supplier supplier.json]
 *
 * Reads the application JSON (plain, or an export of one), writes each form (and the packet with
 * --packet) into DIR and prints `[{"form","path","bytes","sha256"}]`. Bad input — a missing or
 * unreadable file, invalid JSON, data the schema refuses, an unknown form, a bad format — exits 2
 * with a Korean message on stderr, nothing on stdout, and writes nothing (not even DIR).
 * Pure with respect to process state: the caller passes file reading, the working directory and
 * the environment, and writes the result out.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateDocuments } from '../core/documents/generate';
import { FORM_IDS, type FormId } from '../../shared/forms/model';
import { argumentError, badInput, fromError, type CliResult } from './cli-io';

export interface FormsIo {
  /** Reads a whole text file (UTF-8); throws when it cannot. */
  readFile(file: string): string;
  /** The directory relative paths are resolved against. */
  cwd: string;
  /** SOURCE_DATE_EPOCH (seconds) fixes the date written into the files, for reproducible output. */
  env: Record<string, string | undefined>;
}

/** What `forms` prints for each file, in this key order. */
export interface FormsOutputEntry {
  form: FormId | 'packet';
  path: string;
  bytes: number;
  sha256: string;
}

/** Forms printed when --forms is not given (#4 only with --before; settlement and contract only when asked). */
export const DEFAULT_CLI_FORMS: readonly FormId[] = ['1', '2', '3', 'quote', '4', '5', '6'];

export const FORMS_USAGE = `사용법: npm run --silent cli -- forms --input 청약.json --out 폴더 [옵션]

  --input 파일     청약 JSON (그대로 또는 applications export 결과)
  --out 폴더       문서를 저장할 폴더 (없으면 만듭니다)
  --forms 목록     만들 양식, 쉼표로 구분: ${FORM_IDS.join(',')}
                   (기본: 1,2,3,quote,4,5,6 — 4는 --before가 있을 때만)
                   quote = 견적서, settlement = 청구/정산 요청서, contract = 계약서 초안
  --format 형식    pdf(기본) 또는 docx
  --packet         모든 양식을 순서대로 묶은 파일(packet)도 만듭니다
  --before 파일    변경 전 청약 JSON (양식 #4 변경신청서에 필요)
  --change 파일    #4의 변경 사유·신청일·과금 개시일 JSON {"reason","requestedDate","billingStartDate"}
  --delivery 파일  #5의 납품 내역 JSON {"location","date","rows":[{"name","spec","quantity"}], …}
  --settlement 파일 청구/정산 요청서 내용 JSON (양식의 입력 항목)
  --supplier 파일  견적서·계약서의 공급자 정보 JSON {"name","businessNumber","representative","address"}
                   (본사가 게시하는 정보; 없으면 공급자 블록이 “미설정”으로 인쇄됩니다)

출력: [{"form","path","bytes","sha256"}] (JSON). 잘못된 입력이면 종료 코드 2, 아무 파일도 만들지 않습니다.`;

function usageError(message: string): CliResult {
  return badInput(`${message}\n\n${FORMS_USAGE}`);
}

/** Reads and parses a JSON file named on the command line; a Korean message on any failure. */
function readJson(io: FormsIo, file: string, what: string, option: string): { ok: true; value: unknown } | { ok: false; result: CliResult } {
  const full = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = io.readFile(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '파일이 없습니다' : code === 'EISDIR' ? '폴더입니다' : code === 'EACCES' ? '읽을 권한이 없습니다' : (error as Error).message;
    return { ok: false, result: badInput(`${what} 파일을 읽을 수 없습니다: ${full} (${why}). ${option}의 경로를 확인하세요.`) };
  }
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    return { ok: false, result: badInput(`${what} 파일이 올바른 JSON이 아닙니다: ${full} (${(error as Error).message}). 따옴표와 쉼표를 확인하세요.`) };
  }
}

function parseForms(value: string): { ok: true; forms: FormId[] } | { ok: false; result: CliResult } {
  const ids = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) return { ok: false, result: usageError(`--forms에 만들 양식을 하나 이상 쓰세요 (예: --forms 1,2,quote).`) };
  const unknown = ids.filter((id) => !(FORM_IDS as readonly string[]).includes(id));
  if (unknown.length) {
    return { ok: false, result: usageError(`알 수 없는 양식입니다: ${unknown.join(', ')}. 양식은 ${FORM_IDS.join(', ')} 중에서 고르세요.`) };
  }
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length) return { ok: false, result: usageError(`같은 양식을 두 번 지정했습니다: ${[...new Set(twice)].join(', ')}. 한 번씩만 쓰세요.`) };
  // Packet order: 1, 2, 3, quote, 4, 5, 6, settlement, contract — whatever order they were typed in.
  return { ok: true, forms: FORM_IDS.filter((id) => ids.includes(id)) };
}

function nowFrom(env: FormsIo['env']): Date | { error: string } {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return new Date();
  if (!/^\d{1,12}$/.test(epoch)) return { error: `SOURCE_DATE_EPOCH는 1970-01-01부터의 초(정수)입니다: '${epoch}'. 값을 고치거나 지우세요.` };
  return new Date(Number(epoch) * 1000);
}

export async function runFormsCommand(argv: string[], io: FormsIo): Promise<CliResult> {
  const args = argv[0] === 'forms' ? argv.slice(1) : argv;
  let values: {
    input?: string;
    out?: string;
    forms?: string;
    format?: string;
    packet?: boolean;
    before?: string;
    change?: string;
    delivery?: string;
    settlement?: string;
    supplier?: string;
    help?: boolean;
  };
  try {
    values = parseArgs({
      args,
      allowPositionals: false,
      strict: true,
      options: {
        input: { type: 'string' },
        out: { type: 'string' },
        forms: { type: 'string' },
        format: { type: 'string' },
        packet: { type: 'boolean' },
        before: { type: 'string' },
        change: { type: 'string' },
        delivery: { type: 'string' },
        settlement: { type: 'string' },
        supplier: { type: 'string' },
        // Accepted for symmetry with the other commands; forms reads no store.
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    return usageError(argumentError(error));
  }
  if (values.help) return { exitCode: 0, stdout: `${FORMS_USAGE}\n`, stderr: '' };
  if (!values.input) return usageError('--input으로 청약 JSON 파일을 지정하세요 (예: --input application.json).');
  if (!values.out) return usageError('--out으로 문서를 저장할 폴더를 지정하세요 (예: --out ./서류).');
  const format = values.format ?? 'pdf';
  if (format !== 'pdf' && format !== 'docx') return usageError(`형식(--format)은 pdf 또는 docx입니다: '${format}'.`);

  let forms: FormId[];
  if (values.forms !== undefined) {
    const parsed = parseForms(values.forms);
    if (!parsed.ok) return parsed.result;
    forms = parsed.forms;
    if (forms.includes('4') && values.before === undefined) {
      return usageError('변경신청서(양식 #4)에는 변경 전 청약이 필요합니다. --before 변경전청약.json 을 지정하거나 --forms에서 4를 빼세요.');
    }
  } else {
    // Not asked for explicitly: #4 only when the application before the change is given.
    forms = DEFAULT_CLI_FORMS.filter((f) => f !== '4' || values.before !== undefined);
  }

  const application = readJson(io, values.input, '청약', '--input');
  if (!application.ok) return application.result;
  // A termination is signed on #1 (marked 해지) alone: no quote, terms or delivery for a service being ended.
  if (values.forms === undefined && (application.value as { kind?: unknown } | null)?.kind === 'termination') forms = ['1'];
  let before: unknown;
  if (values.before !== undefined && forms.includes('4')) {
    const read = readJson(io, values.before, '변경 전 청약', '--before');
    if (!read.ok) return read.result;
    before = read.value;
  }
  // What the rep fills in per form (#4 reason and dates, #5 rows, the settlement request), as the app's 내용 입력 saves it.
  const extras: { change?: unknown; delivery?: unknown; settlement?: unknown; supplier?: unknown } = {};
  for (const [key, label] of [
    ['change', '변경 내역'],
    ['delivery', '납품 내역'],
    ['settlement', '청구/정산 요청 내용'],
    ['supplier', '공급자 정보'],
  ] as const) {
    const file = values[key];
    if (file === undefined) continue;
    const read = readJson(io, file, label, `--${key}`);
    if (!read.ok) return read.result;
    extras[key] = read.value;
  }
  const now = nowFrom(io.env);
  if (!(now instanceof Date)) return badInput(now.error);

  try {
    const files = await generateDocuments({
      application: application.value,
      ...(before !== undefined ? { before } : {}),
      ...extras,
      forms,
      format,
      packet: values.packet === true,
      outDir: path.resolve(io.cwd, values.out),
      now,
    });
    const out: FormsOutputEntry[] = files.map((f) => ({ form: f.form, path: f.path, bytes: f.bytes, sha256: f.sha256 }));
    return { exitCode: 0, stdout: `${JSON.stringify(out, null, 2)}\n`, stderr: '' };
  } catch (error) {
    return fromError(error);
  }
}
