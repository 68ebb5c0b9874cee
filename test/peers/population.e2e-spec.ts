import { LeaseLog, loadPlan } from '@lab/address-plan';
import { DirectoryClient } from '@lab/directory-client';
import { LabClock, Population, personaPassword } from '@lab/peers';
import { LabUser, TestDirectory, eventually, sleep, startTestDirectory } from '../support/lab-harness';

// The population: personas are real clients that log in from the networks their routines say.

describe('the population', () => {
  const plan = loadPlan();
  let directory: TestDirectory;
  let population: Population;
  let mallory: LabUser;
  const leases = new LeaseLog();

  beforeAll(async () => {
    directory = await startTestDirectory([]);
    // 07:35 lab time, ten lab minutes per real second: alice leaves home at 07:40 and is at work by
    // 08:30, so her 50 minutes on the mobile network last 5 real seconds: long enough to be seen on
    // a loaded machine (at one lab hour per second they lasted under one).
    const clock = new LabClock(7 * 60 + 35, 600);
    population = await Population.start({
      directoryUrl: directory.url,
      plan,
      clock,
      leases,
      ringDelayMs: 300,
      tickMs: 50,
    });
    mallory = await LabUser.create(directory, 'mallory', '127.0.113.150');
  });
  afterAll(async () => {
    await population.stop();
    await mallory.close();
    await directory.close();
  });

  it('brings everyone online that the routine puts online, each from their own network', async () => {
    const status = Object.fromEntries(population.status().map((s) => [s.username, s]));
    expect(status.carol).toMatchObject({
      slot: 'home',
      online: true,
      publicAddress: '198.51.100.70',
      sourceAddress: '127.51.100.70',
    });
    expect(status.dave).toMatchObject({ slot: 'home', online: true, sourceAddress: '127.51.100.200' });
  });

  it('is seen by the directory at the addresses the routine says, moving with the clock', async () => {
    // alice: home (Northwind) until 07:40, then the mobile network (CGNAT), then work (Metro Business).
    const places: string[] = [];
    await eventually(async () => {
      const profile = await mallory.client.lookup('alice');
      const shown = `${plan.display(profile.lastSeenAddress!)} ${profile.localAddresses?.join(',')}`;
      if (places.at(-1) !== shown) places.push(shown);
      expect(places.at(-1)).toBe('203.0.113.20 10.20.4.11');
    }, 20_000);
    expect(places).toContain('192.0.2.5 100.71.3.9');
    const atWork = await mallory.client.lookup('alice');
    expect(plan.locate(atWork.lastSeenAddress!)?.isp.name).toBe('Metro Business Networks');
  }, 30_000);

  it('makes the plan contacts mutual contacts', async () => {
    const bob = population.agent('bob')!;
    await eventually(() => expect(bob.directory).toBeDefined(), 3000);
    const { contacts } = await bob.directory!.contacts();
    expect(contacts.map((c) => [c.username, c.state]).sort()).toEqual([
      ['alice', 'accepted'],
      ['dave', 'accepted'],
    ]);
  });

  it('logs each CGNAT translation with its source port, and holds home leases all day', async () => {
    const mobile = leases
      .all()
      .filter((l) => l.publicAddress === '192.0.2.5' && l.subscriber.includes('alice'));
    expect(mobile.length).toBeGreaterThan(0);
    expect(mobile[0].port).toEqual(expect.any(Number));
    expect(leases.find('northwind', '198.51.100.10', new Date().toISOString())[0].subscriber).toMatch(
      /Alice Ahlberg/,
    );
  });

  it('answers calls from contacts', async () => {
    const alice = population.agent('alice')!.connection!;
    const callId = await alice.invite('carol');
    await alice.waitFor('call.accepted', (c) => c.callId === callId);
    expect(population.agent('carol')!.seen.map((e) => [e.kind, e.from])).toEqual([
      ['ring', 'alice'],
      ['call-answered', 'alice'],
    ]);
    alice.send('call.hangup', { callId });
  });

  it('shows strangers nothing if they hang up before the ring', async () => {
    const before = population.agent('carol')!.seen.length;
    const carol = population.agent('carol')!;
    const socket = await mallory.goOnline();
    const callId = await socket.invite('carol');
    socket.send('call.cancel', { callId });
    await sleep(500);
    expect(carol.seen.slice(before)).toEqual([]);
    // Positive control: a stranger who waits for the ring leaves a ring and a missed call. carol
    // changes networks every few real seconds here, which ends a call: try again if one is cut off.
    await eventually(async () => {
      const call = await socket.invite('carol');
      await socket.waitFor('call.ringing', (c) => c.callId === call, { timeoutMs: 1500 });
      socket.send('call.cancel', { callId: call });
      await eventually(() =>
        expect(carol.seen.slice(before)).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ kind: 'ring', from: 'mallory', callId: call }),
            expect.objectContaining({ kind: 'missed-call', from: 'mallory', callId: call }),
          ]),
        ),
      );
    }, 10_000);
  }, 15_000);
});

describe('the population of the fixed directory, started again on the same accounts', () => {
  const plan = loadPlan();
  let directory: TestDirectory;
  const running: Population[] = [];
  const start = async () => {
    const population = await Population.start({
      directoryUrl: directory.url,
      plan,
      clock: new LabClock(6 * 60, 1),
      tickMs: 50,
    });
    running.push(population);
    return population;
  };
  /** Each persona's contacts as the directory lists them to that persona. */
  const contactsOfEveryone = async () => {
    const lists: Record<string, string[]> = {};
    for (const persona of plan.personas) {
      const client = new DirectoryClient({
        baseUrl: directory.url,
        localAddress: Object.values(persona.networks)[0]!.loopbackAddress,
      });
      try {
        await client.login(persona.username, personaPassword(persona.username));
        const { contacts } = await client.contacts();
        lists[persona.username] = contacts.map((c) => `${c.username} ${c.state}`).sort();
      } finally {
        client.close();
      }
    }
    return lists;
  };
  const mutualContacts = {
    alice: ['bob accepted', 'carol accepted'],
    bob: ['alice accepted', 'dave accepted'],
    carol: ['alice accepted'],
    dave: ['bob accepted'],
    erin: [],
  };

  beforeAll(async () => {
    directory = await startTestDirectory('all');
  });
  afterAll(async () => {
    for (const population of running) await population.stop();
    await directory.close();
  });

  it('makes every plan contact mutual, on both sides, through the fixed contact flow', async () => {
    const logins = () => directory.logs.lines.filter((l) => l.includes('"method":"POST","url":"/sessions"'));
    const before = logins().length;
    const population = await start();
    const online = population.status().filter((s) => s.online);
    // Each persona in a plan pair logs in once (a password hash each); one the routine puts online
    // keeps that session for its WebSocket. Only an online persona in no pair logs in on its own.
    expect(online.some((s) => s.username !== 'erin')).toBe(true);
    const inPairs = ['alice', 'bob', 'carol', 'dave'];
    const alone = online.filter((s) => !inPairs.includes(s.username)).length;
    await eventually(() => expect(logins().length - before).toBe(inPairs.length + alone));
    expect(await contactsOfEveryone()).toEqual(mutualContacts);
    await population.stop();
  });

  it('starts again on accounts and contacts that exist (a second `npm start`), changing nothing', async () => {
    const again = await start();
    expect(await contactsOfEveryone()).toEqual(mutualContacts);
    expect(again.status().filter((s) => s.online).length).toBeGreaterThan(0);
  });
});
