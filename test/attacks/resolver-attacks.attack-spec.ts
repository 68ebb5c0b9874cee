import { probeCall, resolveFromDebugLog, resolveUser, sweep, watchUser } from '@lab/resolver';
import { Sighting } from '@lab/resolver';
import { eventually, sleep } from '../support/lab-harness';
import { SWEEP_WORDS, Scenario, scenario } from '../support/scenario';

// Every resolver attack against the vulnerable directory: each one gets exactly the address the
// victim's socket connected from (shown as its simulated ISP address too).
// The same attack code runs against the mitigations in test/mitigations/.

describe('resolver attacks against the vulnerable directory', () => {
  let s: Scenario;

  beforeEach(async () => (s = await scenario([])));
  afterEach(() => s.close());

  it('resolve (L1): the address and port of the victim socket, and its LAN address', async () => {
    expect(await resolveUser(s.attacker, 'bob')).toEqual({
      username: 'bob',
      leaked: true,
      publicAddress: '198.51.100.140',
      observedAddress: '127.51.100.140',
      port: s.bob.socketPort,
      localAddresses: ['192.168.1.23'],
      observedAt: expect.any(String),
      answer: 'found (online)',
    });
  });

  it("debug-log (L1): the same, read from the ordinary client's debug log", async () => {
    const result = await resolveFromDebugLog(
      { target: s.directory.url, username: 'eve', sourceAddress: '127.0.113.151' },
      'bob',
    );
    expect(result).toMatchObject({
      leaked: true,
      observedAddress: '127.51.100.140',
      port: s.bob.socketPort,
      localAddresses: ['192.168.1.23'],
    });
    expect(result.logLines).toEqual([`profile bob -r127.51.100.140:${s.bob.socketPort} -l192.168.1.23`]);
  });

  it('watch (L2): the victim address the moment they come online', async () => {
    const sightings: Sighting[] = [];
    const watch = await watchUser(s.attacker, 'dave', (sighting) => sightings.push(sighting));
    await s.dave.goOnline();
    await sleep(100);
    watch.stop();
    // One frame when the socket connects, one when the client reports its LAN address.
    expect(sightings.filter((x) => x.online).at(-1)).toMatchObject({
      observedAddress: '127.51.100.200',
      publicAddress: '198.51.100.200',
      port: s.dave.socketPort,
      localAddresses: ['10.0.0.12'],
    });
  });

  it('probe-call (L3): the candidates, and the victim saw nothing', async () => {
    const result = await probeCall(s.attacker, 'bob');
    expect(result).toMatchObject({
      leaked: true,
      observedAddress: '127.51.100.140',
      publicAddress: '198.51.100.140',
      port: s.bob.socketPort,
      localAddresses: ['192.168.1.23'],
      ringShown: false,
    });
    await sleep(2000); // past the 1.5 s ring delay
    expect(s.bob.socket!.seen).toEqual([]);
    // Positive control: a caller who waits for the ring does leave a ring and a missed call.
    const socket = await s.attacker.socket();
    const callId = await socket.invite('bob');
    await socket.waitFor('call.ringing', (c) => c.callId === callId);
    socket.send('call.cancel', { callId });
    await eventually(() =>
      expect(s.bob.socket!.seen).toEqual([
        expect.objectContaining({ kind: 'ring', from: 'mallory', callId }),
        expect.objectContaining({ kind: 'missed-call', from: 'mallory', callId }),
      ]),
    );
  });

  it('sweep (L4): every existing account of the word list, with no rate limit', async () => {
    const result = await sweep(s.attacker, SWEEP_WORDS);
    expect(result).toMatchObject({ checked: 100, existing: ['bob', 'carol', 'dave'], rateLimitedAt: null });
  });

  it('resolve after logout (L5): the last address outlives the session', async () => {
    const port = s.carol.socketPort;
    await s.carol.socket!.close();
    await sleep(50);
    expect(await resolveUser(s.attacker, 'carol')).toMatchObject({
      leaked: true,
      observedAddress: '127.51.100.70',
      port,
      answer: 'found (offline)',
    });
  });
});
