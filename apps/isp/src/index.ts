// The ISP registry as a library, for the lab orchestrator and the tests.
export { startIsp } from './bootstrap';
export type { RunningIsp } from './bootstrap';
export * from './config/isp.config';
export { LAWFUL_REQUEST_SCHEME } from './leases/lawful-request.guard';
export type { LeaseAnswer, LeaseSubscriber } from './leases/lease-query.dto';
export { RDAP_MEDIA_TYPE } from './rdap/rdap.types';
export type { RdapAutnum, RdapEntity, RdapError, RdapIpNetwork, RdapRemark } from './rdap/rdap.types';
