import type { Jobs } from '../../ports/jobs';

type JobKind = Parameters<Jobs['enqueue']>[0]['kind'];
type Runner = (id: string) => Promise<void>;

/**
 * Jobs of the local cloud: run in this process once the current call has replied. A runner records its
 * own failures in the job's document; anything it lets escape is logged, never thrown at the caller.
 * `idle()` lets tests and shutdown wait for what is running.
 */
export class InProcessJobs implements Jobs {
  private readonly runners = new Map<JobKind, Runner>();
  private readonly running = new Set<Promise<void>>();

  handle(kind: JobKind, runner: Runner): void {
    this.runners.set(kind, runner);
  }

  async enqueue(job: { kind: JobKind; id: string }): Promise<void> {
    const runner = this.runners.get(job.kind);
    if (!runner) throw new Error(`no runner for ${job.kind} jobs`);
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => runner(job.id))
      .catch((error: unknown) => console.error(`[job ${job.kind} ${job.id}]`, error))
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
