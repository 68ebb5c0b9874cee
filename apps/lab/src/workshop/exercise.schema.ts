import { z } from 'zod';

/**
 * One exercise of the workshop, as written in `workshop/exercises/<nn>-<id>.yaml`. The lab checks
 * every file against this schema at start and refuses to start on a broken one, naming the file and
 * the field: a typo in an exercise is found by the facilitator before the room is, not by a
 * participant halfway through.
 */

/** How the lab decides that an exercise is solved; each kind is one checker in `checks/`. */
export const CHECK_KINDS = [
  'account-created',
  'current-address',
  'rdap',
  'lan-address',
  'silent-probe',
  'home-work',
  'existing-names',
  'fixed-rerun',
  'matrix-cells',
  'lease-household',
  'signup-oracle',
  'written-mitigation',
  'last-hop',
  'profile-cells',
] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

const text = z.string().trim().min(1, 'must not be empty');
const repoPath = z
  .string()
  .regex(/^[A-Za-z0-9._/-]+$/, 'must be a path inside the repository, such as apps/directory/src/…')
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'must be relative, without ..');

export const exerciseSchema = z.strictObject({
  /** The stable key: progress, exports and links use it, never the position. */
  id: z.string().regex(/^[a-z][a-z0-9-]{2,40}$/, 'must be lowercase letters, digits and dashes'),
  /** The exercise's place in the workshop, 1…n without gaps. */
  order: z.number().int().min(1).max(99),
  title: text,
  difficulty: z.number().int().min(1).max(5),
  estimatedMinutes: z.number().int().min(1).max(120),
  goal: text,
  /** Why it matters, citing the real precedents by their keys in docs/references.md. */
  background: text,
  /** What to do; `{target}` and the like are filled in from this lab instance's draw. */
  steps: z.array(text).min(1),
  /** Revealed one at a time, on request, and recorded. */
  hints: z.array(text).min(1),
  check: z.strictObject({
    kind: z.enum(CHECK_KINDS),
    /** How the lab checks it, in a sentence a participant reads before trying. */
    description: text,
    /** What `exercise check <id> …` expects after the id; absent when the lab observes an event. */
    answer: text.optional(),
    /** written-mitigation: the file the participant edits. */
    scaffold: repoPath.optional(),
  }),
  links: z.strictObject({
    leak: z.array(repoPath),
    mitigation: z.array(repoPath),
    tests: z.array(repoPath),
  }),
});

export type Exercise = z.infer<typeof exerciseSchema>;
