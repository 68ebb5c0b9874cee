import { JITSI_MEET_BRIDGE, JITSI_MEET_P2P } from './jitsi-meet.profile';
import type { ProtocolProfile } from './protocol-profile';
import { SIGNAL, SIGNAL_ALWAYS_RELAY } from './signal.profile';
import { SIP } from './sip.profile';
import { SIP_PRIVACY } from './sip-privacy.profile';
import { SKYPE_2012 } from './skype-2012.profile';
import { SKYPE_2016 } from './skype-2016.profile';
import { TELEGRAM, TELEGRAM_NOBODY } from './telegram.profile';
import { WHATSAPP, WHATSAPP_PROTECT_IP } from './whatsapp.profile';
import { XMPP } from './xmpp.profile';

/** Every protocol profile, in the order docs/profiles.md lists them: 2012, the 2012 advice, today. */
export const ALL_PROFILES: readonly ProtocolProfile[] = [
  SKYPE_2012,
  SKYPE_2016,
  XMPP,
  SIP,
  SIP_PRIVACY,
  JITSI_MEET_P2P,
  JITSI_MEET_BRIDGE,
  SIGNAL,
  SIGNAL_ALWAYS_RELAY,
  WHATSAPP,
  WHATSAPP_PROTECT_IP,
  TELEGRAM,
  TELEGRAM_NOBODY,
];

export const PROFILE_NAMES: readonly string[] = ALL_PROFILES.map((p) => p.name);

export function findProfile(name: string): ProtocolProfile | undefined {
  return ALL_PROFILES.find((p) => p.name === name);
}
