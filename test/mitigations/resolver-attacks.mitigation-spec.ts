import { probeCall, resolveFromDebugLog, resolveUser, sweep, watchUser } from '@lab/resolver';
import type { MitigationId } from '@lab/directory';
import { Sighting } from '@lab/resolver';
import { expectNoAddressOf, sleep } from '../support/lab-harness';
import { SWEEP_WORDS, Scenario, scenario } from '../support/scenario';

// The attacks of test/attacks/, unchanged, against the mitigation meant to stop each one: nothing
// about any victim's whereabouts may reach the attacker — bodies, headers, frames, errors.

describe.each<[string, MitigationId[]]>([
  ['M1 (data minimisation)', ['M1']],
  ['M2 (contact-gated presence)', ['M2']],
  ['the fixed directory', 'all' as never],
])('lookups and presence against %s', (_name, mitigations) => {
  let s: Scenario;

  beforeEach(async () => (s = await scenario(mitigations)));
  afterEach(() => s.close());

  it('resolve (L1) gets nothing', async () => {
    expect(await resolveUser(s.attacker, 'bob')).toMatchObject({
      leaked: false,
      publicAddress: null,
      localAddresses: [],
    });
    expectNoAddressOf(s.victims, await s.attacker.received());
  });

  it('debug-log (L1) finds nothing in the log', async () => {
    const result = await resolveFromDebugLog(
      { target: s.directory.url, username: 'eve', sourceAddress: '127.0.113.151' },
      'bob',
    );
    expect(result).toMatchObject({ leaked: false, logLines: [] });
  });

  it('watch (L2) sees no address', async () => {
    const sightings: Sighting[] = [];
    const watch = await watchUser(s.attacker, 'dave', (x) => sightings.push(x)).catch(() => undefined);
    await s.dave.goOnline();
    await sleep(100);
    watch?.stop();
    expect(sightings.filter((x) => x.observedAddress)).toEqual([]);
    expectNoAddressOf(s.victims, await s.attacker.received());
  });
});

describe.each<[string, MitigationId[]]>([
  ['M3 (consent-gated signalling)', ['M3']],
  ['the fixed directory', 'all' as never],
])('the inconspicuous call against %s', (_name, mitigations) => {
  let s: Scenario;

  beforeEach(async () => (s = await scenario(mitigations)));
  afterEach(() => s.close());

  it('probe-call (L3) collects no candidate, and the victim still saw nothing', async () => {
    expect(await probeCall(s.attacker, 'bob')).toMatchObject({
      leaked: false,
      candidates: [],
      ringShown: false,
    });
    await sleep(2000);
    expect(s.bob.socket!.seen).toEqual([]);
    expectNoAddressOf(s.victims, await s.attacker.received());
  });
});

describe('the inconspicuous call between contacts, in the fixed directory', () => {
  let s: Scenario;
  afterEach(() => s.close());

  it('probe-call (L3) from a contact, whose call M4 lets go direct, still gets nothing before accept (M3)', async () => {
    s = await scenario('all');
    await s.attacker.client.requestContact('bob');
    await s.bob.client.acceptContact('mallory');
    expect(await probeCall(s.attacker, 'bob')).toMatchObject({
      leaked: false,
      candidates: [],
      ringShown: false,
    });
    await sleep(2000);
    expect(s.bob.socket!.seen.filter((e) => e.kind === 'ring')).toEqual([]);
    expectNoAddressOf([s.bob], await s.attacker.received());
  });
});

describe('enumeration', () => {
  const words = SWEEP_WORDS;
  let s: Scenario;
  afterEach(() => s.close());

  it('sweep (L4) against M2 finds no account: strangers look missing', async () => {
    s = await scenario(['M2']);
    expect(await sweep(s.attacker, words)).toMatchObject({ checked: 100, existing: [] });
    expectNoAddressOf(s.victims, await s.attacker.received());
  });

  it('sweep (L4) against M5 is rate-limited after 30 lookups', async () => {
    s = await scenario(['M5']);
    const result = await sweep(s.attacker, words);
    expect(result).toMatchObject({ rateLimitedAt: 31, stoppedEarly: true });
    expect(result.checked).toBeLessThan(words.length);
  });

  it('sweep (L4) against the fixed directory finds nothing and is limited', async () => {
    s = await scenario('all');
    expect(await sweep(s.attacker, words)).toMatchObject({ existing: [], rateLimitedAt: 31 });
    expectNoAddressOf(s.victims, await s.attacker.received());
  });
});

describe('retention', () => {
  let s: Scenario;
  afterEach(() => s.close());

  it('resolve after logout (L5) against M6 gets no address', async () => {
    s = await scenario(['M6']);
    await s.carol.socket!.close();
    await sleep(50);
    expect(await resolveUser(s.attacker, 'carol')).toMatchObject({
      leaked: false,
      answer: 'found (offline)',
    });
    expectNoAddressOf([s.carol], await s.attacker.received());
  });
});
