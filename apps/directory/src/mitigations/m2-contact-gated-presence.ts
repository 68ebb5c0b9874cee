import type { Mitigation } from './mitigation';

/**
 * M2 — Contact-gated presence. Stops L2 and part of L4.
 *
 * Presence (and the profile that carries it) is for accepted, mutual contacts only. A stranger
 * gets exactly the answer a missing user gets — same status, same body, same queries — so gating
 * presence does not itself reveal that the account exists. The same goes for the search by e-mail:
 * a stranger finds only accounts whose holders opted in to being found, and a hidden account is
 * answered as no match. Calls are presence too (a call that
 * rings says "online"): only contacts can ring you; a stranger's call is swallowed.
 * Precedent: WhatsApp shows "last seen" and online only to people you have talked to or saved
 * [@WhatsAppLastSeen]; on Telegram each user chooses Everybody, My Contacts or Nobody, and those
 * not allowed see only an approximate "recently" [@TelegramLastSeen]. M2 fixes the strictest
 * choice: mutual contacts only. For calls: Skype let a user accept calls only from their contact
 * list [@SkypeHGCFAQ2005], and since 2020 a Signal call from someone not in your contacts rings
 * only once you accept their message request [@SignalMessageRequests2020].
 */
export const M2_CONTACT_GATED_PRESENCE: Mitigation = {
  id: 'M2',
  title:
    'Contact-gated presence: only mutual contacts see presence or can ring; strangers get the missing-user answer',
  stops: ['L2', 'L4'],
  precedent:
    'WhatsApp: last seen for people you talked to or saved [@WhatsAppLastSeen]; Telegram: each user chooses who [@TelegramLastSeen]; Skype: calls from contacts only [@SkypeHGCFAQ2005]',
  overrides: (previous) => ({
    // L1, L2 — profile lookup and presence subscription: contacts (and oneself) only, re-checked
    // at every delivery. A stranger is answered as if the user did not exist, with the same work.
    presenceVisibleTo: (relation) => relation !== 'stranger' && previous.presenceVisibleTo(relation),
    // L4 — search by e-mail: a stranger finds an account only if its holder opted in.
    findableByEmail: (target) =>
      (target.relation !== 'stranger' || target.discoverable) && previous.findableByEmail(target),
    // L3, L4 — calling: a stranger's invite is swallowed, whoever it names. The caller gets
    // `call.created` as for a call that rings, then nothing, whether the callee is online,
    // offline or does not exist; the callee's client is never told (no ring, no missed call).
    inviteAnswer: (callee) =>
      callee.standing === 'stranger' || callee.standing === 'missing'
        ? { kind: 'swallow' }
        : previous.inviteAnswer(callee),
  }),
};
