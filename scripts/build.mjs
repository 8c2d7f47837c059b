// Builds everything the app ships: the renderer (Vite) and the Electron main, preload and core
// (esbuild → CommonJS bundles; only native and Electron modules stay external).
import fs from 'node:fs';
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';

const root = path.resolve(import.meta.dirname, '..');
const out = path.join(root, 'dist', 'electron');
const only = process.argv.includes('--renderer') ? 'renderer' : process.argv.includes('--electron') ? 'electron' : process.argv.includes('--hq') ? 'hq' : 'all';

// The HQ server as one ESM bundle (npm packages stay external): `node dist/hq/server/main.mjs`
// starts in well under a second where `tsx server/main.ts` spends ~2 s compiling — what devices
// wait for after HQ restarts. Its migrations sit where server/db/open.ts looks (../migrations).
if (only === 'hq') {
  const hqOut = path.join(root, 'dist', 'hq');
  fs.rmSync(hqOut, { recursive: true, force: true });
  await esbuild({
    entryPoints: [path.join(root, 'server/main.ts')],
    outfile: path.join(hqOut, 'server', 'main.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  fs.cpSync(path.join(root, 'server/migrations'), path.join(hqOut, 'migrations'), { recursive: true });
  console.log('built the HQ server → dist/hq/server/main.mjs');
  process.exit(0);
}

if (only !== 'electron') {
  await vite({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  // The HQ console (served by HQ at /console): a second Vite app.
  await vite({ configFile: path.join(root, 'vite.console.config.ts'), logLevel: 'warn' });
}

if (only !== 'renderer') {
  fs.rmSync(out, { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    sourcemap: true,
    logLevel: 'warning',
    external: ['electron', 'better-sqlite3'],
    // import.meta.url has no meaning in CJS bundles; paths are passed in explicitly instead.
    define: { 'import.meta.url': '"file:///salesdesk-bundle"' },
  };
  await Promise.all([
    esbuild({ ...common, entryPoints: [path.join(root, 'electron/shell/main.ts')], outfile: path.join(out, 'main.cjs') }),
    esbuild({ ...common, entryPoints: [path.join(root, 'electron/shell/preload.ts')], outfile: path.join(out, 'preload.cjs') }),
    esbuild({ ...common, entryPoints: [path.join(root, 'electron/core/utility-entry.ts')], outfile: path.join(out, 'core.cjs') }),
  ]);
  fs.cpSync(path.join(root, 'electron/core/store/migrations'), path.join(out, 'migrations'), { recursive: true });
  // The documents' Korean font ships beside the core bundle (its licence is in resources/licenses).
  const fontPkg = path.join(root, 'node_modules/@expo-google-fonts/noto-sans-kr');
  fs.mkdirSync(path.join(out, 'fonts'), { recursive: true });
  for (const f of ['400Regular/NotoSansKR_400Regular.ttf', '700Bold/NotoSansKR_700Bold.ttf']) {
    fs.copyFileSync(path.join(fontPkg, f), path.join(out, 'fonts', path.basename(f)));
  }
}
console.log(`built ${only === 'all' ? 'renderer, HQ console and electron bundles' : only === 'renderer' ? 'renderer and HQ console' : only} → dist/`);
