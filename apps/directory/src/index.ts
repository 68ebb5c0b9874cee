// The directory as a library, for the lab orchestrator and the tests.
export { startDirectory } from './bootstrap';
export type { RunningDirectory } from './bootstrap';
export * from './config/directory.config';
export { IMPLEMENTED_MITIGATION_IDS, ALL_MITIGATIONS } from './mitigations';
export type { MitigationId } from './mitigations';
export { RELAY_MODES } from './mitigations';
export type { RelayMode } from './mitigations';
export { ENUMERATION_RATE_LIMIT } from './mitigations/m5-enumeration-resistance';
export { ALL_PROFILES, PROFILE_CHANNELS, PROFILE_NAMES, findProfile } from './protocol-profiles';
export type { ProfileChannel, ProtocolProfile } from './protocol-profiles';
