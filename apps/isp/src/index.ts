// The ISP registry as a library, for the lab orchestrator and the tests.
export { startIsp } from './bootstrap';
export type { RunningIsp } from './bootstrap';
export * from './config/isp.config';
export { LAWFUL_REQUEST_SCHEME } from './leases/lawful-request.guard';
export { SubscriberInbox } from './desk/subscriber-inbox';
export type { SubscriberNotice } from './desk/subscriber-inbox';
export { CLAIMS, DESK_VARIANTS, INTENTS } from './desk/desk.types';
export type { Claim, DeskAnswer, DeskFix, DeskVariant, Intent, Pretext } from './desk/desk.types';
export type { LeaseAnswer, LeaseSubscriber } from './leases/lease-query.dto';
export { RDAP_MEDIA_TYPE } from './rdap/rdap.types';
export type { RdapAutnum, RdapEntity, RdapError, RdapIpNetwork, RdapRemark } from './rdap/rdap.types';
