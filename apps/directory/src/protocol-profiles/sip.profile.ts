import type { CandidateAction, CallSide, CallState } from '../policy/directory-policy';
import type { ProtocolProfile } from './protocol-profile';

/**
 * sip — Ekiga and Jitsi (desktop) over SIP, the 2012 advice's other alternatives.
 *
 * Models: the registrar knows each user's contact address but gives it to nobody in a lookup
 * (M1). The INVITE's Via, Contact and SDP carry the caller's address to the callee
 * [@RFC3261]; a provisional answer with a To-tag opens an early dialog whose Contact is the
 * callee's address (§12.1.1), so the caller learns it when the phone rings, before anyone answers.
 * Registrars answer existing and unknown users differently (nmap's `sip-enum-users` [@NmapSipEnumUsers]).
 * Simplifies: proxies, NAT traversal and early media (a 183 with SDP may leak even earlier); the
 * lab's "ringing" stands for the 180 Ringing.
 */
export function sipCandidates(
  previous: CandidateAction,
  call: { state: CallState; sender?: CallSide },
): CandidateAction {
  // The caller's address is in the INVITE; the callee's in its first provisional answer.
  return call.sender === 'caller' || call.state !== 'inviting' ? previous : 'hold';
}

export const SIP: ProtocolProfile = {
  name: 'sip',
  title: 'SIP with Ekiga or Jitsi desktop (no privacy service)',
  models:
    'The INVITE carries the caller’s address; the 180 Ringing’s Contact the callee’s [@RFC3261]; registrars tell existing users from unknown ones [@NmapSipEnumUsers].',
  simplifies: 'No proxies, NAT traversal or early media; the lab’s "ringing" is the 180.',
  modelled: {
    presence: 'SIP presence (SIMPLE) is left out: the lab’s presence carries no address',
    retention: 'what a registrar keeps after a binding expires is not established',
  },
  mitigations: ['M1'],
  behaviour: (previous) => ({
    candidatesIn: (call) => sipCandidates(previous.candidatesIn(call), call),
  }),
};
