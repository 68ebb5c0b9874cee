/**
 * The slice of RDAP (RFC 9083 JSON responses [@RFC9083], RFC 9082 queries [@RFC9082]) this
 * registry speaks. Member names are the RFC's, so any RDAP client reads the answers.
 */

export const RDAP_MEDIA_TYPE = 'application/rdap+json';
export const RDAP_LEVEL_0 = 'rdap_level_0';
/**
 * The lab's one RDAP extension (RFC 9083 section 2.1: extension members carry a prefix that
 * rdapConformance lists). Only error bodies use it, to carry the lab's error code and request id.
 */
export const LAB_RDAP_EXTENSION = 'lastseenlab';

/** A jCard (RFC 7095) property: name, parameters, value type, value. */
export type JCardProperty = [string, Record<string, string>, string, string];
export type VCardArray = ['vcard', JCardProperty[]];

export interface RdapLink {
  value: string;
  rel: string;
  href: string;
  type?: string;
}

/** Remarks and notices share one shape (RFC 9083 section 4.3). */
export interface RdapRemark {
  title?: string;
  type?: string;
  description: string[];
  links?: RdapLink[];
}

export interface RdapEvent {
  eventAction: 'registration' | 'last changed';
  eventDate: string;
}

export interface RdapEntity {
  objectClassName: 'entity';
  handle: string;
  roles: ('registrant' | 'abuse')[];
  vcardArray: VCardArray;
  remarks?: RdapRemark[];
  links?: RdapLink[];
}

interface RdapTopLevel {
  rdapConformance: string[];
  notices?: RdapRemark[];
}

/** RFC 9083 section 5.4. */
export interface RdapIpNetwork extends RdapTopLevel {
  objectClassName: 'ip network';
  handle: string;
  startAddress: string;
  endAddress: string;
  ipVersion: 'v4';
  name: string;
  type: string;
  country: string;
  parentHandle: string;
  status: string[];
  entities: RdapEntity[];
  remarks: RdapRemark[];
  links: RdapLink[];
  events: RdapEvent[];
}

/** RFC 9083 section 5.5. */
export interface RdapAutnum extends RdapTopLevel {
  objectClassName: 'autnum';
  handle: string;
  startAutnum: number;
  endAutnum: number;
  name: string;
  type: string;
  country: string;
  status: string[];
  entities: RdapEntity[];
  remarks: RdapRemark[];
  links: RdapLink[];
  events: RdapEvent[];
}

/** RFC 9083 section 7. */
export interface RdapHelp extends RdapTopLevel {
  notices: RdapRemark[];
}

/** RFC 9083 section 6, plus the lab's code and request id (see LAB_RDAP_EXTENSION). */
export interface RdapError extends RdapTopLevel {
  errorCode: number;
  title: string;
  description: string[];
  lastseenlab_code: string;
  lastseenlab_requestId?: string;
}
