import { NoSuchUser, ProbeCallCommand, ResolveCommand, WatchCommand, trackUser } from '@lab/resolver';
import type { MitigationId } from '@lab/directory';
import { Scenario, scenario } from '../support/scenario';
import { printed } from '../support/printed';

// A typo is not a fix: on the vulnerable directory "user_not_found" means nobody has that name,
// and the resolver says so (at once, for watch and track). Where M2 or M5 answer a missing user and
// a hidden one alike, it says exactly that instead.

const NO_SUCH_USER = 'No such user: "caorl" does not exist on this directory (check the spelling)';
const SAME_ANSWER = 'gives the same answer for missing users and users hidden from you';

describe('a missing user on the vulnerable directory', () => {
  let s: Scenario;
  beforeAll(async () => (s = await scenario([])));
  afterAll(() => s.close());
  const options = () => ({ target: s.directory.url, user: 'typist', source: '127.0.113.152' });

  it('resolve says "no such user", not "nothing leaked"', async () => {
    const typo = await printed(() => new ResolveCommand().run(['caorl'], options()));
    expect(typo).toContain('user_not_found');
    expect(typo).toContain(NO_SUCH_USER);
    expect(typo).not.toContain('Nothing leaked');
    expect(typo).not.toContain(SAME_ANSWER);
    // Positive control: the right spelling leaks carol's home address, and no such note.
    const right = await printed(() => new ResolveCommand().run(['carol'], options()));
    expect(right).toContain('198.51.100.70');
    expect(right).not.toContain('No such user');
  });

  it('probe-call of someone offline says so, and points at the lab clock; of a typo, "no such user"', async () => {
    const offline = await printed(() => new ProbeCallCommand().run(['dave'], options()));
    expect(offline).toContain('callee_offline');
    expect(offline).toContain('dave is not online now');
    expect(offline).toContain('npm run lab -- clock jump');
    expect(offline).not.toContain('No such user');
    const typo = await printed(() => new ProbeCallCommand().run(['caorl'], options()));
    expect(typo).toContain(NO_SUCH_USER);
    expect(typo).not.toContain('not online now');
  });

  it('watch and track of a missing user fail at once instead of running their whole duration', async () => {
    const started = Date.now();
    const watch = new WatchCommand();
    watch.parseFor('60');
    await expect(watch.run(['caorl'], options())).rejects.toThrow(
      `no such user "caorl" on ${s.directory.url} (check the spelling)`,
    );
    await expect(trackUser(s.attacker, 'caorl', { durationMs: 60_000, labMinutes: () => 0 })).rejects.toThrow(
      NoSuchUser,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    // Positive control: carol exists, and tracking her runs its duration and sees her.
    const timeline = await trackUser(s.attacker, 'carol', { durationMs: 300, labMinutes: () => 0 });
    expect(timeline.channel).toBe('presence (L2)');
    expect(timeline.sightings).toBeGreaterThan(0);
  });
});

describe.each<[string, MitigationId[]]>([
  ['M2', ['M2']],
  ['M5', ['M5']],
])('a missing user where %s answers alike for missing and hidden users', (name, mitigations) => {
  let s: Scenario;
  beforeAll(async () => (s = await scenario(mitigations)));
  afterAll(() => s.close());
  const options = () => ({ target: s.directory.url, user: 'typist', source: '127.0.113.152' });

  it('resolve never claims "no such user"', async () => {
    const typo = await printed(() => new ResolveCommand().run(['caorl'], options()));
    expect(typo).toContain('user_not_found');
    expect(typo).toContain(`This directory (${name}) ${SAME_ANSWER}`);
    expect(typo).not.toContain('No such user');
  });

  it('track keeps trying for its duration: the answer may hide a user', async () => {
    const started = Date.now();
    const timeline = await trackUser(s.attacker, 'caorl', { durationMs: 1500, labMinutes: () => 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(timeline).toMatchObject({ sightings: 0, stays: [] });
  });
});

it('under M2 an existing user hidden from the stranger gets the very answer a missing one gets', async () => {
  const s = await scenario(['M2']);
  try {
    const options = { target: s.directory.url, user: 'typist', source: '127.0.113.152' };
    const hidden = await printed(() => new ResolveCommand().run(['bob'], options));
    const missing = await printed(() => new ResolveCommand().run(['caorl'], options));
    expect(hidden.replace(/bob/g, 'X')).toBe(missing.replace(/caorl/g, 'X'));
    expect(hidden).toContain(SAME_ANSWER);
  } finally {
    await s.close();
  }
});
