import {
  PROGRESS_FORMAT,
  PROGRESS_VERSION,
  progressFileSchema,
  signProgress,
  signatureMatches,
} from './progress-file';

describe('the progress file', () => {
  const key = Buffer.from('a key of this instance');
  const file = signProgress(
    {
      format: PROGRESS_FORMAT,
      version: PROGRESS_VERSION,
      instance: '0123456789ab',
      exportedAt: '2026-12-01T10:00:00.000Z',
      exercises: [
        {
          id: 'resolve-a-user',
          openedAt: '2026-12-01T09:00:00.000Z',
          solvedAt: null,
          attempts: 2,
          hintsRevealed: 1,
        },
      ],
    },
    key,
  );

  it('fits its own schema and its signature matches', () => {
    expect(progressFileSchema.parse(file)).toEqual(file);
    expect(signatureMatches(file, key)).toBe(true);
  });

  it('does not match once a field changed, or under another key', () => {
    const solved = { ...file, exercises: [{ ...file.exercises[0], solvedAt: file.exportedAt }] };
    expect(signatureMatches(solved, key)).toBe(false);
    expect(signatureMatches({ ...file, instance: 'ba9876543210' }, key)).toBe(false);
    expect(signatureMatches(file, Buffer.from('another key'))).toBe(false);
  });

  it('refuses another version, unknown fields and impossible counts', () => {
    expect(progressFileSchema.safeParse({ ...file, version: 2 }).success).toBe(false);
    expect(progressFileSchema.safeParse({ ...file, extra: 1 }).success).toBe(false);
    expect(
      progressFileSchema.safeParse({ ...file, exercises: [{ ...file.exercises[0], attempts: -1 }] }).success,
    ).toBe(false);
  });
});
