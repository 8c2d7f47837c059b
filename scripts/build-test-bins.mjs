// Prebuilt bundles of the process entries the tests start (CLI, web host, HQ, the guarded child), so a spawned
// process starts in a fraction of tsx's time and a busy machine does not turn start-up into a
// timeout. Built "in place": each module's import.meta.url stays its source file's URL, so paths
// to resources, migrations and fonts resolve exactly as under tsx. Test-only; the app ships the
// bundles scripts/build.mjs makes.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
export const TEST_BIN_DIR = path.join(root, 'dist', 'test-bin');
export const TEST_BINS = {
  cli: 'electron/hosts/cli.ts',
  web: 'electron/hosts/web.ts',
  hq: 'server/main.ts',
  'guarded-child': 'test/support/guarded-child.ts',
};

const inPlace = {
  name: 'import-meta-in-place',
  setup(b) {
    b.onLoad({ filter: /\.(ts|tsx)$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const text = await fs.promises.readFile(args.path, 'utf8');
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: text.replaceAll('import.meta.url', url).replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path))), loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
};

/**
 * An embedded HQ database made once (PGlite's initdb and HQ's migrations, nothing else: no server
 * id, no branch), which tests copy into a new HQ data folder instead of paying initdb again —
 * measured 4–5 s of CPU per HQ start, 12 s and more of wall time on a busy machine. HQ opens it as
 * it opens any folder it made before: migrations checked, branch 0 and its own server id seeded.
 * Tests that prove a first start from an empty folder keep an empty folder (test/support/hq-data.ts).
 */
export const HQ_TEMPLATE_DIR = path.join(TEST_BIN_DIR, 'hq-template');

async function buildHqTemplate() {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const making = `${HQ_TEMPLATE_DIR}.making-${process.pid}`;
  fs.rmSync(making, { recursive: true, force: true });
  fs.mkdirSync(making, { recursive: true });
  const client = new PGlite(path.join(making, 'pgdata'));
  await client.waitReady;
  await migrate(drizzle({ client }), { migrationsFolder: path.join(root, 'server', 'migrations') });
  await client.exec('checkpoint');
  await client.close();
  // Whole or not at all: a reader never sees a half-made template.
  fs.rmSync(HQ_TEMPLATE_DIR, { recursive: true, force: true });
  fs.renameSync(making, HQ_TEMPLATE_DIR);
}

export async function buildTestBins() {
  fs.mkdirSync(TEST_BIN_DIR, { recursive: true });
  await Promise.all([
    buildHqTemplate(),
    ...Object.entries(TEST_BINS).map(([name, entry]) =>
      build({
        entryPoints: [path.join(root, entry)],
        outfile: path.join(TEST_BIN_DIR, `${name}.mjs`),
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        sourcemap: true,
        logLevel: 'warning',
        // Native and WASM packages load their files relative to themselves: left to Node.
        external: ['better-sqlite3', 'better-sqlite3-multiple-ciphers', '@electric-sql/pglite', '@electric-sql/pglite/*', 'pdfjs-dist', 'pdfjs-dist/*', 'electron', '@node-rs/*', 'fsevents'],
        plugins: [inPlace],
        // The entry's "am I the main module?" check compares its own URL with argv[1].
        banner: {
          js: `import { createRequire as __salesdeskRequire } from 'node:module'; const require = __salesdeskRequire(import.meta.url); process.argv[1] = ${JSON.stringify(path.join(root, entry))};`,
        },
      }),
    ),
  ]);
  return TEST_BIN_DIR;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const t = Date.now();
  await buildTestBins();
  console.log(`test bundles → ${path.relative(root, TEST_BIN_DIR)} (${Date.now() - t} ms)`);
}
