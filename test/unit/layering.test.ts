import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Runs the project's layering rules (its own .dependency-cruiser.cjs, as `depcruise --config`
 * reads it) on a small tree and returns the names of the rules broken. In this process through
 * dependency-cruiser's API: a `depcruise` process per case cost 2.5 s of CPU to start (24 s of
 * wall time at load 16), the cruise itself a fraction of that.
 */
async function brokenRules(files: Record<string, string>): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layering-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { moduleResolution: 'bundler', module: 'ESNext' } }));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const options = await extractDepcruiseOptions(path.join(root, '.dependency-cruiser.cjs'));
  const roots = ['shared', 'electron', 'renderer', 'server', 'test'].filter((d) => fs.existsSync(path.join(dir, d)));
  const result = await cruise(roots, { ...options, baseDir: dir }, {}, { tsConfig: extractTSConfig(path.join(dir, 'tsconfig.json')) });
  fs.rmSync(dir, { recursive: true, force: true });
  const output = result.output as ICruiseResult;
  return [...new Set(output.summary.violations.map((v) => v.rule.name))].sort();
}

const ok = 'export const x = 1;\n';

describe('layering lint rule', () => {
  it('accepts the allowed directions: renderer→shared, core→shared, shell→core and electron', async () => {
    expect(
      await brokenRules({
        'shared/a.ts': ok,
        'renderer/r.ts': "import { x } from '../shared/a';\nexport const y = x;\n",
        'electron/core/c.ts': "import fs from 'node:fs';\nimport { x } from '../../shared/a';\nexport const y = [fs, x];\n",
        'electron/shell/main.ts': "import { app } from 'electron';\nimport { y } from '../core/c';\nexport const z = [app, y];\n",
        'electron/hosts/cli.ts': "import { y } from '../core/c';\nexport const z = y;\n",
        'server/s.ts': "import { x } from '../shared/a';\nexport const y = x;\n",
        'test/t.ts': "import { y } from '../electron/core/c';\nexport const z = y;\n",
      }),
    ).toEqual([]);
  });

  it('refuses shared/ importing the renderer or doing I/O', async () => {
    expect(
      await brokenRules({
        'shared/a.ts': "import fs from 'node:fs';\nimport { y } from '../renderer/r';\nexport const x = [fs, y];\n",
        'renderer/r.ts': ok.replace('x', 'y'),
      }),
    ).toEqual(['shared-does-no-io', 'shared-imports-nothing-of-ours']);
  });

  it('refuses the renderer importing the core or node built-ins', async () => {
    expect(
      await brokenRules({
        'renderer/r.ts': "import path from 'node:path';\nimport { x } from '../electron/core/c';\nexport const y = [path, x];\n",
        'electron/core/c.ts': ok,
      }),
    ).toEqual(['renderer-does-no-node-io', 'renderer-imports-shared-only']);
  });

  it('refuses electron imported outside electron/shell/', async () => {
    expect(
      await brokenRules({
        'electron/core/c.ts': "import { app } from 'electron';\nexport const x = app;\n",
        'electron/hosts/web.ts': "import { app } from 'electron';\nexport const x = app;\n",
      }),
    ).toEqual(['only-the-shell-imports-electron']);
  });

  it('refuses the core importing a host and anything importing test/', async () => {
    expect(
      await brokenRules({
        'electron/core/c.ts': "import { z } from '../hosts/cli';\nimport { t } from '../../test/t';\nexport const x = [z, t];\n",
        'electron/hosts/cli.ts': 'export const z = 1;\n',
        'test/t.ts': 'export const t = 1;\n',
        'server/s.ts': "import { x } from '../electron/core/c';\nexport const y = x;\n",
      }),
    ).toEqual(['core-stays-below-hosts', 'nothing-imports-tests', 'server-is-separate']);
  });

  it('refuses an npm package in shared/ that is not on its allow-list (a database driver does I/O)', async () => {
    expect(
      await brokenRules({
        'shared/a.ts': "import Database from 'better-sqlite3';\nimport pg from 'pg';\nexport const x = [Database, pg];\n",
        'shared/b.ts': "import { z } from 'zod';\nimport { addDays } from 'date-fns';\nexport const y = [z, addDays];\n",
      }),
    ).toEqual(['shared-npm-allow-list']);
  });

  it('refuses two modules that import each other, at run time or for types only', async () => {
    expect(
      await brokenRules({
        'electron/core/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
        'electron/core/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
      }),
    ).toEqual(['no-cycles']);
    expect(
      await brokenRules({
        'electron/core/a.ts': "import type { B } from './b';\nexport interface A { b?: B }\nexport const a = 1;\n",
        'electron/core/b.ts': "import { a } from './a';\nexport interface B { n: typeof a }\nexport const b = a;\n",
      }),
    ).toEqual(['no-cycles']);
    expect(
      await brokenRules({
        'electron/core/a.ts': "import type { B } from './b';\nexport const a = (b: B) => b.n;\n",
        'electron/core/b.ts': 'export interface B { n: number }\n',
      }),
    ).toEqual([]);
  });
});
