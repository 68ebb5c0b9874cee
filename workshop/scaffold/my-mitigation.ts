import type { PresenceEvent, ProfileView } from '@lab/protocol';
import type { DirectoryPolicy, PolicyHooks, PresenceRecord, Relation } from '@lab/directory';

/**
 * Write a mitigation yourself: stop a stranger learning where bob is, by L1 (the profile lookup)
 * and by L2 (following his presence).
 *
 * Any logged-in user who looks bob up gets the address and port his client last connected from,
 * and the LAN addresses it reported: a stranger turns a username into an address, as the Skype
 * resolvers did. Anyone may also follow bob's presence, and every presence frame carries the same
 * address. Make the directory stop telling a stranger where anyone is, by either way, without
 * breaking what bob's contacts legitimately do.
 *
 * How this file works: it is a policy override, shaped like the mitigations in
 * apps/directory/src/mitigations/ (compare m1-data-minimisation.ts). `overrides(previous)` returns
 * the hooks you replace; `previous` is the vulnerable policy
 * (apps/directory/src/policy/vulnerable.policy.ts, read its L1 and L2 parts first), and every hook
 * you do not return stays as it is there. The hooks, and what each decides, are in
 * apps/directory/src/policy/directory-policy.ts; the services that ask them are
 * apps/directory/src/profiles/profiles.service.ts (a lookup) and
 * apps/directory/src/presence/presence.service.ts (the presence frames).
 *
 * As given, the file changes nothing: `profileFor` and `presenceEvent` return the vulnerable
 * answers, addresses included.
 *
 * Check it (it is compiled, run in a directory of its own, and attacked with the resolver's code):
 *   npm run lab -- exercise check write-a-mitigation
 *   npm run check-mitigation                    (the same check, on this file, without the exercises)
 * It passes when a stranger who looks bob and carol up, and follows bob's presence, receives none of
 * their addresses, while bob's contact alice can still look him up, see that he is online, follow
 * his presence, and call him.
 */
export function overrides(previous: DirectoryPolicy): Partial<PolicyHooks> {
  return {
    // L1 — profile lookup: what a lookup returns to a viewer who may see the user. `relation` says
    // who is asking: 'self', 'contact' (an accepted, mutual contact) or 'stranger'.
    profileFor(record: PresenceRecord, relation: Relation): ProfileView {
      // The vulnerable answer: username, displayName, online, lastSeenAt — and lastSeenAddress,
      // lastSeenPort and localAddresses, which are the leak. (The address fields are optional in
      // ProfileView: a profile may leave them out.)
      const profile = previous.profileFor(record, relation);
      return profile;
    },

    // L2 — presence: the frame every follower of a user receives when their presence changes
    // (and once, at once, when they subscribe). It is the same frame for every follower: it has
    // no `relation`.
    presenceEvent(record: PresenceRecord): PresenceEvent {
      // The vulnerable frame: username, online, at — and publicAddress, port and localAddresses.
      const event = previous.presenceEvent(record);
      return event;
    },

    // Another way in: `presenceVisibleTo(relation)` decides who may look a user up or follow
    // their presence at all (a viewer who may not gets the same answer as for a missing user).
    // Return it here too if you want to use it — but mind who else needs to see bob.
  };
}
