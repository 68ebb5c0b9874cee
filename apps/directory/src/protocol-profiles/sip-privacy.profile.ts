import { SIP } from './sip.profile';
import type { ProtocolProfile } from './protocol-profile';

/**
 * sip-privacy — SIP through a privacy service (`Privacy: header; session`).
 *
 * Models: an RFC 3323 privacy service strips the headers that carry addresses and relays the media
 * [@RFC3323], so neither side's address reaches the other: the `sip` profile with every call
 * relayed (M4, `always`).
 * Simplifies: the privacy service is the lab's relay, used for every call in both directions;
 * real deployments apply it only when a party asks for it, and only if the provider runs one.
 */
export const SIP_PRIVACY: ProtocolProfile = {
  ...SIP,
  name: 'sip-privacy',
  title: 'SIP through an RFC 3323 privacy service',
  models: 'A privacy service strips address headers and relays the media [@RFC3323].',
  simplifies:
    'Every call is relayed; in reality a party must ask for privacy, and the provider must run such a service.',
  modelled: { ...SIP.modelled, 'answered-call': 'relaying every call is the lab’s choice of deployment' },
  mitigations: ['M1', 'M4'],
  relayCalls: 'always',
};
