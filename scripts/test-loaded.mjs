// `npm run test:loaded`: the test suite with the machine kept busy, to prove no test depends on
// speed. Busy-work on every core at the tests' own priority — `stress-ng --cpu N` when installed,
// else N node processes spinning — then `npm test` (or the command given after `--`), then the
// busy-work is stopped. N is the number of cores (SALESDESK_LOAD=N to choose).
//   npm run test:loaded                                   the whole suite, loaded
//   npm run test:loaded -- npx vitest run test/integration/cli.test.ts   one part, loaded
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const n = Number(process.env.SALESDESK_LOAD ?? os.availableParallelism());
if (!Number.isInteger(n) || n < 1) {
  console.error(`SALESDESK_LOAD must be a whole number of busy processes (1 or more), not "${process.env.SALESDESK_LOAD ?? ''}".`);
  process.exit(2);
}
const [command, ...args] = process.argv.length > 2 ? process.argv.slice(2) : [process.execPath, path.join(root, 'scripts/test-all.mjs')];

const hasStressNg = spawnSync('stress-ng', ['--version'], { stdio: 'ignore' }).status === 0;
/** The busy-work processes, stopped by their own ids at the end. */
const load = hasStressNg
  ? [spawn('stress-ng', ['--cpu', String(n), '--timeout', '0', '--quiet'], { stdio: 'ignore' })]
  : Array.from({ length: n }, () => spawn(process.execPath, ['-e', 'for (;;) Math.sqrt(Math.random());'], { stdio: 'ignore' }));
const stopLoad = () => {
  for (const child of load) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
};
process.on('exit', stopLoad);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopLoad();
    process.exit(130);
  });
}

const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(`Loaded: ${hasStressNg ? `stress-ng --cpu ${n}` : `${n} spinning node processes (stress-ng is not installed)`} on ${os.availableParallelism()} cores; load average ${loadavg()}`);
console.log(`Running: ${[command, ...args].join(' ')}`);
const t0 = Date.now();
const loadSeen = [];
const sampler = setInterval(() => loadSeen.push(os.loadavg()[0]), 15_000);
const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
child.on('close', (code, signal) => {
  clearInterval(sampler);
  stopLoad();
  const peak = Math.max(os.loadavg()[0], ...loadSeen);
  console.log(`\nUnder load: ${((Date.now() - t0) / 1000).toFixed(0)} s, load average at the end ${loadavg()} (highest 1-minute figure seen ${peak.toFixed(1)}); exit ${code ?? signal}`);
  process.exit(code ?? 1);
});
