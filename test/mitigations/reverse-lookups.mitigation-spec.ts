import type { MitigationId } from '@lab/directory';
import { AttackerCache, findByEmail, resolveUser, sweepEmails } from '@lab/resolver';
import { EMAIL_SWEEP, registerEmailAccounts } from '../support/email-accounts';
import { expectNoAddressOf, tempDir } from '../support/lab-harness';
import { Scenario, scenario } from '../support/scenario';

// The same reverse lookups as test/attacks/reverse-lookups.attack-spec.ts, against the mitigations.

describe.each([['fixed', 'all'] as const, ['M2', ['M2']] as const])(
  'reverse lookups against %s',
  (_name, mitigations) => {
    let s: Scenario;
    const dir = tempDir();
    beforeAll(async () => {
      s = await scenario(mitigations as MitigationId[] | 'all');
      await registerEmailAccounts(s.directory.url);
    });
    afterAll(async () => {
      await s.close();
      dir.remove();
    });

    it('reverse: nothing leaks into the cache, so it answers nobody', async () => {
      const cache = AttackerCache.open(`${dir.path}/cache.sqlite`);
      try {
        const bob = await resolveUser(s.attacker, 'bob');
        expect(cache.record(bob, s.directory.url, 'resolve')).toBe(false);
        expect(cache.reverse('198.51.100.140')).toEqual([]);
        expectNoAddressOf(
          s.victims,
          JSON.stringify(cache.reverse('198.51.100.140')) + (await s.attacker.received()),
        );
        // Positive control: the same cache answers for a resolution that did leak.
        cache.record(
          {
            ...bob,
            leaked: true,
            publicAddress: '198.51.100.140',
            observedAddress: '127.51.100.140',
            observedAt: new Date().toISOString(),
          },
          'elsewhere',
          'resolve',
        );
        expect(cache.reverse('198.51.100.140').map((r) => r.username)).toEqual(['bob']);
      } finally {
        cache.close();
      }
    });

    it('find-email: a stranger who did not opt in is answered exactly like an address nobody has', async () => {
      const hidden = await findByEmail(s.attacker, 'alice@mail.example');
      const nobody = await findByEmail(s.attacker, 'nobody@mail.example');
      expect(hidden).toMatchObject({ found: false, username: null, answer: 'user_not_found' });
      expect({ ...hidden, email: '' }).toEqual({ ...nobody, email: '' });
      // The answers on the wire are the same too: status line and body, request id aside.
      const wire = (entry: string) => {
        const lines = entry.split('\n');
        return [lines[0], lines.at(-1)!.replace(/"requestId":"[^"]*"/, '')];
      };
      const [a, b] = s.attacker.client.transcript.slice(-2);
      expect(wire(a)).toEqual(wire(b));
      expect(await s.attacker.received()).not.toContain('"username":"alice"');
    });

    it('positive control: a user who opted in is found by a stranger', async () => {
      expect(await findByEmail(s.attacker, 'erin@mail.example')).toMatchObject({
        found: true,
        username: 'erin',
      });
    });
  },
);

describe('a swept list of e-mail addresses', () => {
  // alice is the 8th address of the list, erin the 42nd: under M5 alone the sweep finds alice
  // before the limit bites at the 31st search; the fixed directory also hides her (M2).
  it.each([
    ['M5', ['M5'], ['alice']],
    ['fixed', 'all', []],
  ] as const)('against %s: rate-limited at the 31st search', async (_name, mitigations, found) => {
    const s = await scenario(mitigations as MitigationId[] | 'all');
    try {
      await registerEmailAccounts(s.directory.url);
      const swept = await sweepEmails(s.attacker, EMAIL_SWEEP);
      expect(swept.rateLimitedAt).toBe(31);
      expect(swept.found.map((f) => f.username)).toEqual(found);
    } finally {
      await s.close();
    }
  });
});
