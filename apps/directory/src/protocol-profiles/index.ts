export { PROFILE_CHANNELS } from './protocol-profile';
export type { ProfileChannel, ProtocolProfile } from './protocol-profile';
export { ALL_PROFILES, PROFILE_NAMES, findProfile } from './all-profiles';
export { directoryPolicy, profilePolicy, resolveProfile } from './profile-policy';
