/**
 * Process-level guards for every host of the core (web host, CLI, Electron utility process).
 *
 * A promise rejected with nobody listening, or an exception thrown from a timer, ends a Node
 * process by default: one such bug in background work once took the web host down the moment HQ
 * became unreachable. Here it is logged with its context and the host keeps serving. That is
 * safe for this core: every write is one synchronous SQLite transaction (all or nothing), so an
 * exception between two statements cannot leave anything half-written.
 */
export type GuardLog = (entry: { level: 'error'; msg: string; [k: string]: unknown }) => void;

export const stderrLog: GuardLog = (entry) => {
  try {
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
  } catch {
    // stderr closed: nowhere left to report
  }
};

const stackOf = (e: unknown) => (e instanceof Error ? (e.stack ?? e.message) : typeof e === 'string' ? e : ((JSON.stringify(e) as string | undefined) ?? String(e)));

/** Installs the guards; returns how to take them off (tests). `host` names the process in each entry. */
export function installProcessGuards(host: string, log: GuardLog = stderrLog): () => void {
  const onRejection = (reason: unknown) => {
    log({ level: 'error', msg: 'unhandled promise rejection; still running', host, pid: process.pid, error: stackOf(reason) });
  };
  const onException = (error: unknown, origin: string) => {
    log({ level: 'error', msg: 'uncaught exception; still running', host, pid: process.pid, origin, error: stackOf(error) });
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
