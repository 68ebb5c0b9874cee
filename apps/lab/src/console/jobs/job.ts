import type { JobProgress } from '../events/console-messages';

export type JobKind = 'attack' | 'matrix';
export type JobStatus = 'running' | 'done' | 'failed';

/** A job as GET /console/api/jobs/:id shows it. */
export interface JobView {
  id: string;
  kind: JobKind;
  status: JobStatus;
  /** What was asked for (the attack, directory and target; or the matrix). */
  request: Record<string, unknown>;
  startedAt: string;
  finishedAt?: string;
  progress: JobProgress;
  result?: unknown;
  error?: { code: string; message: string };
}

/** What a running job may do: report progress (and matrix cells), and notice it was cancelled. */
export interface JobContext {
  signal: AbortSignal;
  progress(done: number, total: number, cell?: unknown): void;
  /** The result so far, shown by GET while the job runs (a matrix: every row and column, the cells measured). */
  partial(result: unknown): void;
}

/** A job's failure with a code a client can act on (the directory refused, no such user…). */
export class JobFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
