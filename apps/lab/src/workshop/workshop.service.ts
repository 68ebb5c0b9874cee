import { randomBytes, timingSafeEqual } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpStatus } from '@nestjs/common';
import { ApiError } from '@lab/http-kit';
import type { ErrorCode } from '@lab/protocol';
import type { LabWorld } from '../world/lab-world';
import { CHECKS, CheckContext, NotReady, Verdict } from './checks';
import type { Exercise } from './exercise.schema';
import { InstanceSeed } from './instance-seed';
import { findRepositoryRoot, loadExercises } from './load-exercises';
import {
  PROGRESS_FORMAT,
  PROGRESS_VERSION,
  ProgressFile,
  describeProgressProblem,
  progressFileSchema,
  signProgress,
  signatureMatches,
} from './progress-file';
import { ExerciseProgress, ProgressStore, SqliteProgressStore } from './progress.store';
import { WorldObserver } from './world-observer';

/** The workshop's own error codes, in the lab's error body (code, sentence, request id). */
export const WorkshopErrorCode = {
  ExerciseNotFound: 'exercise_not_found',
  NoMoreHints: 'no_more_hints',
  ProgressImportRefused: 'progress_import_refused',
  FacilitatorKeyRequired: 'facilitator_key_required',
} as const;

export class WorkshopError extends ApiError {
  constructor(
    status: HttpStatus,
    code: (typeof WorkshopErrorCode)[keyof typeof WorkshopErrorCode],
    message: string,
  ) {
    super(status, code as unknown as ErrorCode, message);
  }
}

export interface WorkshopOptions {
  world: LabWorld;
  dataDir: string;
  /** LAB_SEED: the same answers on every lab started with it. */
  seedOverride?: string;
  rootDir?: string;
  exercisesDir?: string;
}

export const FACILITATOR_KEY_FILE = 'workshop-facilitator.key';

/** Which front end ran a check: the console says so (`X-Lab-Client`), the command line too; `api` otherwise. */
export type WorkshopClient = 'console' | 'cli' | 'api';

/** An exercise solved for the first time, whichever front end ran the check. */
export interface SolvedEvent {
  id: string;
  title: string;
  solvedAt: string;
  via: WorkshopClient;
}

/**
 * The workshop engine, one for the lab: exercises from `workshop/exercises/`, checks run against the
 * live world, progress in `data/workshop.sqlite`. The HTTP API and the command line are thin front
 * ends over it and show the same verdicts.
 */
export class Workshop {
  readonly exercises: Exercise[];
  readonly instance: InstanceSeed;
  readonly observer: WorldObserver;
  private readonly facilitatorKey: string;
  private readonly solvedListeners = new Set<(event: SolvedEvent) => void>();

  private constructor(
    private readonly options: WorkshopOptions & { rootDir: string },
    private readonly store: ProgressStore,
    exercises: Exercise[],
  ) {
    this.exercises = exercises;
    this.instance = InstanceSeed.open(store, options.seedOverride);
    let key = store.meta('facilitator-key');
    if (!key) {
      key = randomBytes(18).toString('base64url');
      store.setMeta('facilitator-key', key);
    }
    this.facilitatorKey = key;
    // The facilitator's command reads it from the data folder; the participant's API does not serve it.
    writeFileSync(join(options.dataDir, FACILITATOR_KEY_FILE), `${key}\n`, { mode: 0o600 });
    this.observer = new WorldObserver(options.world);
  }

  /** Loads and checks the exercises (a broken file throws, naming file and field), then opens the progress. */
  static load(options: WorkshopOptions): Exercise[] {
    const rootDir = options.rootDir ?? findRepositoryRoot();
    // A build without the workshop's files (the container image carries dist/ only): a lab with no exercises.
    if (!rootDir && !options.exercisesDir) return [];
    const root = rootDir ?? process.cwd();
    return loadExercises(options.exercisesDir ?? join(root, 'workshop', 'exercises'), root);
  }

  static open(options: WorkshopOptions, exercises = Workshop.load(options)): Workshop {
    const rootDir = options.rootDir ?? findRepositoryRoot() ?? process.cwd();
    const store = new SqliteProgressStore(join(options.dataDir, 'workshop.sqlite'));
    return new Workshop({ ...options, rootDir }, store, exercises);
  }

  list() {
    return this.exercises.map((e) => {
      const p = this.store.progress(e.id);
      return {
        order: e.order,
        id: e.id,
        title: e.title,
        difficulty: e.difficulty,
        minutes: e.estimatedMinutes,
        status: p.solvedAt ? 'solved' : p.openedAt ? 'started' : 'new',
        hints: `${p.hintsRevealed}/${e.hints.length}`,
        attempts: p.attempts,
      };
    });
  }

  /** The exercise with this instance's details filled in; opening it starts its observation window. */
  async show(id: string) {
    const exercise = this.find(id);
    const progress = this.open(exercise);
    const { brief, waiting } = await this.briefOf(exercise);
    // Until the world is ready (waiting), the case's details are not known yet: "…" stands in.
    const fill = (text: string) =>
      text.replace(/\{(\w+)\}/g, (all, key: string) => brief[key] ?? (waiting ? '…' : all));
    return {
      order: exercise.order,
      id: exercise.id,
      title: fill(exercise.title),
      difficulty: exercise.difficulty,
      estimatedMinutes: exercise.estimatedMinutes,
      goal: fill(exercise.goal),
      background: fill(exercise.background),
      steps: exercise.steps.map(fill),
      ...(waiting ? { waiting } : {}),
      check: {
        description: fill(exercise.check.description),
        answer: exercise.check.answer ? fill(exercise.check.answer) : null,
        command: `npm run lab -- exercise check ${exercise.id}${exercise.check.answer ? ' <answer>' : ''}`,
      },
      // Only the hints already asked for: the locked ones never leave the lab.
      hints: exercise.hints.slice(0, progress.hintsRevealed).map(fill),
      hintsRemaining: exercise.hints.length - progress.hintsRevealed,
      links: exercise.links,
      solved: !!progress.solvedAt,
      solvedAt: progress.solvedAt,
      attempts: progress.attempts,
    };
  }

  /** Reveals the next hint, records that it was needed, and returns the hints revealed so far. */
  async hint(id: string) {
    const exercise = this.find(id);
    const progress = this.open(exercise);
    if (progress.hintsRevealed >= exercise.hints.length)
      throw new WorkshopError(
        409,
        WorkshopErrorCode.NoMoreHints,
        `All ${exercise.hints.length} hints of "${id}" are revealed (npm run lab -- exercise show ${id} lists them).`,
      );
    progress.hintsRevealed += 1;
    this.store.saveProgress(progress);
    this.record(id, 'hint', String(progress.hintsRevealed));
    const { brief } = await this.briefOf(exercise);
    const fill = (text: string) => text.replace(/\{(\w+)\}/g, (all, key: string) => brief[key] ?? all);
    return {
      id,
      hint: fill(exercise.hints[progress.hintsRevealed - 1]),
      number: progress.hintsRevealed,
      hintsRemaining: exercise.hints.length - progress.hintsRevealed,
    };
  }

  /**
   * Called on each first solve, whichever front end ran the check (console, command line, API):
   * the engine tells, not the controllers. Returns the unsubscribe function.
   */
  onSolved(listener: (event: SolvedEvent) => void): () => void {
    this.solvedListeners.add(listener);
    return () => this.solvedListeners.delete(listener);
  }

  /** Runs the exercise's check against the live world and records the attempt and any solve. */
  async check(id: string, answer = '', signal?: AbortSignal, via: WorkshopClient = 'api') {
    const exercise = this.find(id);
    const progress = this.open(exercise);
    let verdict: Verdict;
    let title = exercise.title;
    try {
      const { data, context } = await this.caseOf(exercise, signal);
      verdict = await CHECKS[exercise.check.kind].verify(data, answer, context);
      const brief = CHECKS[exercise.check.kind].brief(data as never, context);
      title = title.replace(/\{(\w+)\}/g, (all, key: string) => brief[key] ?? all);
    } catch (error) {
      if (!(error instanceof NotReady)) throw error;
      verdict = { solved: false, feedback: error.message, evidence: [] };
    }
    progress.attempts += 1;
    const firstSolve = verdict.solved && !progress.solvedAt;
    if (firstSolve) progress.solvedAt = new Date().toISOString();
    this.store.saveProgress(progress);
    this.record(id, 'attempt', JSON.stringify({ answer: answer.slice(0, 200), solved: verdict.solved }));
    if (firstSolve) {
      this.record(id, 'solved', verdict.evidence.join('; ') || null);
      this.tellSolved({ id: exercise.id, title, solvedAt: progress.solvedAt!, via });
    }
    return { id, ...verdict, solvedAt: progress.solvedAt, attempts: progress.attempts };
  }

  /** Resets one exercise (its progress and its draw), or every exercise; the history keeps what happened. */
  reset(id?: string) {
    const exercises = id === undefined ? this.exercises : [this.find(id)];
    for (const exercise of exercises) {
      this.store.saveProgress({
        exercise: exercise.id,
        openedAt: null,
        solvedAt: null,
        attempts: 0,
        hintsRevealed: 0,
      });
      this.store.deleteCase(exercise.id);
      this.store.setMeta(
        `round:${exercise.id}`,
        String(Number(this.store.meta(`round:${exercise.id}`) ?? 0) + 1),
      );
      this.record(exercise.id, 'reset', null);
    }
    return { reset: exercises.map((e) => e.id) };
  }

  exportProgress(): ProgressFile {
    return signProgress(
      {
        format: PROGRESS_FORMAT,
        version: PROGRESS_VERSION,
        instance: this.instance.fingerprint,
        exportedAt: new Date().toISOString(),
        exercises: this.exercises.map((e) => {
          const { exercise: _key, ...p } = this.store.progress(e.id);
          return { id: e.id, ...p };
        }),
      },
      this.instance.signingKey,
    );
  }

  /** Replaces the progress with a file's, after checking its format, its instance and its signature. */
  importProgress(data: unknown) {
    const refuse = (why: string): never => {
      throw new WorkshopError(422, WorkshopErrorCode.ProgressImportRefused, `Progress not imported: ${why}`);
    };
    const parsed = progressFileSchema.safeParse(data);
    if (!parsed.success) {
      const versionIssue =
        typeof data === 'object' && data !== null && 'version' in data && data.version !== PROGRESS_VERSION;
      return refuse(
        versionIssue
          ? `it is format version ${String((data as { version: unknown }).version)}; this lab reads version ${PROGRESS_VERSION}.`
          : `the file does not fit the format (${describeProgressProblem(parsed.error)}).`,
      );
    }
    const file = parsed.data;
    if (file.instance !== this.instance.fingerprint)
      refuse(
        `it belongs to another lab instance (${file.instance}; this one is ${this.instance.fingerprint}), whose answers differ. Import it into the lab it came from (its data folder, or the same LAB_SEED).`,
      );
    if (!signatureMatches(file, this.instance.signingKey))
      refuse('its signature does not match: the file was changed after it was exported.');
    const unknown = file.exercises.find((e) => !this.exercises.some((x) => x.id === e.id));
    if (unknown) refuse(`it names an exercise this lab does not have ("${unknown.id}").`);
    const rows: ExerciseProgress[] = file.exercises.map(({ id, ...p }) => ({ exercise: id, ...p }));
    this.store.replaceProgress(rows);
    this.record(null, 'import', `${rows.length} exercises from ${file.exportedAt}`);
    return { imported: rows.length, solved: rows.filter((r) => r.solvedAt).length };
  }

  /** The expected answers of this instance, for the facilitator: needs the key from the data folder. */
  async answers(key: string | undefined) {
    const given = Buffer.from(key ?? '');
    const expected = Buffer.from(this.facilitatorKey);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new WorkshopError(
        403,
        WorkshopErrorCode.FacilitatorKeyRequired,
        `The expected answers are for the facilitator: send the key from ${join(this.options.dataDir, FACILITATOR_KEY_FILE)} as X-Facilitator-Key (npm run lab -- exercise answers --facilitator does).`,
      );
    const rows = [];
    for (const exercise of this.exercises) {
      let expectedAnswer: string;
      try {
        const { data, context } = await this.caseOf(exercise);
        expectedAnswer = await CHECKS[exercise.check.kind].expected(data, context);
      } catch (error) {
        expectedAnswer = `(${(error as Error).message})`;
      }
      const p = this.store.progress(exercise.id);
      rows.push({
        order: exercise.order,
        id: exercise.id,
        expected: expectedAnswer,
        solved: !!p.solvedAt,
        hints: p.hintsRevealed,
      });
    }
    return { instance: this.instance.fingerprint, answers: rows };
  }

  history(limit?: number) {
    return this.store.history(limit);
  }

  close() {
    this.observer.stop();
    this.store.close();
  }

  private tellSolved(event: SolvedEvent) {
    for (const listener of this.solvedListeners) {
      try {
        listener(event);
      } catch {
        // A listener that fails (a console gone) must not turn a solve into an error.
      }
    }
  }

  private find(id: string): Exercise {
    const exercise = this.exercises.find((e) => e.id === id || String(e.order) === id);
    if (!exercise)
      throw new WorkshopError(
        404,
        WorkshopErrorCode.ExerciseNotFound,
        `No exercise "${id}"; there are ${this.exercises.map((e) => e.id).join(', ')} (npm run lab -- exercise list).`,
      );
    return exercise;
  }

  private open(exercise: Exercise): ExerciseProgress {
    const progress = this.store.progress(exercise.id);
    if (!progress.openedAt) {
      progress.openedAt = new Date().toISOString();
      this.store.saveProgress(progress);
      this.record(exercise.id, 'opened', null);
    }
    return progress;
  }

  private context(exercise: Exercise, signal?: AbortSignal): CheckContext {
    // After a reset the exercise draws again, from a seed of its own: a new target, new names.
    const round = Number(this.store.meta(`round:${exercise.id}`) ?? 0);
    return {
      world: this.options.world,
      instance: round ? this.instance.derive(`${exercise.id}#${round}`) : this.instance,
      observer: this.observer,
      exercise,
      rootDir: this.options.rootDir,
      dataDir: this.options.dataDir,
      openedAt: this.store.progress(exercise.id).openedAt,
      signal,
    };
  }

  /** This instance's case for an exercise: kept once drawn, drawn again only when the world lost it. */
  private async caseOf(exercise: Exercise, signal?: AbortSignal) {
    const context = this.context(exercise, signal);
    const check = CHECKS[exercise.check.kind];
    let data = this.store.caseOf(exercise.id);
    if (data === undefined || check.stale?.(data as never, context)) {
      data = await check.draw(context);
      this.store.saveCase(exercise.id, data);
    }
    return { data, context };
  }

  private async briefOf(exercise: Exercise): Promise<{ brief: Record<string, string>; waiting?: string }> {
    try {
      const { data, context } = await this.caseOf(exercise);
      return { brief: CHECKS[exercise.check.kind].brief(data, context) };
    } catch (error) {
      if (error instanceof NotReady) return { brief: {}, waiting: error.message };
      throw error;
    }
  }

  private record(
    exercise: string | null,
    kind: Parameters<ProgressStore['record']>[0]['kind'],
    detail: string | null,
  ) {
    this.store.record({ at: new Date().toISOString(), exercise, kind, detail });
  }
}
