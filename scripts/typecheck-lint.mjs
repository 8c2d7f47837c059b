// `npm test`'s typecheck and ESLint on one TypeScript program (issue 13 item 6).
//
// `tsc -p .` and typed ESLint each built the same program from tsconfig.json and type-checked it:
// tsc all of it, ESLint's type-aware rules most of it again, node by node (measured: tsc 64 s,
// ESLint 191 s on a quiet machine). Here the program is built once, tsc's diagnostics come from it,
// and ESLint lints with that same program (typescript-eslint's `parserOptions.programs`), so its
// rules read the types the checker already resolved. Same tsconfig, same eslint.config.js, same
// files and rules: only where the program comes from changes. `npm run typecheck` and `npm run lint`
// stay as they were for a quick look at one side.
//
// Prints tsc's diagnostics, then ESLint's findings (stylish), each with its time. Exit code: 0 when
// both are clean; bit 1 set when the typecheck failed, bit 2 when ESLint found anything (any
// warning counts, as `--max-warnings 0`).
import path from 'node:path';
import ts from 'typescript';
import { ESLint } from 'eslint';

const root = path.resolve(import.meta.dirname, '..');
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const t0 = { wall: Date.now(), cpu: cpu() };
const took = (since) => `${((Date.now() - since.wall) / 1000).toFixed(1)} s, ${(cpu() - since.cpu).toFixed(1)} CPU-s`;

// 1. The program, as `tsc -p .` builds it.
const format = process.stdout.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
const formatHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail([d]) };
const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, host);
function fail(diagnostics) {
  console.error(format(diagnostics, formatHost));
  process.exit(3);
}
if (!config) fail([]);
const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, projectReferences: config.projectReferences, configFileParsingDiagnostics: config.errors });
const diagnostics = ts.getPreEmitDiagnostics(program);
const typecheckOk = diagnostics.length === 0;
if (!typecheckOk) console.log(format(diagnostics, formatHost));
const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length;
console.log(`typecheck (tsc, ${program.getSourceFiles().length} files): ${typecheckOk ? 'clean' : `${errors} errors, ${diagnostics.length} diagnostics`} (${took(t0)})`);

// 2. ESLint with that program.
const t1 = { wall: Date.now(), cpu: cpu() };
const eslint = new ESLint({
  cwd: root,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, programs: [program] } } },
});
let results;
try {
  results = await eslint.lintFiles(['.']);
} catch (error) {
  // A file outside tsconfig.json's program, a broken config: ESLint's side failed.
  console.error(error);
  process.exit((typecheckOk ? 0 : 1) | 2);
}
const formatter = await eslint.loadFormatter('stylish');
const output = await formatter.format(results);
if (output) console.log(output);
const findings = results.reduce((n, r) => n + r.errorCount + r.warningCount + r.fatalErrorCount, 0);
const lintOk = findings === 0;
console.log(`lint (ESLint, ${results.length} files): ${lintOk ? 'clean' : `${findings} findings`} (${took(t1)})`);
console.log(`typecheck + lint: ${took(t0)}`);
process.exit((typecheckOk ? 0 : 1) | (lintOk ? 0 : 2));
