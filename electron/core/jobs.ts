import { AppError, type WireError } from '../../shared/contract/errors';
import { errorMsg } from '../../shared/i18n/error-messages';
import { newId } from './ids';
import type { CoreEvent } from '../../shared/contract/events';

/** Long work (a whole packet) runs as a job: each step is sent as a `job` event; `jobs.get` gives the result. */
export interface JobView<R> {
  id: string;
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  label: string;
  result: R | null;
  error: WireError | null;
}

export class JobRunner {
  private readonly jobs = new Map<string, JobView<unknown>>();

  constructor(
    private readonly log?: (entry: { level: 'error'; msg: string; [k: string]: unknown }) => void,
    private readonly onEvent?: (event: Extract<CoreEvent, { type: 'job' }>) => void,
  ) {}

  private report(job: JobView<unknown>): void {
    this.onEvent?.({ type: 'job', jobId: job.id, state: job.state, done: job.done, total: job.total });
  }

  start<R>(work: (progress: (done: number, total: number, label: string) => void) => Promise<R>): string {
    const id = newId();
    const job: JobView<unknown> = { id, state: 'running', done: 0, total: 1, label: '시작', result: null, error: null };
    this.jobs.set(id, job);
    // The job's outcome (or failure) is kept on the job for the UI to collect: nothing is left to reject.
    this.run(job, work)
      .catch((error: unknown) => {
        job.state = 'failed';
        job.error = { code: 'INTERNAL', message: '작업 중 예기치 않은 오류가 났습니다. 다시 시도하세요.' };
        this.log?.({ level: 'error', msg: 'job bookkeeping failed', jobId: id, error: error instanceof Error ? error.stack : String(error) });
      })
      .finally(() => {
        this.report(job);
        // Finished jobs are kept a while for the UI to collect, then forgotten.
        setTimeout(() => this.jobs.delete(id), 10 * 60_000).unref();
      });
    return id;
  }

  private async run<R>(job: JobView<unknown>, work: (progress: (done: number, total: number, label: string) => void) => Promise<R>): Promise<void> {
    try {
      job.result = await work((done, total, label) => {
        Object.assign(job, { done, total, label });
        this.report(job);
      });
      job.state = 'done';
    } catch (error) {
      job.state = 'failed';
      if (error instanceof AppError) job.error = error.toWire();
      else {
        job.error = { code: 'INTERNAL', message: '작업 중 예기치 않은 오류가 났습니다. 다시 시도하세요.' };
        this.log?.({ level: 'error', msg: 'job failed unexpectedly', jobId: job.id, error: error instanceof Error ? error.stack : String(error) });
      }
    }
  }

  get<R>(id: string): JobView<R> {
    const job = this.jobs.get(id);
    if (!job) throw new AppError('NOT_FOUND', errorMsg('core.jobNotFound'), { jobId: id });
    return job as JobView<R>;
  }
}
