import { M2_CONTACT_GATED_PRESENCE } from '../mitigations/m2-contact-gated-presence';
import { ProtocolProfile, hooksOf } from './protocol-profile';

/**
 * xmpp — Pidgin and Adium over XMPP (libpurple), one of the 2012 advice's alternatives.
 *
 * Models: presence goes only to approved subscribers and carries a JID and a status, no address
 * [@RFC6121] (M1, and M2's presence gate without its call rule). A Jingle call's session-initiate
 * carries the initiator's own candidates, so the callee learns the caller's address before
 * answering; the callee's session-accept, with its candidates, goes only after its user accepts
 * (libpurple `jingle_rtp_ready()` [@LibpurpleJingleRtp]). XEP-0176 §Security asks clients to
 * send candidates before acceptance only to roster contacts [@XEP0176]; libpurple's caller does not ask.
 * Simplifies: the server's roster and subscription handshake are the lab's contacts; a stranger
 * who wants to call needs the callee's full JID, which the lab does not model (the call rings).
 * File transfer (addresses after acceptance) is left out.
 */
export const XMPP: ProtocolProfile = {
  name: 'xmpp',
  title: 'XMPP with Pidgin or Adium (libpurple Jingle calls)',
  models:
    'Presence to approved subscribers only, without addresses [@RFC6121]; the caller’s candidates travel in the session-initiate, the callee’s only after its user accepts [@LibpurpleJingleRtp].',
  simplifies:
    'Contacts stand for roster subscriptions; a stranger’s call rings (the full JID it needs is not modelled); no file transfer.',
  modelled: {
    'callee-before-answer':
      'whether the callee’s ICE checks leave before its user answers is not established [@LibpurpleJingleRtp]',
    enumeration: 'whether a server tells a missing account from a hidden one is not established',
    retention: 'what a server keeps of its users’ addresses is not established',
  },
  mitigations: ['M1'],
  behaviour: (previous) => ({
    // RFC 6121: only approved subscribers see presence; a stranger is answered as for a missing user.
    ...hooksOf(M2_CONTACT_GATED_PRESENCE, previous, 'presenceVisibleTo'),
    // Jingle: the initiator's candidates go with the invite; the responder's with session-accept.
    candidatesIn: (call) =>
      call.sender === 'caller' || call.state === 'accepted' ? previous.candidatesIn(call) : 'hold',
  }),
};
