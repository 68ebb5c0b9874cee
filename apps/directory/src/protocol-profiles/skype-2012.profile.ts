import type { ProtocolProfile } from './protocol-profile';

/**
 * skype-2012 — Skype before 2016: the vulnerable directory as it is.
 *
 * Models: looking a user up gave their public and LAN addresses (the data a Skype 5.5 client wrote
 * to its debug log [@SkypeDebugLog2012], which resolvers grepped [@SkypeResolverBn0x]); a call the
 * callee never noticed gave the callee's address [@LeBlond2011].
 * Simplifies: the supernodes, the debug log as the only lookup route, and the client's timing.
 */
export const SKYPE_2012: ProtocolProfile = {
  name: 'skype-2012',
  title: 'Skype until January 2016 (the vulnerable directory)',
  models:
    'A lookup gave the public and LAN addresses [@SkypeDebugLog2012]; an unnoticed call gave the callee’s address [@LeBlond2011].',
  simplifies:
    'Supernodes are left out; the address reaches the attacker in the lookup answer instead of the debug log.',
  modelled: {
    'callee-before-answer':
      'the leak is established [@LeBlond2011]; its mechanism here (candidates before the ring) is the lab’s',
    'caller-before-answer': 'no source says what a 2012 Skype callee received before answering',
    presence: 'no source describes pushed presence carrying addresses; resolvers polled lookups',
    retention:
      'press reports addresses retrievable for up to 72 hours after logout (_unconfirmed_ [@LeBlond2011Press])',
  },
  mitigations: [],
};
