import { Writable } from 'node:stream';
import { createLogger } from '@lab/logging';
import { composePolicy } from '../policy/compose-policy';
import { vulnerablePolicy } from '../policy/vulnerable.policy';
import { DirectoryServices } from '../test-support/directory-services';
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
});
