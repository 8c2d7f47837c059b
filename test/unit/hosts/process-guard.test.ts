import { describe, expect, it } from 'vitest';
import { runEntry } from '../../support/processes';

describe('process guards of the hosts (web host, CLI, Electron core)', () => {
  it('an unhandled rejection and an exception thrown from a timer are logged with their context, and the process keeps running', () => {
    const r = runEntry('test/support/guarded-child.ts', [], { timeout: 60_000 });
    expect(r.stdout).toContain('still running after exception and rejection');
    expect(r.status).toBe(0);
    const logs = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'error', msg: 'unhandled promise rejection; still running', host: 'test-child', error: expect.stringContaining('HQ unreachable') }),
        expect.objectContaining({ level: 'error', msg: 'uncaught exception; still running', host: 'test-child', error: expect.stringContaining('thrown from a timer') }),
      ]),
    );
  });
});
