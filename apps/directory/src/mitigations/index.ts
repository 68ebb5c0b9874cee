import type { Mitigation, MitigationId } from './mitigation';
import { M1_DATA_MINIMISATION } from './m1-data-minimisation';
import { M2_CONTACT_GATED_PRESENCE } from './m2-contact-gated-presence';
import { M3_CONSENT_GATED_SIGNALLING } from './m3-consent-gated-signalling';
import { M4_RELAY_CALLS } from './m4-relay-calls';
import { M5_ENUMERATION_RESISTANCE } from './m5-enumeration-resistance';
import { M6_RETENTION_AND_LOG_HYGIENE } from './m6-retention-and-log-hygiene';

export type { LeakId, Mitigation, MitigationId } from './mitigation';
export { RELAY_MODES, relayCallsMitigation } from './m4-relay-calls';
export type { RelayMode } from './m4-relay-calls';

/** Every mitigation the directory implements, in order. M4 also needs a relay (apps/relay) to call through. */
export const ALL_MITIGATIONS: readonly Mitigation[] = [
  M1_DATA_MINIMISATION,
  M2_CONTACT_GATED_PRESENCE,
  M3_CONSENT_GATED_SIGNALLING,
  M4_RELAY_CALLS,
  M5_ENUMERATION_RESISTANCE,
  M6_RETENTION_AND_LOG_HYGIENE,
];

export const IMPLEMENTED_MITIGATION_IDS: readonly MitigationId[] = ALL_MITIGATIONS.map((m) => m.id);
