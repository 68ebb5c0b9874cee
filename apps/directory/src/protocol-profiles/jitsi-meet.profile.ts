import type { ProtocolProfile } from './protocol-profile';

/**
 * jitsi-meet-p2p and jitsi-meet-bridge — Jitsi Meet rooms, with peer-to-peer on (the default) and off.
 *
 * Models: with exactly two participants in a room, Jitsi Meet sends the media peer to peer over ICE
 * (`p2p.enabled` is true by default [@JitsiMeetP2P]); with it off, every participant sees only the
 * videobridge's address. There is no ring and no answer: whoever joins the room is in the call.
 * Simplifies: the lab has no rooms. The victim's username stands for the name of their room, and
 * the lab's call for joining it with the victim inside; the victim's client sends its candidates
 * at once, as a participant's does on join (the lab's "ring" stands for nothing in Jitsi Meet).
 * Jitsi Meet has no user directory: a lookup or presence answer carries no address (M1). The
 * bridge is the lab's relay (M4, `always`).
 */
export const JITSI_MEET_P2P: ProtocolProfile = {
  name: 'jitsi-meet-p2p',
  title: 'Jitsi Meet, a two-person room with peer-to-peer on (the default)',
  models:
    'Two participants connect peer to peer by default; a third moves everyone to the videobridge [@JitsiMeetP2P].',
  simplifies:
    'A username stands for a room name, a call for joining the room; there is no directory, ring or answer in Jitsi Meet.',
  modelled: {
    'callee-before-answer': 'a room has no answer: the lab’s probe is joining the room, which is the model',
    'caller-before-answer': 'a room has no answer: the lab’s probe is joining the room, which is the model',
    enumeration: 'rooms are not accounts; whether a room is occupied, the lab answers as for a user',
    retention: 'what a Jitsi Meet deployment keeps is not established',
  },
  mitigations: ['M1'],
};

export const JITSI_MEET_BRIDGE: ProtocolProfile = {
  ...JITSI_MEET_P2P,
  name: 'jitsi-meet-bridge',
  title: 'Jitsi Meet with peer-to-peer off (everyone through the videobridge)',
  models: 'With `p2p.enabled` off, participants see only the videobridge’s address [@JitsiMeetP2P].',
  modelled: {
    ...JITSI_MEET_P2P.modelled,
    'answered-call': 'the videobridge is the lab’s relay',
  },
  mitigations: ['M1', 'M4'],
  relayCalls: 'always',
};
