import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/processes';

/**
 * Electron fuses (issue 10, item 6): the packaged app must not run as plain Node, take
 * NODE_OPTIONS or --inspect, or load code from outside its integrity-checked app.asar.
 * electron-builder cannot run here (no Electron binary), so the config itself is checked, and each
 * key against electron-builder's own schema, so a misspelt fuse cannot pass silently.
 */
const config = parse(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as {
  electronFuses?: Record<string, unknown>;
  asar?: unknown;
  files?: string[];
  asarUnpack?: string[];
};
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as {
  definitions: Record<string, { properties?: Record<string, unknown> }>;
};

describe('electron-builder fuses', () => {
  it('turn off RunAsNode, NODE_OPTIONS and --inspect, and turn on cookie encryption, ASAR integrity and only-load-app-from-ASAR', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('every fuse key is one electron-builder knows (a typo would silently leave the fuse at its default)', () => {
    const known = Object.keys(schema.definitions.FuseOptionsV1?.properties ?? {});
    expect(known.length).toBeGreaterThan(5);
    for (const key of Object.keys(config.electronFuses ?? {})) expect(known, `unknown fuse ${key}`).toContain(key);
  });

  it('the app ships in app.asar with only the native store driver unpacked, and that driver is the encrypting build', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(['**/*.node']);
    expect(config.files).toContain('node_modules/better-sqlite3/**/*');
    const driver = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { name: string };
    expect(driver.name).toBe('better-sqlite3-multiple-ciphers');
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['better-sqlite3']).toMatch(/^npm:better-sqlite3-multiple-ciphers@\^?12\./);
  });
});
