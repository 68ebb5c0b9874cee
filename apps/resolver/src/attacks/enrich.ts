import { request } from 'node:http';
import { checkBanner } from '@lab/sandbox';

/** What the registry says about an address: the ISP, not the subscriber. */
export interface Enrichment {
  address: string;
  network: string | null;
  isp: string | null;
  /** The ISP's id as its lease-log route uses it: GET /isps/{ispId}/leases. */
  ispId: string | null;
  asn: number | null;
  country: string | null;
  city: string | null;
  latitude: number | null;
  longitude: number | null;
  accuracyRadiusKm: number | null;
  /** True when the registry had no city and answered with a country-level default location. */
  fallback: boolean;
  abuseEmail: string | null;
  /** The lease-log request for this address, as the registry's remarks point to it (lawful requests only). */
  leaseLog: string | null;
  found: boolean;
}

interface RdapEntity {
  roles?: string[];
  vcardArray?: [string, [string, object, string, string][]];
  remarks?: { title?: string; description?: string[] }[];
}
interface RdapNetwork {
  handle?: string;
  name?: string;
  country?: string;
  entities?: RdapEntity[];
  remarks?: { title?: string; description?: string[] }[];
}

const vcard = (entity: RdapEntity | undefined, field: string) =>
  entity?.vcardArray?.[1].find((entry) => entry[0] === field)?.[3] ?? null;

/**
 * RDAP lookup (RFC 9083) against the lab's registry: from an address to its network, ISP, ASN,
 * city and abuse contact. Reads the standard members and the lab's remarks.
 */
export async function enrich(registryUrl: string, address: string): Promise<Enrichment> {
  const base = new URL(registryUrl);
  await checkBanner(base, 'isp');
  const { status, text } = await get(new URL(`/ip/${encodeURIComponent(address)}`, base));
  const empty: Enrichment = {
    address,
    network: null,
    isp: null,
    ispId: null,
    asn: null,
    country: null,
    city: null,
    latitude: null,
    longitude: null,
    accuracyRadiusKm: null,
    fallback: false,
    abuseEmail: null,
    leaseLog: null,
    found: false,
  };
  if (status !== 200) return empty;
  const rdap = JSON.parse(text) as RdapNetwork;
  const registrant = rdap.entities?.find((e) => e.roles?.includes('registrant'));
  const abuse = rdap.entities?.find((e) => e.roles?.includes('abuse'));
  const remarks = [...(rdap.remarks ?? []), ...(registrant?.remarks ?? [])]
    .flatMap((r) => r.description ?? [])
    .join('\n');
  const number = (pattern: RegExp) => {
    const match = pattern.exec(remarks);
    return match ? Number(match[1]) : null;
  };
  const asn = number(/^AS(\d+)$/m);
  const coordinates = /^Coordinates:\s*(-?[\d.]+),\s*(-?[\d.]+)/m.exec(remarks);
  const city = /^City:\s*(.+)$/m.exec(remarks)?.[1]?.trim() ?? null;
  // The registry names the ISP's lease log ("GET /isps/northwind/leases?address=…&at=…"): the next step.
  const leases = /GET \/isps\/([a-z0-9-]+)\/leases\?(\S+)/.exec(remarks);
  const ispId = leases?.[1] ?? null;
  return {
    address,
    network: rdap.handle ?? null,
    isp: (vcard(registrant, 'fn') as string | null) ?? rdap.name ?? null,
    ispId,
    asn,
    country: rdap.country ?? null,
    city,
    latitude: coordinates ? Number(coordinates[1]) : null,
    longitude: coordinates ? Number(coordinates[2]) : null,
    accuracyRadiusKm: number(/[Aa]ccuracy radius:\s*(\d+(?:\.\d+)?)\s*km/),
    fallback: /country-level fallback/.test(remarks),
    abuseEmail: (vcard(abuse, 'email') as string | null) ?? null,
    leaseLog: leases
      ? `/isps/${ispId}/leases?address=${address}&at=…${leases[2].includes('port=') ? '&port=…' : ''}`
      : null,
    found: true,
  };
}

function get(url: URL): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    request(url, { timeout: 5000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    })
      .on('error', reject)
      .end();
  });
}
