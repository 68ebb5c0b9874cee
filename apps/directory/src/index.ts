// The directory as a library, for the lab orchestrator and the tests.
export { startDirectory } from './bootstrap';
export type { RunningDirectory } from './bootstrap';
export * from './config/directory.config';
export { IMPLEMENTED_MITIGATION_IDS, ALL_MITIGATIONS } from './mitigations';
export type { MitigationId } from './mitigations';
export { RELAY_MODES } from './mitigations';
export type { RelayMode } from './mitigations';
export { ENUMERATION_RATE_LIMIT } from './mitigations/m5-enumeration-resistance';
// The policy's types: what the workshop's "write a mitigation yourself" scaffold is written against.
export type {
  AddressSighting,
  CallRoute,
  CallState,
  CandidateAction,
  ContactListState,
  DirectoryPolicy,
  Endpoint,
  InviteAnswer,
  PresenceRecord,
  RateLimit,
  RateLimitedAction,
  Relation,
  Standing,
  StoredAddresses,
  Whereabouts,
} from './policy/directory-policy';
export type { PolicyOverride } from './policy/compose-policy';
export type { LeakId, PolicyHooks } from './mitigations/mitigation';
export { ALL_PROFILES, PROFILE_CHANNELS, PROFILE_NAMES, findProfile } from './protocol-profiles';
export type { ProfileChannel, ProtocolProfile } from './protocol-profiles';
