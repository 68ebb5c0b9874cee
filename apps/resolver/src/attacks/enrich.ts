import { request } from 'node:http';
import { checkBanner } from '@lab/sandbox';

/** What the registry says about an address: the ISP, not the subscriber. */
export interface Enrichment {
  address: string;
  network: string | null;
  isp: string | null;
  asn: number | null;
  country: string | null;
  city: string | null;
  latitude: number | null;
  longitude: number | null;
  accuracyRadiusKm: number | null;
  /** True when the registry had no city and answered with a country-level default location. */
  fallback: boolean;
  abuseEmail: string | null;
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
    asn: null,
    country: null,
    city: null,
    latitude: null,
    longitude: null,
    accuracyRadiusKm: null,
    fallback: false,
    abuseEmail: null,
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
  return {
    address,
    network: rdap.handle ?? null,
    isp: (vcard(registrant, 'fn') as string | null) ?? rdap.name ?? null,
    asn,
    country: rdap.country ?? null,
    city,
    latitude: coordinates ? Number(coordinates[1]) : null,
    longitude: coordinates ? Number(coordinates[2]) : null,
    accuracyRadiusKm: number(/[Aa]ccuracy radius:\s*(\d+(?:\.\d+)?)\s*km/),
    fallback: /country-level fallback/.test(remarks),
    abuseEmail: (vcard(abuse, 'email') as string | null) ?? null,
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
