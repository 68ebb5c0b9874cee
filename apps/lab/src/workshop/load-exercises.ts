import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import { Exercise, exerciseSchema } from './exercise.schema';

/** A broken exercise file: the start stops with this message, which names the file and the field. */
export class ExerciseFileError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}: ${field ? `field "${field}": ` : ''}${problem}`);
    this.name = 'ExerciseFileError';
  }
}

/**
 * The repository's root: the folder that holds `workshop/exercises`, found from this file upwards
 * (the source tree in tests, dist/ once built), else from the working directory upwards (a build
 * put elsewhere). Undefined where neither has it, as in a container image that carries dist/ only.
 */
export function findRepositoryRoot(from: string = __dirname): string | undefined {
  for (const start of [from, process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'workshop', 'exercises'))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  return undefined;
}

/**
 * Reads and checks every `*.yaml` of `exercisesDir`: each against the schema, then together (ids
 * unique, orders 1…n), and every linked path must exist under `rootDir`.
 */
export function loadExercises(exercisesDir: string, rootDir: string): Exercise[] {
  const files = readdirSync(exercisesDir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
  if (!files.length) throw new ExerciseFileError(exercisesDir, '', 'holds no exercise (*.yaml) file');
  const exercises: { file: string; exercise: Exercise }[] = [];
  for (const name of files) {
    const file = relative(rootDir, join(exercisesDir, name)) || name;
    let data: unknown;
    try {
      data = parse(readFileSync(join(exercisesDir, name), 'utf8'));
    } catch (error) {
      throw new ExerciseFileError(file, '', `is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    }
    const parsed = exerciseSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.join('.');
      const problem =
        issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
      throw new ExerciseFileError(file, field, problem);
    }
    const exercise = parsed.data;
    for (const [group, paths] of Object.entries(exercise.links)) {
      paths.forEach((path, i) => {
        if (!existsSync(join(rootDir, path)))
          throw new ExerciseFileError(file, `links.${group}.${i}`, `${path} does not exist`);
      });
    }
    if (exercise.check.kind === 'written-mitigation' && !exercise.check.scaffold)
      throw new ExerciseFileError(
        file,
        'check.scaffold',
        'a written-mitigation check needs its scaffold file',
      );
    const twin = exercises.find((e) => e.exercise.id === exercise.id || e.exercise.order === exercise.order);
    if (twin) {
      const field = twin.exercise.id === exercise.id ? 'id' : 'order';
      throw new ExerciseFileError(file, field, `"${exercise[field]}" is already used by ${twin.file}`);
    }
    exercises.push({ file, exercise });
  }
  const sorted = exercises.sort((a, b) => a.exercise.order - b.exercise.order);
  sorted.forEach(({ file, exercise }, i) => {
    if (exercise.order !== i + 1)
      throw new ExerciseFileError(file, 'order', `is ${exercise.order}, expected ${i + 1} (orders run 1…n)`);
  });
  return sorted.map((e) => e.exercise);
}
