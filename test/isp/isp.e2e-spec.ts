import { LeaseLog, loadPlan } from '@lab/address-plan';
import { RunningIsp, startIsp } from '@lab/isp';
import { LAB_VERSION } from '@lab/protocol';
import { LogCollector } from '../support/lab-harness';

// The mock registry and ISPs, booted for real on loopback: from an address to an ISP and a city
// for anyone (RDAP), from an address and a time to a subscriber for lawful requests only.

const TOKEN = 'test-lawful-request-token';
const HOUR = 3600_000;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked by the assertions
type Json = any;

describe('the ISP registry', () => {
  const leases = new LeaseLog();
  const logs = new LogCollector();
  let isp: RunningIsp;
  // Lease times are relative to now, like the ones the lab's population records.
  const now = Date.now();
  const iso = (offset: number) => new Date(now + offset).toISOString();

  beforeAll(async () => {
    isp = await startIsp({
      host: '127.0.0.1',
      port: 0,
      plan: loadPlan(),
      leases,
      lawfulRequestToken: TOKEN,
      logLevel: 'info',
      logDestination: logs,
      version: LAB_VERSION,
    });
    // Alice's home router holds its address all day; two phones share the CGNAT address.
    leases.open({
      ispId: 'northwind',
      publicAddress: '198.51.100.10',
      subscriber: 'Alice Ahlberg (household, alice-home)',
      start: iso(-24 * HOUR),
    });
    const alicePhone = leases.open({
      ispId: 'skymobile',
      publicAddress: '192.0.2.5',
      port: 40312,
      subscriber: 'Alice Ahlberg (mobile subscriber alice)',
      start: iso(-2 * HOUR),
    });
    leases.close(alicePhone, iso(-HOUR));
    leases.open({
      ispId: 'skymobile',
      publicAddress: '192.0.2.5',
      port: 51000,
      subscriber: 'Bob Bakker (mobile subscriber bob)',
      start: iso(-2 * HOUR),
    });
  });
  afterAll(() => isp.close());

  const get = async (
    path: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; type: string; body: Json; headers: Headers }> => {
    const response = await fetch(`${isp.url}${path}`, { headers });
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      body: await response.json(),
      headers: response.headers,
    };
  };
  const lawful = { Authorization: `Lawful-Request ${TOKEN}` };
  const vcard = (entity: { vcardArray: [string, [string, object, string, string][]] }, name: string) =>
    entity.vcardArray[1].find((property) => property[0] === name)?.[3];

  it('answers the lab banner as the ISP service', async () => {
    expect((await get('/.well-known/lastseen-lab')).body).toEqual({
      lab: 'lastseen-lab',
      service: 'isp',
      variant: 'vulnerable',
      mitigations: [],
      version: LAB_VERSION,
    });
  });

  describe('RDAP', () => {
    it('describes the network of 198.51.100.10 as an RFC 9083 ip network object', async () => {
      const { status, type, body } = await get('/ip/198.51.100.10');
      expect(status).toBe(200);
      expect(type).toMatch(/^application\/rdap\+json/);
      expect(body).toMatchObject({
        objectClassName: 'ip network',
        rdapConformance: ['rdap_level_0'],
        handle: 'NET-198-51-100-0-26',
        startAddress: '198.51.100.0',
        endAddress: '198.51.100.63',
        ipVersion: 'v4',
        type: 'ASSIGNED PA',
        country: 'ZZ',
      });
      expect(typeof body.name).toBe('string');

      const registrant = body.entities.find((e: { roles: string[] }) => e.roles.includes('registrant'));
      expect(registrant).toMatchObject({ objectClassName: 'entity', roles: ['registrant'] });
      expect(registrant.vcardArray[0]).toBe('vcard');
      expect(vcard(registrant, 'fn')).toBe('Northwind Broadband');
      expect(JSON.stringify(registrant.remarks)).toContain('AS64496');
      const abuse = body.entities.find((e: { roles: string[] }) => e.roles.includes('abuse'));
      expect(vcard(abuse, 'email')).toBe('abuse@northwind.example');

      const remarks = body.remarks.flatMap((r: { description: string[] }) => r.description).join('\n');
      expect(remarks).toContain('City: Lakeside');
      expect(remarks).toContain('Coordinates: 52.3700, 4.8900');
      expect(remarks).toContain('Accuracy radius: 20 km');
      expect(remarks).not.toMatch(/fallback/i);

      expect(body.links).toContainEqual(
        expect.objectContaining({
          rel: 'self',
          href: `${isp.url}/ip/198.51.100.0/26`,
          type: 'application/rdap+json',
        }),
      );
      expect(body.events).toContainEqual(expect.objectContaining({ eventAction: 'registration' }));
      // The registry names the ISP, never the subscriber.
      expect(JSON.stringify(body)).not.toContain('Alice');
    });

    it('answers the same network for the loopback mirror 127.51.100.10', async () => {
      const simulated = await get('/ip/198.51.100.10');
      const mirror = await get('/ip/127.51.100.10');
      expect(mirror.status).toBe(200);
      // Only the links' context (`value`: where the question was asked) differs.
      const asked = JSON.stringify(mirror.body).replaceAll('/ip/127.51.100.10"', '/ip/198.51.100.10"');
      expect(JSON.parse(asked)).toEqual(simulated.body);
    });

    it('answers a block query (RFC 9082 /ip/<prefix>/<length>) with the same network', async () => {
      const { status, body } = await get('/ip/198.51.100.0/26');
      expect(status).toBe(200);
      expect(body.handle).toBe('NET-198-51-100-0-26');
      expect((await get('/ip/198.51.100.0/24')).status).toBe(404);
      expect((await get('/ip/198.51.100.0/33')).status).toBe(400);
    });

    it('says the location is a country-level fallback for a block without a city', async () => {
      const { status, body } = await get('/ip/198.51.100.200');
      expect(status).toBe(200);
      expect(body.handle).toBe('NET-198-51-100-192-26');
      const location = body.remarks[0];
      expect(location.title).toMatch(/fallback/);
      expect(location.description.join(' ')).toContain('country-level fallback');
      expect(location.description.join(' ')).toContain('38.0000, -97.0000');
    });

    it.each(['8.8.8.8', '127.0.0.1', '2001:db8::1'])(
      'answers 404 with an RDAP error for %s, outside the lab',
      async (address) => {
        const { status, type, body } = await get(`/ip/${address}`);
        expect(status).toBe(404);
        expect(type).toMatch(/^application\/rdap\+json/);
        expect(body).toMatchObject({
          errorCode: 404,
          title: 'Not Found',
          lastseenlab_code: 'address_outside_lab',
        });
        expect(body.rdapConformance).toContain('rdap_level_0');
        expect(body.description).toEqual([
          expect.stringContaining(address),
          expect.stringContaining('198.51.100.10'),
        ]);
        expect(body.lastseenlab_requestId).toEqual(expect.any(String));
      },
    );

    it.each(['not-an-address', '198.51.100', '300.1.2.3'])(
      'answers 400 with an RDAP error for %j',
      async (address) => {
        const { status, type, body } = await get(`/ip/${address}`);
        expect(status).toBe(400);
        expect(type).toMatch(/^application\/rdap\+json/);
        expect(body).toMatchObject({
          errorCode: 400,
          title: 'Bad Request',
          lastseenlab_code: 'validation_failed',
        });
        expect(body.description[1]).toContain('198.51.100.10');
      },
    );

    it('describes an ISP by its AS number, and refuses the others', async () => {
      const { status, type, body } = await get('/autnum/64496');
      expect(status).toBe(200);
      expect(type).toMatch(/^application\/rdap\+json/);
      expect(body).toMatchObject({
        objectClassName: 'autnum',
        rdapConformance: ['rdap_level_0'],
        handle: 'AS64496',
        startAutnum: 64496,
        endAutnum: 64496,
        name: 'NORTHWIND-BROADBAND',
      });
      expect(body.entities.map((e: { roles: string[] }) => e.roles[0])).toEqual(['registrant', 'abuse']);
      expect((await get('/autnum/15169')).body).toMatchObject({
        errorCode: 404,
        lastseenlab_code: 'autnum_not_found',
      });
      expect((await get('/autnum/AS64496')).body).toMatchObject({ errorCode: 400 });
    });

    it('answers an RFC 9083 help response', async () => {
      const { status, body } = await get('/help');
      expect(status).toBe(200);
      expect(body.rdapConformance).toEqual(['rdap_level_0']);
      expect(body.notices.map((n: { title: string }) => n.title)).toContain('Queries');
    });
  });

  describe('lease logs', () => {
    const leasesOf = (ispId: string, query: string, headers: Record<string, string> = lawful) =>
      get(`/isps/${ispId}/leases?${query}`, headers);

    it('answers only a lawful request: 401 without the token, saying where it comes from; 403 with a wrong one', async () => {
      const missing = await leasesOf('northwind', `address=198.51.100.10&at=${iso(0)}`, {});
      expect(missing.status).toBe(401);
      expect(missing.body).toMatchObject({ statusCode: 401, code: 'lawful_request_required' });
      expect(missing.body.message).toContain('Authorization: Lawful-Request <token>');
      expect(missing.body.message).toMatch(/printed when it started/);
      expect(missing.body.requestId).toEqual(expect.any(String));
      expect(missing.headers.get('www-authenticate')).toMatch(/^Lawful-Request/);
      expect(JSON.stringify(missing.body)).not.toContain('Alice');

      const wrong = await leasesOf('northwind', `address=198.51.100.10&at=${iso(0)}`, {
        Authorization: 'Lawful-Request not-the-token',
      });
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('lawful_request_refused');
      // The token never reaches the log.
      expect(logs.text()).not.toContain(TOKEN);
    });

    it('names the household behind a home address at a time', async () => {
      const { status, body } = await leasesOf('northwind', `address=198.51.100.10&at=${iso(-HOUR)}`);
      expect(status).toBe(200);
      expect(body).toEqual({
        ispId: 'northwind',
        address: '198.51.100.10',
        at: iso(-HOUR),
        subscribers: [
          { subscriber: 'Alice Ahlberg (household, alice-home)', start: iso(-24 * HOUR), end: null },
        ],
      });
      // The loopback mirror names the same household; before the lease, nobody.
      expect(
        (await leasesOf('northwind', `address=127.51.100.10&at=${iso(0)}`)).body.subscribers,
      ).toHaveLength(1);
      expect(
        (await leasesOf('northwind', `address=198.51.100.10&at=${iso(-25 * HOUR)}`)).body.subscribers,
      ).toEqual([]);
    });

    it('needs the port for the carrier-grade NAT address 192.0.2.5, then names the right phone', async () => {
      const at = iso(-1.5 * HOUR);
      const noPort = await leasesOf('skymobile', `address=192.0.2.5&at=${at}`);
      expect(noPort.status).toBe(422);
      expect(noPort.body.code).toBe('port_required');
      expect(noPort.body.message).toMatch(/carrier-grade NAT/);
      expect(noPort.body.message).toMatch(/port/);
      expect(noPort.body.message).toContain('Europol');
      expect(noPort.body.message).toContain('RFC 6302');

      const alice = await leasesOf('skymobile', `address=192.0.2.5&at=${at}&port=40312`);
      expect(alice.status).toBe(200);
      expect(alice.body).toMatchObject({ ispId: 'skymobile', address: '192.0.2.5', port: 40312 });
      expect(alice.body.subscribers).toEqual([
        {
          subscriber: 'Alice Ahlberg (mobile subscriber alice)',
          start: iso(-2 * HOUR),
          end: iso(-HOUR),
          port: 40312,
        },
      ]);
      const bob = await leasesOf('skymobile', `address=192.0.2.5&at=${at}&port=51000`);
      expect(bob.body.subscribers.map((s: { subscriber: string }) => s.subscriber)).toEqual([
        'Bob Bakker (mobile subscriber bob)',
      ]);
      // After Alice's translation ended, her port names nobody.
      expect(
        (await leasesOf('skymobile', `address=192.0.2.5&at=${iso(-0.5 * HOUR)}&port=40312`)).body.subscribers,
      ).toEqual([]);
    });

    it('refuses questions it cannot answer, saying what to ask instead', async () => {
      const cases: [string, string, number, string][] = [
        ['northwind', `address=198.51.100.10`, 400, 'validation_failed'],
        ['northwind', `address=198.51.100.10&at=yesterday`, 400, 'validation_failed'],
        ['northwind', `address=198.51.100.10&at=2026-05-04T08:15:00`, 400, 'validation_failed'],
        ['skymobile', `address=192.0.2.5&at=${iso(0)}&port=seventy`, 400, 'validation_failed'],
        ['northwind', `address=198.51.100.10&at=${iso(0)}&extra=1`, 400, 'validation_failed'],
        ['northwind', `address=nope&at=${iso(0)}`, 400, 'validation_failed'],
        ['northwind', `address=192.0.2.5&at=${iso(0)}`, 404, 'address_not_in_isp'],
        ['northwind', `address=8.8.8.8&at=${iso(0)}`, 404, 'address_outside_lab'],
        ['acme', `address=198.51.100.10&at=${iso(0)}`, 404, 'isp_not_found'],
      ];
      for (const [ispId, query, status, code] of cases) {
        const { status: actual, body } = await leasesOf(ispId, query);
        expect({ query, status: actual, code: body.code }).toEqual({ query, status, code });
        expect(body.message.length).toBeGreaterThan(20);
      }
    });
  });

  it('serves its API description at /docs', async () => {
    const response = await fetch(`${isp.url}/docs-json`);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/ip/{address}', '/autnum/{asn}', '/help', '/isps/{ispId}/leases']),
    );
  });
});
