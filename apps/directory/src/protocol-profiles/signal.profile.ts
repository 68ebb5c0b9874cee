import { M2_CONTACT_GATED_PRESENCE } from '../mitigations/m2-contact-gated-presence';
import { ProtocolProfile, hooksOf } from './protocol-profile';

/**
 * signal — Signal with its defaults: no addresses anywhere, strangers' calls relayed.
 *
 * Models: a call from someone whose request you have not accepted does not ring
 * [@SignalMessageRequests2020] (M2's call rule, without its presence gate: a username lookup
 * still answers); calls are relayed unless the caller is trusted (`hideIp =
 * !isProfileSharing() || isAlwaysTurnServers()` [@SignalAndroidIncomingCall], M4 `strangers`);
 * between trusted contacts candidates arrive before the callee answers (`ConnectingBeforeAccepted`
 * [@SignalIOS5249]; by design, per [@SignalDesktop6741]). No address in any lookup (M1).
 * Simplifies: the lab's mutual contacts stand for "profile shared"; Signal has no presence, the
 * lab's carries no address.
 */
export const SIGNAL: ProtocolProfile = {
  name: 'signal',
  title: 'Signal, default settings',
  models:
    'Strangers’ calls do not ring [@SignalMessageRequests2020] and are relayed; trusted contacts call peer to peer [@SignalAndroidIncomingCall], candidates flowing before the answer [@SignalIOS5249].',
  simplifies: 'Mutual contacts stand for "profile shared"; the lab’s presence stands for Signal’s none.',
  modelled: {
    'caller-before-answer':
      'what a trusted callee receives of its caller before answering is the lab’s model',
    enumeration: 'username lookups answer; their rate limits are not modelled',
    retention: 'what Signal’s servers keep is not established here',
  },
  mitigations: ['M1', 'M4'],
  relayCalls: 'strangers',
  behaviour: (previous) => hooksOf(M2_CONTACT_GATED_PRESENCE, previous, 'inviteAnswer'),
};

/** signal-always-relay — Signal with "Always relay calls" on [@SignalAlwaysRelay]. */
export const SIGNAL_ALWAYS_RELAY: ProtocolProfile = {
  ...SIGNAL,
  name: 'signal-always-relay',
  title: 'Signal with "Always relay calls"',
  models:
    '"Always relay calls" relays contacts’ calls too, "to avoid revealing your IP address to your contact" [@SignalAlwaysRelay].',
  relayCalls: 'always',
};
