// The layering rule over every top-level source folder that exists (see .dependency-cruiser.cjs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const folders = ['shared', 'electron', 'renderer', 'server', 'test', 'scripts'].filter((d) => fs.existsSync(path.join(root, d)));
const r = spawnSync(path.join(root, 'node_modules/.bin/depcruise'), [...folders, '--config', '.dependency-cruiser.cjs'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
