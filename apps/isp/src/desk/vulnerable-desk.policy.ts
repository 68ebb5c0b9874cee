import type { DeskPolicy } from './desk-policy';
import type { LineOnFile, OfferedFacts, Pretext } from './desk.types';

/**
 * The vulnerable support desk: helpful, polite, and beaten by pretexting. Each failure is named
 * (P1–P4, docs/mitigations.md) and is the one a real pretexter relies on. In 2006 web sites sold
 * phone records obtained this way, and investigators hired by Hewlett-Packard used false
 * identities to obtain directors' and journalists' records [@HPPretexting2006]. The fixes are in
 * fixed-desk.policy.ts, in a file of the same shape.
 */

export const P1_KNOWN_FACTS: Pretext = { id: 'P1', name: 'verification by facts the caller already has' };
export const P2_GUESS_CONFIRMATION: Pretext = { id: 'P2', name: 'confirming or denying guesses' };
export const P3_EMERGENCY: Pretext = { id: 'P3', name: 'an emergency, and no call-back' };
export const P4_CLAIMED_AUTHORITY: Pretext = { id: 'P4', name: 'claimed authority taken on trust' };

const same = (a: string | undefined, b: string | null | undefined) =>
  !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

/** Whether the facts match the line: the address (any form of it), a connection time, the town. */
export function factsMatch(
  offered: OfferedFacts,
  line: LineOnFile | undefined,
  display: (a: string) => string,
) {
  if (!line || !offered.address || !offered.connectedAt) return false;
  const town = same(offered.city, line.household.town) || same(offered.city, line.registryCity);
  return display(offered.address) === line.address && town;
}

export function vulnerableDesk(display: (address: string) => string): DeskPolicy {
  return {
    variant: 'vulnerable',
    fixes: [],
    // P1 — "security questions" any attacker can answer. The address and the time came from the
    // leak, the town from RDAP: the desk checks what the caller already had. The FCC's CPNI order
    // forbids exactly this: authentication must not rest on readily available information
    // [@FCCCPNI2007].
    checkFacts(offered, line) {
      if (factsMatch(offered, line, display)) {
        return {
          verified: true,
          sendCode: false,
          disclose: false,
          say: 'Thanks, that matches our records for the line. What can I do for you?',
        };
      }
      return {
        verified: false,
        sendCode: false,
        disclose: false,
        say: "That doesn't match what I have. To verify you I need the line's IP address, when it was connected, and the town.",
      };
    },
    // No codes here: the desk has no out-of-band channel to the subscriber.
    checkCode: () => ({
      verified: false,
      disclose: false,
      say: "We don't use codes. Just tell me the line's IP address, when it was connected, and the town.",
    }),
    // P2 — the desk will not read the address out, but it answers yes or no to a guess, so a
    // list of a town's streets becomes the street (modelled).
    answerGuess: (matches) => ({
      confirmed: matches,
      disclose: false,
      failure: P2_GUESS_CONFIRMATION,
      say: matches ? "Yes, that's the account on that line." : "No, that isn't the account on this line.",
    }),
    details({ claim, verifiedBy }) {
      if (verifiedBy) {
        return { disclose: true, failure: P1_KNOWN_FACTS, say: 'Here are the details on the account.' };
      }
      // P4 — a badge or a work order heard over the phone: no lawful request, no call-back.
      if (claim === 'police' || claim === 'technician') {
        return {
          disclose: true,
          failure: P4_CLAIMED_AUTHORITY,
          say: `Of course, since you're ${claim === 'police' ? 'with the police' : 'one of our technicians'}: here are the details.`,
        };
      }
      return {
        disclose: false,
        say: "I'll need to verify you first: the line's IP address, when it was connected, and the town.",
      };
    },
    // P3 — urgency overrides the procedure: the desk reads the address out instead of calling the
    // subscriber back on the number on file, as the CPNI order requires without a password [@FCCCPNI2007].
    emergency: () => ({
      disclose: true,
      failure: P3_EMERGENCY,
      say: "That sounds serious. Here's the address we have for the line.",
    }),
    // Nobody tells the subscriber anything: the victim sees nothing.
    notifiesSubscriber: false,
  };
}
