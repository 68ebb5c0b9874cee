import { STATUS_CODES } from 'node:http';
import type { Isp, Location, Prefix } from '@lab/address-plan';
import type { Cidr } from '@lab/sandbox';
import { LAB_NETWORK_BLOCKS, cidrContains, intToIpv4 } from '@lab/sandbox';
import {
  JCardProperty,
  LAB_RDAP_EXTENSION,
  RDAP_LEVEL_0,
  RDAP_MEDIA_TYPE,
  RdapAutnum,
  RdapEntity,
  RdapError,
  RdapEvent,
  RdapHelp,
  RdapIpNetwork,
  RdapLink,
  RdapRemark,
} from './rdap.types';

/**
 * Pure builders for the registry's RDAP answers: what a real RIR would say about a lab network,
 * from the address plan alone. The lesson is in the remarks: the registry names the ISP and a
 * rough place, never the subscriber.
 */

/** Where the answer was asked (`value` of every link) and the registry's base URL. */
export interface RdapContext {
  requestUrl: string;
  baseUrl: string;
}

// Lab fiction: the day RFC 5737 set the documentation ranges aside.
const EVENTS: RdapEvent[] = [
  { eventAction: 'registration', eventDate: '2010-01-15T00:00:00Z' },
  { eventAction: 'last changed', eventDate: '2010-01-15T00:00:00Z' },
];

export const LAB_NOTICE: RdapRemark = {
  title: 'lastseen-lab registry',
  description: [
    'Every network, ISP and AS number here is simulated: documentation addresses (RFC 5737, RFC 6598) and AS numbers (RFC 5398).',
    'No real network or person is described.',
  ],
};

/** `northwind` → `NORTHWIND`, `Old Mill` → `OLD-MILL`. */
const slug = (text: string) =>
  text
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export function cidrRange(cidr: Cidr): { startAddress: string; endAddress: string } {
  return { startAddress: intToIpv4(cidr.base), endAddress: intToIpv4(cidr.base + 2 ** (32 - cidr.bits) - 1) };
}

/** `198.51.100.0/26` → `NET-198-51-100-0-26`: a handle modelled on ARIN's `NET-` handles. */
export function networkHandle(cidr: Cidr): string {
  return `NET-${intToIpv4(cidr.base).replaceAll('.', '-')}-${cidr.bits}`;
}

const link = (context: RdapContext, rel: string, path: string): RdapLink => ({
  value: context.requestUrl,
  rel,
  href: `${context.baseUrl}${path}`,
  type: RDAP_MEDIA_TYPE,
});

const vcard = (properties: [string, string][]): RdapEntity['vcardArray'] => [
  'vcard',
  [
    ['version', {}, 'text', '4.0'],
    ...properties.map(([name, value]): JCardProperty => [name, {}, 'text', value]),
  ],
];

/** The ISP as registrant (with its AS number), and its abuse desk: what a WHOIS lookup names. */
export function ispEntities(isp: Isp, context: RdapContext): RdapEntity[] {
  return [
    {
      objectClassName: 'entity',
      handle: `ORG-${slug(isp.id)}`,
      roles: ['registrant'],
      vcardArray: vcard([
        ['fn', isp.name],
        ['kind', 'org'],
      ]),
      remarks: [{ title: 'Autonomous system', description: [`AS${isp.asn}`] }],
      links: [link(context, 'related', `/autnum/${isp.asn}`)],
    },
    {
      objectClassName: 'entity',
      handle: `ABUSE-${slug(isp.id)}`,
      roles: ['abuse'],
      vcardArray: vcard([
        ['fn', `${isp.name} abuse desk`],
        ['kind', 'group'],
        ['email', isp.abuseEmail],
      ]),
    },
  ];
}

/**
 * The location as a GeoIP database would give it. Without a registered city the answer is a
 * country-level fallback, which looks just as precise as a real one.
 */
export function locationRemark(location: Location): RdapRemark {
  const coordinates = `${location.latitude.toFixed(4)}, ${location.longitude.toFixed(4)}`;
  if (location.fallback) {
    return {
      title: 'Location: country-level fallback',
      description: [
        'No city is registered for this block: the location is a country-level fallback, not a place.',
        `Coordinates: ${coordinates} (the country's centre); accuracy radius: ${location.accuracyRadiusKm} km`,
        // [@Hill2016]
        "MaxMind's US fallback (38.0000, -97.0000) covered ~600 million addresses and sent strangers to one Kansas farm for a decade: these coordinates are nobody's house.",
      ],
    };
  }
  return {
    title: 'Location',
    description: [
      `City: ${location.city}`,
      `Country: ${location.country}`,
      `Coordinates: ${coordinates}`,
      `Accuracy radius: ${location.accuracyRadiusKm} km (a probable area, not a street address)`,
    ],
  };
}

const USE: Record<Prefix['kind'], string[]> = {
  residential: ["Residential broadband: each subscriber's router holds one address, often for days."],
  business: ['Business customers: fixed addresses, each assigned to one firm.'],
  cgnat: [
    // [@Europol2017], [@RFC6302]
    'Carrier-grade NAT pool: thousands of subscribers can share each address at the same time (Europol, 2017).',
    'Only the source port, at the exact time, singles out one of them (RFC 6302: servers should log it).',
  ],
};

/** Points from the registry to the one record that names a person: the ISP's lease log. */
function subscriberRemark(isp: Isp, prefix: Prefix): RdapRemark {
  const cgnat = prefix.kind === 'cgnat';
  return {
    title: 'Who is behind an address',
    description: [
      'This registry names the network holder (the ISP), never the subscriber.',
      `Only ${isp.name}'s lease log maps an address and a time${cgnat ? ' and a source port' : ''} to a subscriber, ` +
        `and it answers lawful requests only: GET /isps/${isp.id}/leases?address=…&at=…${cgnat ? '&port=…' : ''}`,
    ],
  };
}

/** RFC 9083 section 5.4: the network an address belongs to. */
export function ipNetwork(isp: Isp, prefix: Prefix, context: RdapContext): RdapIpNetwork {
  const { cidr, location } = prefix;
  const parent = LAB_NETWORK_BLOCKS.find((b) => b.bits <= cidr.bits && cidrContains(b, intToIpv4(cidr.base)));
  const range = cidrRange(cidr);
  return {
    objectClassName: 'ip network',
    rdapConformance: [RDAP_LEVEL_0],
    notices: [LAB_NOTICE],
    handle: networkHandle(cidr),
    ...range,
    ipVersion: 'v4',
    name: [slug(isp.id), slug(prefix.kind), ...(location.fallback ? [] : [slug(location.city)])].join('-'),
    type: 'ASSIGNED PA',
    country: isp.country,
    parentHandle: parent ? networkHandle(parent) : 'NET-LAB',
    status: ['active'],
    entities: ispEntities(isp, context),
    remarks: [
      locationRemark(location),
      { title: 'Use', description: USE[prefix.kind] },
      subscriberRemark(isp, prefix),
    ],
    links: [link(context, 'self', `/ip/${range.startAddress}/${cidr.bits}`)],
    events: EVENTS,
  };
}

/** RFC 9083 section 5.5: an ISP's AS number. */
export function autnum(isp: Isp, context: RdapContext): RdapAutnum {
  return {
    objectClassName: 'autnum',
    rdapConformance: [RDAP_LEVEL_0],
    notices: [LAB_NOTICE],
    handle: `AS${isp.asn}`,
    startAutnum: isp.asn,
    endAutnum: isp.asn,
    name: slug(isp.name),
    type: 'DIRECT ALLOCATION',
    country: isp.country,
    status: ['active'],
    entities: ispEntities(isp, context),
    remarks: [{ title: 'Networks', description: isp.prefixes.map((p) => p.cidr.text) }],
    links: [link(context, 'self', `/autnum/${isp.asn}`)],
    events: EVENTS,
  };
}

/** RFC 9083 section 7: what this registry answers. */
export function help(context: RdapContext): RdapHelp {
  return {
    rdapConformance: [RDAP_LEVEL_0],
    notices: [
      LAB_NOTICE,
      {
        title: 'Queries',
        description: [
          'GET /ip/<address>: the network, ISP, AS number and rough location of a lab address (198.51.100.10, or its loopback mirror 127.51.100.10).',
          'GET /ip/<prefix>/<length>: the same, for a block inside one network.',
          'GET /autnum/<number>: an ISP by its AS number, such as /autnum/64496.',
          'Not RDAP: GET /isps/<ispId>/leases?address=…&at=…[&port=…] asks an ISP who held an address, with "Authorization: Lawful-Request <token>".',
        ],
        links: [
          { value: context.requestUrl, rel: 'help', href: `${context.baseUrl}/docs`, type: 'text/html' },
        ],
      },
    ],
  };
}

/** RFC 9083 section 6, with the lab's code and request id as extension members. */
export function rdapError(
  status: number,
  code: string,
  description: string[],
  requestId?: string,
): RdapError {
  return {
    rdapConformance: [RDAP_LEVEL_0, LAB_RDAP_EXTENSION],
    errorCode: status,
    title: STATUS_CODES[status] ?? 'Error',
    description,
    lastseenlab_code: code,
    lastseenlab_requestId: requestId,
  };
}
