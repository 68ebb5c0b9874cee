import type { Mitigation } from './mitigation';

/**
 * M2 — Contact-gated presence. Stops L2 and part of L4.
 *
 * Presence (and the profile that carries it) is for accepted, mutual contacts only. A stranger
 * gets exactly the answer a missing user gets — same status, same body — so gating presence does
 * not itself reveal that the account exists. Precedent: WhatsApp shows "last seen" and online only
 * to people you have talked to or saved [@WhatsAppLastSeen]; on Telegram each user chooses
 * Everybody, My Contacts or Nobody, and those not allowed see only an approximate "recently"
 * [@TelegramLastSeen]. M2 fixes the strictest choice: mutual contacts only.
 */
export const M2_CONTACT_GATED_PRESENCE: Mitigation = {
  id: 'M2',
  title: 'Contact-gated presence: only mutual contacts see presence; strangers get the missing-user answer',
  stops: ['L2', 'L4'],
  precedent:
    'WhatsApp: last seen for people you talked to or saved [@WhatsAppLastSeen]; Telegram: each user chooses who [@TelegramLastSeen]',
  apply: (policy) => ({
    ...policy,
    profileFor: (record, relation) =>
      relation === 'stranger' ? undefined : policy.profileFor(record, relation),
    presenceVisibleTo: (relation) => relation !== 'stranger' && policy.presenceVisibleTo(relation),
  }),
};
