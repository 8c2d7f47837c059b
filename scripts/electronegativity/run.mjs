// Electronegativity over electron/ (issue 10): Electron misconfigurations and anti-patterns.
// Run inside `unshare -n` (no network): the tool then uses its offline data instead of fetching
// release lists and translations. Findings that are false positives are justified, one by one,
// in justified.json; any other finding fails. Prints one line of counts.
//   node scripts/electronegativity/run.mjs
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const here = import.meta.dirname;
const root = path.resolve(here, '../..');
const tool = path.join(here, 'node_modules/@doyensec/electronegativity/dist/index.js');
const config = JSON.parse(fs.readFileSync(path.join(here, 'justified.json'), 'utf8'));

function fail(message) {
  console.error(`electronegativity: ${message}`);
  process.exit(1);
}

// Installed apart from the app (its own package.json and lock): ESLint 7 and TypeScript 4.2 stay out of the app's tree.
if (!fs.existsSync(tool)) {
  console.log('electronegativity: installing (npm ci in scripts/electronegativity)…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', here], { stdio: 'inherit' });
  if (r.status !== 0 || !fs.existsSync(tool)) fail('could not install @doyensec/electronegativity (npm ci in scripts/electronegativity failed).');
}

// Without a network namespace the tool tries the internet and may hang or judge by a stale list: never run it so, and never skip silently.
const probe = spawnSync('unshare', ['-n', 'true'], { encoding: 'utf8' });
if (probe.error || probe.status !== 0) {
  const why = probe.error?.message ?? (probe.stderr.trim() || `exit ${probe.status}`);
  fail(
    `NOT RUN — 'unshare -n' is not available here (${why}). ` +
      'It needs root or user namespaces (CI runs as root). Run `sudo node scripts/electronegativity/run.mjs`, or enable unprivileged user namespaces.',
  );
}

/** The tool's CSV: a header row, then one row per finding; fields may be quoted with "" escapes. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

/** One run of the tool into a fresh CSV file: its rows, header first. */
function scan() {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'electronegativity-')), 'findings.csv');
  const run = spawnSync('unshare', ['-n', process.execPath, tool, '-i', path.join(root, 'electron'), '-e', config.electronVersion, '-r', '-o', out], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (run.status !== 0 || !fs.existsSync(out)) fail(`the tool failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  return parseCsv(fs.readFileSync(out, 'utf8'));
}

/**
 * The tool writes its CSV header and its rows with two asynchronous fs.writeFile calls (util/file.js:
 * the header truncates, the rows append) that race: when the header lands second, it overwrites
 * the start of the rows (seen in a CI-like run: the first row cut mid-field). A well-formed file has
 * the header, then rows of as many fields, each naming a check; a torn one is scanned again.
 */
const wellFormed = (table) => table.length > 0 && table[0][0]?.trim() === 'issue' && table.slice(1).every((r) => r.length === table[0].length && /^[A-Z_]+_CHECK$/.test(r[0].trim()));
let table = scan();
for (let attempt = 2; attempt <= 3 && !wellFormed(table); attempt++) {
  console.error(`electronegativity: the tool's CSV came out torn (its header and rows are written by racing writes); scanning again (${attempt}/3)`);
  table = scan();
}
if (!wellFormed(table)) fail(`the tool's CSV was torn three times running:\n${table.map((r) => r.join(',')).join('\n')}`);
const [header, ...rows] = table;
const col = (name) => header.findIndex((h) => h.trim() === name);
const findings = rows.map((r) => ({
  check: r[col('issue')].trim(),
  severity: r[col('severity')].trim(),
  file: r[col('filename')].trim(),
  location: r[col('location')].trim(),
  sample: r[col('sample')].trim(),
}));
const used = new Set();
const open = [];
for (const f of findings) {
  const j = config.justified.findIndex((x) => x.check === f.check && x.file === f.file && f.sample.includes(x.sample));
  if (j < 0) open.push(f);
  else used.add(j);
}
const stale = config.justified.filter((_, i) => !used.has(i));
for (const f of open) console.error(`OPEN  ${f.check} (${f.severity}) ${f.file}:${f.location}  ${f.sample}`);
for (const s of stale) console.error(`STALE justification (matches no finding; remove it from justified.json): ${s.check} ${s.file} "${s.sample}"`);
console.log(
  `electronegativity (Electron ${config.electronVersion}, offline): ${findings.length} findings, ${findings.length - open.length} justified, ${open.length} open${stale.length ? `, ${stale.length} stale justifications` : ''}`,
);
process.exit(open.length > 0 || stale.length > 0 ? 1 : 0);
