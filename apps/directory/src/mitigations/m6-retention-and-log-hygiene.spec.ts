import { Writable } from 'node:stream';
import { createLogger } from '@lab/logging';
import { composePolicy } from '../policy/compose-policy';
import { vulnerablePolicy } from '../policy/vulnerable.policy';
import { CallsService } from '../calls/calls.service';
import { ContactsPresenceVisibility } from '../contacts/contacts-presence-visibility';
import type { MitigationId } from './mitigation';
import { PresenceService } from '../presence/presence.service';
import { DirectoryServices, RecordingConnection } from '../test-support/directory-services';
import { ADDRESS_LOG_PATHS } from './m6-retention-and-log-hygiene';

function logLine(redact: readonly string[], fields: object): string {
  let line = '';
  const sink = new Writable({ write: (chunk, _e, done) => ((line += chunk.toString()), done()) });
  // The lab's own logger, as the directory builds it from its policy.
  createLogger({ service: 'test', version: '0', redact, destination: sink }).info(fields, 'x');
  return line;
}

describe('M6 retention and log hygiene', () => {
  const m6 = composePolicy(['M6']);

  /** Bob comes online from home, reports his LAN, logs out; what does the directory still hold? */
  async function bobsVisit(mitigations: 'M6'[] | []) {
    const world = await new DirectoryServices(mitigations).start();
    const bob = await world.user('bob');
    world.online(bob, '127.51.100.23', ['192.168.77.20']);
    await world.settle();
    world.offline(bob);
    await world.settle();
    const kept = {
      stored: world.accountsRepository.stored(bob.id),
      history: await world.historyRepository.listFor(bob.id),
      inMemory: await world.presence.record(bob),
    };
    await world.stop();
    return kept;
  }

  it('vulnerable (the control): the last address outlives the session, and every address goes into the history', async () => {
    const kept = await bobsVisit([]);
    expect(kept.stored).toMatchObject({ address: '127.51.100.23', localAddresses: ['192.168.77.20'] });
    expect(kept.history.map((h) => h.address)).toContain('127.51.100.23');
    expect(kept.inMemory.endpoint).toMatchObject({ address: '127.51.100.23' });
  });

  it('keeps no address history and nothing of where the user was once offline, in memory or on disk', async () => {
    const kept = await bobsVisit(['M6']);
    expect(kept.stored).toMatchObject({ address: null, port: null, localAddresses: [] });
    expect(kept.stored?.at).toEqual(expect.any(String)); // the last-seen time is still kept
    expect(kept.history).toEqual([]);
    expect(kept.inMemory).toMatchObject({ endpoint: null, localAddresses: [], online: false });
  });

  it('at start, erases what an earlier run left on disk, and overwrites it in the file', async () => {
    const world = new DirectoryServices(['M6']);
    await world.accountsRepository.create({
      username: 'bob',
      displayName: 'Bob',
      passwordHash: 'x',
      createdAt: '',
    });
    await world.accountsRepository.saveLastSeen([
      { accountId: 1, at: '2026-11-28T08:00:00.000Z', address: '127.51.100.23', port: 1, localAddresses: [] },
    ]);
    await world.historyRepository.append([
      {
        accountId: 1,
        address: '127.51.100.23',
        port: 1,
        localAddresses: [],
        seenAt: '2026-11-28T08:00:00.000Z',
      },
    ]);
    await world.start();
    expect(world.accountsRepository.stored(1)).toMatchObject({ address: null });
    expect(await world.historyRepository.listFor(1)).toEqual([]);
    expect(world.historyRepository.overwritesDeletedContent).toBe(true);
    await world.stop();
  });

  it('censors every log field the directory writes addresses to', () => {
    const fields = {
      publicAddress: '127.51.100.23',
      port: 50123,
      localAddresses: ['192.168.77.20'],
      candidates: [{ type: 'srflx', address: '127.51.100.23', port: 50123 }],
      req: {
        remoteAddress: '127.51.100.23',
        remotePort: 50123,
        headers: { 'x-forwarded-for': '127.51.100.23' },
      },
    };
    expect(logLine(vulnerablePolicy.logRedactions, fields)).toContain('127.51.100.23');
    const clean = logLine(m6.logRedactions, fields);
    expect(clean).not.toMatch(/127\.51\.100\.23|192\.168\.77\.20|50123/);
    expect(m6.logRedactions).toEqual(ADDRESS_LOG_PATHS);
  });

  /**
   * What the presence and calls services log while bob connects from home, reports his LAN, and
   * answers calls with his candidates; the lines parsed, through the lab's logger built with the
   * policy's redactions, as the directory builds it.
   */
  async function logsOfBobsDay(mitigations: MitigationId[]) {
    const lines: string[] = [];
    const world = await new DirectoryServices(mitigations).start();
    const logger = createLogger({
      service: 'test',
      version: '0',
      redact: world.policy.logRedactions,
      destination: new Writable({ write: (chunk, _e, done) => (lines.push(chunk.toString()), done()) }),
    });
    const presence = new PresenceService(
      world.options,
      world.policy,
      logger,
      world.accountsRepository,
      world.historyRepository,
      new ContactsPresenceVisibility(world.policy, world.relations),
    );
    const calls = new CallsService(
      world.policy,
      logger,
      world.accounts,
      presence,
      world.relations,
      world.relay,
    );
    const alice = await world.user('alice');
    const bob = await world.user('bob');
    presence.connect(alice, '127.0.113.160', 40_001, new RecordingConnection());
    presence.connect(bob, '127.51.100.23', 50_123, new RecordingConnection());
    presence.report(bob.id, ['192.168.77.20']);
    const callId = await calls.invite(alice, 'bob');
    calls.candidates(bob, callId, [
      { type: 'srflx', address: '127.51.100.23', port: 50_123 },
      { type: 'host', address: '192.168.77.20', port: 50_123 },
    ]);
    await calls.accept(bob, callId);
    presence.disconnect(bob.id, new RecordingConnection()); // not his connection: nothing to log
    await presence.beforeApplicationShutdown();
    await world.stop();
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('vulnerable (the control): the services log each address they handle, in clear', async () => {
    const logs = await logsOfBobsDay([]);
    expect(logs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          msg: 'client connected',
          user: 'bob',
          publicAddress: '127.51.100.23',
          port: 50_123,
        }),
        expect.objectContaining({ user: 'bob', localAddresses: ['192.168.77.20'] }),
        expect.objectContaining({
          caller: 'alice',
          callee: 'bob',
          route: 'direct',
          callId: expect.any(String),
        }),
        expect.objectContaining({
          from: 'bob',
          to: 'alice',
          candidates: [
            { type: 'srflx', address: '127.51.100.23', port: 50_123 },
            { type: 'host', address: '192.168.77.20', port: 50_123 },
          ],
        }),
        expect.objectContaining({ msg: 'client disconnected', user: 'bob' }),
      ]),
    );
  });

  it('with M3 the held candidates are logged in clear too, with M4 the dropped ones; never a relay token', async () => {
    const held = await logsOfBobsDay(['M3']);
    expect(held).toContainEqual(
      expect.objectContaining({
        from: 'bob',
        state: 'inviting',
        candidates: expect.arrayContaining([expect.objectContaining({ address: '127.51.100.23' })]),
      }),
    );
    expect(JSON.stringify(held)).toContain('127.51.100.23');
    const relayed = await logsOfBobsDay(['M4']);
    expect(relayed).toContainEqual(
      expect.objectContaining({
        from: 'bob',
        candidates: expect.arrayContaining([expect.objectContaining({ address: '127.51.100.23' })]),
      }),
    );
    expect(relayed).toContainEqual(
      expect.objectContaining({
        callId: expect.any(String),
        allocationId: 'allocation-1',
        relay: '127.0.0.1:7005',
      }),
    );
    // The tokens the relay handed out (test support: 'a'… and 'b'…) would let a log reader join the call.
    expect(JSON.stringify(relayed)).not.toMatch(/a{32}|b{32}/);
  });

  it('censors every address the services log, and only the addresses: the same lines are written', async () => {
    const clear = await logsOfBobsDay([]);
    const censored = await logsOfBobsDay(['M6']);
    expect(censored.map((line) => line.msg)).toEqual(clear.map((line) => line.msg));
    expect(JSON.stringify(censored)).not.toMatch(/127\.51\.100\.23|127\.0\.113\.160|192\.168\.77\.20|50123/);
    expect(censored).toContainEqual(expect.objectContaining({ msg: 'client connected', user: 'bob' }));
    const held = await logsOfBobsDay(['M3', 'M6']);
    expect(JSON.stringify(held)).not.toMatch(/127\.51\.100\.23|192\.168\.77\.20/);
  });
});
