import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@lab/protocol';
import { ApiError } from '@lab/http-kit';
import type { LabWorld } from '../../world/lab-world';
import { ConsoleError, ConsoleErrorCode } from '../console-errors';
import type { ConsoleEvents } from '../events/console-events';
import { AttackRequest, SOCKET_ATTACKS, runAttack } from './attack-job';
import type { CreateJobDto } from './jobs.dto';
import { JobContext, JobFailure, JobView } from './job';
import { runDefenceMatrix, runProfilesMatrix } from './matrix-job';

/** Jobs running at once: each attack holds sockets, a matrix starts directories one after another. */
export const MAX_RUNNING_JOBS = 3;
/** Finished jobs kept for GET /console/api/jobs (the oldest go first). */
export const MAX_KEPT_JOBS = 50;
/** The longest real time a watch or track may take; a longer span needs a faster clock. */
export const MAX_ATTACK_REAL_MS = 5 * 60_000;
/** A matrix job that has not finished by then is stopped (it takes well under a minute here). */
export const MAX_MATRIX_REAL_MS = 10 * 60_000;

const DEFAULT_SPAN = { watch: 60, track: 1440 } as const;

/** The real-time limits of the jobs; tests shorten the matrix's to see a hung job ended. */
export interface JobLimits {
  matrixMs: number;
}

interface Job {
  view: JobView;
  abort: AbortController;
  done: Promise<void>;
  /** The attacker's WebSocket this job holds: `directory` for probe-call, watch and track. */
  socketOn?: string;
}

/**
 * The console's jobs: the resolver's attacks and the defence matrix, run by the lab itself with
 * the resolver's own code, bounded in number and in time, their progress pushed on the console's
 * WebSocket.
 */
export class JobsService {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly world: LabWorld,
    private readonly events: ConsoleEvents,
    private readonly limits: JobLimits = { matrixMs: MAX_MATRIX_REAL_MS },
  ) {}

  /** Checks the request against the running lab, starts the job, and answers before it ends. */
  start(body: CreateJobDto): JobView {
    const running = [...this.jobs.values()].filter((j) => j.view.status === 'running');
    if (running.length >= MAX_RUNNING_JOBS)
      throw new ConsoleError(
        409,
        ConsoleErrorCode.TooManyJobs,
        `${running.length} jobs are running, the most the lab runs at once: wait for one to finish (GET /console/api/jobs).`,
      );
    if (body.kind === 'matrix') {
      const extra = (['attack', 'directory', 'target', 'options'] as const).filter(
        (f) => body[f] !== undefined,
      );
      if (extra.length) throw badRequest(`A matrix job takes only "profiles"; remove ${extra.join(', ')}.`);
      const profiles = body.profiles ?? false;
      const matrix = running.find((j) => j.view.kind === 'matrix');
      if (matrix)
        throw new ConsoleError(
          409,
          ConsoleErrorCode.TooManyJobs,
          `The matrix is being measured (job ${matrix.view.id}): watch its cells arrive, one matrix at a time.`,
        );
      return this.launch('matrix', { profiles }, undefined, this.limits.matrixMs, (ctx) =>
        profiles ? runProfilesMatrix(this.world, ctx) : runDefenceMatrix(this.world, ctx),
      );
    }
    const request = this.attackRequest(body);
    const socketOn = SOCKET_ATTACKS.includes(request.attack) ? request.directory : undefined;
    const holder = socketOn && running.find((j) => j.socketOn === socketOn);
    if (holder)
      throw new ConsoleError(
        409,
        ConsoleErrorCode.AttackerBusy,
        `The attacker's WebSocket on "${socketOn}" is in use by job ${holder.view.id} (${String(holder.view.request.attack)}); a directory keeps one live connection per account. Wait for it to finish.`,
      );
    const limit =
      request.labMinutes !== undefined ? this.world.clock.realMs(request.labMinutes) + 30_000 : 60_000;
    return this.launch('attack', { ...request }, socketOn, limit, (ctx) =>
      runAttack(this.world, request, ctx),
    );
  }

  get(id: string): JobView {
    const job = this.jobs.get(id);
    if (!job)
      throw new ConsoleError(
        404,
        ConsoleErrorCode.JobNotFound,
        `No job "${id.slice(0, 64)}": the lab keeps the last ${MAX_KEPT_JOBS} (GET /console/api/jobs lists them).`,
      );
    return job.view;
  }

  /** Every job kept, newest first, without their results (GET /console/api/jobs/:id has them). */
  list() {
    return [...this.jobs.values()].map(({ view: { result: _result, ...summary } }) => summary).reverse();
  }

  /**
   * Stops every running job (the lab is stopping). Each job ends as soon as it is aborted (see
   * launch), so this never waits on a job that hangs.
   */
  async stopAll() {
    const running = [...this.jobs.values()].filter((j) => j.view.status === 'running');
    for (const job of running)
      job.abort.abort(new JobFailure('job_stopped', 'The job was stopped: the lab is stopping.'));
    await Promise.allSettled(running.map((j) => j.done));
  }

  private attackRequest(body: CreateJobDto): AttackRequest {
    if (body.profiles !== undefined) throw badRequest('"profiles" is for matrix jobs.');
    if (!body.attack) throw badRequest('attack: name the attack (resolve, probe-call, watch, track, sweep).');
    if (!body.directory) throw badRequest('directory: name the directory to attack (its id in GET /status).');
    if (!this.world.directories.has(body.directory))
      throw new ApiError(
        404,
        ErrorCode.LabDirectoryNotFound,
        `No directory "${body.directory}"; GET /status lists them (${[...this.world.directories.keys()].join(', ')}).`,
      );
    const options = body.options ?? {};
    const allowed: Record<string, string[]> = {
      resolve: [],
      'probe-call': ['waitMs'],
      watch: ['labMinutes'],
      track: ['labMinutes'],
      sweep: ['names'],
    };
    const stray = Object.keys(options).filter(
      (k) => (options as Record<string, unknown>)[k] !== undefined && !allowed[body.attack!].includes(k),
    );
    if (stray.length)
      throw badRequest(
        `options.${stray[0]} is not an option of ${body.attack}${allowed[body.attack].length ? ` (it takes ${allowed[body.attack].join(', ')})` : ' (it takes none)'}.`,
      );
    if (body.attack === 'sweep') {
      if (body.target !== undefined)
        throw badRequest(
          'A sweep has no target: give the names to try in options.names, or none for the default list.',
        );
      return { attack: 'sweep', directory: body.directory, names: options.names };
    }
    if (!body.target) throw badRequest(`target: name the user to ${body.attack} (a username, e.g. alice).`);
    const request: AttackRequest = { attack: body.attack, directory: body.directory, target: body.target };
    if (body.attack === 'probe-call' && options.waitMs !== undefined) request.waitMs = options.waitMs;
    if (body.attack === 'watch' || body.attack === 'track') {
      const clock = this.world.clock;
      if (clock.paused)
        throw new ConsoleError(
          409,
          ConsoleErrorCode.ClockPaused,
          `The lab clock is paused: a ${body.attack} over lab time would never end. Resume it first (POST /clock {"paused": false}).`,
        );
      request.labMinutes = options.labMinutes ?? DEFAULT_SPAN[body.attack];
      const realMs = clock.realMs(request.labMinutes);
      if (realMs > MAX_ATTACK_REAL_MS)
        throw badRequest(
          `options.labMinutes: ${request.labMinutes} lab minutes take ${Math.round(realMs / 1000)} real seconds at ${clock.speed}× real time; a job may take at most ${MAX_ATTACK_REAL_MS / 1000} s. Speed the clock up (POST /clock {"speed": ${Math.ceil((request.labMinutes * 60_000) / MAX_ATTACK_REAL_MS)}} or more) or choose a shorter span.`,
        );
    }
    return request;
  }

  private launch(
    kind: JobView['kind'],
    request: Record<string, unknown>,
    socketOn: string | undefined,
    limitMs: number,
    run: (ctx: JobContext) => Promise<unknown>,
  ): JobView {
    const id = randomUUID().slice(0, 12);
    const abort = new AbortController();
    const view: JobView = {
      id,
      kind,
      status: 'running',
      request,
      startedAt: new Date().toISOString(),
      progress: { done: 0, total: 1 },
    };
    const announce = (cell?: unknown) =>
      this.events.broadcast({
        type: 'job',
        id,
        kind,
        status: view.status,
        progress: { ...view.progress },
        ...(cell !== undefined ? { cell } : {}),
      });
    const ctx: JobContext = {
      signal: abort.signal,
      progress: (done, total, cell) => {
        if (view.status !== 'running') return; // a stopped job's work may still trickle in
        view.progress = { done, total };
        announce(cell);
      },
      partial: (result) => {
        if (view.status !== 'running') return;
        view.result = result;
      },
    };
    const timer = setTimeout(
      () =>
        abort.abort(
          new JobFailure(
            'job_timed_out',
            `The job did not finish within ${Math.round(limitMs / 1000)} s, the most a ${kind} job may take, and was stopped. Check GET /status for a directory that does not answer, then start it again.`,
          ),
        ),
      limitMs,
    );
    timer.unref();
    // The job ends when its time is up or the lab stops, even if its work hangs (a directory
    // that never answers): the signal alone is read only between steps.
    const aborted = new Promise<never>((_, reject) =>
      abort.signal.addEventListener('abort', () => reject(abort.signal.reason as Error), { once: true }),
    );
    const done = Promise.race([run(ctx), aborted])
      .then(
        (result) => {
          view.result = result;
          view.status = 'done';
        },
        (error: unknown) => {
          view.status = 'failed';
          // Aborted: the reason (timed out, or the lab stopping), not what the work threw on its way out.
          const failure = abort.signal.aborted ? (abort.signal.reason as unknown) : error;
          view.error =
            failure instanceof JobFailure
              ? { code: failure.code, message: failure.message }
              : { code: 'job_failed', message: `The job failed: ${(failure as Error).message}` };
        },
      )
      .finally(() => {
        clearTimeout(timer);
        view.finishedAt = new Date().toISOString();
        announce();
      });
    this.jobs.set(id, { view, abort, done, socketOn });
    this.prune();
    announce();
    return view;
  }

  private prune() {
    const finished = [...this.jobs.values()].filter((j) => j.view.status !== 'running');
    for (const job of finished.slice(0, Math.max(0, this.jobs.size - MAX_KEPT_JOBS)))
      this.jobs.delete(job.view.id);
  }
}

const badRequest = (message: string) =>
  new ApiError(400, ErrorCode.ValidationFailed, `The request is not valid: ${message}`, [message]);
