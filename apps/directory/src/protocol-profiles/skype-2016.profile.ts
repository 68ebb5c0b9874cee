import type { ProtocolProfile } from './protocol-profile';

/**
 * skype-2016 — Skype after January 2016: addresses hidden by default, strangers' calls relayed.
 *
 * Models: Skype hid IP addresses by default "to help prevent individuals from obtaining a Skype ID
 * and resolving to an IP address" [@Skype2016] (M1). Calls from strangers go through a relay, calls
 * between contacts peer to peer (M4, `strangers`).
 * Simplifies: which calls Skype relayed after 2016 no source here establishes; the lab relays
 * strangers' calls and lets contacts' go direct, as the resolvers' remaining routes suggest.
 */
export const SKYPE_2016: ProtocolProfile = {
  name: 'skype-2016',
  title: 'Skype from January 2016 (addresses hidden, strangers relayed)',
  models: 'IP addresses hidden by default from January 2016 [@Skype2016]; strangers’ calls relayed.',
  simplifies: 'Contacts still call peer to peer; the relay is the lab’s, not Microsoft’s.',
  modelled: {
    'callee-before-answer': 'which calls were relayed after 2016 is the lab’s model',
    'caller-before-answer': 'which calls were relayed after 2016 is the lab’s model',
    'answered-call': 'which calls were relayed after 2016 is the lab’s model',
    enumeration:
      'Skype’s search answered existing and missing users differently; its rate limits are unknown',
  },
  mitigations: ['M1', 'M4'],
  relayCalls: 'strangers',
};
