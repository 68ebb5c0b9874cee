import type { DeskPolicy } from './desk-policy';
import type { DeskFix } from './desk.types';

/**
 * The fixed support desk: it never reads a subscriber's record to a caller it has not verified
 * out of band, and it tells the subscriber about every inquiry. It follows the pattern of the
 * FCC's CPNI order (FCC 07-22): over the phone only with a password; otherwise send the
 * information to the address of record or call back the number of record; notify the customer
 * [@FCCCPNI2007]. Pretexting to get such records became a crime in the US in 2006 [@TRPPA2006].
 * Compare with vulnerable-desk.policy.ts, hook by hook.
 */

export const D1_OUT_OF_BAND_VERIFICATION: DeskFix = {
  id: 'D1',
  // A one-time code to the subscriber on file; nothing confirmed or denied before.
  name: 'out-of-band verification',
};
export const D2_LAWFUL_PROCESS: DeskFix = {
  id: 'D2',
  // Claims of authority and emergencies go to the lawful process, never answered on the phone.
  name: 'lawful process only',
};
export const D3_SUBSCRIBER_NOTIFIED: DeskFix = {
  id: 'D3',
  // Every inquiry about a line is told to its subscriber.
  name: 'subscriber notified',
};

const D1_SAY =
  "I can't discuss or confirm anything about an account on this call. If you are the account holder, " +
  "I've sent a one-time code to the contact details we have on file: read it back to me.";

export function fixedDesk(lawfulProcess: string): DeskPolicy {
  const lawful =
    `Requests from the police or the courts go through our lawful-request process (${lawfulProcess}), ` +
    'not through this desk. If someone is in danger, call the emergency services: they reach us that way.';
  return {
    variant: 'fixed',
    fixes: [D1_OUT_OF_BAND_VERIFICATION, D2_LAWFUL_PROCESS, D3_SUBSCRIBER_NOTIFIED],
    // D1 — facts are not proof: the address, a time and the town are what a resolver and RDAP give
    // anyone. A code goes to the subscriber on file (whatever the facts, and whether or not the line
    // has a household, so the answer tells the caller nothing).
    checkFacts: () => ({
      verified: false,
      sendCode: true,
      disclose: false,
      stoppedBy: D1_OUT_OF_BAND_VERIFICATION,
      say: D1_SAY,
    }),
    checkCode: (correct) =>
      correct
        ? { verified: true, disclose: false, say: 'Thank you, you are verified. What can I do for you?' }
        : {
            verified: false,
            disclose: false,
            stoppedBy: D1_OUT_OF_BAND_VERIFICATION,
            say: "That isn't the code we sent. Only the account holder has it.",
          },
    // D1 — neither yes nor no: a denial is as telling as a confirmation.
    answerGuess: () => ({
      confirmed: null,
      disclose: false,
      stoppedBy: D1_OUT_OF_BAND_VERIFICATION,
      say: "I can't confirm or deny any detail of an account.",
    }),
    details({ claim, verifiedBy }) {
      // The account holder, verified by the code only they received, may hear their own record.
      if (verifiedBy === 'code') return { disclose: true, say: 'Here are the details on your account.' };
      if (claim === 'police' || claim === 'technician')
        return { disclose: false, stoppedBy: D2_LAWFUL_PROCESS, say: lawful };
      return { disclose: false, stoppedBy: D1_OUT_OF_BAND_VERIFICATION, say: D1_SAY };
    },
    // D2 — an emergency is real or it is a pretext; either way the emergency services, not the
    // caller, get the address, through the lawful process, and the subscriber is called back.
    emergency: () => ({ disclose: false, stoppedBy: D2_LAWFUL_PROCESS, say: lawful }),
    // D3 — the subscriber hears of every call about their line, and of every code sent.
    notifiesSubscriber: true,
  };
}
