import type { Relation } from '../policy/directory-policy';
import type { Mitigation } from './mitigation';

/**
 * M4 — Relay calls for strangers (or always). Stops L3 after accept, and peer-to-peer exposure.
 *
 * M3 keeps addresses back until the callee accepts; but once a call is answered, peer-to-peer
 * media still tells each side where the other is — a stranger just needs one call picked up. With
 * M4 the directory asks the relay (apps/relay) for an allocation and gives each party a single
 * `relay` candidate: the relay's address and port and that party's own token. The parties' own
 * host and server-reflexive candidates are never forwarded, so each side's media socket shows the
 * relay's address, never the other user's. By default only calls between mutual contacts go
 * direct (`strangers`); `always` relays those too.
 *
 * Precedent: Signal-Android relays a call when the caller is not trusted or "Always relay calls"
 * is on (`hideIp = !isProfileSharing() || isAlwaysTurnServers()` [@SignalAndroidIncomingCall]);
 * WhatsApp's "Protect IP address in calls" relays every call [@WhatsAppIPProtection2023];
 * Telegram's peer-to-peer setting "Nobody" relays all calls [@TelegramCallsPrivacy]; in WebRTC,
 * `iceTransportPolicy: "relay"` uses TURN candidates only [@W3CWebRTC]. Where `strangers` draws the
 * line (mutual contacts) is the lab's model. The price: a relay carries every byte of every relayed
 * call, and the extra hop costs some quality ("…will reduce call quality" [@SignalAlwaysRelay]).
 * Roughly 15–30% of WebRTC sessions need TURN anyway [@Callstats2017]; relaying everyone makes it
 * 100%.
 */
export type RelayMode = 'strangers' | 'always';
export const RELAY_MODES: readonly RelayMode[] = ['strangers', 'always'];

/** Whether M4 in this mode relays a call between two users who stand in `relation` to each other. */
export function isRelayed(mode: RelayMode, relation: Relation): boolean {
  return mode === 'always' || relation !== 'contact';
}

export function relayCallsMitigation(mode: RelayMode = 'strangers'): Mitigation {
  return {
    id: 'M4',
    title:
      mode === 'always'
        ? 'Relay every call: each side sees only the relay’s address'
        : 'Relay calls from strangers: only mutual contacts ever see each other’s address',
    stops: ['L3'],
    precedent:
      'Signal relays untrusted callers’ calls [@SignalAndroidIncomingCall]; WhatsApp "Protect IP address in calls" [@WhatsAppIPProtection2023]; Telegram P2P "Nobody" [@TelegramCallsPrivacy]',
    overrides: (previous) => ({
      // Decided at `call.invite`, and again at accept (a contact removed while the phone rang is a
      // stranger by then). A relayed call gets the relay's candidate at accept (calls service).
      callRoute: (relation) => (isRelayed(mode, relation) ? 'relayed' : previous.callRoute(relation)),
      // L3 — the parties' own candidates are never forwarded into a relayed call, not even after accept.
      candidatesIn: (call) => (call.route === 'relayed' ? 'drop' : previous.candidatesIn(call)),
    }),
  };
}

export const M4_RELAY_CALLS: Mitigation = relayCallsMitigation('strangers');
