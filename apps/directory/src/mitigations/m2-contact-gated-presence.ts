import type { Mitigation } from './mitigation';

/**
 * M2 — Contact-gated presence. Stops L2 and part of L4.
 *
 * Presence (and the profile that carries it) is for accepted, mutual contacts only. A stranger
 * gets exactly the answer a missing user gets — same status, same body — so gating presence does
 * not itself reveal that the account exists. Precedent: WhatsApp shows "last seen" and online only
 * to people you have talked to or saved; Telegram shows strangers only a coarse "recently".
 */
export const M2_CONTACT_GATED_PRESENCE: Mitigation = {
  id: 'M2',
  title: 'Contact-gated presence: only mutual contacts see presence; strangers get the missing-user answer',
  stops: ['L2', 'L4'],
  precedent: 'WhatsApp "last seen" for contacts only; Telegram\'s coarse "recently"',
  overrides: (previous) => ({
    // L1 — profile lookup: a stranger is answered as if the user did not exist.
    profileFor: (record, relation) =>
      relation === 'stranger' ? undefined : previous.profileFor(record, relation),
    // L2 — presence subscription: contacts (and oneself) only, re-checked at every delivery.
    presenceVisibleTo: (relation) => relation !== 'stranger' && previous.presenceVisibleTo(relation),
  }),
};
