import { AppError, type WireError } from '../../shared/contract/errors';
import { newId } from './ids';

/** Long work (a whole packet, a sync) runs as a job the UI polls for progress. */
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

  start<R>(work: (progress: (done: number, total: number, label: string) => void) => Promise<R>): string {
    const id = newId();
    const job: JobView<unknown> = { id, state: 'running', done: 0, total: 1, label: '시작', result: null, error: null };
    this.jobs.set(id, job);
    void (async () => {
      try {
        job.result = await work((done, total, label) => Object.assign(job, { done, total, label }));
        job.state = 'done';
      } catch (error) {
        job.state = 'failed';
        job.error = error instanceof AppError ? error.toWire() : { code: 'INTERNAL', message: '작업 중 예기치 않은 오류가 났습니다. 다시 시도하세요.' };
      }
      // Finished jobs are kept a while for the UI to collect, then forgotten.
      setTimeout(() => this.jobs.delete(id), 10 * 60_000).unref?.();
    })();
    return id;
  }

  get<R>(id: string): JobView<R> {
    const job = this.jobs.get(id);
    if (!job) throw new AppError('NOT_FOUND', '작업을 찾을 수 없습니다 (오래되어 지워졌을 수 있습니다). 다시 시작하세요.', { jobId: id });
    return job as JobView<R>;
  }
}
