import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LabUser, TestDirectory, eventually, startTestDirectory, tempDir } from '../support/lab-harness';

// L5 — retention and logs: what the server keeps is what a breach, a subpoena or an insider gets.

const HOME = { public: '127.51.100.23', lan: '192.168.77.20' };
const WORK = { public: '127.0.2.40', lan: '10.8.0.14' };

describe('L5 retention and logs', () => {
  let dir: ReturnType<typeof tempDir>;
  let directory: TestDirectory;

  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  /** A day in bob's life: home, then work, then offline. Returns the ports his sockets used. */
  async function bobsDay(mitigations: Parameters<typeof startTestDirectory>[0]) {
    directory = await startTestDirectory(mitigations, { database: join(dir.path, 'directory.sqlite') });
    const home = await LabUser.create(directory, 'bob', HOME.public, [HOME.lan]);
    await home.goOnline();
    const homePort = home.socketPort;
    await home.close();
    const work = new LabUser('bob', WORK.public, [WORK.lan], directory);
    await work.client.login('bob', 'bob-password-1');
    await work.goOnline();
    const workPort = work.socketPort;
    await work.close();
    return { homePort, workPort };
  }

  /** Everything on the server's disk: the SQLite file and its write-ahead log. */
  function diskBytes() {
    const file = join(dir.path, 'directory.sqlite');
    return [file, `${file}-wal`]
      .filter(existsSync)
      .map((f) => readFileSync(f).toString('latin1'))
      .join('');
  }

  it('vulnerable: every address bob ever had is kept, survives a restart, and is logged in clear', async () => {
    const { homePort, workPort } = await bobsDay([]);
    await eventually(() => expect(directory.logs.text()).toContain('client disconnected'));
    await directory.close();

    const db = new Database(join(dir.path, 'directory.sqlite'), { readonly: true });
    const history = db
      .prepare('SELECT address, port, local_addresses FROM address_history ORDER BY id')
      .all();
    db.close();
    expect(history).toEqual([
      { address: HOME.public, port: homePort, local_addresses: '[]' },
      { address: HOME.public, port: homePort, local_addresses: JSON.stringify([HOME.lan]) },
      { address: WORK.public, port: workPort, local_addresses: '[]' },
      { address: WORK.public, port: workPort, local_addresses: JSON.stringify([WORK.lan]) },
    ]);
    const logs = directory.logs.text();
    for (const address of [HOME.public, HOME.lan, WORK.public, WORK.lan]) expect(logs).toContain(address);

    // Restarted on the same file, the directory still tells where bob was last.
    directory = await startTestDirectory([], { database: join(dir.path, 'directory.sqlite') });
    const mallory = await LabUser.create(directory, 'mallory', '127.0.113.66');
    expect(await mallory.client.lookup('bob')).toMatchObject({
      online: false,
      lastSeenAddress: WORK.public,
      lastSeenPort: workPort,
      localAddresses: [WORK.lan],
    });
    await mallory.close();
    await directory.close();
  });

  it('M6: no address on disk or in the logs, and none kept once bob is offline', async () => {
    await bobsDay(['M6']);
    const mallory = await LabUser.create(directory, 'mallory', '127.0.113.66');
    await eventually(async () => expect(await mallory.client.lookup('bob')).toMatchObject({ online: false }));
    // M6 alone leaves L1 open while bob is online, but nothing remains after he left.
    expect(await mallory.client.lookup('bob')).toMatchObject({ lastSeenAddress: null, localAddresses: [] });
    await mallory.close();
    await directory.close();

    const disk = diskBytes();
    const logs = directory.logs.text();
    expect(logs).toContain('client connected'); // the events are logged, the addresses are not
    for (const address of [HOME.public, HOME.lan, WORK.public, WORK.lan]) {
      expect({ address, onDisk: disk.includes(address), inLogs: logs.includes(address) }).toEqual({
        address,
        onDisk: false,
        inLogs: false,
      });
    }
    const db = new Database(join(dir.path, 'directory.sqlite'), { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM address_history').get()).toEqual({ n: 0 });
    db.close();
  });
});
