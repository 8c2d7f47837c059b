// A process with the hosts' guards that then misbehaves twice (a rejected promise nobody awaits,
// an exception thrown from a timer) and reports it is still running. Used by process-guard.test.ts.
import { installProcessGuards } from '../../electron/core/process-guard';

installProcessGuards('test-child');
const seen: string[] = [];
process.on('unhandledRejection', () => seen.push('rejection'));
process.on('uncaughtException', () => seen.push('exception'));
// eslint-disable-next-line @typescript-eslint/no-floating-promises -- the very bug the guard exists for
Promise.reject(new Error('background sync failed: HQ unreachable'));
setTimeout(() => {
  throw new Error('thrown from a timer');
}, 0);
const check = setInterval(() => {
  if (seen.length < 2) return;
  clearInterval(check);
  process.stdout.write(`still running after ${seen.sort().join(' and ')}\n`);
}, 5);
