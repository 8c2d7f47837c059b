import { AppError, type WireError } from '../../shared/contract/errors';

/** What a CLI command produces; the entry point writes it out and exits. */
export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
/** Bad input: a wrong argument, malformed JSON, or data the schema refuses. Nothing was stored. */
export const EXIT_BAD_INPUT = 2;

export function ok(value: unknown): CliResult {
  return { exitCode: EXIT_OK, stdout: `${JSON.stringify(value, null, 2)}\n`, stderr: '' };
}

export function badInput(message: string): CliResult {
  return { exitCode: EXIT_BAD_INPUT, stdout: '', stderr: `오류: ${message}\n` };
}

/** Maps a contract error to an exit code: the caller's mistakes (and unanswered questions) are 2, everything else 1. */
export function fromWireError(error: WireError): CliResult {
  const lines = [`오류: ${error.message}`];
  for (const issue of error.details?.issues ?? []) {
    lines.push(`  - ${issue.path || '(전체)'}: ${issue.message}`);
  }
  // The core asked a question the input did not answer: say how to answer it on the command line.
  const reason = error.details?.reason;
  if (error.code === 'CONFIRM_REQUIRED' && reason === 'customer_name') lines.push('  - 명령줄: 청약 JSON에 "nameChange": "renamed"(상호 변경) 또는 "mistake"(기존 상호 유지)를 넣어 다시 실행하세요.');
  if (error.code === 'CONFIRM_REQUIRED' && reason === 'voids_signatures') lines.push('  - 명령줄: 무효가 될 서명의 ID를 "confirmVoids"에 넣어 다시 실행하세요.');
  const bad = error.code === 'INVALID_INPUT' || error.code === 'NOT_FOUND' || error.code === 'CONFIRM_REQUIRED';
  return { exitCode: bad ? EXIT_BAD_INPUT : EXIT_FAILURE, stdout: '', stderr: `${lines.join('\n')}\n` };
}

export function fromError(error: unknown): CliResult {
  if (error instanceof AppError) return fromWireError(error.toWire());
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: EXIT_FAILURE, stdout: '', stderr: `오류: ${message}\n` };
}

/** Parses JSON read from stdin, with a message that says what to fix. */
export function parseJsonInput(text: string | undefined): { ok: true; value: unknown } | { ok: false; result: CliResult } {
  if (text === undefined || text.trim() === '') {
    return { ok: false, result: badInput('표준 입력(stdin)으로 JSON을 넣어 주세요. 예: cat application.json | npm run --silent cli -- applications import') };
  }
  try {
    // Windows tools (PowerShell, Notepad) start UTF-8 files with a byte-order mark.
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    return { ok: false, result: badInput(`입력이 올바른 JSON이 아닙니다 (${(error as Error).message}). 따옴표와 쉼표를 확인하세요.`) };
  }
}

/** node:util parseArgs errors, said in Korean with what to type instead (every CLI command uses it). */
export function argumentError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const option = /'(-[^'\s]*)/.exec(e.message ?? '')?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `알 수 없는 옵션입니다: ${option ?? ''}. 아래 사용법에 있는 옵션만 쓸 수 있습니다 (음수 금액 등 '-'로 시작하는 값은 받지 않습니다).`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `옵션 ${option ?? ''}에 값이 필요합니다. 예: ${option ?? '--옵션'} 값`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return '옵션이 아닌 인수가 있습니다. 아래 사용법을 확인하세요.';
    default:
      return `명령줄 인수가 올바르지 않습니다: ${e.message ?? String(error)}`;
  }
}
