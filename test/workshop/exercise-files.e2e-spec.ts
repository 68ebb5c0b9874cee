import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExerciseFileError, findRepositoryRoot, loadExercises } from '@lab/lab';
import { tempDir } from '../support/lab-harness';

// The exercise files are checked when the lab starts: a broken one stops the start with a message
// that names the file and the field. The real files are the positive control.

describe('the exercise files', () => {
  const root = findRepositoryRoot()!;
  const real = join(root, 'workshop', 'exercises');
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('loads the fourteen real files, in order, every linked path existing', () => {
    const exercises = loadExercises(real, root);
    expect(exercises.map((e) => e.order)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(exercises[0].id).toBe('meet-the-directory');
    expect(exercises[11].check.kind).toBe('written-mitigation');
  });

  /** A copy of the real files with one of them edited; what loading it throws. */
  function breakOne(name: string, edit: (text: string) => string, sub: string): ExerciseFileError {
    const copy = join(dir.path, sub);
    cpSync(real, copy, { recursive: true });
    writeFileSync(join(copy, name), edit(readFileSync(join(copy, name), 'utf8')));
    try {
      loadExercises(copy, root);
    } catch (error) {
      expect(error).toBeInstanceOf(ExerciseFileError);
      return error as ExerciseFileError;
    }
    throw new Error('the broken file loaded');
  }

  it.each([
    ['a missing field', (t: string) => t.replace(/^goal: .*$/m, ''), 'goal', /expected string/i],
    [
      'an unknown check kind',
      (t: string) => t.replace('kind: current-address', 'kind: guess'),
      'check.kind',
      /invalid option/i,
    ],
    ['an unknown field', (t: string) => `${t}\ncolour: red\n`, '', /unknown field\(s\) colour/],
    [
      'a difficulty out of range',
      (t: string) => t.replace('difficulty: 1', 'difficulty: 9'),
      'difficulty',
      /9|<=|5/,
    ],
    [
      'a link to a path that does not exist',
      (t: string) => t.replace('test/directory/l1-profile-lookup.e2e-spec.ts', 'test/nowhere.e2e-spec.ts'),
      'links.tests.0',
      /does not exist/,
    ],
    [
      'a hint list that is empty',
      (t: string) => t.replace(/^hints:\n( {2}- .*\n)+/m, 'hints: []\n'),
      'hints',
      /too small|>=1/i,
    ],
  ])('refuses %s, naming the file and the field', (_what, edit, field, problem) => {
    const error = breakOne('02-resolve-a-user.yaml', edit, `case-${field || 'unknown'}`);
    expect(error.file).toMatch(/02-resolve-a-user\.yaml$/);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(problem);
  });

  it('refuses a duplicate id and a gap in the order', () => {
    const twin = breakOne(
      '03-address-to-isp-and-city.yaml',
      (t) => t.replace('id: address-to-isp-and-city', 'id: resolve-a-user'),
      'twin',
    );
    expect(twin.message).toMatch(/field "id": "resolve-a-user" is already used by .*02-resolve-a-user\.yaml/);
    const gap = breakOne('14-was-the-advice-right.yaml', (t) => t.replace('order: 14', 'order: 16'), 'gap');
    expect(gap.message).toMatch(/14-was-the-advice-right\.yaml: field "order": is 16, expected 14/);
  });

  it('refuses a file that is not YAML', () => {
    const error = breakOne('01-meet-the-directory.yaml', (t) => `${t}\n  : : [\n`, 'yaml');
    expect(error.message).toMatch(/01-meet-the-directory\.yaml: is not valid YAML/);
  });
});
