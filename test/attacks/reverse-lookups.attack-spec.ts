import {
  AttackerCache,
  ResolveCommand,
  ReverseCommand,
  findByEmail,
  resolveUser,
  sweepEmails,
} from '@lab/resolver';
import { EMAIL_SWEEP, registerEmailAccounts } from '../support/email-accounts';
import { tempDir } from '../support/lab-harness';
import { Scenario, scenario } from '../support/scenario';
import { printed } from '../support/printed';

// The resolver sites' reverse lookups against the vulnerable directory: ip2skype answers from the
// attacker's own cache of what earlier lookups leaked; email2skype asks the directory's search.
// The same code against the mitigations: test/mitigations/reverse-lookups.mitigation-spec.ts.

describe('reverse lookups against the vulnerable directory', () => {
  let s: Scenario;
  const dir = tempDir();
  beforeAll(async () => {
    s = await scenario([]);
    await registerEmailAccounts(s.directory.url);
  });
  afterAll(async () => {
    await s.close();
    dir.remove();
  });

  it('reverse (ip2skype): the cache names who was at an address, from what a resolve leaked', async () => {
    const cache = AttackerCache.open(`${dir.path}/cache.sqlite`);
    try {
      const bob = await resolveUser(s.attacker, 'bob');
      expect(cache.record(bob, s.directory.url, 'resolve')).toBe(true);
      const found = cache.reverse('198.51.100.140');
      expect(found).toEqual([
        {
          username: 'bob',
          publicAddress: '198.51.100.140',
          port: s.bob.socketPort,
          localAddresses: ['192.168.1.23'],
          seenAt: bob.observedAt,
          directory: s.directory.url,
          via: 'resolve',
        },
      ]);
      // The loopback form it crossed the wire in finds the same; a moment before the sighting, nobody.
      expect(cache.reverse('127.51.100.140').map((r) => r.username)).toEqual(['bob']);
      expect(
        cache.reverse('198.51.100.140', new Date(Date.parse(bob.observedAt!) + 1000).toISOString()),
      ).toHaveLength(1);
      expect(cache.reverse('198.51.100.140', '2020-01-01T00:00:00Z')).toEqual([]);
    } finally {
      cache.close();
    }
  });

  it('reverse, the command: what `resolve` cached, printed as a table', async () => {
    const cache = `${dir.path}/command-cache.sqlite`;
    const options = { target: s.directory.url, user: 'mallory', source: '127.0.113.150', cache };
    await printed(() => new ResolveCommand().run(['carol'], options));
    const out = await printed(() => new ReverseCommand().run(['198.51.100.70'], { cache }));
    expect(out).toMatch(/carol\s+198\.51\.100\.70/);
    const json = await printed(() => new ReverseCommand().run(['198.51.100.70'], { cache, json: true }));
    expect(JSON.parse(json.trim())).toMatchObject({
      username: 'carol',
      publicAddress: '198.51.100.70',
      via: 'resolve',
    });
  });

  it('find-email (email2skype): any e-mail address gives its account, opted in or not', async () => {
    expect(await findByEmail(s.attacker, 'alice@mail.example')).toEqual({
      email: 'alice@mail.example',
      found: true,
      username: 'alice',
      displayName: 'alice',
      answer: 'found',
    });
    expect((await findByEmail(s.attacker, 'ALICE@mail.example')).username).toBe('alice');
    // Then the username gives the address: the chain's first hop.
    expect((await resolveUser(s.attacker, 'alice')).answer).toBe('found (offline)');
  });

  it('find-email swept: 60 addresses, both accounts found, no rate limit', async () => {
    const swept = await sweepEmails(s.attacker, EMAIL_SWEEP);
    expect(swept.found.map((f) => f.username)).toEqual(['alice', 'erin']);
    expect(swept.rateLimitedAt).toBeNull();
  });
});
