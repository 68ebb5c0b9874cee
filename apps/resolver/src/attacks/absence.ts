/**
 * Whether "user_not_found" means what it says. The vulnerable directory answers it only for a
 * username nobody has: a typo, not a fix. Under M2 a user hidden from a stranger gets the very same
 * answer, and M5 makes the answers of missing and existing users uniform: there, the honest
 * reading is "missing or hidden", never "no such user".
 */
export const HIDES_EXISTENCE = ['M2', 'M5'] as const;

/** The codes a directory answers for a username it does not know (lookup, subscribe, invite). */
const NOT_FOUND_CODES = new Set(['user_not_found']);

export type Absence = 'no such user' | 'missing or hidden';

/** What an answer says about the user's existence, given the directory's mitigations (its banner). */
export function absenceOf(answer: string, mitigations: readonly string[]): Absence | null {
  if (!NOT_FOUND_CODES.has(answer)) return null;
  return mitigations.some((m) => (HIDES_EXISTENCE as readonly string[]).includes(m))
    ? 'missing or hidden'
    : 'no such user';
}

/** The sentence for people: a typo is told apart from a mitigation. */
export function describeAbsence(username: string, absence: Absence, mitigations: readonly string[]): string {
  if (absence === 'no such user')
    return `No such user: "${username}" does not exist on this directory (check the spelling). That is not a fix: nothing was hidden.`;
  const hiding = mitigations.filter((m) => (HIDES_EXISTENCE as readonly string[]).includes(m)).join(', ');
  return `This directory (${hiding}) gives the same answer for missing users and users hidden from you: it does not tell whether "${username}" exists.`;
}

/** A track or watch of a user the directory says does not exist: said at once, not after the whole duration. */
export class NoSuchUser extends Error {
  constructor(
    readonly username: string,
    directory: string,
  ) {
    super(`no such user "${username}" on ${directory} (check the spelling)`);
    this.name = 'NoSuchUser';
  }
}
