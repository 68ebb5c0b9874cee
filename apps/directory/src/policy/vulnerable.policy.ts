import type { PresenceEvent, ProfileView } from '@lab/protocol';
import type { DirectoryPolicy, PresenceRecord } from './directory-policy';

/**
 * The vulnerable directory: every leak channel of the lab open, on purpose. This is the file to
 * read first; each mitigation in ../mitigations overrides some of these hooks, in a file of the
 * same shape (`diff` one against this file).
 */
export const vulnerablePolicy: DirectoryPolicy = {
  mitigations: [],

  // L1 — profile lookup. Any logged-in user who looks a username up gets the address and port
  // the user's client last connected from, and the LAN addresses it reported: the data a Skype 5.5
  // client wrote to its debug log when its user merely opened a profile [@SkypeDebugLog2012]. That
  // it received them for peer-to-peer set-up is an inference.
  profileFor(record: PresenceRecord): ProfileView {
    return {
      username: record.username,
      displayName: record.displayName,
      online: record.online,
      lastSeenAt: record.lastSeenAt,
      lastSeenAddress: record.endpoint?.address ?? null,
      lastSeenPort: record.endpoint?.port ?? null,
      localAddresses: record.localAddresses,
    };
  },

  // L4 — reverse lookup by e-mail. Anyone who knows an e-mail address finds the account behind it,
  // whatever its holder chose: the resolver sites' "email2skype" [@SkypeResolverSites] turned a
  // known address into a username, and the username into an IP address.
  findableByEmail: () => true,

  // L2 — presence subscription. Anyone may follow anyone, and every change carries the new
  // address: real-time tracking without polling.
  presenceVisibleTo: () => true,
  presenceEvent(record: PresenceRecord): PresenceEvent {
    return {
      username: record.username,
      online: record.online,
      at: record.lastSeenAt ?? new Date().toISOString(),
      publicAddress: record.endpoint?.address ?? null,
      port: record.endpoint?.port ?? null,
      localAddresses: record.localAddresses,
    };
  },

  // L3 and L4 — calling. Anyone may call anyone who is online, and the refusal says why: no such
  // user, or offline. A call that rings has confirmed that the account exists and is online.
  inviteAnswer({ standing, online }) {
    if (standing === 'missing') return { kind: 'refuse', code: 'user_not_found' };
    if (!online) return { kind: 'refuse', code: 'callee_offline' };
    return { kind: 'ring' };
  },
  // Once a call is set up its media flows peer to peer, so each side learns where the other is,
  // whoever the caller is: a stranger only has to get one call answered.
  callRoute: () => 'direct',
  // L3 — call set-up. Candidates are forwarded the moment they arrive. A call the callee never
  // notices reveals the callee's address [@LeBlond2011]; the lab's mechanism for it (modelled) is
  // a callee's client that answers an invite with its candidates before its user has seen a ring,
  // so a caller who hangs up quickly learns the address and leaves no trace.
  candidatesIn: () => 'forward',

  // L4 — enumeration. "No such user" and "wrong password" differ, and the first is answered at
  // once, without hashing anything; a contact request to a missing user fails, one to a real user
  // succeeds, and the contact list shows which requests went out.
  loginToMissingAccount: async () => 'unknown_user',
  contactRequestToMissing: () => 'user_not_found',
  removeMissingContact: () => 'contact_not_found',
  listsContact: () => true,
  // Nothing limits the rate: a word list can be swept as fast as the directory answers.
  rateLimitFor: () => null,

  // L5 — retention and logs. The last address survives logout and restarts, every address ever
  // seen goes into the history, and addresses are logged in clear. Dynamic IP addresses are
  // personal data when the operator can identify the person through the ISP [@Breyer2016] — as a
  // lawful request can.
  keptAfterOffline: (whereabouts) => whereabouts,
  historyEntry: (sighting) => sighting,
  atStart: async () => undefined,
  logRedactions: [],
};
