import { DirectoryError } from '@lab/directory-client';
import type { Attacker } from './attacker';

/** What a search by e-mail told the attacker. */
export interface EmailFinding {
  email: string;
  found: boolean;
  username: string | null;
  displayName: string | null;
  /** found, or the directory's code: user_not_found (no match, or hidden by M2), rate_limited, … */
  answer: string;
}

/**
 * L4, reversed — email2skype [@SkypeResolverSites]: ask the directory's search which account an
 * e-mail address belongs to. The username is the first hop of everything else.
 */
export async function findByEmail(attacker: Attacker, email: string): Promise<EmailFinding> {
  try {
    const found = await attacker.client.searchByEmail(email);
    return { email, found: true, username: found.username, displayName: found.displayName, answer: 'found' };
  } catch (error) {
    if (error instanceof DirectoryError && error.status < 500)
      return { email, found: false, username: null, displayName: null, answer: error.code };
    throw error;
  }
}

/** A list of e-mail addresses searched one after another, until the directory's rate limit bites. */
export async function sweepEmails(
  attacker: Attacker,
  emails: readonly string[],
): Promise<{ found: EmailFinding[]; rateLimitedAt: number | null }> {
  const found: EmailFinding[] = [];
  for (const [i, email] of emails.entries()) {
    const finding = await findByEmail(attacker, email);
    if (finding.answer === 'rate_limited') return { found, rateLimitedAt: i + 1 };
    if (finding.found) found.push(finding);
  }
  return { found, rateLimitedAt: null };
}
