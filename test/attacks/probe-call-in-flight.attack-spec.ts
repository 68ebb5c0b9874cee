import { Attacker, PROBE_CALL_WAIT_MS, probeCall } from '@lab/resolver';
import { DelayingProxy, startDelayingProxy } from '../support/delaying-proxy';
import { LabUser, TestDirectory, expectNoAddressOf, startTestDirectory } from '../support/lab-harness';

// probe-call waits for the candidates or the ring, at most a bound, and never reports "nothing
// leaked" while candidates the directory already forwarded are still on their way.

const BOB = { address: '127.51.100.140', lan: ['192.168.1.23'] };
const MALLORY = '127.0.113.150';

describe('probe-call over a slow network', () => {
  let directory: TestDirectory;
  let bob: LabUser;
  let attacker: Attacker;
  const proxies: DelayingProxy[] = [];

  async function world(
    mitigations: Parameters<typeof startTestDirectory>[0],
    delays: { bobUpstreamMs: number; malloryDownstreamMs: number },
    ringDelayMs = 10_000,
  ) {
    directory = await startTestDirectory(mitigations);
    // bob's candidates reach the directory late; whatever the directory sends mallory reaches her late.
    const bobsLine = await startDelayingProxy({
      target: directory.url,
      sourceAddress: BOB.address,
      upstreamDelayMs: delays.bobUpstreamMs,
    });
    const mallorysLine = await startDelayingProxy({
      target: directory.url,
      sourceAddress: MALLORY,
      downstreamDelayMs: delays.malloryDownstreamMs,
    });
    proxies.push(bobsLine, mallorysLine);
    bob = await LabUser.create(bobsLine, 'bob', BOB.address, BOB.lan);
    await bob.goOnline({ agent: { ringDelayMs } });
    attacker = await Attacker.connect({ target: mallorysLine.url, sourceAddress: MALLORY });
  }

  afterEach(async () => {
    await attacker.close();
    await bob.close();
    await Promise.all(proxies.splice(0).map((p) => p.close()));
    await directory.close();
  });

  it('counts candidates that were forwarded before the hang-up but arrive after the wait', async () => {
    // Timeline (ms after the invite): call.created reaches mallory at 600, so her 100 ms wait ends
    // at 700 and her cancel reaches the directory then. bob's candidates reached the directory at
    // 300 and were forwarded at once: they reach mallory at 900, after her wait.
    await world([], { bobUpstreamMs: 300, malloryDownstreamMs: 600 });
    const result = await probeCall(attacker, 'bob', 100);
    expect(result).toMatchObject({
      leaked: true,
      observedAddress: BOB.address,
      publicAddress: '198.51.100.140',
      localAddresses: BOB.lan,
      ringShown: false,
    });
    expect(bob.socket!.seen).toEqual([]);
  }, 20_000);

  it('reports nothing leaked by the fixed directory, within the bound, and leaves no ring behind', async () => {
    await world('all', { bobUpstreamMs: 300, malloryDownstreamMs: 600 });
    const started = Date.now();
    const result = await probeCall(attacker, 'bob', 100);
    // The invite, the wait and the confirmation of the hang-up: two round trips of 600 ms, and the wait.
    expect(Date.now() - started).toBeLessThan(100 + 2 * 600 + 1000);
    expect(result).toMatchObject({
      leaked: false,
      candidates: [],
      answer: 'no candidates before hang-up',
      ringShown: false,
    });
    expectNoAddressOf([bob], await attacker.received());
  }, 20_000);
});

describe('probe-call stops at whichever comes first', () => {
  let directory: TestDirectory;
  let bob: LabUser;
  let attacker: Attacker;

  afterEach(async () => {
    await attacker.close();
    await bob.close();
    await directory.close();
  });

  it('at the ring, when the directory holds the candidates back (M3), long before the bound', async () => {
    directory = await startTestDirectory(['M3']);
    bob = await LabUser.create(directory, 'bob', BOB.address, BOB.lan);
    await bob.goOnline({ agent: { ringDelayMs: 100 } });
    attacker = await Attacker.connect({ target: directory.url, sourceAddress: MALLORY });
    const started = Date.now();
    const result = await probeCall(attacker, 'bob', 8000);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(result).toMatchObject({ leaked: false, candidates: [], ringShown: true });
    expectNoAddressOf([bob], await attacker.received());
  }, 20_000);

  it('at the candidates, on the vulnerable directory, long before the bound and the ring', async () => {
    directory = await startTestDirectory([]);
    bob = await LabUser.create(directory, 'bob', BOB.address, BOB.lan);
    await bob.goOnline({ agent: { ringDelayMs: 1500 } });
    attacker = await Attacker.connect({ target: directory.url, sourceAddress: MALLORY });
    const started = Date.now();
    const result = await probeCall(attacker, 'bob', 8000);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(result).toMatchObject({ leaked: true, observedAddress: BOB.address, ringShown: false });
    expect(PROBE_CALL_WAIT_MS).toBeLessThan(1500); // the default bound stays below the lab clients' ring
  }, 20_000);
});
