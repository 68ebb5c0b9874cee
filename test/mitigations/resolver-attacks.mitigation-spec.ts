import { probeCall, resolveFromDebugLog, resolveUser, sweep, watchUser } from '@lab/resolver';
import type { MitigationId } from '@lab/directory';
import { ENUMERATION_RATE_LIMIT } from '@lab/directory';
import { Sighting, WatchRefused } from '@lab/resolver';
import { LabUser, eventually, expectNoAddressOf, sleep } from '../support/lab-harness';
import { SWEEP_WORDS, Scenario, scenario } from '../support/scenario';

// The attacks of test/attacks/, unchanged, against the mitigation meant to stop each one: nothing
// about any victim's whereabouts may reach the attacker — bodies, headers, frames, errors.

describe.each<[string, MitigationId[], 'sighted without address' | 'refused']>([
  ['M1 (data minimisation)', ['M1'], 'sighted without address'],
  ['M2 (contact-gated presence)', ['M2'], 'refused'],
  ['the fixed directory', 'all' as never, 'refused'],
])('lookups and presence against %s', (_name, mitigations, watchOfStranger) => {
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
    // Positive control: the same client, logger and parser against the vulnerable directory.
    const vulnerable = await scenario([]);
    try {
      const control = await resolveFromDebugLog(
        { target: vulnerable.directory.url, username: 'eve', sourceAddress: '127.0.113.151' },
        'bob',
      );
      expect(control).toMatchObject({
        leaked: true,
        observedAddress: '127.51.100.140',
        localAddresses: ['192.168.1.23'],
      });
    } finally {
      await vulnerable.close();
    }
  });

  it('watch (L2) sees no address, while presence frames do reach the attacker', async () => {
    // Positive control: trudy, the attacker's accepted contact, may be watched under every
    // mitigation; her presence frame, sent after dave's, proves the socket was listening.
    const trudy = await LabUser.create(s.directory, 'trudy', '127.51.100.90', ['192.168.5.9']);
    await s.attacker.client.requestContact('trudy');
    await trudy.client.acceptContact('mallory');
    const sightings: Sighting[] = [];
    const watchTrudy = await watchUser(s.attacker, 'trudy', (x) => sightings.push(x));
    const watchDave = await watchUser(s.attacker, 'dave', (x) => sightings.push(x)).catch(
      (error: unknown) => error,
    );
    await s.dave.goOnline();
    await trudy.goOnline();
    await eventually(() =>
      expect(sightings).toContainEqual(expect.objectContaining({ username: 'trudy', online: true })),
    );
    if (watchOfStranger === 'refused') {
      expect(watchDave).toBeInstanceOf(WatchRefused);
      expect(sightings.filter((x) => x.username === 'dave')).toEqual([]);
    } else {
      // The snapshot at subscription (offline), then dave coming online: both without address.
      const seen = (online: boolean) =>
        expect.objectContaining({ username: 'dave', online, observedAddress: null, localAddresses: [] });
      expect(sightings.filter((x) => x.username === 'dave')).toEqual([seen(false), seen(true)]);
    }
    watchTrudy.stop();
    if (!(watchDave instanceof Error)) (watchDave as { stop(): void }).stop();
    expectNoAddressOf(s.victims, await s.attacker.received());
    await trudy.close();
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
    // Positive control: bob's view does record what reaches his screen, here a contact request.
    await s.attacker.client.requestContact('bob');
    await eventually(() =>
      expect(s.bob.socket!.seen).toEqual([
        expect.objectContaining({ kind: 'contact-request', from: 'mallory' }),
      ]),
    );
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
    // bob's view records what reaches his screen (the contact request), and no ring.
    expect(s.bob.socket!.seen).toEqual([
      expect.objectContaining({ kind: 'contact-request', from: 'mallory' }),
    ]);
    expectNoAddressOf([s.bob], await s.attacker.received());
  });
});

describe('enumeration', () => {
  const { perAccount } = ENUMERATION_RATE_LIMIT;
  const words = SWEEP_WORDS;
  let s: Scenario;
  afterEach(() => s.close());

  it('sweep (L4) against M2 finds no account: strangers look missing', async () => {
    s = await scenario(['M2']);
    expect(await sweep(s.attacker, words)).toMatchObject({ checked: 100, existing: [] });
    expectNoAddressOf(s.victims, await s.attacker.received());
  });

  it(`sweep (L4) against M5 is rate-limited after ${perAccount} lookups`, async () => {
    s = await scenario(['M5']);
    const result = await sweep(s.attacker, words);
    expect(result).toMatchObject({ rateLimitedAt: perAccount + 1, stoppedEarly: true });
    expect(result.checked).toBeLessThan(words.length);
  });

  it('sweep (L4) against the fixed directory finds nothing and is limited', async () => {
    s = await scenario('all');
    expect(await sweep(s.attacker, words)).toMatchObject({ existing: [], rateLimitedAt: perAccount + 1 });
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
