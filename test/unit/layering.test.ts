import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const depcruise = path.join(root, 'node_modules/.bin/depcruise');

/** Runs the project's layering rules on a small tree and returns the names of the rules broken. */
function brokenRules(files: Record<string, string>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layering-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  fs.copyFileSync(path.join(root, '.dependency-cruiser.cjs'), path.join(dir, '.dependency-cruiser.cjs'));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { moduleResolution: 'bundler', module: 'ESNext' } }));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  let out: string;
  try {
    const roots = ['shared', 'electron', 'renderer', 'server', 'test'].filter((d) => fs.existsSync(path.join(dir, d)));
    out = execFileSync(depcruise, [...roots, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    out = (error as { stdout: string }).stdout;
  }
  const result = JSON.parse(out) as { summary: { violations: { rule: { name: string } }[] } };
  return [...new Set(result.summary.violations.map((v) => v.rule.name))].sort();
}

const ok = 'export const x = 1;\n';

describe('layering lint rule', () => {
  it('accepts the allowed directions: renderer→shared, core→shared, shell→core and electron', () => {
    expect(
      brokenRules({
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

  it('refuses shared/ importing the renderer or doing I/O', () => {
    expect(
      brokenRules({
        'shared/a.ts': "import fs from 'node:fs';\nimport { y } from '../renderer/r';\nexport const x = [fs, y];\n",
        'renderer/r.ts': ok.replace('x', 'y'),
      }),
    ).toEqual(['shared-does-no-io', 'shared-imports-nothing-of-ours']);
  });

  it('refuses the renderer importing the core or node built-ins', () => {
    expect(
      brokenRules({
        'renderer/r.ts': "import path from 'node:path';\nimport { x } from '../electron/core/c';\nexport const y = [path, x];\n",
        'electron/core/c.ts': ok,
      }),
    ).toEqual(['renderer-does-no-node-io', 'renderer-imports-shared-only']);
  });

  it('refuses electron imported outside electron/shell/', () => {
    expect(
      brokenRules({
        'electron/core/c.ts': "import { app } from 'electron';\nexport const x = app;\n",
        'electron/hosts/web.ts': "import { app } from 'electron';\nexport const x = app;\n",
      }),
    ).toEqual(['only-the-shell-imports-electron']);
  });

  it('refuses the core importing a host and anything importing test/', () => {
    expect(
      brokenRules({
        'electron/core/c.ts': "import { z } from '../hosts/cli';\nimport { t } from '../../test/t';\nexport const x = [z, t];\n",
        'electron/hosts/cli.ts': 'export const z = 1;\n',
        'test/t.ts': 'export const t = 1;\n',
        'server/s.ts': "import { x } from '../electron/core/c';\nexport const y = x;\n",
      }),
    ).toEqual(['core-stays-below-hosts', 'nothing-imports-tests', 'server-is-separate']);
  });

  it('refuses an npm package in shared/ that is not on its allow-list (a database driver does I/O)', () => {
    expect(
      brokenRules({
        'shared/a.ts': "import Database from 'better-sqlite3';\nimport pg from 'pg';\nexport const x = [Database, pg];\n",
        'shared/b.ts': "import { z } from 'zod';\nimport { addDays } from 'date-fns';\nexport const y = [z, addDays];\n",
      }),
    ).toEqual(['shared-npm-allow-list']);
  });

  it('refuses two modules that import each other, at run time or for types only', () => {
    expect(
      brokenRules({
        'electron/core/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
        'electron/core/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
      }),
    ).toEqual(['no-cycles']);
    expect(
      brokenRules({
        'electron/core/a.ts': "import type { B } from './b';\nexport interface A { b?: B }\nexport const a = 1;\n",
        'electron/core/b.ts': "import { a } from './a';\nexport interface B { n: typeof a }\nexport const b = a;\n",
      }),
    ).toEqual(['no-cycles']);
    expect(
      brokenRules({
        'electron/core/a.ts': "import type { B } from './b';\nexport const a = (b: B) => b.n;\n",
        'electron/core/b.ts': 'export interface B { n: number }\n',
      }),
    ).toEqual([]);
  });
});
