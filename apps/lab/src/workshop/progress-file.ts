import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * A participant's progress as a file: versioned JSON keyed by exercise id, signed with this lab
 * instance's key so a hand-edited "solved" does not import. A new format gets a new version; an
 * import names what it does not accept.
 */
export const PROGRESS_FORMAT = 'lastseen-lab/workshop-progress';
export const PROGRESS_VERSION = 1;

const isoTime = z.iso.datetime();

export const progressFileSchema = z.strictObject({
  format: z.literal(PROGRESS_FORMAT),
  version: z.literal(PROGRESS_VERSION),
  /** The instance the progress belongs to (a fingerprint of its seed, not the seed). */
  instance: z.string().regex(/^[0-9a-f]{12}$/),
  exportedAt: isoTime,
  exercises: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z][a-z0-9-]{2,40}$/),
        openedAt: isoTime.nullable(),
        solvedAt: isoTime.nullable(),
        attempts: z.number().int().min(0).max(1_000_000),
        hintsRevealed: z.number().int().min(0).max(100),
      }),
    )
    .max(100),
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});

export type ProgressFile = z.infer<typeof progressFileSchema>;

/** The signed text: every field but the signature, in a fixed order. */
function signedText(file: Omit<ProgressFile, 'signature'>): string {
  return JSON.stringify([
    file.format,
    file.version,
    file.instance,
    file.exportedAt,
    file.exercises.map((e) => [e.id, e.openedAt, e.solvedAt, e.attempts, e.hintsRevealed]),
  ]);
}

export function signProgress(file: Omit<ProgressFile, 'signature'>, key: Buffer): ProgressFile {
  return { ...file, signature: createHmac('sha256', key).update(signedText(file)).digest('hex') };
}

export function signatureMatches(file: ProgressFile, key: Buffer): boolean {
  const expected = createHmac('sha256', key).update(signedText(file)).digest();
  return timingSafeEqual(expected, Buffer.from(file.signature, 'hex'));
}

/** The first problem of a file that does not fit the schema, as "field: problem". */
export function describeProgressProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  const field = issue.path.join('.') || '(the file)';
  return `${field}: ${issue.message}`;
}
