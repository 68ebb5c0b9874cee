import { loadPlan } from '@lab/address-plan';
import { parseCidr } from '@lab/sandbox';
import { autnum, cidrRange, ipNetwork, networkHandle, rdapError } from './rdap-objects';

const plan = loadPlan();
const context = { baseUrl: 'http://127.0.0.1:7003', requestUrl: 'http://127.0.0.1:7003/ip/198.51.100.10' };
const located = (address: string) => {
  const found = plan.locate(address);
  if (!found) throw new Error(`${address} is not in the plan`);
  return found;
};

describe('RDAP objects', () => {
  it('names a block by its range, ARIN style', () => {
    expect(networkHandle(parseCidr('198.51.100.0/26'))).toBe('NET-198-51-100-0-26');
    expect(cidrRange(parseCidr('198.51.100.64/26'))).toEqual({
      startAddress: '198.51.100.64',
      endAddress: '198.51.100.127',
    });
    expect(cidrRange(parseCidr('192.0.2.0/28')).endAddress).toBe('192.0.2.15');
  });

  it('describes a city network: ISP, AS number, abuse desk, city, coordinates and accuracy', () => {
    const { isp, prefix } = located('198.51.100.10');
    const network = ipNetwork(isp, prefix, context);
    expect(network).toMatchObject({
      objectClassName: 'ip network',
      rdapConformance: ['rdap_level_0'],
      handle: 'NET-198-51-100-0-26',
      startAddress: '198.51.100.0',
      endAddress: '198.51.100.63',
      ipVersion: 'v4',
      name: 'NORTHWIND-RESIDENTIAL-LAKESIDE',
      parentHandle: 'NET-198-51-100-0-24',
      links: [{ rel: 'self', href: 'http://127.0.0.1:7003/ip/198.51.100.0/26', value: context.requestUrl }],
    });
    const [registrant, abuse] = network.entities;
    expect(registrant.roles).toEqual(['registrant']);
    expect(registrant.vcardArray[1]).toContainEqual(['fn', {}, 'text', 'Northwind Broadband']);
    expect(registrant.remarks?.[0].description).toEqual(['AS64496']);
    expect(abuse.roles).toEqual(['abuse']);
    expect(abuse.vcardArray[1]).toContainEqual(['email', {}, 'text', 'abuse@northwind.example']);
    expect(network.remarks[0]).toEqual({
      title: 'Location',
      description: [
        'City: Lakeside',
        'Country: ZZ',
        'Coordinates: 52.3700, 4.8900',
        'Accuracy radius: 20 km (a probable area, not a street address)',
      ],
    });
    expect(JSON.stringify(network.remarks)).toContain('/isps/northwind/leases');
  });

  it('says so when a block has no city and the location is the country-level fallback', () => {
    const { isp, prefix } = located('198.51.100.200');
    const network = ipNetwork(isp, prefix, context);
    expect(network.name).toBe('BLUEPEAK-RESIDENTIAL');
    expect(network.remarks[0].title).toBe('Location: country-level fallback');
    expect(network.remarks[0].description.join(' ')).toContain('38.0000, -97.0000');
    expect(JSON.stringify(network)).not.toContain('City:');
  });

  it('tells a carrier-grade NAT block apart: the port is needed to find anyone', () => {
    const { isp, prefix } = located('192.0.2.5');
    const text = JSON.stringify(ipNetwork(isp, prefix, context).remarks);
    expect(text).toContain('Carrier-grade NAT');
    expect(text).toContain('&port=');
  });

  it('describes an ISP by its AS number', () => {
    const isp = plan.isps.find((i) => i.asn === 64496)!;
    expect(autnum(isp, context)).toMatchObject({
      objectClassName: 'autnum',
      handle: 'AS64496',
      startAutnum: 64496,
      endAutnum: 64496,
      name: 'NORTHWIND-BROADBAND',
      remarks: [{ title: 'Networks', description: ['198.51.100.0/26', '198.51.100.64/26'] }],
    });
  });

  it('builds RFC 9083 error bodies carrying the lab code as an extension member', () => {
    expect(rdapError(404, 'address_outside_lab', ['8.8.8.8 is not in the lab.'], 'req-1')).toEqual({
      rdapConformance: ['rdap_level_0', 'lastseenlab'],
      errorCode: 404,
      title: 'Not Found',
      description: ['8.8.8.8 is not in the lab.'],
      lastseenlab_code: 'address_outside_lab',
      lastseenlab_requestId: 'req-1',
    });
  });
});
